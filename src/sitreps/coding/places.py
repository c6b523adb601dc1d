"""Event places: which of a sentence's places is where its event happened.

The geoparser finds every place in the article (``ctx.places``); an event takes the one that is
its scene, not a seat ("a Poland-based channel"), a metonym, an acting country ("Saudi Arabia
donated") or a place inside an actor's name. A sentence that names none takes the place the
report allows (ACLED still places such events).
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitreps.coding.context import ArticleContext
from sitreps.model import Place, Span
from sitreps.nlp.paragraphs import paragraph
from sitreps.nlp.text import doc_text

# "the town of X", "the province of X": the noun stands for the place named after it.
SETTLEMENT_NOUNS = frozenset({"city", "town", "village", "hamlet", "neighbourhood", "neighborhood", "district",
                              "suburb", "province", "governorate", "region", "area", "camp", "countryside"})
# Verbs whose subject is where things happen ("Syria has seen / suffered / recorded ..."), not an actor.
SCENE_SUBJECT_VERBS = frozenset({"see", "witness", "suffer", "record", "experience", "face", "endure", "lose",
                                 "host", "remain", "become", "undergo", "register"})
LOCATIVE_PREPS = {"in", "near", "at", "outside", "around", "inside", "into", "on", "across", "throughout", "from",
                  "within", "towards", "toward", "between"}


_BASED_BEFORE = re.compile(r"\bbased (?:in|at|out of) (?:the )?$", re.I)
_BASED_AFTER = re.compile(r"^[-\u2010-\u2013 ]based\b", re.I)


def _home_base(text: str, span: Span) -> bool:
    """"a Poland-based channel", "justices based in London": where someone has its seat, not where
    the event happened."""
    return bool(_BASED_BEFORE.search(text[max(0, span.start - 20) : span.start])
                or _BASED_AFTER.match(text[span.end : span.end + 8]))


def _country_as_agent(doc, span: Span) -> bool:
    """A country that acts ("Saudi Arabia donated money", "strikes carried out by the United
    States") is a government, not the place where the act happened."""
    toks = doc.char_span(span.start, span.end, alignment_mode="expand")
    if toks is None:
        return False
    root = toks.root
    while root.dep_ == "conj" and root.head.i < root.i:  # "Both Libya and Saudi Arabia donated"
        root = root.head
    if root.dep_ == "nsubj" and root.head.pos_ == "VERB":
        return root.head.lemma_.lower() not in SCENE_SUBJECT_VERBS
    return root.dep_ == "pobj" and root.head.dep_ == "agent"


def event_places(sent, ctx: ArticleContext, actor_spans: list[Span], refined=None) -> list[Place]:
    """Where the event told in ``sent`` happened: the places of the sentence that are a scene (not
    a seat, a metonym, an actor's name or an acting country), the locative one first; one per admin1
    when the sentence spans regions (ACLED practice); a country alone yields to a more precise
    place the article gives (``fallback_place``)."""
    text = doc_text(sent.doc)
    inside = [p for p in ctx.places
              if p.span is not None and sent.start_char <= p.span.start < sent.end_char
              and p.qualifier != "metonym" and not _home_base(text, p.span)
              and not any(a.start <= p.span.start < a.end for a in actor_spans)
              and not (p.feature == "country" and _country_as_agent(sent.doc, p.span))]
    if not inside:
        return []
    # Areas in no one country ("the Middle East", "the Euphrates") are no event place when the
    # article says better; countries come next.
    specific = [p for p in inside if p.feature != "country" and p.iso2]
    if not specific:
        # "in Syria": the country only; the article may say where in it.
        countries = [p for p in inside if p.feature == "country"]
        within = fallback_place(sent, ctx, refined) if refined is not None else None
        if not countries:
            return [within] if within is not None else inside[:1]
        if within is not None and within.iso2 == countries[0].iso2 and within.feature != "country":
            return [within]
        return countries[:1]
    # One event per admin1 when the sentence spans regions (ACLED practice); otherwise the
    # most precise place first.
    regional = [p for p in specific if (p.geo_precision or 1) == 3]
    if len(regional) > 1 and len({p.admin1 for p in regional}) > 1:
        seen, out = set(), []
        for p in regional:
            if p.admin1 not in seen:
                seen.add(p.admin1)
                out.append(p)
        return out
    doc = sent.doc

    def locative(p: Place) -> bool:
        """Introduced by "in/near/at/outside ...": where the event happened, not a modifier."""
        span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
        if span is None:
            return False
        head = span.root
        for _ in range(4):
            if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS:
                return True
            noun = head.head.head
            if (head.dep_ == "pobj" and head.head.lower_ == "of" and noun.lemma_.lower() in SETTLEMENT_NOUNS
                    and not any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" for c in noun.children)):
                head = noun  # "in the town of X" is "in X" (but "in Y district of X" is in Y)
                continue
            if head.dep_ not in ("compound", "pobj", "appos", "conj") or head.head.i == head.i:
                return False
            head = head.head
        return False

    return [min(specific, key=lambda p: (not locative(p), p.geo_precision or 1, p.span.start))]

def fallback_place(sent, ctx: ArticleContext, refined) -> Place | None:
    """A sentence that names no place: ACLED still places the event, at the precision the
    report allows: the nearest specific place named just before in the same paragraph, else
    the region (admin1) of the article's main place in its focus country (geo_precision 3),
    else the focus country itself."""
    if refined.event_type is None or ctx.country is None:
        return None
    para_start = paragraph(doc_text(sent.doc), sent.start_char)[0]
    before = [p for p in ctx.places if p.span is not None and para_start <= p.span.start < sent.start_char
              and p.iso2 == ctx.country and p.feature not in ("country", "region")
              and p.qualifier not in ("metonym", "demonym")]
    if before:
        near = before[-1]
        return replace(near, span=None, qualifier="context", geo_precision=max(near.geo_precision or 1, 2))
    main = next((p for p in ctx.places if p.iso2 == ctx.country and p.feature != "country"
                 and p.qualifier != "metonym" and p.admin1), None)
    if main is not None:
        return replace(main, name=main.admin1, feature="adm1" if main.feature != "region" else main.feature,
                       geonameid=None, geo_precision=3, span=None, qualifier="article", admin2=None)
    country = next((p for p in ctx.places if p.iso2 == ctx.country and p.feature == "country"), None)
    if country is not None:
        return replace(country, span=None, geo_precision=3, qualifier="article")
    return None
