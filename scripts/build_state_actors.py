"""Generate ``src/sitreps/data/actors_states.yaml``: state forces of every country.

For each country (pycountry, plus Kosovo) three actors in ACLED style:
``Military Forces of X`` (inter 1, MIL), ``Police Forces of X`` (inter 1, COP) and
``Government of X`` (inter 1, GOV), with aliases built from the country's names and its
demonyms (countryinfo, plus a few additions): "Syrian army", "Syria's military", "Syrian police",
"Syrian government" ...

Where the ACLED regime period of a country is known (see PERIODS), the canonical name carries it
("Military Forces of Syria (2000-)") and the bare name is kept as an alias.

Run: ``.venv/bin/python scripts/build_state_actors.py`` (rewrites the file; deterministic).
"""

from __future__ import annotations

import glob
import json
import os
from pathlib import Path

import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "sitreps" / "data" / "actors_states.yaml"

# Country names as ACLED writes them, where they differ from pycountry's common name / name.
ACLED_NAMES = {
    "BO": "Bolivia",
    "BN": "Brunei",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CI": "Ivory Coast",
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "FM": "Micronesia",
    "GB": "United Kingdom",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "SZ": "eSwatini",
    "TL": "East Timor",
    "TR": "Turkey",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "US": "United States",
    "VA": "Vatican City",
    "VE": "Venezuela",
    "VN": "Vietnam",
    "GM": "Gambia",
    "BS": "Bahamas",
    "MK": "North Macedonia",
    "XK": "Kosovo",
    "BQ": "Caribbean Netherlands",
    "CW": "Curacao",
    "RE": "Reunion",
    "BL": "Saint-Barthelemy",
    "MF": "Saint-Martin",
    "ST": "Sao Tome and Principe",
    "VG": "British Virgin Islands",
    "VI": "Virgin Islands, U.S.",
    "FK": "Falkland Islands",
    "AX": "Aland Islands",
}
# ACLED writes "Military Forces of the United States", "... of the Democratic Republic of Congo".
WITH_THE = {"US", "GB", "CD", "CF", "PH", "AE", "NL"}

# ACLED regime periods, only where checked against ACLED data or well known; see the note in
# actors.yaml. Periods change with governments: rerun this script when ACLED opens a new one.
PERIODS = {
    "SY": "2000-",  # Assad era; ACLED closed it as (2000-2024) after December 2024
    "RU": "2000-",
    "UA": "2019-",
    "NG": "2023-",
    "SD": "2019-",
    "SS": "2011-",
    "IL": "2022-",
    "IR": "1989-",
    "US": "2021-",
    "GB": "2010-",
    "FR": "2017-",
    "SA": "2015-",
    "EG": "2014-",
    "TD": "2021-",
    "LB": "2021-",
    "TR": "2016-",
    "ET": "2021-",  # seen in ACLED data 2023-24 (not 2018-)
    "SO": "2022-",
    "AF": "2021-",  # the Taliban government
    "YE": "2022-",  # Presidential Leadership Council; Houthi forces are "(2017-) Houthi"
    "CD": "2019-",
    "MM": "2021-",
    "BR": "2023-",
}

# Demonyms countryinfo lacks or spells differently (extra ones are added, not replaced).
EXTRA_DEMONYMS = {
    "SA": ["Saudi"],
    "BA": ["Bosnian"],
    "PS": ["Palestinian"],
    "UZ": ["Uzbek"],
    "AE": ["Emirati"],
    "GB": ["British"],
    "AF": ["Afghan"],
    "PH": ["Filipino", "Philippine"],
    "KZ": ["Kazakh"],
    "MM": ["Burmese", "Myanmar"],
    "TR": ["Turkish"],
    "KG": ["Kyrgyz"],
    "TJ": ["Tajik"],
    "TM": ["Turkmen"],
    "BY": ["Belarusian"],
    "YE": ["Yemeni"],
    "CI": ["Ivorian"],
    "ML": ["Malian"],
    "BF": ["Burkinabe", "Burkinabè"],
    "XK": ["Kosovar", "Kosovan"],
    "KR": ["South Korean"],
    "KP": ["North Korean"],
    "LA": ["Lao", "Laotian"],
    "NL": ["Dutch"],
    "SO": ["Somali"],
    "IQ": ["Iraqi"],
    "CD": ["Congolese"],
    "NE": ["Nigerien"],
    "LY": ["Libyan"],
    "SD": ["Sudanese"],
    "SS": ["South Sudanese"],
    "CF": ["Central African"],
    "CM": ["Cameroonian"],
    "MZ": ["Mozambican"],
    "RU": ["Russian"],
    "IL": ["Israeli"],
    "LB": ["Lebanese"],
    "CN": ["Chinese"],
    "US": ["American", "US", "U.S."],
}
# Demonyms that must not be used (ambiguous or misleading).
DROP_DEMONYMS = {"Christmas Island", "Gibraltar", "Channel Islander", ""}

# Extra names of the country as news writes them.
EXTRA_NAMES = {
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "MM": ["Burma"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "US": ["US", "U.S.", "USA", "America"],
    "AE": ["UAE", "Emirates"],
    "RU": ["Russian Federation"],
    "TR": ["Türkiye", "Turkiye"],
    "SY": ["Syrian Arab Republic"],
    "PS": ["Gaza"],
    "CZ": ["Czechia"],
    "SZ": ["Eswatini", "Swaziland"],
    "MK": ["Macedonia"],
    "TL": ["Timor-Leste"],
    "CV": ["Cabo Verde"],
}

SKIP = {"AQ", "BV", "HM", "UM", "GS", "TF", "IO", "AN", "JE"}  # JE: "New Jersey police"

MIL_NOUNS = [
    "army",
    "armed forces",
    "troops",
    "soldiers",
    "soldier",
    "forces",
    "military",
    "military forces",
    "warplanes",
    "warplane",
    "jets",
    "fighter jets",
    "aircraft",
    "air force",
    "navy",
    "naval forces",
    "helicopters",
    "drones",
    "artillery",
    "servicemen",
    "special forces",
    "marines",
    "security forces",
    "government forces",
    "regime forces",
    "occupation forces",
]
MIL_NAME_FORMS = [
    "{n}'s army",
    "{n}'s military",
    "{n}'s armed forces",
    "{n}'s forces",
    "{n}'s troops",
    "{n}'s air force",
    "{n}'s navy",
    "{n} army",
    "{n} military",
    "{n} armed forces",
    "army of {n}",
    "armed forces of {n}",
]
MIL_NAME_FORMS_SHORT = ["{n}'s army", "{n}'s military", "{n} army", "{n} military"]
COP_NOUNS = ["police", "policemen", "police officers", "riot police", "police forces"]
COP_NAME_FORMS = ["{n} police", "{n}'s police", "police of {n}"]
COP_NAME_FORMS_SHORT = ["{n} police", "{n}'s police"]
GOV_NOUNS = ["government", "authorities", "regime"]
GOV_NAME_FORMS = ["{n} government", "{n}'s government", "government of {n}", "{n}'s authorities"]
GOV_NAME_FORMS_SHORT = ["{n} government", "{n}'s government"]


def countryinfo_table() -> dict[str, dict]:
    import countryinfo

    out = {}
    base = os.path.join(os.path.dirname(countryinfo.__file__), "data", "*.json")
    for path in sorted(glob.glob(base)):
        with open(path, encoding="utf-8") as fh:
            j = json.load(fh)
        iso = (j.get("ISO") or {}).get("alpha2")
        if iso and iso not in out:
            out[iso] = j
    return out


def build() -> dict:
    info = countryinfo_table()
    rows = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        if c.alpha_2 in SKIP:
            continue
        rows.append((c.alpha_2, c.alpha_3, c))
    rows.append(("XK", "XKX", None))

    # demonym -> list of (population, iso2); the most populous country keeps an ambiguous demonym
    dem_owner: dict[str, tuple[int, str]] = {}
    dems: dict[str, list[str]] = {}
    for iso2, _iso3, _c in rows:
        j = info.get(iso2, {})
        raw = j.get("demonym") or ""
        lst = [d.strip() for d in raw.split(",") if d.strip()]
        lst += EXTRA_DEMONYMS.get(iso2, [])
        lst = [d for d in dict.fromkeys(lst) if d not in DROP_DEMONYMS]
        dems[iso2] = lst
        pop = int(j.get("population") or 0)
        for d in lst:
            if d not in dem_owner or pop > dem_owner[d][0]:
                dem_owner[d] = (pop, iso2)

    countries = []
    actors = []
    for iso2, iso3, c in rows:
        acled = ACLED_NAMES.get(iso2) or (getattr(c, "common_name", None) or c.name)
        names = [acled]
        if c is not None:
            for attr in ("common_name", "name"):
                v = getattr(c, attr, None)
                if v and "," not in v and "(" not in v:
                    names.append(v)
        names += EXTRA_NAMES.get(iso2, [])
        names = list(dict.fromkeys(names))
        own = [d for d in dems[iso2] if dem_owner[d][1] == iso2]
        ctx_only = [d for d in dems[iso2] if dem_owner[d][1] != iso2]
        # A demonym shared with a bigger country is only kept for two neighbours we know of.
        ctx_only = [d for d in ctx_only if iso2 in {"CG"}]
        countries.append(
            {"country": acled, "iso2": iso2, "iso3": iso3, "names": names, "demonyms": own + ctx_only}
        )
        the = "the " if iso2 in WITH_THE else ""
        period = PERIODS.get(iso2)
        for kind, inter, sector, nouns, forms, short in (
            ("Military Forces of", 1, "MIL", MIL_NOUNS, MIL_NAME_FORMS, MIL_NAME_FORMS_SHORT),
            ("Police Forces of", 1, "COP", COP_NOUNS, COP_NAME_FORMS, COP_NAME_FORMS_SHORT),
            ("Government of", 1, "GOV", GOV_NOUNS, GOV_NAME_FORMS, GOV_NAME_FORMS_SHORT),
        ):
            bare = f"{kind} {the}{acled}"
            name = f"{bare} ({period})" if period else bare
            aliases = [bare] if period else []
            for d in own:
                aliases += [f"{d} {n}" for n in nouns]
            # full forms for the ACLED name, the short ones for the other names
            for i, n in enumerate(names):
                aliases += [f.format(n=n) for f in (forms if i == 0 else short)]
            ctx_aliases = [f"{d} {n}" for d in ctx_only for n in nouns]
            entry = {"name": name, "inter": inter, "country": acled, "iso3": iso3, "sector": sector}
            if period:
                entry["period"] = period
            entry["aliases"] = list(dict.fromkeys(aliases))
            if ctx_aliases:
                entry["context"] = [iso2]
                entry["context_aliases"] = ctx_aliases
            actors.append(entry)
    return {"countries": countries, "actors": actors}


def main() -> None:
    data = build()
    header = (
        "# GENERATED by scripts/build_state_actors.py from pycountry + countryinfo: do not edit by hand,\n"
        "# change the script and rerun it. State forces of every country in ACLED style.\n"
    )
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=None)
    OUT.write_text(header + text, encoding="utf-8")
    print(
        f"{OUT}: {len(data['countries'])} countries, {len(data['actors'])} actors, "
        f"{sum(len(a['aliases']) + len(a.get('context_aliases', [])) for a in data['actors'])} aliases"
    )


if __name__ == "__main__":
    main()
