"""The text of a parsed document, computed once: spaCy's ``Doc.text`` joins every token on each
access, which costs O(tokens) per call and dominated coding time when read per sentence."""

from __future__ import annotations

_KEY = "sitreps_text"


def doc_text(doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return text
