"""Event filters and stable paging, shared by ``GET /events`` and ``sitreps export``.

Filters become SQLAlchemy expressions with bound parameters (never SQL text built from input).
Order is ``event_date DESC, id DESC`` (undated events last), which the ``(…, event_date, id)``
composite indexes serve directly; the cursor is the last row's (date, id), so pages stay stable
while new events arrive, unlike offsets.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from sitreps.coding.scope import SCOPES
from sitreps.store import spatial
from sitreps.store.schema import EventActor, EventRow, MentionRow
from sitreps.store.spatial import Plan


class FilterError(ValueError):
    """A filter value that makes no sense (the API answers 422 with this message)."""


@dataclass
class EventFilter:
    start: date | None = None
    end: date | None = None
    country: str | None = None  # ISO alpha-2 or a country name
    admin1: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    min_fatalities: int | None = None
    q: str | None = None
    scope: str | None = None  # incident | aggregate | statement (coding/scope.py)


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` (RFC 7946 order)."""
    if value is None or value == "":
        return None
    try:
        parts = [float(x) for x in value.split(",")]
    except ValueError:
        raise FilterError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if len(parts) != 4:
        raise FilterError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat")
    w, s, e, n = parts
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise FilterError(
            "bbox out of range: longitudes in [-180, 180], latitudes in [-90, 90], min_lat <= max_lat"
        )
    return w, s, e, n


def country_code(value: str) -> str:
    """ISO alpha-2 of a code or name ("SY", "SYR", "Syria")."""
    v = value.strip()
    if len(v) == 2 and v.isalpha():
        return v.upper()
    import pycountry

    try:
        return pycountry.countries.lookup(v).alpha_2
    except LookupError:
        try:
            hits = pycountry.countries.search_fuzzy(v)
        except LookupError:
            hits = []
        if hits:
            return hits[0].alpha_2
    raise FilterError(f"unknown country {value!r}: use an ISO code or an English country name")


def _like(value: str) -> str:
    esc = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"


def apply_filters(stmt: Select, f: EventFilter, *, bbox_plan: Plan = Plan.index) -> Select:
    """``bbox_plan`` (see ``spatial``): how the bbox is searched; ``page`` picks it per query
    (a dense box walks the date order, a sparse one reads the R*Tree on SQLite)."""
    if f.start and f.end and f.start > f.end:
        raise FilterError("start is after end")
    conds = []
    if f.start:
        conds.append(EventRow.event_date >= f.start)
    if f.end:
        conds.append(EventRow.event_date <= f.end)
    if f.country:
        conds.append(EventRow.iso2 == country_code(f.country))
    if f.admin1:
        conds.append(EventRow.admin1 == f.admin1)
    if f.event_type:
        conds.append(EventRow.event_type == f.event_type)
    if f.sub_event_type:
        conds.append(EventRow.sub_event_type == f.sub_event_type)
    if f.min_fatalities is not None:
        # "+ 0" keeps the planner on the date-ordered indexes: most events match a low threshold,
        # and walking the date index until a page is full beats sorting every match.
        conds.append(EventRow.fatalities + 0 >= f.min_fatalities)
    if f.scope:
        if f.scope not in SCOPES:
            raise FilterError(f"scope must be one of {', '.join(SCOPES)}")
        conds.append(EventRow.scope == f.scope)
    if f.bbox:
        conds.extend(spatial.conditions(f.bbox, bbox_plan))
    if f.actor:
        if f.country or f.admin1:
            # With a place filter, walk that place's date-ordered index and check the actor per row;
            # driving from the actor's (possibly huge) event list would sort all of them.
            conds.append(exists().where(EventActor.event_id == EventRow.id, EventActor.name == f.actor))
        else:
            conds.append(EventRow.id.in_(select(EventActor.event_id).where(EventActor.name == f.actor)))
    if f.q:
        pat = _like(f.q)
        conds.append(or_(
            EventRow.notes.ilike(pat, escape="\\"),
            exists().where(MentionRow.event_id == EventRow.id, MentionRow.evidence_text.ilike(pat, escape="\\")),
        ))  # fmt: skip
    return stmt.where(and_(*conds)) if conds else stmt


# --- paging ---------------------------------------------------------------------------------


def encode_cursor(row: EventRow) -> str:
    raw = json.dumps([row.event_date.isoformat() if row.event_date else None, row.id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date | None, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        d, i = json.loads(raw)
        return (date.fromisoformat(d) if d else None), str(i)
    except Exception:
        raise FilterError("invalid cursor: pass back the 'next' value of a previous page") from None


def _after(cursor: str):
    d, i = decode_cursor(cursor)
    if d is None:
        return and_(EventRow.event_date.is_(None), EventRow.id < i)
    return or_(
        EventRow.event_date < d,
        and_(EventRow.event_date == d, EventRow.id < i),
        EventRow.event_date.is_(None),
    )


def ordered(stmt: Select) -> Select:
    return stmt.order_by(EventRow.event_date.desc().nulls_last(), EventRow.id.desc())


def page(
    s: Session, f: EventFilter, *, limit: int = 100, offset: int = 0, cursor: str | None = None
) -> tuple[list[EventRow], str | None]:
    """One page of events in the stable order, and the cursor of the next page (None at the end)."""
    stmt = apply_filters(select(EventRow), f, bbox_plan=spatial.choose(s, f.bbox) if f.bbox else Plan.index)
    if cursor:
        stmt = stmt.where(_after(cursor))
    rows = list(s.scalars(ordered(stmt).offset(offset).limit(limit + 1)))
    nxt = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], nxt


def iter_events(s: Session, f: EventFilter, chunk: int = 1000) -> Iterator[EventRow]:
    """Every matching event in the stable order, fetched in keyset chunks (exports of any size)."""
    cursor = None
    while True:
        rows, cursor = page(s, f, limit=chunk, cursor=cursor)
        yield from rows
        if cursor is None:
            return


def stats(s: Session, f: EventFilter) -> dict:
    """Counts (and fatalities) by event type, country and ISO week."""
    base = apply_filters(select(EventRow), f, bbox_plan=spatial.full_scan_plan(s)).subquery()
    by_type = s.execute(
        select(base.c.event_type, func.count(), func.coalesce(func.sum(base.c.fatalities), 0)).group_by(
            base.c.event_type
        )
    ).all()
    by_country = s.execute(
        select(
            base.c.iso2, base.c.country, func.count(), func.coalesce(func.sum(base.c.fatalities), 0)
        ).group_by(base.c.iso2, base.c.country)
    ).all()
    by_day = s.execute(select(base.c.event_date, func.count()).group_by(base.c.event_date)).all()
    weeks: Counter[str] = Counter()
    for d, n in by_day:
        if d is not None:
            monday = d - timedelta(days=d.weekday())
            weeks[monday.isoformat()] += n
    total = sum(n for _, n, _ in by_type)
    countries: dict[str, dict] = {}
    for iso2, name, n, fat in by_country:
        key = iso2 or name or "unknown"
        c = countries.setdefault(key, {"iso2": iso2, "country": name, "events": 0, "fatalities": 0})
        c["events"] += n
        c["fatalities"] += int(fat)
        c["country"] = c["country"] or name
    return {
        "events": total,
        "by_type": sorted(
            ({"event_type": t, "events": n, "fatalities": int(fat)} for t, n, fat in by_type),
            key=lambda x: -x["events"],
        ),
        "by_country": sorted(countries.values(), key=lambda x: -x["events"]),
        "by_week": [{"week": w, "events": n} for w, n in sorted(weeks.items())],
    }
