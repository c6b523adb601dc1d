"""The bounding-box filter: an SQLite R*Tree over event points, the ``(lat, lon)`` btree elsewhere.

Newest-first bbox queries have two good plans, and which one wins depends on how many events lie
in the box:

- a *dense* box (at least ``DENSE_BBOX`` events): walk the date-ordered covering index
  ``ix_events_date_id (event_date, id, lat, lon, fatalities)`` and check the box (and fatalities)
  per entry; a page fills after a short walk and nothing is sorted;
- a *sparse* box: fetch the events in the box from a spatial index, then sort those few.

On SQLite the spatial index is ``events_rtree`` (migration 0002: an R*Tree keyed by the event's
rowid, kept in sync by triggers on ``events``). It answers both the capped density count and the
sparse fetch with a 2-D search, where the ``(lat, lon)`` btree can only range over latitude and
must skip every event of the latitude band outside the longitudes. R*Tree coordinates are 32-bit
floats rounded outwards, so the R*Tree narrows the candidates (overlap test) and the exact
``lat``/``lon`` comparison on ``events`` decides. PostgreSQL has no R*Tree module (and this
project wants no PostGIS): there the same plans use the ``(lat, lon)`` btree.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Column, Float, Integer, MetaData, Table, func, literal_column, or_, select, union_all
from sqlalchemy.orm import Session

from sitreps.store.schema import EventRow

DENSE_BBOX = 2_000  # events in a box from which walking the date index fills a page faster
RTREE = "events_rtree"

# Not part of Base.metadata: a virtual table that only exists on SQLite (see migration 0002).
events_rtree = Table(
    RTREE,
    MetaData(),
    Column("id", Integer, primary_key=True),  # = events.rowid
    Column("min_lon", Float),
    Column("max_lon", Float),
    Column("min_lat", Float),
    Column("max_lat", Float),
)
_ROWID = literal_column("events.rowid")

Box = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat (RFC 7946 order)


class Plan(StrEnum):
    index = "index"  # plain lat/lon comparisons; the planner may use the (lat, lon) btree
    walk = "walk"  # keep the planner off the coordinate index: walk the date order
    rtree = "rtree"  # SQLite: candidates from events_rtree, by rowid


def include_name(name: str | None, type_: str, _parents: dict) -> bool:
    """Alembic ``include_name`` hook: the R*Tree and its shadow tables are not in the models."""
    return not (type_ == "table" and name is not None and name.startswith(RTREE))


def uses_rtree(s: Session) -> bool:
    return s.get_bind().dialect.name == "sqlite"


def _rtree_ids(box: Box):
    """rowids of events whose R*Tree point overlaps the box (two searches across the antimeridian)."""
    w, s, e, n = box
    r = events_rtree.c
    lat = (r.max_lat >= s, r.min_lat <= n)
    if w <= e:
        return select(r.id).where(r.max_lon >= w, r.min_lon <= e, *lat)
    return union_all(select(r.id).where(r.max_lon >= w, *lat), select(r.id).where(r.min_lon <= e, *lat))


def conditions(box: Box, plan: Plan = Plan.index) -> list:
    """WHERE conditions selecting exactly the events inside ``box`` (edges included)."""
    w, s, e, n = box
    if plan is Plan.index:
        lat, lon = EventRow.lat, EventRow.lon
    else:  # "+ 0": no index on the coordinates themselves
        lat, lon = EventRow.lat + 0, EventRow.lon + 0
    conds = [lat.between(s, n), lon.between(w, e) if w <= e else or_(lon >= w, lon <= e)]
    if plan is Plan.rtree:
        conds.append(_ROWID.in_(_rtree_ids(box)))
    return conds


def choose(s: Session, box: Box) -> Plan:
    """The plan for a newest-first page: count the events in the box, capped at DENSE_BBOX."""
    if uses_rtree(s):
        inner = _rtree_ids(box).limit(DENSE_BBOX).subquery()
        sparse = Plan.rtree
    else:
        inner = select(EventRow.id).where(*conditions(box)).limit(DENSE_BBOX).subquery()
        sparse = Plan.index
    dense = s.scalar(select(func.count()).select_from(inner)) >= DENSE_BBOX
    return Plan.walk if dense else sparse


def full_scan_plan(s: Session) -> Plan:
    """The plan when every matching event is read (stats): the spatial index, whatever the box."""
    return Plan.rtree if uses_rtree(s) else Plan.index
