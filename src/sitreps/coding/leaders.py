"""Named national leaders → their country (data/leaders.yaml).

PLOVER codes a head of state or government as his country's government even where the sentence
names no country ("Putin offered to negotiate with the president of Armenia"); the article's
country focus would give the wrong one there.
"""

from __future__ import annotations

import re
from functools import cache

from sitreps.datafiles import DataFileError, data_path, load_yaml

FILE = "leaders.yaml"


def _pattern(name: str) -> str:
    """A name as whole words, any run of spaces, dots or hyphens between its parts."""
    parts = [re.escape(p) for p in re.split(r"[\s.\-]+", name) if p]
    return r"(?<![\w'’-])" + r"[\s.\-]*".join(parts) + r"(?![\w-])"


@cache
def _leaders() -> list[tuple[re.Pattern[str], str]]:
    data, lines = load_yaml(FILE)
    if not isinstance(data, dict):
        raise DataFileError(data_path(FILE), 1, "expected a mapping of ISO2 code to names")
    out: list[tuple[re.Pattern[str], str]] = []
    for iso2, names in data.items():
        if not isinstance(iso2, str) or len(iso2) != 2 or not isinstance(names, list):
            raise DataFileError(data_path(FILE), lines.get(str(iso2), (None,))[0], f"bad entry {iso2!r}")
        out += [(re.compile(_pattern(str(n))), iso2) for n in names]
    # longer names first: "Raul Castro" before a shorter name inside it
    out.sort(key=lambda p: -len(p[0].pattern))
    return out


@cache
def _any_leader() -> re.Pattern[str]:
    """All names in one pattern: most phrases name no leader, and one search says so."""
    return re.compile("|".join(f"(?:{p.pattern})" for p, _iso2 in _leaders()))


def leader_country(text: str) -> str | None:
    """ISO2 of the country a leader named in ``text`` led, or None (case-sensitive match)."""
    if not _any_leader().search(text):
        return None
    for pattern, iso2 in _leaders():
        if pattern.search(text):
            return iso2
    return None
