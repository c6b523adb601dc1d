"""Bring a database to the newest schema with Alembic, once, even with several processes starting.

Every command calls :func:`ensure_schema`; it is a cheap revision check when the schema is current.
Upgrades are serialised inside one transaction (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory
transaction lock) and re-check the revision under the lock, so two ``sitreps ingest`` processes on
a fresh database do not both try to create the tables.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from sitreps.store.engine import is_sqlite, make_engine

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK_KEY = 0x5174_7265  # any constant shared by all sitreps processes


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def ensure_schema(engine: Engine) -> None:
    """Upgrade ``engine``'s database to the head revision if it is not there yet."""
    head = head_revision()
    with engine.connect() as conn:
        if _current(conn) == head:
            return
    url = engine.url.render_as_string(hide_password=False)
    writer = make_engine(url, write=True) if is_sqlite(engine) else engine
    try:
        with writer.begin() as conn:
            if not is_sqlite(engine):
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            if _current(conn) == head:  # another process did it while we waited
                return
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        if writer is not engine:
            writer.dispose()
