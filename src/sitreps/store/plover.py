"""PLOVER JSON records (the PLOVER manual's event record) from stored events.

Fields: id, date, actor and recipient ``{code, sector, entity_text}`` (code: the actor's ISO
alpha-3 country, as PLOVER codes state actors), event, mode, quad_code (1 verbal cooperation, 2
material cooperation, 3 verbal conflict, 4 material conflict, from ``data/ontology/plover.yaml``),
event_loc ``{geonameid, lat, lon, ADM1, country_code, resolution}``, event_text (the evidence
sentence), context, size ``{dead, injured, arrested}`` and cite_info (sources and the article).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sitreps.datafiles import load_yaml
from sitreps.model import Actor, Event

QUADS = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4}
RESOLUTION = {1: "city", 2: "near-city", 3: "region"}
CONTEXT = {  # ACLED event type -> PLOVER context tags
    "Battles": ["military"],
    "Explosions/Remote violence": ["military"],
    "Violence against civilians": ["human_rights"],
    "Protests": ["protest"],
    "Riots": ["protest"],
}


@cache
def _quads() -> dict[str, int]:
    data, _ = load_yaml("ontology/plover.yaml")
    quads = {name: QUADS.get(v.get("quad", ""), 0) for name, v in data["event_types"].items()}
    for old, new in (data.get("renamed") or {}).items():
        quads.setdefault(old, quads.get(new, 0))
    return quads


def quad_code(plover: str | None) -> int | None:
    return _quads().get(plover or "") or None


def _party(a: Actor | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "code": a.iso3,
        "sector": a.sector,
        "entity_text": a.span.text if a.span else a.name,
        "name": a.name,
    }


def plover_record(ev: Event, *, conflicts: dict | None = None) -> dict[str, Any]:
    p = ev.place
    m0 = ev.mentions[0] if ev.mentions else None
    art = ev.article
    resolution = None
    if p is not None:
        resolution = "country" if p.feature == "country" else RESOLUTION.get(p.geo_precision or 1)
    iso3 = None
    if p is not None and p.iso2:
        import pycountry

        c = pycountry.countries.get(alpha_2=p.iso2.upper())
        iso3 = c.alpha_3 if c else None
    return {
        "id": ev.id,
        "date": ev.date.date.isoformat() if ev.date and ev.date.date else None,
        "actor": _party(ev.actor1),
        "recipient": _party(ev.actor2),
        "event": ev.plover,
        "mode": ev.plover_mode,
        "quad_code": quad_code(ev.plover),
        "event_loc": None if p is None else {
            "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon, "ADM1": p.admin1,
            "country_code": iso3, "resolution": resolution, "place_name": p.name,
        },
        "event_text": m0.evidence.text if m0 else None,
        "context": CONTEXT.get(ev.event_type or "", []),
        "size": {"dead": ev.fatalities, "injured": m0.injuries if m0 else None, "arrested": m0.arrested if m0 else None},
        "cite_info": {
            "sources": list(ev.sources),
            "n_reports": ev.n_reports,
            "article_id": art.id if art else (m0.article_id if m0 else None),
            "url": art.url if art else None,
            "published": art.published.isoformat() if art and art.published else None,
        },
        "acled": {"event_type": ev.event_type, "sub_event_type": ev.sub_event_type},
        "conflicts": conflicts or {},
    }  # fmt: skip
