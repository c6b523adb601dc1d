"""Publication dates: parse a date string or a dateline, and reject absurd dates.

Only full dates (day, month and year) count: a publication date is never guessed from a relative
expression ("today", "2 hours ago") or filled with today's date.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

logger = logging.getLogger("sitreps.extract")

MIN_DATE = date(1900, 1, 1)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|2\d)\d\d)"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DATE_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b"),  # 2019-05-31, 2019-05-31T10:00
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # May 31, 2019 / July 5 2016
    re.compile(rf"\b{_WEEKDAY}{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I),  # 31 May 2019
    re.compile(rf"\b(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./]{_YEAR}\b"),  # 31.05.2019 (day first)
]


def parse_date(text: str | None) -> date | None:
    """A full calendar date found in ``text`` (or None). Never resolves relative expressions."""
    if not text:
        return None
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    s = str(text).strip()
    for pat in _DATE_PATTERNS:
        m = pat.search(s)
        if not m:
            continue
        g = m.groupdict()
        try:
            month = _MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else int(g["m"])
            day = int(g["day"] if g.get("day") else g["d"])
            return date(int(g["year"]), month, day)
        except (KeyError, ValueError):
            continue
    # Last resort for odd formats ("5th of July, 2016 10:00 GMT"): dateparser, but only on a short
    # string that carries a four-digit year, so that "yesterday" never becomes a date.
    if len(s) <= 60 and re.search(r"\b(?:1[89]|2\d)\d\d\b", s):
        try:
            import dateparser

            dt = dateparser.parse(
                s,
                languages=["en"],
                settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
            )
        except Exception:  # dateparser raises a zoo of errors on odd input
            return None
        return dt.date() if dt else None
    return None


def check_date(d: date | None, source: str | None = None, origin: str = "") -> date | None:
    """``d`` if plausible as a publication date, else None with a logged note.

    Absurd: before 1900 or more than one day after today (time zones allow one day).
    """
    if d is None:
        return None
    if d < MIN_DATE or d > date.today() + timedelta(days=1):
        logger.warning(
            "%s: ignoring absurd %s date %s", source or "?", origin or "publication", d.isoformat()
        )
        return None
    return d


@dataclass
class Dateline:
    """A wire-style dateline at the start of a body: ``KABUL, Afghanistan (AP) —``."""

    place: str | None
    date: date | None
    agency: str | None
    end: int  # offset just after the dash


_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z.'\- ]{1,40}[A-Z.](?:,\s*[A-Z][\w.'\- ]{1,40}?)?)   # KABUL, Afghanistan
        (?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?))?          # , May 5(, 2019)
        \s*(?:\((?P<agency>[A-Za-z][\w .&-]{0,30})\))?                          # (AP)
        \s*[—–-]{1,2}\s""",
    re.X,
)


def find_dateline(body: str) -> Dateline | None:
    """The wire dateline at the very start of ``body``, if there is one."""
    m = _DATELINE.match(body[:200])
    if not m:
        return None
    d = parse_date(m.group("date")) if m.group("date") else None
    return Dateline(place=m.group("place").strip(), date=d, agency=m.group("agency"), end=m.end())
