"""Word lists for time expressions: months, weekdays, number words, units, seasons, holidays.

General facts of English only (fixed-day holidays come from ``data/holidays.yaml``). Month and weekday names are matched case-sensitively
(Capitalised or UPPER CASE) so that "may", "march" and "sun" in running text are not dates.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("January", "Jan"),
        ("February", "Feb"),
        ("March", "Mar"),
        ("April", "Apr"),
        ("May",),
        ("June", "Jun"),
        ("July", "Jul"),
        ("August", "Aug"),
        ("September", "Sept", "Sep"),
        ("October", "Oct"),
        ("November", "Nov"),
        ("December", "Dec"),
    ],
    start=1,
):
    for _n in _names:
        MONTHS[_n.lower()] = _i

WEEKDAYS: dict[str, int] = {}  # Monday = 0 (date.weekday())
for _i, _names in enumerate(
    [
        ("Monday", "Mon"),
        ("Tuesday", "Tues", "Tue"),
        ("Wednesday", "Wed"),
        ("Thursday", "Thurs", "Thu"),
        ("Friday", "Fri"),
        ("Saturday", "Sat"),
        ("Sunday", "Sun"),
    ]
):
    for _n in _names:
        WEEKDAYS[_n.lower()] = _i

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ONES)}
NUMBER_WORDS.update(_TENS)
NUMBER_WORDS.update(
    {"a": 1, "an": 1, "a single": 1, "a dozen": 12, "dozen": 12, "a hundred": 100, "hundred": 100}
)
NUMBER_WORDS.update({"a couple of": 2, "a couple": 2, "couple of": 2, "a pair of": 2})
VAGUE_NUMBERS = {
    "a few",
    "few",
    "several",
    "some",
    "many",
    "a number of",
    "dozens of",
    "hundreds of",
    "a handful of",
}

_ORD_ONES = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
ORDINAL_WORDS: dict[str, int] = dict(_ORD_ONES)
ORDINAL_WORDS.update(
    {
        "tenth": 10,
        "eleventh": 11,
        "twelfth": 12,
        "thirteenth": 13,
        "fourteenth": 14,
        "fifteenth": 15,
        "sixteenth": 16,
        "seventeenth": 17,
        "eighteenth": 18,
        "nineteenth": 19,
        "twentieth": 20,
        "thirtieth": 30,
    }
)
for _w, _v in _ORD_ONES.items():
    ORDINAL_WORDS[f"twenty-{_w}"] = 20 + _v
    ORDINAL_WORDS[f"twenty {_w}"] = 20 + _v
ORDINAL_WORDS["thirty-first"] = ORDINAL_WORDS["thirty first"] = 31

# unit word (singular) -> (TimeML duration letter, is a time unit needing "T")
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "night": ("D", False),
    "week": ("W", False),
    "fortnight": ("W", False),
    "month": ("M", False),
    "quarter": ("Q", False),
    "year": ("Y", False),
    "decade": ("E", False),
    "century": ("C", False),
    "millennium": ("L", False),
}
UNIT_PLURALS = {
    "seconds": "second",
    "minutes": "minute",
    "hours": "hour",
    "days": "day",
    "nights": "night",
    "weeks": "week",
    "fortnights": "fortnight",
    "months": "month",
    "quarters": "quarter",
    "years": "year",
    "decades": "decade",
    "centuries": "century",
    "millennia": "millennium",
}

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}


def alternation(words, *, case_sensitive_titles: bool = False) -> str:
    """A regex alternation of words, longest first; optionally Title/UPPER case only."""
    import re

    items = sorted(set(words), key=len, reverse=True)
    if not case_sensitive_titles:
        return "|".join(re.escape(w) for w in items)
    out = []
    for w in items:
        out.append(re.escape(w[:1].upper() + w[1:]))
        out.append(re.escape(w.upper()))
    return "(?-i:" + "|".join(out) + ")"


def holidays() -> dict[str, tuple[int, int]]:
    """Fixed-day holidays from ``data/holidays.yaml``: name -> (month, day)."""
    from sitreps.datafiles import DataFileError, data_path, load_yaml

    data, lines = load_yaml("holidays.yaml")
    out: dict[str, tuple[int, int]] = {}
    for i, item in enumerate((data or {}).get("holidays") or []):
        line = lines["holidays"][1][i][0] if lines else None
        try:
            month, day = (int(x) for x in str(item["date"]).split("-"))
            name = str(item["name"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFileError(data_path("holidays.yaml"), line, f"need name and date MM-DD: {exc}") from exc
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise DataFileError(data_path("holidays.yaml"), line, f"no such day: {item['date']}")
        out[name] = (month, day)
    return out
