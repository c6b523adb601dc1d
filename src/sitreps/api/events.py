"""``GET /events`` (filters, stable paging, json | geojson | csv), ``GET /events/{id}``, ``GET /stats``."""

from __future__ import annotations

import io
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sitreps.api.deps import session
from sitreps.api.serialize import article_meta, event_summary, mention_json
from sitreps.output import render
from sitreps.store.export import to_events
from sitreps.store.query import EventFilter, page, parse_bbox, stats
from sitreps.store.schema import ArticleRow, EventRow, MentionRow

router = APIRouter()


class Format(StrEnum):
    json = "json"
    geojson = "geojson"
    csv = "csv"


def event_filter(
    start: Annotated[date | None, Query(description="Earliest event date (YYYY-MM-DD), inclusive.")] = None,
    end: Annotated[date | None, Query(description="Latest event date (YYYY-MM-DD), inclusive.")] = None,
    country: Annotated[str | None, Query(max_length=100, description="ISO code or English name.")] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat", max_length=200)] = None,
    event_type: Annotated[str | None, Query(max_length=64, description="ACLED event type, exact.")] = None,
    sub_event_type: Annotated[
        str | None, Query(max_length=64, description="ACLED sub-event type, exact.")
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=300, description="Canonical actor name (any role).")
    ] = None,
    min_fatalities: Annotated[int | None, Query(ge=0)] = None,
    q: Annotated[
        str | None, Query(min_length=2, max_length=200, description="Text in notes or evidence.")
    ] = None,
    scope: Annotated[
        str | None,
        Query(max_length=16, description="incident (one event told), aggregate (a summary of many) "
              "or statement (an event a condemnation is about)."),
    ] = None,
) -> EventFilter:
    return EventFilter(
        start=start,
        end=end,
        country=country,
        admin1=admin1,
        bbox=parse_bbox(bbox),
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor=actor,
        min_fatalities=min_fatalities,
        q=q,
        scope=scope,
    )


@router.get("/events", summary="Events matching the filters, newest first")
def list_events(
    f: Annotated[EventFilter, Depends(event_filter)],
    s: Annotated[Session, Depends(session)],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    cursor: Annotated[str | None, Query(max_length=200, description="'next' of the previous page.")] = None,
    format: Annotated[Format, Query()] = Format.json,
) -> Any:
    """Order is event date descending, then id descending; follow ``next`` (a cursor) for stable
    paging while new events arrive, or use ``offset``."""
    rows, nxt = page(s, f, limit=limit, offset=offset, cursor=cursor)
    if format is Format.json:
        return {"events": [event_summary(r) for r in rows], "count": len(rows), "next": nxt}
    events = [ev for _, ev in to_events(s, rows)]
    buf = io.StringIO()
    render(events, format.value, buf)
    headers = {"X-Next-Cursor": nxt} if nxt else {}
    media = "application/geo+json" if format is Format.geojson else "text/csv; charset=utf-8"
    return Response(buf.getvalue(), media_type=media, headers=headers)


@router.get("/events/{event_id}", summary="One event with every mention, its evidence and article")
def get_event(event_id: str, s: Annotated[Session, Depends(session)]) -> dict[str, Any]:
    row = s.get(EventRow, event_id)
    if row is None:
        raise HTTPException(404, f"no event {event_id!r}")
    mentions = s.scalars(
        select(MentionRow)
        .where(MentionRow.event_id == event_id)
        .options(selectinload(MentionRow.actors))
        .order_by(MentionRow.article_id, MentionRow.evidence_start)
    ).all()
    arts = {
        a.id: a
        for a in s.scalars(select(ArticleRow).where(ArticleRow.id.in_({m.article_id for m in mentions})))
    }
    out = event_summary(row)
    out["provenance"] = row.provenance or {}
    out["mentions"] = [mention_json(m, arts.get(m.article_id)) for m in mentions]
    out["articles"] = [article_meta(a) for a in arts.values()]
    return out


@router.get("/stats", summary="Counts by event type, country and week")
def get_stats(
    f: Annotated[EventFilter, Depends(event_filter)], s: Annotated[Session, Depends(session)]
) -> dict:
    return stats(s, f)
