"""Calendar arithmetic and TimeML value formatting (no text handling here)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def add_years_safe(d: date, n: int) -> date:
    y = d.year + n
    day = min(d.day, calendar.monthrange(y, d.month)[1])
    return date(y, d.month, day)


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def fmt_day(d: date) -> str:
    return d.isoformat()


def fmt_week(d: date) -> str:
    iy, iw, _ = d.isocalendar()
    return f"{iy:04d}-W{iw:02d}"


def fmt_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def last_weekday(pub: date, wd: int, *, strict: bool = False) -> date:
    """The weekday ``wd`` on or before ``pub`` (strictly before when ``strict``)."""
    back = (pub.weekday() - wd) % 7
    if strict and back == 0:
        back = 7
    return pub - timedelta(days=back)


def next_weekday(pub: date, wd: int, *, strict: bool = False) -> date:
    fwd = (wd - pub.weekday()) % 7
    if strict and fwd == 0:
        fwd = 7
    return pub + timedelta(days=fwd)


def season_of(d: date) -> tuple[int, str]:
    m = d.month
    if m in (3, 4, 5):
        return d.year, "SP"
    if m in (6, 7, 8):
        return d.year, "SU"
    if m in (9, 10, 11):
        return d.year, "FA"
    return (d.year if m == 12 else d.year - 1), "WI"


_SEASON_ORDER = ["WI", "SP", "SU", "FA"]


def shift_season(y: int, s: str, n: int) -> tuple[int, str]:
    k = y * 4 + _SEASON_ORDER.index(s) + n
    return k // 4, _SEASON_ORDER[k % 4]


_VALUE_RE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{2})(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?(?:T.*)?$"
)


def value_to_date(value: str) -> tuple[date, str] | None:
    """A TimeML DATE/TIME value to (first day, granularity day|week|month|quarter|season|year)."""
    m = _VALUE_RE.match(value or "")
    if not m:
        return None
    y = int(m["y"])
    try:
        if m["d"]:
            return date(y, int(m["m"]), int(m["d"])), "day"
        if m["m"]:
            return date(y, int(m["m"]), 1), "month"
        if m["w"]:
            return date.fromisocalendar(y, int(m["w"]), 6 if m["we"] else 1), "week"
        if m["q"]:
            return date(y, (int(m["q"]) - 1) * 3 + 1, 1), "quarter"
        if m["h"]:
            return date(y, 1 if m["h"] == "1" else 7, 1), "quarter"
        if m["s"]:
            month = {"WI": 12, "SP": 3, "SU": 6, "FA": 9}[m["s"]]
            return date(y, month, 1), "season"
        return date(y, 1, 1), "year"
    except ValueError:
        return None


__all__ = [
    "add_months",
    "add_years_safe",
    "fmt_day",
    "fmt_month",
    "fmt_week",
    "last_weekday",
    "next_weekday",
    "quarter_of",
    "safe_date",
    "season_of",
    "shift_season",
    "timedelta",
    "value_to_date",
]
