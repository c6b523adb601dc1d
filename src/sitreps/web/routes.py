"""The dashboard: ``/`` (one HTML page), ``/static/…`` (its scripts, styles, vendored Leaflet and
country outlines) and the aggregations it draws from, under ``/api/dashboard/``.

Why server-side aggregation: a map or a timeline of 100,000 events must not become 100,000 DOM
nodes or a 30 MB JSON download. ``clusters`` groups the events in view into a zoom-dependent grid
with one SQL ``GROUP BY`` (a cell of one event comes back as that event), ``timeline`` counts
events per day, ISO week or month and type, and ``table`` pages a sorted query with a total. Every
endpoint takes the same filters as ``GET /events`` (the ``event_filter`` dependency) and builds
its SQL with bound parameters only.
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse
from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from sitreps.api.deps import session
from sitreps.api.events import event_filter
from sitreps.api.serialize import event_summary
from sitreps.store.query import EventFilter, apply_filters
from sitreps.store.schema import EventActor, EventRow

STATIC = Path(__file__).parent / "static"
TYPES = {".js": "text/javascript", ".css": "text/css", ".geojson": "application/geo+json",
         ".json": "application/json", ".png": "image/png", ".svg": "image/svg+xml", ".html": "text/html",
         ".md": "text/plain", ".txt": "text/plain"}  # fmt: skip
CELL_PX = 56  # cluster grid cell, in screen pixels at the requested zoom

router = APIRouter()


# --- the page and its files ---------------------------------------------------------------


def _tile_url() -> str | None:
    url = (os.environ.get("SITREPS_TILE_URL") or "").strip()
    return url if url.startswith(("https://", "http://")) else None


def _csp() -> str:
    img = "'self' data:"
    tile = _tile_url()
    if tile:
        parts = urlsplit(tile.replace("{s}", "a"))
        host = parts.netloc
        if "{s}" in tile:
            host = "*." + host.split(".", 1)[-1] if "." in host else host
        img += f" {parts.scheme}://{host}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


def _headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": _csp(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8", headers=_headers())


@router.get("/static/{path:path}", include_in_schema=False)
def static(path: str) -> FileResponse:
    root = STATIC.resolve()
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file():
        raise HTTPException(404, "not found")
    media = TYPES.get(target.suffix.lower(), "application/octet-stream")
    return FileResponse(target, media_type=media, headers=_headers())


@router.get("/api/dashboard/config", tags=["dashboard"], summary="What the dashboard may do here")
def config(request: Request) -> dict[str, Any]:
    return {
        "write_enabled": bool(request.app.state.token),
        "tile_url": _tile_url(),
        "tile_attribution": os.environ.get("SITREPS_TILE_ATTRIBUTION") or None,
    }


# --- aggregations -----------------------------------------------------------------------------


def _floor(s: Session, expr):
    """floor() that SQLite has without its math extension: the argument is never negative here."""
    return cast(expr, Integer) if s.get_bind().dialect.name == "sqlite" else cast(func.floor(expr), Integer)


@router.get("/api/dashboard/clusters", tags=["dashboard"], summary="Events in view, gridded by zoom")
def clusters(
    f: Annotated[EventFilter, Depends(event_filter)],
    s: Annotated[Session, Depends(session)],
    zoom: Annotated[int, Query(ge=0, le=22, description="Map zoom (Web Mercator).")] = 3,
) -> dict[str, Any]:
    """One item per grid cell (``CELL_PX`` screen pixels at ``zoom``) holding events: a cell with
    one event is that event (``id``, type, place, date); a larger one has its count, fatalities,
    counts per type and bounds. Events without coordinates are counted in ``unlocated``."""
    size = CELL_PX * 360.0 / (256 * 2**zoom)
    e = EventRow
    cols = (
        e.id,
        e.lat,
        e.lon,
        e.event_type,
        e.sub_event_type,
        e.fatalities,
        e.location,
        e.admin1,
        e.event_date,
    )
    base = apply_filters(select(*cols), f).subquery()
    c = base.c
    located = c.lat.is_not(None) & c.lon.is_not(None)
    cx = _floor(s, (c.lon + 180.0) / size).label("cx")
    cy = _floor(s, (c.lat + 90.0) / size).label("cy")
    rows = s.execute(
        select(
            cx, cy, c.event_type, func.count(), func.coalesce(func.sum(c.fatalities), 0),
            func.sum(c.lat), func.sum(c.lon), func.min(c.lat), func.max(c.lat), func.min(c.lon), func.max(c.lon),
            func.min(c.id), func.min(c.location), func.max(c.location), func.min(c.sub_event_type),
            func.min(c.event_date), func.max(c.event_date), func.min(c.admin1),
        ).where(located).group_by(cx, cy, c.event_type).limit(20000)
    ).all()  # fmt: skip
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for (x, y, etype, n, fat, slat, slon, lat0, lat1, lon0, lon1,
         eid, loc0, loc1, sub, d0, d1, adm) in rows:  # fmt: skip
        cell = cells.setdefault((x, y), {
            "count": 0, "fatalities": 0, "_slat": 0.0, "_slon": 0.0, "types": {}, "bounds": [lon0, lat0, lon1, lat1],
            "locations": set(), "start": d0, "end": d1, "id": eid, "sub_event_type": sub, "admin1": adm,
        })  # fmt: skip
        cell["count"] += n
        cell["fatalities"] += int(fat)
        cell["_slat"] += slat
        cell["_slon"] += slon
        cell["types"][etype or "Other"] = cell["types"].get(etype or "Other", 0) + n
        b = cell["bounds"]
        cell["bounds"] = [min(b[0], lon0), min(b[1], lat0), max(b[2], lon1), max(b[3], lat1)]
        cell["locations"].update(x for x in (loc0, loc1) if x)
        cell["start"] = min(d for d in (cell["start"], d0) if d) if (cell["start"] or d0) else None
        cell["end"] = max(d for d in (cell["end"], d1) if d) if (cell["end"] or d1) else None
    out = []
    for cell in cells.values():
        n = cell["count"]
        locs = sorted(cell.pop("locations"))
        item: dict[str, Any] = {
            "lat": round(cell.pop("_slat") / n, 5),
            "lon": round(cell.pop("_slon") / n, 5),
            "count": n,
            "fatalities": cell["fatalities"],
            "types": cell["types"],
            "location": locs[0] if len(locs) == 1 else None,
            "n_locations": len(locs),
            "locations": locs[:5],  # exact when a cell has at most two places per event type
            "start": cell["start"].isoformat() if cell["start"] else None,
            "end": cell["end"].isoformat() if cell["end"] else None,
            "bounds": cell["bounds"],
        }
        if n == 1:
            item.update(
                id=cell["id"],
                event_type=next(iter(cell["types"])),
                sub_event_type=cell["sub_event_type"],
                admin1=cell["admin1"],
            )
        out.append(item)
    unlocated = s.scalar(select(func.count()).select_from(base).where(~located)) or 0
    out.sort(key=lambda i: -i["count"])
    return {"zoom": zoom, "cell_degrees": size, "clusters": out, "unlocated": unlocated,
            "events": sum(i["count"] for i in out)}  # fmt: skip


class Bucket(StrEnum):
    auto = "auto"
    day = "day"
    week = "week"
    month = "month"


def _bucket_start(d: date, bucket: Bucket) -> date:
    if bucket is Bucket.week:
        return d - timedelta(days=d.weekday())
    if bucket is Bucket.month:
        return d.replace(day=1)
    return d


def _bucket_end(d: date, bucket: Bucket) -> date:
    if bucket is Bucket.week:
        return d + timedelta(days=6)
    if bucket is Bucket.month:
        nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
        return nxt - timedelta(days=1)
    return d


@router.get("/api/dashboard/timeline", tags=["dashboard"], summary="Events per day, week or month by type")
def timeline(
    f: Annotated[EventFilter, Depends(event_filter)],
    s: Annotated[Session, Depends(session)],
    bucket: Annotated[
        Bucket, Query(description="auto: day up to 120 days, week up to 3 years")
    ] = Bucket.auto,
) -> dict[str, Any]:
    """Counts per bucket and event type. The date range of the filters is not applied (the
    timeline shows the whole span so a brushed range can be moved); it comes back as ``selected``."""
    selected = [f.start.isoformat() if f.start else None, f.end.isoformat() if f.end else None]
    f = EventFilter(**{**f.__dict__, "start": None, "end": None})
    base = apply_filters(select(EventRow.event_date, EventRow.event_type), f).subquery()
    rows = s.execute(
        select(base.c.event_date, base.c.event_type, func.count())
        .where(base.c.event_date.is_not(None))
        .group_by(base.c.event_date, base.c.event_type)
    ).all()
    undated = s.scalar(select(func.count()).select_from(base).where(base.c.event_date.is_(None))) or 0
    if not rows:
        return {"bucket": "day", "buckets": [], "types": [], "selected": selected, "undated": undated,
                "min": None, "max": None}  # fmt: skip
    lo = min(r[0] for r in rows)
    hi = max(r[0] for r in rows)
    if bucket is Bucket.auto:
        span = (hi - lo).days
        bucket = Bucket.day if span <= 120 else Bucket.week if span <= 3 * 366 else Bucket.month
    counts: dict[date, dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for d, etype, n in rows:
        k = _bucket_start(d, bucket)
        t = etype or "Other"
        counts[k][t] = counts[k].get(t, 0) + n
        totals[t] += n
    buckets = [
        {"start": k.isoformat(), "end": _bucket_end(k, bucket).isoformat(), "counts": v,
         "total": sum(v.values())}
        for k, v in sorted(counts.items())
    ]  # fmt: skip
    return {
        "bucket": bucket.value,
        "buckets": buckets,
        "types": sorted(totals, key=lambda t: -totals[t]),
        "selected": selected,
        "undated": undated,
        "min": _bucket_start(lo, bucket).isoformat(),
        "max": _bucket_end(_bucket_start(hi, bucket), bucket).isoformat(),
    }


@router.get("/api/dashboard/facets", tags=["dashboard"], summary="Choices for the filter bar")
def facets(
    s: Annotated[Session, Depends(session)],
    country: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    """Countries, event types with their sub-types (the ACLED taxonomy, then any other stored
    value), the admin1 divisions of ``country`` and the 500 most frequent actors, with counts."""
    from sitreps.datafiles import load_yaml

    e = EventRow
    countries = [
        {"iso2": iso2, "country": name, "events": n}
        for iso2, name, n in s.execute(
            select(e.iso2, func.max(e.country), func.count()).where(e.iso2.is_not(None)).group_by(e.iso2)
        )
    ]
    countries.sort(key=lambda c: (c["country"] or c["iso2"]).lower())
    stored: dict[str, dict[str, int]] = defaultdict(dict)
    for t, sub, n in s.execute(
        select(e.event_type, e.sub_event_type, func.count()).group_by(e.event_type, e.sub_event_type)
    ):
        if t:
            stored[t][sub or ""] = n
    onto, _ = load_yaml("ontology/acled.yaml")
    types = []
    for t, spec in onto["event_types"].items():
        subs = list(spec.get("sub_event_types") or [])
        subs += [x for x in stored.get(t, {}) if x and x not in subs]
        types.append({"event_type": t, "events": sum(stored.get(t, {}).values()),
                      "sub_event_types": [{"name": x, "events": stored.get(t, {}).get(x, 0)} for x in subs]})  # fmt: skip
    for t, subs in stored.items():
        if t not in onto["event_types"]:
            types.append({"event_type": t, "events": sum(subs.values()),
                          "sub_event_types": [{"name": x, "events": n} for x, n in subs.items() if x]})  # fmt: skip
    admin1: list[dict[str, Any]] = []
    if country:
        from sitreps.store.query import country_code

        admin1 = [
            {"admin1": a, "events": n}
            for a, n in s.execute(
                select(e.admin1, func.count())
                .where(e.iso2 == country_code(country), e.admin1.is_not(None))
                .group_by(e.admin1)
                .order_by(e.admin1)
            )
        ]
    actors = [
        {"name": a, "events": n}
        for a, n in s.execute(
            select(EventActor.name, func.count(func.distinct(EventActor.event_id)).label("n"))
            .group_by(EventActor.name)
            .order_by(func.count(func.distinct(EventActor.event_id)).desc(), EventActor.name)
            .limit(500)
        )
    ]
    return {"countries": countries, "types": types, "admin1": admin1, "actors": actors}


SORTS = {
    "event_date": EventRow.event_date, "fatalities": EventRow.fatalities, "country": EventRow.country,
    "admin1": EventRow.admin1, "location": EventRow.location, "event_type": EventRow.event_type,
    "sub_event_type": EventRow.sub_event_type, "actor1": EventRow.actor1, "actor2": EventRow.actor2,
    "n_reports": EventRow.n_reports,
}  # fmt: skip


class Direction(StrEnum):
    asc = "asc"
    desc = "desc"


@router.get("/api/dashboard/table", tags=["dashboard"], summary="A sorted page of events with the total")
def table(
    f: Annotated[EventFilter, Depends(event_filter)],
    s: Annotated[Session, Depends(session)],
    sort: Annotated[str, Query(pattern="^(" + "|".join(SORTS) + ")$")] = "event_date",
    dir: Annotated[Direction, Query()] = Direction.desc,
    limit: Annotated[int, Query(ge=1, le=200)] = 25,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    col = SORTS[sort]
    key = col.asc() if dir is Direction.asc else col.desc()
    tie = EventRow.id.asc() if dir is Direction.asc else EventRow.id.desc()
    stmt = apply_filters(select(EventRow), f)
    total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = s.scalars(stmt.order_by(key.nulls_last(), tie).offset(offset).limit(limit)).all()
    return {"total": total, "offset": offset, "limit": limit, "sort": sort, "dir": dir.value,
            "events": [event_summary(r) for r in rows]}  # fmt: skip
