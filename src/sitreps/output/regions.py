"""ACLED's regions by ISO 3166 alpha-2 country code.

ACLED's regions follow the UN M49 subregions with a few differences: "Middle East" is M49's
Western Asia plus Iran, minus the Caucasus (Armenia, Azerbaijan, Georgia), which ACLED joins with
Central Asia as "Caucasus and Central Asia", and minus Cyprus (Europe); all of Europe, including
Russia, is "Europe"; Latin America is split into Central America (with Mexico), Caribbean and South
America. A hand table, because the packaged country data lumps Sub-Saharan Africa and Latin
America together.
"""

from __future__ import annotations

_TABLE = {
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TZ UG ZM ZW IO TF",
    "Southern Africa": "BW SZ LS NA ZA",
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Middle East": "BH IQ IR IL JO KW LB OM PS QA SA SY TR AE YE",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH TL ID LA MY MM PH SG TH VN",
    "East Asia": "CN HK JP KP KR MO MN TW",
    "Europe": (
        "AL AD AT BY BE BA BG HR CY CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT LU "
        "MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB AX"
    ),
    "North America": "US CA BM GL PM",
    "Central America": "BZ CR SV GT HN MX NI PA",
    "Caribbean": "AI AG AW BS BB BQ KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VG VI",
    "South America": "AR BO BR CL CO EC FK GF GY PY PE SR UY VE GS BV",
    "Oceania": "AU NZ CX CC NF FJ NC PG SB VU GU KI MH FM NR MP PW UM AS CK PF NU PN WS TK TO TV WF",
    "Antarctica": "AQ HM",
}
REGION_BY_ISO2 = {code: region for region, codes in _TABLE.items() for code in codes.split()}


def acled_region(iso2: str | None) -> str | None:
    return REGION_BY_ISO2.get(iso2.upper()) if iso2 else None
