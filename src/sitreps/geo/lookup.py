"""Small lookups over the gazetteer for the rest of sitreps (countries, ADM1 names, points)."""

from __future__ import annotations

import math
from functools import lru_cache

from sitreps.geo.gazetteer import ADM1, COUNTRY, get_gazetteer, normalise


@lru_cache(maxsize=4096)
def lookup_country(name_or_code: str) -> tuple[str, str, str] | None:
    """(iso2, iso3, English name) of a country given any of its names, ISO2/ISO3 code or demonym.

    >>> lookup_country("Syrian Arab Republic")
    ('SY', 'SYR', 'Syria')
    """
    if not name_or_code or not name_or_code.strip():
        return None
    gaz = get_gazetteer()
    raw = name_or_code.strip()
    code = raw.upper()
    if len(code) == 2 and code in gaz.country_index:
        return code, gaz.iso3[code], gaz.names[gaz.country_index[code]]
    if len(code) == 3:
        for a2, a3 in gaz.iso3.items():
            if a3 == code:
                return a2, a3, gaz.names[gaz.country_index[a2]]
    key = normalise(raw)
    if key.startswith("the "):
        key = key[4:]
    for k in (raw.lower(), key):
        for idx, _main in gaz.lookup(k):
            if gaz.kind[idx] == COUNTRY:
                a2 = gaz.iso2(idx)
                return a2, gaz.iso3[a2], gaz.names[idx]
    idx = gaz.demonyms.get(key)
    if idx is not None and gaz.kind[idx] in (COUNTRY, ADM1) and gaz.iso2(idx) in gaz.country_index:
        a2 = gaz.iso2(idx)  # "English" is England, in the United Kingdom
        return a2, gaz.iso3[a2], gaz.names[gaz.country_index[a2]]
    return None


def _adm1_index(iso2: str | None, admin1_name: str) -> int | None:
    gaz = get_gazetteer()
    key = normalise(admin1_name)
    for suffix in (" governorate", " province", " region", " state", " oblast"):
        if key.endswith(suffix) and gaz.lookup(key[: -len(suffix)]):
            key = key[: -len(suffix)]
            break
    best = None
    for idx, main in gaz.lookup(key):
        if gaz.kind[idx] != ADM1 or (iso2 and gaz.iso2(idx) != iso2.upper()):
            continue
        if best is None or (main, gaz.pop[idx]) > (best[1], gaz.pop[best[0]]):
            best = (idx, main)
    return best[0] if best else None


def admin1_names(iso2: str | None, admin1_name: str) -> set[str]:
    """All names (as written and normalised) of the ADM1 that ``admin1_name`` denotes in ``iso2``.

    Falls back to the name itself when it names no known ADM1 (lenient comparison in eval).
    """
    if iso2 and len(iso2) != 2:
        found = lookup_country(iso2)
        iso2 = found[0] if found else None
    out = {admin1_name, normalise(admin1_name)}
    idx = _adm1_index(iso2, admin1_name)
    if idx is None:
        return out
    gaz = get_gazetteer()
    for n in gaz.division_names.get(idx, [gaz.names[idx]]):
        out.add(n)
        out.add(normalise(n))
    return out


def place_point(place_name: str, iso2: str | None = None) -> tuple[float, float] | None:
    """(lat, lon) of the most likely place of that name (optionally within a country)."""
    from sitreps.geo.parse import _prior

    gaz = get_gazetteer()
    if iso2 and len(iso2) != 2:
        found = lookup_country(iso2)
        iso2 = found[0] if found else None
    key = normalise(place_name)
    best = None
    for idx, main in gaz.lookup(key):
        if iso2 and gaz.iso2(idx) and gaz.iso2(idx) != iso2.upper():
            continue
        if math.isnan(gaz.lat[idx]):
            continue
        score = _prior(gaz, idx, main)
        if best is None or score > best[0]:
            best = (score, idx)
    if best is None:
        return None
    return round(gaz.lat[best[1]], 5), round(gaz.lon[best[1]], 5)
