"""Rows <-> model objects: what ``sitreps code`` produces goes in, ``Event``s come back out so that
exports reuse ``sitreps.output`` (ACLED columns, GeoJSON) instead of a second copy of that logic."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from sitreps.model import Actor, Article, Event, EventDate, EventMention, Place, Span
from sitreps.store.schema import ActorRow, ArticleRow, EventRow, MentionRow, PlaceRow

ROLES = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def mention_id(m: EventMention) -> str:
    """Stable id of a mention: its article, evidence span, trigger and sub-type."""
    key = f"{m.article_id}:{m.evidence.start}:{m.evidence.end}:{m.trigger.start if m.trigger else ''}:{m.sub_event_type}"
    return sha1(key)[:32]


def place_key(p: Place) -> str:
    if p.geonameid is not None:
        return f"g:{p.geonameid}"
    return "h:" + sha1(f"{p.name}|{p.feature}|{p.admin1}|{p.iso2}|{p.lat}|{p.lon}")[:40]


def _span(s: Span | None) -> list | None:
    return [s.text, s.start, s.end] if s is not None else None


def _unspan(v: list | None) -> Span | None:
    return Span(text=v[0], start=int(v[1]), end=int(v[2])) if v else None


# --- model -> plain values --------------------------------------------------------------


def actor_values(a: Actor) -> dict[str, Any]:
    return {
        "name": a.name,
        "inter": a.inter,
        "country": a.country,
        "iso3": a.iso3,
        "sector": a.sector,
        "known": a.known,
    }


def place_values(p: Place) -> dict[str, Any]:
    return {
        "key": place_key(p),
        "geonameid": p.geonameid,
        "name": p.name,
        "feature": p.feature,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "country": p.country,
        "iso2": p.iso2,
        "lat": p.lat,
        "lon": p.lon,
        "population": p.population,
    }


def _actor_json(a: Actor | None) -> dict | None:
    return None if a is None else {**actor_values(a), "span": _span(a.span)}


def _place_json(p: Place | None) -> dict | None:
    if p is None:
        return None
    d = place_values(p)
    d.pop("key")
    return {**d, "geo_precision": p.geo_precision, "qualifier": p.qualifier, "span": _span(p.span)}


def _date_json(d: EventDate | None) -> dict | None:
    if d is None:
        return None
    return {
        "date": d.date.isoformat() if d.date else None,
        "time_precision": d.time_precision,
        "expression": d.expression,
        "from_publication": d.from_publication,
        "background": d.background,
    }


def event_values(
    ev: Event, conflicts: dict | None, head_mention_id: str | None, n_articles: int
) -> dict[str, Any]:
    """The flat, indexed columns of an ``events`` row for a reconciled event."""
    p, d = ev.place, ev.date
    iso2 = (p.iso2 if p else None) or None
    return {
        "id": ev.id,
        "event_date": d.date if d else None,
        "time_precision": d.time_precision if d else None,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "plover": ev.plover,
        "plover_mode": ev.plover_mode,
        "actor1": ev.actor1.name if ev.actor1 else None,
        "inter1": ev.actor1.inter if ev.actor1 else None,
        "actor2": ev.actor2.name if ev.actor2 else None,
        "inter2": ev.actor2.inter if ev.actor2 else None,
        "assoc_actor_1": "; ".join(a.name for a in ev.assoc_actor_1) or None,
        "assoc_actor_2": "; ".join(a.name for a in ev.assoc_actor_2) or None,
        "location": p.name if p else None,
        "geonameid": p.geonameid if p else None,
        "admin1": p.admin1 if p else None,
        "admin2": p.admin2 if p else None,
        "country": p.country if p else None,
        "iso2": iso2.upper() if iso2 else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "geo_precision": p.geo_precision if p else None,
        "fatalities": ev.fatalities,
        "attribution": ev.attribution,
        "modality": ev.modality,
        "scope": ev.scope,
        "n_reports": ev.n_reports,
        "n_mentions": len(ev.mentions),
        "n_articles": n_articles,
        "sources": list(ev.sources),
        "notes": ev.notes,
        "conflicts": conflicts or {},
        "provenance": dict(ev.provenance),
        "data": {
            "actor1": _actor_json(ev.actor1),
            "actor2": _actor_json(ev.actor2),
            "assoc_actor_1": [_actor_json(a) for a in ev.assoc_actor_1],
            "assoc_actor_2": [_actor_json(a) for a in ev.assoc_actor_2],
            "place": _place_json(p),
            "date": _date_json(d),
        },
        "head_mention_id": head_mention_id,
    }


def event_actor_names(ev: Event) -> set[tuple[str, str]]:
    """(role, name) pairs for the ``event_actors`` filter table."""
    out = set()
    for role in ROLES:
        v = getattr(ev, role)
        for a in v if isinstance(v, list) else [v]:
            if a is not None and a.name:
                out.add((role, a.name[:300]))
    return out


def mention_values(
    m: EventMention, *, position: int, article_event_id: str, event_id: str | None, place_id: int | None
) -> dict[str, Any]:
    d, p = m.date, m.place
    return {
        "id": mention_id(m),
        "article_id": m.article_id,
        "event_id": event_id,
        "article_event_id": article_event_id,
        "position": position,
        "counted": m.counted,
        "evidence_text": m.evidence.text,
        "evidence_start": m.evidence.start,
        "evidence_end": m.evidence.end,
        "trigger_text": m.trigger.text if m.trigger else None,
        "trigger_start": m.trigger.start if m.trigger else None,
        "trigger_end": m.trigger.end if m.trigger else None,
        "event_type": m.event_type,
        "sub_event_type": m.sub_event_type,
        "plover": m.plover,
        "plover_mode": m.plover_mode,
        "cameo": m.cameo,
        "place_id": place_id,
        "geo_precision": p.geo_precision if p else None,
        "place_qualifier": p.qualifier if p else None,
        "place_span": _span(p.span) if p else None,
        "event_date": d.date if d else None,
        "time_precision": d.time_precision if d else None,
        "date_expression": d.expression if d else None,
        "date_from_publication": bool(d.from_publication) if d else False,
        "date_background": bool(d.background) if d else False,
        "fatalities": m.fatalities,
        "fatalities_text": m.fatalities_text,
        "injuries": m.injuries,
        "arrested": m.arrested,
        "attribution": m.attribution,
        "modality": m.modality,
        "scope": m.scope,
        "score": m.score,
    }


# --- rows -> model ----------------------------------------------------------------------


def _actor_from(d: dict | None) -> Actor | None:
    if not d:
        return None
    return Actor(
        name=d["name"],
        inter=d.get("inter"),
        country=d.get("country"),
        iso3=d.get("iso3"),
        sector=d.get("sector"),
        known=d.get("known", True),
        span=_unspan(d.get("span")),
    )


def _place_from(d: dict | None) -> Place | None:
    if not d:
        return None
    keys = (
        "name",
        "geonameid",
        "feature",
        "admin1",
        "admin2",
        "country",
        "iso2",
        "lat",
        "lon",
        "geo_precision",
        "qualifier",
        "population",
    )
    return Place(**{k: d.get(k) for k in keys}, span=_unspan(d.get("span")))


def _date_from(d: dict | None) -> EventDate | None:
    if not d:
        return None
    return EventDate(
        date=date.fromisoformat(d["date"]) if d.get("date") else None,
        time_precision=d.get("time_precision") or 1,
        expression=d.get("expression"),
        from_publication=bool(d.get("from_publication")),
        background=bool(d.get("background")),
    )


def actor_from_row(row: ActorRow, span: list | None = None) -> Actor:
    return Actor(
        name=row.name,
        inter=row.inter,
        country=row.country,
        iso3=row.iso3,
        sector=row.sector,
        known=row.known,
        span=_unspan(span),
    )


def place_from_row(row: PlaceRow, m: MentionRow) -> Place:
    return Place(
        name=row.name,
        geonameid=row.geonameid,
        feature=row.feature,
        admin1=row.admin1,
        admin2=row.admin2,
        country=row.country,
        iso2=row.iso2,
        lat=row.lat,
        lon=row.lon,
        geo_precision=m.geo_precision,
        span=_unspan(m.place_span),
        qualifier=m.place_qualifier,
        population=row.population,
    )


def mention_from_row(m: MentionRow) -> EventMention:
    roles: dict[str, list[Actor]] = {r: [] for r in ROLES}
    for ma in m.actors:
        roles.setdefault(ma.role, []).append(actor_from_row(ma.actor, ma.span))
    date_ = None
    if m.event_date is not None or m.time_precision is not None:
        date_ = EventDate(
            date=m.event_date,
            time_precision=m.time_precision or 1,
            expression=m.date_expression,
            from_publication=m.date_from_publication,
            background=m.date_background,
        )
    return EventMention(
        article_id=m.article_id,
        evidence=Span(m.evidence_text, m.evidence_start, m.evidence_end),
        trigger=Span(m.trigger_text or "", m.trigger_start or 0, m.trigger_end or 0),
        event_type=m.event_type,
        sub_event_type=m.sub_event_type,
        plover=m.plover,
        plover_mode=m.plover_mode,
        cameo=m.cameo,
        actor1=(roles["actor1"] or [None])[0],
        assoc_actor_1=roles["assoc_actor_1"],
        actor2=(roles["actor2"] or [None])[0],
        assoc_actor_2=roles["assoc_actor_2"],
        place=place_from_row(m.place, m) if m.place is not None else None,
        date=date_,
        fatalities=m.fatalities,
        fatalities_text=m.fatalities_text,
        injuries=m.injuries,
        arrested=m.arrested,
        attribution=m.attribution,
        modality=m.modality,
        score=m.score,
        scope=m.scope,
    )


def article_from_row(row: ArticleRow, *, with_body: bool = True) -> Article:
    return Article(
        id=row.id,
        body=row.body if with_body else "",
        title=row.title,
        url=row.url,
        authors=list(row.authors or []),
        publisher=row.publisher.name if row.publisher else None,
        original_source=row.original_source.name if row.original_source else None,
        published=row.published,
        published_from=row.published_from,
        language=row.language,
        paragraphs=[tuple(p) for p in row.paragraphs or []],
        tags=list(row.tags or []),
        source=row.source,
        format=row.format,
        country_hint=row.country_hint,
    )


def event_from_row(
    row: EventRow, mentions: list[EventMention] | None = None, article: Article | None = None
) -> Event:
    """An :class:`Event` from an ``events`` row; ``mentions`` may be just the head mention (exports)."""
    data = row.data or {}
    place = _place_from(data.get("place"))
    if place is None and row.location:
        place = Place(
            name=row.location,
            geonameid=row.geonameid,
            admin1=row.admin1,
            admin2=row.admin2,
            country=row.country,
            iso2=row.iso2,
            lat=row.lat,
            lon=row.lon,
            geo_precision=row.geo_precision,
        )
    date_ = _date_from(data.get("date"))
    if date_ is None and row.event_date is not None:
        date_ = EventDate(date=row.event_date, time_precision=row.time_precision or 1)
    a1 = _actor_from(data.get("actor1")) or (Actor(name=row.actor1, inter=row.inter1) if row.actor1 else None)
    a2 = _actor_from(data.get("actor2")) or (Actor(name=row.actor2, inter=row.inter2) if row.actor2 else None)
    assoc1 = [a for a in (_actor_from(x) for x in data.get("assoc_actor_1") or []) if a]
    assoc2 = [a for a in (_actor_from(x) for x in data.get("assoc_actor_2") or []) if a]
    if not assoc1 and row.assoc_actor_1:
        assoc1 = [Actor(name=n) for n in row.assoc_actor_1.split("; ")]
    if not assoc2 and row.assoc_actor_2:
        assoc2 = [Actor(name=n) for n in row.assoc_actor_2.split("; ")]
    return Event(
        id=row.id,
        mentions=mentions or [],
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        plover=row.plover,
        plover_mode=row.plover_mode,
        actor1=a1,
        assoc_actor_1=assoc1,
        actor2=a2,
        assoc_actor_2=assoc2,
        place=place,
        date=date_,
        fatalities=row.fatalities,
        attribution=row.attribution,
        modality=row.modality,
        n_reports=row.n_reports,
        sources=list(row.sources or []),
        notes=row.notes or "",
        provenance=dict(row.provenance or {}),
        article=article,
        scope=row.scope,
    )
