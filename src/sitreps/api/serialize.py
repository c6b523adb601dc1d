"""JSON shapes of the API: a compact event for lists, the full event with every mention and its
evidence for ``/events/{id}``, and articles with their mentions."""

from __future__ import annotations

from typing import Any

from sitreps.output import disorder_type
from sitreps.store.schema import ArticleRow, EventRow, MentionRow


def event_summary(r: EventRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "event_date": r.event_date.isoformat() if r.event_date else None,
        "time_precision": r.time_precision,
        "disorder_type": disorder_type(r.event_type) or None,
        "event_type": r.event_type,
        "sub_event_type": r.sub_event_type,
        "actor1": r.actor1,
        "inter1": r.inter1,
        "assoc_actor_1": r.assoc_actor_1,
        "actor2": r.actor2,
        "inter2": r.inter2,
        "assoc_actor_2": r.assoc_actor_2,
        "country": r.country,
        "iso2": r.iso2,
        "admin1": r.admin1,
        "admin2": r.admin2,
        "location": r.location,
        "geonameid": r.geonameid,
        "latitude": r.lat,
        "longitude": r.lon,
        "geo_precision": r.geo_precision,
        "fatalities": r.fatalities,
        "attribution": r.attribution,
        "modality": r.modality,
        "scope": r.scope,
        "plover": r.plover,
        "plover_mode": r.plover_mode,
        "n_reports": r.n_reports,
        "n_mentions": r.n_mentions,
        "n_articles": r.n_articles,
        "sources": r.sources or [],
        "notes": r.notes,
        "conflicts": r.conflicts or {},
    }


def article_meta(a: ArticleRow) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "url": a.url,
        "publisher": a.publisher.name if a.publisher else None,
        "original_source": a.original_source.name if a.original_source else None,
        "published": a.published.isoformat() if a.published else None,
        "authors": a.authors or [],
        "language": a.language,
        "tags": a.tags or [],
    }


def _span(text: str | None, start: int | None, end: int | None) -> dict[str, Any] | None:
    return None if text is None else {"text": text, "start": start, "end": end}


def mention_json(m: MentionRow, article: ArticleRow | None = None) -> dict[str, Any]:
    p = m.place
    out = {
        "id": m.id,
        "article_id": m.article_id,
        "event_id": m.event_id,
        "counted": m.counted,
        "modality": m.modality,
        "scope": m.scope,
        "attribution": m.attribution,
        "evidence": _span(m.evidence_text, m.evidence_start, m.evidence_end),
        "trigger": _span(m.trigger_text, m.trigger_start, m.trigger_end),
        "event_type": m.event_type,
        "sub_event_type": m.sub_event_type,
        "plover": m.plover,
        "plover_mode": m.plover_mode,
        "actors": [
            {"role": ma.role, "name": ma.actor.name, "inter": ma.actor.inter, "known": ma.actor.known,
             "span": _span(*ma.span) if ma.span else None}
            for ma in m.actors
        ],
        "place": None if p is None else {
            "name": p.name, "geonameid": p.geonameid, "admin1": p.admin1, "admin2": p.admin2, "country": p.country,
            "iso2": p.iso2, "latitude": p.lat, "longitude": p.lon, "geo_precision": m.geo_precision,
            "qualifier": m.place_qualifier, "span": _span(*m.place_span) if m.place_span else None,
        },
        "date": {
            "date": m.event_date.isoformat() if m.event_date else None, "time_precision": m.time_precision,
            "expression": m.date_expression, "from_publication": m.date_from_publication,
        },
        "fatalities": m.fatalities,
        "fatalities_text": m.fatalities_text,
        "injuries": m.injuries,
        "arrested": m.arrested,
    }  # fmt: skip
    if article is not None:
        out["article"] = article_meta(article)
    return out
