"""Typed data that flows between the stages (see DESIGN.md).

Plain dataclasses so that every stage is a pure function over plain data and the Ray backend can
ship them between processes. All character offsets are into ``Article.body``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Modalities that make a mention count as an event; the others are kept for audit only.
COUNTED_MODALITIES = frozenset({"asserted", "reported", "claimed"})
# "attributed": a statement of who is to blame for an event told elsewhere ("claimed responsibility for
# the attack"), not a report of the event (EVAL.md: claims of responsibility are no ACLED event).
MODALITIES = COUNTED_MODALITIES | {"denied", "planned", "hypothetical", "negated", "habitual", "attributed"}


@dataclass
class RawDocument:
    """Bytes or text as they came in, before any cleaning."""

    source: str  # path, URL or "-" (stdin) or "file.jsonl:12"
    content: bytes | str
    format: str  # html | md | txt | json
    url: str | None = None
    published: date | None = None  # from the record or --published; overrides the text
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Article:
    """A clean article: body text without boilerplate plus metadata."""

    id: str
    body: str
    title: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    original_source: str | None = None  # cross-posts: "The original source of this article is X"
    published: date | None = None
    published_from: str | None = None  # where the date came from: override|record|feed|metadata|dateline|none
    language: str | None = None
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str | None = None  # path / URL it was read from
    format: str | None = None
    country_hint: str | None = None  # ISO alpha-2, when the caller knows the country

    @staticmethod
    def make_id(body: str) -> str:
        """Content hash of the whitespace-normalised body: same text, same id."""
        norm = " ".join(body.split()).lower()
        return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class Actor:
    """An actor as ACLED codes it: canonical name, inter code, country, sector."""

    name: str  # canonical ACLED-style name, or the surface text for unknown groups
    inter: int | None = None  # 1 state forces ... 8 external/other forces
    country: str | None = None  # country name as ACLED writes it
    iso3: str | None = None
    sector: str | None = None  # PLOVER sector: MIL, COP, REB, CVL, GOV ...
    span: Span | None = None
    known: bool = True  # False when the name is the surface text of an unknown group


@dataclass
class Place:
    """A resolved place (GeoNames)."""

    name: str
    geonameid: int | None = None
    feature: str | None = None  # city | adm1 | adm2 | country | region
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None  # 1 the town, 2 near a town / part of region, 3 region only
    span: Span | None = None  # where the article names it
    qualifier: str | None = None  # "near", "northern" ...
    population: int | None = None


@dataclass
class Timex:
    """A time expression with its TimeML value, resolved against the publication date."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TimeML: 2019-05-28, 2019-05, 2019-W22, PAST_REF, P30D ...


@dataclass
class EventDate:
    date: date | None
    time_precision: int  # 1 day, 2 week, 3 month (or vaguer)
    expression: str | None = None  # the text it came from; None when it is the publication date
    from_publication: bool = False
    background: bool = False  # vaguely dated in the past ("earlier this year")


@dataclass
class EventMention:
    """One event as one sentence (or two adjacent ones) states it."""

    article_id: str
    evidence: Span
    trigger: Span
    event_type: str | None
    sub_event_type: str | None
    plover: str | None = None
    plover_mode: str | None = None
    cameo: str | None = None
    trigger_kind: str | None = None  # the lexicon kind that fixed the type (see data/lexicon.yaml)
    actor1: Actor | None = None
    assoc_actor_1: list[Actor] = field(default_factory=list)
    actor2: Actor | None = None
    assoc_actor_2: list[Actor] = field(default_factory=list)
    place: Place | None = None
    date: EventDate | None = None
    fatalities: int | None = None
    fatalities_text: str | None = None
    injuries: int | None = None
    arrested: int | None = None
    attribution: str | None = None
    modality: str = "asserted"
    score: float = 1.0  # coder confidence, used to pick an article's most salient event
    depth: int = 0  # how far below the sentence's main predicate the trigger sits (0 = main event)
    # PLOVER target: whom the act is directed at. actor2 when there is one; else, for PLOVER only, the
    # party the act points to ("denounced Serbia's suppression", "a curfew in Cizre" -> Turkey).
    target: Actor | None = None
    # what the sentence reports: "incident", "aggregate" (a summary of many) or "statement" (an event
    # a condemnation is about); see coding/scope.py
    scope: str = "incident"

    @property
    def counted(self) -> bool:
        return self.modality in COUNTED_MODALITIES


@dataclass
class Event:
    """The merged record of one real-world event and the mentions that report it."""

    id: str
    mentions: list[EventMention]
    event_type: str | None
    sub_event_type: str | None
    plover: str | None
    plover_mode: str | None
    actor1: Actor | None
    assoc_actor_1: list[Actor]
    actor2: Actor | None
    assoc_actor_2: list[Actor]
    place: Place | None
    date: EventDate | None
    fatalities: int | None
    attribution: str | None
    modality: str
    n_reports: int = 1
    sources: list[str] = field(default_factory=list)
    notes: str = ""
    provenance: dict[str, int] = field(default_factory=dict)  # field -> index into mentions (-1: headline)
    article: Article | None = field(default=None, repr=False)
    target: Actor | None = None  # PLOVER target (see EventMention.target); not stored
    scope: str = "incident"  # see event_scope

    @property
    def evidence(self) -> Span:
        return self.mentions[0].evidence

    @property
    def counted(self) -> bool:
        return self.modality in COUNTED_MODALITIES


def event_scope(mentions: list[EventMention]) -> str:
    """"incident" when any counted report tells the event itself, else how the first one tells it
    ("aggregate", "statement"): a summary confirmed by one incident report is an incident."""
    told = [m for m in mentions if m.counted] or mentions
    if not told or any(m.scope == "incident" for m in told):
        return "incident"
    return told[0].scope


def to_jsonable(obj: Any) -> Any:
    """Dataclasses, dates and lists to JSON-ready values (drops the back-reference to the article)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            if f.name == "article":
                continue
            out[f.name] = to_jsonable(getattr(obj, f.name))
        return out
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, list | tuple):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    return obj
