"""events_rtree: an SQLite R*Tree over event points, kept in sync by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 18:20:00

On SQLite, ``events_rtree`` holds one degenerate box (lon, lon, lat, lat) per event with
coordinates, keyed by the event's rowid, so a bounding-box filter is a 2-D index search instead
of a latitude-band scan (see ``sitreps.store.spatial``). Triggers on ``events`` keep it in sync
with every writer (the store's writer, bulk loads, cascades, raw SQL). PostgreSQL has no R*Tree
module and needs none: there the ``(lat, lon)`` btree of 0001 serves the bbox filter, so this
revision does nothing on it.

A later migration that recreates ``events`` (Alembic batch mode on SQLite copies it into a new
table) drops these triggers and renumbers rowids: it must run ``_create`` again afterwards.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_POINT = (
    "SELECT {r}.rowid, {r}.lon, {r}.lon, {r}.lat, {r}.lat WHERE {r}.lat IS NOT NULL AND {r}.lon IS NOT NULL"
)

_CREATE = [
    "CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat)",
    "INSERT INTO events_rtree SELECT rowid, lon, lon, lat, lat FROM events"
    " WHERE lat IS NOT NULL AND lon IS NOT NULL",
    f"""CREATE TRIGGER events_rtree_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_rtree {_POINT.format(r="new")};
    END""",
    f"""CREATE TRIGGER events_rtree_update AFTER UPDATE OF lat, lon ON events BEGIN
        DELETE FROM events_rtree WHERE id = old.rowid;
        INSERT INTO events_rtree {_POINT.format(r="new")};
    END""",
    """CREATE TRIGGER events_rtree_delete AFTER DELETE ON events BEGIN
        DELETE FROM events_rtree WHERE id = old.rowid;
    END""",
]
_DROP = [
    "DROP TRIGGER IF EXISTS events_rtree_delete",
    "DROP TRIGGER IF EXISTS events_rtree_update",
    "DROP TRIGGER IF EXISTS events_rtree_insert",
    "DROP TABLE IF EXISTS events_rtree",
]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _create() -> None:
    for sql in _DROP + _CREATE:
        op.execute(sql)


def upgrade() -> None:
    if _sqlite():
        _create()


def downgrade() -> None:
    if _sqlite():
        for sql in _DROP:
            op.execute(sql)
