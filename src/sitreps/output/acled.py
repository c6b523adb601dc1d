"""Flat ACLED-style rows of events: ACLED's 31 columns in ACLED's order, then ours.

Conventions (where ACLED's export leaves a choice):
- ``event_id_cnty``: ISO alpha-3 + our event id (ACLED: ISO3 + a running number).
- ``event_date``: YYYY-MM-DD (as in ACLED's API/CSV exports); ``year`` from it.
- ``iso``: ISO 3166 numeric (int), as ACLED's ``iso`` column; ``region``: see ``regions.py``.
- ``interaction``: the two inter codes, lower first, as a number (12, 17, 27...); one-sided
  action has the actor's code times ten (10 for state forces alone). ACLED 2023+ writes text
  ("State forces-Rebel group"); we keep the numeric form of the ONTOLOGY page.
- ``civilian_targeting``: "Civilian targeting" when actor2 is civilians (inter 7), else "".
- ``assoc_actor_*``: names joined by "; ". ``source``: the article's publisher, else its original
  source. ``source_scale``, ``admin3``, ``tags``: empty. ``fatalities``: 0 when none reported
  (ACLED writes 0). ``timestamp``: unix time of coding (the time the rows are written).
- Extra columns: plover, plover_mode, modality, attribution, evidence, evidence_start,
  evidence_end, trigger, geonameid, article_id, url, n_reports.
"""

from __future__ import annotations

import time
from typing import Any

from sitreps.model import Event
from sitreps.output.regions import acled_region

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip
EXTRA_COLUMNS = [
    "plover", "plover_mode", "modality", "scope", "attribution", "evidence", "evidence_start", "evidence_end",
    "trigger", "geonameid", "article_id", "url", "n_reports",
]  # fmt: skip
COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


def disorder_type(event_type: str | None) -> str:
    return DISORDER_TYPES.get(event_type or "", "")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def _country(iso2: str | None):
    """(numeric, alpha-3, english name) of an ISO alpha-2 code, via sitreps.geo or pycountry."""
    if not iso2:
        return None, None, None
    name = None
    try:
        from sitreps.geo import lookup_country

        hit = lookup_country(iso2)
        if hit:
            name = hit[2]
    except Exception:
        pass
    try:
        import pycountry

        c = pycountry.countries.get(alpha_2=iso2.upper())
    except Exception:
        c = None
    if c is None:
        return None, None, name
    return int(c.numeric), c.alpha_3, name or getattr(c, "common_name", None) or c.name


def _iso2_of(event: Event) -> str | None:
    if event.place and event.place.iso2:
        return event.place.iso2
    name = event.place.country if event.place else None
    if not name and event.article is not None:
        return event.article.country_hint
    if not name:
        return None
    from sitreps.evaluate.compare import country_iso2

    return country_iso2(name)


def _names(actors) -> str:
    return "; ".join(a.name for a in actors or [] if a and a.name)


def acled_row(event: Event, *, timestamp: int | None = None) -> dict[str, Any]:
    """One event as a flat dict with COLUMNS as keys (None for unknown values)."""
    place = event.place
    iso2 = _iso2_of(event)
    numeric, iso3, cname = _country(iso2)
    d = event.date.date if event.date else None
    a1, a2 = event.actor1, event.actor2
    inter1 = a1.inter if a1 else None
    inter2 = a2.inter if a2 else None
    art = event.article
    m0 = event.mentions[0] if event.mentions else None
    civ = a2 is not None and (a2.inter == 7 or (a2.name or "").startswith("Civilians"))
    row = {
        "event_id_cnty": f"{iso3 or ''}{event.id}",
        "event_date": d.isoformat() if d else None,
        "year": d.year if d else None,
        "time_precision": event.date.time_precision if event.date else None,
        "disorder_type": disorder_type(event.event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": a1.name if a1 else None,
        "assoc_actor_1": _names(event.assoc_actor_1),
        "inter1": inter1,
        "actor2": a2.name if a2 else None,
        "assoc_actor_2": _names(event.assoc_actor_2),
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civ else "",
        "iso": numeric,
        "region": acled_region(iso2),
        "country": (place.country if place and place.country else None) or cname,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "admin3": None,
        "location": place.name if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": place.geo_precision if place else None,
        "source": (art.publisher or art.original_source) if art else None,
        "source_scale": None,
        "notes": event.notes or None,
        "fatalities": event.fatalities or 0,
        "tags": None,
        "timestamp": int(time.time()) if timestamp is None else timestamp,
        "plover": event.plover,
        "plover_mode": event.plover_mode,
        "modality": event.modality,
        "scope": event.scope,
        "attribution": event.attribution,
        "evidence": m0.evidence.text if m0 else None,
        "evidence_start": m0.evidence.start if m0 else None,
        "evidence_end": m0.evidence.end if m0 else None,
        "trigger": m0.trigger.text if m0 and m0.trigger else None,
        "geonameid": place.geonameid if place else None,
        "article_id": (art.id if art else None) or (m0.article_id if m0 else None),
        "url": art.url if art else None,
        "n_reports": event.n_reports,
    }
    return row
