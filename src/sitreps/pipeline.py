"""The chain in memory: Article -> spaCy Doc -> places, dates -> mentions -> events.

Each stage is a plain function from ``sitreps.extract``, ``sitreps.nlp``, ``sitreps.geo``,
``sitreps.timex``, ``sitreps.coding`` and ``sitreps.merge``; this module only wires them and
batches the parsing with ``nlp.pipe``. ``sitreps code``, ``sitreps eval`` and the spaCy
component all run through here, so what is evaluated is what users get.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date

from sitreps.coding.coder import ArticleContext, code_sentences, get_coder
from sitreps.merge.article import merge_mentions
from sitreps.model import Article, Event, EventMention
from sitreps.nlp import get_nlp
from sitreps.nlp.text import doc_text


def _country_iso2(hint: str | None) -> str | None:
    if not hint:
        return None
    from sitreps.geo import lookup_country

    found = lookup_country(hint)
    return found[0] if found else None


def actor_hits(text: str) -> list:
    """(start, end, Actor) of every actor-dictionary name in the text, searched once per article."""
    from sitreps.coding.actors import get_actor_dictionary

    return get_actor_dictionary().find_all(text, None)


def actor_countries(text: str, hits: list | None = None) -> list[tuple[int, str]]:
    """(offset, ISO2) of every named actor of a known country ("Syrian troops", "SSPDF", "Al
    Shabaab"): short reports name their actors more reliably than the villages the gazetteer knows."""
    from sitreps.geo import lookup_country

    out = []
    for start, _end, actor in actor_hits(text) if hits is None else hits:
        if not actor.known or not actor.country or actor.name.startswith(("Unidentified", "Civilians")):
            continue
        found = lookup_country(actor.iso3 or actor.country)
        if found:
            out.append((start, found[0]))
    return out


def article_focus(text: str, places, actors: list[tuple[int, str]] | None = None) -> str | None:
    """The country an article is about: a vote of its places and of the countries of the actors it
    names (:func:`actor_countries`), the lead counting double."""
    votes: Counter[str] = Counter()
    lead = min(len(text), 400)
    for p in places:
        if not p.iso2 or p.qualifier == "metonym" or p.span is None:
            continue
        # Countries and divisions are rarely ambiguous; a village's name often is.
        if p.feature in ("country", "adm1", "adm2"):
            w = 1.5
        elif (p.population or 0) >= 100_000:
            w = 1.0
        else:
            w = 0.4
        votes[p.iso2] += w * (2 if p.span.start < lead else 1)
    for start, iso2 in actor_countries(text) if actors is None else actors:
        votes[iso2] += 1.5 * (2 if start < lead else 1)
    if not votes:
        return None
    (best, top), *rest = votes.most_common(2) + [(None, 0.0)]
    return best if top > 0 else None


def drop_names_in_actors(text: str, places: list, hits: list | None = None) -> list:
    """Countries and regions inside a longer actor name ("Islamic State of Iraq and the Levant",
    "Al-Qaeda in the Arabian Peninsula") name the group, not a place where anything happened."""
    names = [(s, e) for s, e, _a in (actor_hits(text) if hits is None else hits)]
    return [p for p in places if p.span is None or p.feature not in ("country", "region") or not any(
        s <= p.span.start and p.span.end <= e and (e - s) > (p.span.end - p.span.start) for s, e in names)]


def context_for(doc, *, article_id: str, published: date | None, country_hint: str | None) -> ArticleContext:
    """Places, dates and country focus of a parsed text: what sentences are coded against."""
    from sitreps.geo import country_focus, geoparse
    from sitreps.timex import find_timexes

    hint = _country_iso2(country_hint)
    text = doc_text(doc)
    hits = actor_hits(text)
    actors = actor_countries(text, hits)
    votes = Counter(iso2 for _start, iso2 in actors)
    places = drop_names_in_actors(text, geoparse(text, doc=doc, country_hint=hint, focus_votes=votes), hits)
    focus = hint or article_focus(text, places, actors) or country_focus(places)
    timexes = find_timexes(text, published)
    return ArticleContext(article_id=article_id, published=published, country=focus, places=places,
                          timexes=timexes)


# Test-only fault injection: an article whose body contains this variable's value makes coding raise,
# so the suite can check that one bad article never stops a batch, locally and on Ray workers (which
# inherit the environment). Unset in normal use; coding has no known crash to test with instead.
FAULT_ENV = "SITREPS_FAULT_MARKER"


def code_parsed(article: Article, doc, *, include_all: bool = False) -> tuple[list[Event], list[EventMention]]:
    marker = os.environ.get(FAULT_ENV)
    if marker and marker in article.body:
        raise RuntimeError(f"fault injected ({FAULT_ENV})")
    ctx = context_for(doc, article_id=article.id, published=article.published, country_hint=article.country_hint)
    mentions = code_sentences(doc, ctx, get_coder())
    events = merge_mentions(mentions, article, include_all=include_all)
    if article.title and events:
        enrich_from_title(events, article.title, ctx)
    return events, mentions


def enrich_from_title(events: list[Event], title: str, ctx: ArticleContext) -> None:
    """Headlines carry the toll ("Suicide bomber kills 16 in Hasakah") that the body may not
    repeat. A headline mention lends its fatalities and perpetrator to the first body event of a
    compatible type that lacks them; it never creates an event (it has no body evidence)."""
    from dataclasses import replace as dc_replace

    from sitreps.merge.article import VIOLENT_TYPES

    doc = get_nlp()(title)
    head_ctx = dc_replace(ctx, places=[], last_actor=None, last_armed_nonstate=None)
    for m in code_sentences(doc, head_ctx, get_coder()):
        if not m.counted or m.event_type not in VIOLENT_TYPES:
            continue
        for ev in events:
            if not ev.counted or ev.event_type not in VIOLENT_TYPES:
                continue
            if m.sub_event_type not in (ev.sub_event_type, "Attack", "Armed clash") and ev.sub_event_type not in (
                    "Attack", "Armed clash"):
                continue
            if ev.fatalities is None and m.fatalities is not None:
                ev.fatalities = m.fatalities
                ev.provenance["fatalities"] = -1  # -1: the headline
            if ev.actor1 is None and m.actor1 is not None and m.actor1.known:
                ev.actor1 = m.actor1
                ev.provenance["actor1"] = -1
            break


def code_article(article: Article, *, include_all: bool = False) -> list[Event]:
    doc = get_nlp()(article.body)
    events, _ = code_parsed(article, doc, include_all=include_all)
    return events


def code_articles(articles: Iterable[Article], *, include_all: bool = False,
                  batch_size: int = 16) -> Iterator[tuple[Article, list[Event]]]:
    """Code many articles, parsing them in batches (``nlp.pipe``)."""
    nlp = get_nlp()
    pairs = ((a.body, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        events, _ = code_parsed(article, doc, include_all=include_all)
        yield article, events


def code_text(text: str, *, format: str = "txt", published: date | None = None, country_hint: str | None = None,
              include_all: bool = False) -> tuple[Article, list[Event]]:
    """Extract and code one text as given (the eval harness's entry point)."""
    from sitreps.extract import article_from_text

    article = article_from_text(text, format=format, published=published)
    if country_hint and not article.country_hint:
        article.country_hint = country_hint
    return article, code_article(article, include_all=include_all)


def code_doc(doc, *, country_hint: str | None = None, published: date | None = None,
             include_all: bool = False) -> tuple[list[Event], list[EventMention]]:
    """Code an already parsed spaCy Doc (the ``sitreps_events`` component)."""
    article = Article(id=Article.make_id(doc.text), body=doc.text, published=published, country_hint=country_hint)
    return code_parsed(article, doc, include_all=include_all)
