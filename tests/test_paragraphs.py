"""One definition of a paragraph (``nlp/paragraphs.py``) for the timex rules, event dates and places."""

from __future__ import annotations

from datetime import date

from sitreps.nlp.paragraphs import paragraph, paragraph_breaks
from sitreps.timex import find_timexes

TEXT = "Headline here\nand its second line.\n \t\nFirst sentence. Second one.\n\n\nLast paragraph."


def test_paragraph_ends_at_blank_lines_with_or_without_spaces() -> None:
    body = TEXT.index("First")
    last = TEXT.index("Last")
    assert paragraph(TEXT, TEXT.index("Second")) == (body, TEXT.index("\n\n\n"))
    assert paragraph(TEXT, TEXT.index("second line")) == (0, TEXT.index("\n \t\n"))  # one line break: same one
    assert paragraph(TEXT, last) == (last, len(TEXT))


def test_paragraph_is_clipped_to_the_window() -> None:
    start, end = TEXT.index("Second"), TEXT.index("Last") + 4
    assert paragraph(TEXT, TEXT.index("one."), start, end) == (start, TEXT.index("\n\n\n"))
    assert paragraph(TEXT, TEXT.index("Last"), start, end) == (TEXT.index("Last"), end)


def test_line_breaks_are_paragraph_breaks_only_when_asked() -> None:
    assert [m.start() for m in paragraph_breaks(TEXT)] == [TEXT.index("\n \t\n"), TEXT.index("\n\n\n")]
    assert len(list(paragraph_breaks(TEXT, lines=True))) == 3
    # a line break at the window's end needs the line after it to count
    assert list(paragraph_breaks("A.\nB.", 0, 3, lines=True)) == []
    assert len(list(paragraph_breaks("A.\nB.", 0, 4, lines=True))) == 1


def test_narrative_year_reaches_the_next_line_but_not_further() -> None:
    pub = date(2022, 1, 28)

    def nov16(text: str) -> str:
        return next(t.value for t in find_timexes(text, pub) if t.text == "Nov. 16")

    found = "The body was found on Nov. 25, 2019, in a house."
    assert nov16(found + "\nHayton died on Nov. 16, police said.") == "2019-11-16"
    assert nov16(found + "\nPolice came at once.\nHayton died on Nov. 16, police said.") == "2021-11-16"
    assert nov16(found + " Police came at once. Hayton died on Nov. 16, police said.") == "2019-11-16"


def test_a_line_of_spaces_ends_the_paragraph_for_the_place_as_for_the_date() -> None:
    """A sentence naming no place takes one named before it in its paragraph; a line holding only
    a space is a paragraph break there exactly as for the event date's frame."""
    from sitreps.nlp import get_nlp
    from sitreps.pipeline import code_doc

    nlp = get_nlp()

    def coded(sep: str):
        text = (f"In 2014, Kurdish forces took the city of Raqqa in northern Syria.{sep}Jets bombed villages "
                "along the Euphrates, killing 12 civilians.")
        events, _ = code_doc(nlp(text), published=date(2016, 5, 10))
        ev = next(e for e in events if e.counted and e.place is not None and "Jets" in e.mentions[0].evidence.text)
        return ev.place.qualifier, ev.date.date

    framed = ("context", date(2014, 1, 1))
    assert coded(" ") == coded("\n") == framed
    assert coded("\n\n") == coded("\n \n") == coded("\n\t\n") == ("article", date(2016, 5, 10))
