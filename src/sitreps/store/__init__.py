"""The store: SQLAlchemy 2 tables with Alembic migrations, on SQLite (default ``./sitreps.db``,
WAL) or PostgreSQL (``postgresql+psycopg://...``), with the same code.

- :func:`open_engine` resolves ``--db`` / ``SITREPS_DB`` and upgrades the schema on first use;
- ``writer`` stores coded articles idempotently and merges reports across articles;
- ``query`` filters and pages events for the API and exports.
"""

from __future__ import annotations

from sqlalchemy import Engine

from sitreps.store.engine import is_sqlite, make_engine, resolve_url
from sitreps.store.migrate import ensure_schema


def open_engine(db: str | None = None, *, write: bool = False, migrate: bool = True) -> Engine:
    """An engine on ``db`` (URL or path; default ``SITREPS_DB`` or ``./sitreps.db``) with the
    schema at the newest revision."""
    engine = make_engine(resolve_url(db), write=write)
    if migrate:
        ensure_schema(engine)
    return engine


__all__ = ["ensure_schema", "is_sqlite", "make_engine", "open_engine", "resolve_url"]
