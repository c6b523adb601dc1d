"""``nlp.add_pipe("sitreps_events")``: the sitreps coder as a spaCy component.

After the component runs, ``doc._.events`` holds the coded events (sitreps.model.Event) of the
doc's text, and ``doc._.event_mentions`` every mention including the uncounted ones.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
if not Doc.has_extension("event_mentions"):
    Doc.set_extension("event_mentions", default=None)


class SitrepsEvents:
    def __init__(self, nlp: Language, name: str, country_hint: str | None = None):
        self.name = name
        self.country_hint = country_hint

    def __call__(self, doc: Doc) -> Doc:
        from sitreps.pipeline import code_doc

        events, mentions = code_doc(doc, country_hint=self.country_hint)
        doc._.events = events
        doc._.event_mentions = mentions
        return doc


@Language.factory("sitreps_events", default_config={"country_hint": None})
def make_sitreps_events(nlp: Language, name: str, country_hint: str | None = None) -> SitrepsEvents:
    return SitrepsEvents(nlp, name, country_hint)
