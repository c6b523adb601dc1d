"""Dialect-aware insert-or-ignore and upsert (SQLite and PostgreSQL share the ON CONFLICT syntax,
but SQLAlchemy builds it from each dialect's own ``insert``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def _insert(session: Session, table: Table):
    name = session.get_bind().dialect.name
    return (postgresql.insert if name == "postgresql" else sqlite.insert)(table)


def insert_ignore(session: Session, table: Table, rows: list[dict[str, Any]] | dict[str, Any]) -> int:
    """Insert rows, skipping any that collide with a unique key. For one row (a dict) returns 1 if
    it was inserted, else 0; for a list the count is not reliable on every driver (returns 0)."""
    if not rows:
        return 0
    if isinstance(rows, dict):
        stmt = _insert(session, table).values(**rows).on_conflict_do_nothing()
        return len(session.execute(stmt.returning(*table.primary_key.columns)).all())
    session.execute(_insert(session, table).on_conflict_do_nothing(), rows)
    return 0


def upsert(
    session: Session, table: Table, row: dict[str, Any], keys: list[str], update: dict[str, Any]
) -> None:
    stmt = _insert(session, table).values(**row)
    session.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update))
