"""Paragraphs of an article's text, defined once for the timex rules, event dates and event places.

A paragraph ends at a blank line (a line of spaces or tabs counts as blank). The extractor joins an
article's paragraphs with one blank line and leaves no line break inside them, so on extracted
text every reading below agrees. Text can also arrive raw (``find_timexes`` called directly, the
dates records, a Doc coded by the ``sitreps_events`` component), often one paragraph per line;
only the timex rules' narrative year reads those lines as paragraphs (``lines=True``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE_BREAK = re.compile(r"\n\s*\n|\n(?=\S)")


def paragraph_breaks(text: str, start: int = 0, end: int | None = None, *, lines: bool = False) -> Iterator[re.Match]:
    """The paragraph breaks inside ``text[start:end]``, in order: blank lines; with ``lines`` also
    a single line break before a line that starts with text (a break ending at ``end`` does not
    count: the window must show the text after it). The narrative year uses ``lines`` because it
    carries into the next paragraph: in one-paragraph-per-line text, blank lines alone would carry
    a year through the whole text."""
    return (_LINE_BREAK if lines else _BLANK_LINE).finditer(text, start, len(text) if end is None else end)


def paragraph(text: str, pos: int, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """(start, end) of the part of ``text[start:end]`` in the paragraph holding ``pos``: a sentence
    as parsed may run from a headline or a photo caption into the next paragraph. The start is
    found scanning back from ``pos`` (cost of one paragraph, not of the text before it)."""
    end = len(text) if end is None else end
    a, i = start, pos
    while (j := text.rfind("\n", start, i)) >= 0:  # backwards to the nearest blank line
        k = j - 1
        while k >= start and text[k] in " \t":
            k -= 1
        if k >= start and text[k] == "\n":
            a = j + 1
            break
        i = j
    m = next(paragraph_breaks(text, pos, end), None)
    return a, (m.start() if m else end)
