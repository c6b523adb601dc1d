"""Merge reports of one real event from different articles into one event (pure functions).

A *report* is one article's account of one event: the in-article :class:`~sitreps.model.Event`
that ``merge.article`` built, plus who published it. Two reports describe the same event when
their types agree (a generic sub-type such as "Attack" may be refined by a specific one), their
actors agree (they share a canonical name, or one side names none), their places are as close as
their precision allows (10 km for a town, 50 km for "near a town", the same admin1 for a region)
and their dates as close as their time precision allows (1, 7 or 31 days).

Counting *independent* reports follows ACLED: a cross-post or syndicated copy is not a second
source. Reports from the same publisher chain (same ``original_source``/publisher), or whose
evidence is near-identical text (Jaccard of word 5-gram shingles >= 0.8), count once.
Fatalities take the most conservative credible figure (a party's own claim only when nothing
else gives one) and disagreements are kept in ``conflicts``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from sitreps.merge.article import GENERIC_SUBS, VIOLENT_TYPES, build_event
from sitreps.merge.notes import notes_for
from sitreps.model import Actor, Event, EventDate, EventMention, Place

PLACE_KM = {1: 10.0, 2: 50.0}  # geo_precision -> the largest distance two reports may disagree by
REGION_KM = 150.0  # precision 3 without admin1 names on both sides
DATE_DAYS = {1: 1, 2: 7, 3: 31}  # time_precision -> days two reports may disagree by
PUBLICATION_SLACK = 2  # a date that is only the publication date may trail the event by this much
UNARMED_INTER = {5, 6, 7}  # ACLED inter codes of rioters, protesters, civilians
UNARMED_NAMES = ("Civilians", "Protesters", "Rioters")
SHINGLE = 5
NEAR_DUPLICATE = 0.8
_WORD = re.compile(r"\w+")


@dataclass
class Report:
    """One article's account of one event, with the publisher chain it came through."""

    event: Event
    article_id: str
    publisher: str | None = None
    original_source: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass
class Merged:
    """A merged event, its reports, and where the sources disagree."""

    event: Event
    reports: list[Report]
    conflicts: dict[str, list] = field(default_factory=dict)
    groups: list[list[int]] = field(default_factory=list)  # indices of reports that are one source


# --- compatibility --------------------------------------------------------------------------


def types_compatible(t1: str | None, s1: str | None, t2: str | None, s2: str | None) -> bool:
    """Same type and sub-type, or a generic sub-type refined (as ``merge.article.compatible``)."""
    if t1 != t2:
        return t1 in VIOLENT_TYPES and t2 in VIOLENT_TYPES and (s1 in GENERIC_SUBS or s2 in GENERIC_SUBS)
    return s1 == s2 or s1 in GENERIC_SUBS or s2 in GENERIC_SUBS


def _informative(a: Actor | None) -> bool:
    return a is not None and a.known and bool(a.name) and not a.name.startswith("Unidentified")


def _armed(a: Actor) -> bool:
    return a.inter not in UNARMED_INTER and not a.name.startswith(UNARMED_NAMES)


def actor_names(ev: Event) -> set[str]:
    """Canonical names of the identified *armed* actors of an event (unknown, unidentified and
    civilians, protesters or rioters left out): one outlet names the perpetrator, another only the
    victims, and the victims alone say nothing about who did it."""
    actors = [ev.actor1, ev.actor2, *ev.assoc_actor_1, *ev.assoc_actor_2]
    return {a.name for a in actors if _informative(a) and _armed(a)}


def actors_compatible(a: set[str], b: set[str]) -> bool:
    return not a or not b or bool(a & b)


def km(p1: Place, p2: Place) -> float | None:
    if None in (p1.lat, p1.lon, p2.lat, p2.lon):
        return None
    la1, la2 = math.radians(p1.lat), math.radians(p2.lat)
    dl = math.radians(p2.lon - p1.lon)
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def places_compatible(p1: Place | None, p2: Place | None) -> bool:
    """Within the distance the coarser of the two precisions allows; unknown on one side is fine."""
    if p1 is None or p2 is None:
        return True
    if p1.iso2 and p2.iso2 and p1.iso2 != p2.iso2:
        return False
    if p1.geonameid is not None and p1.geonameid == p2.geonameid:
        return True
    prec = max(p1.geo_precision or 1, p2.geo_precision or 1)
    if p1.feature == "country" or p2.feature == "country":
        return True  # only the country is known on one side, and it agrees
    dist = km(p1, p2)
    if prec >= 3:
        if p1.admin1 and p2.admin1:
            return p1.admin1 == p2.admin1
        return dist is None or dist <= REGION_KM
    if dist is None:
        return (p1.name or "").lower() == (p2.name or "").lower()
    return dist <= PLACE_KM[prec]


def dates_compatible(d1: EventDate | None, d2: EventDate | None) -> bool:
    """Within the window the coarser time precision allows (wider when a date is only the
    publication date); a background date ("earlier this year") only matches another one."""
    if d1 is None or d2 is None or d1.date is None or d2.date is None:
        return True
    if d1.background != d2.background:
        return False
    window = DATE_DAYS.get(max(d1.time_precision or 1, d2.time_precision or 1), 31)
    if d1.from_publication or d2.from_publication:
        window += PUBLICATION_SLACK
    return abs((d1.date - d2.date).days) <= window


def same_event(a: Event, b: Event) -> bool:
    """Do two events (in-article or already merged) report the same real-world event?"""
    if not (a.counted and b.counted) or a.event_type is None or b.event_type is None:
        return False  # an untyped mention (PLOVER-only, e.g. a statement) is too vague to merge
    return (
        types_compatible(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type)
        and dates_compatible(a.date, b.date)
        and places_compatible(a.place, b.place)
        and actors_compatible(actor_names(a), actor_names(b))
    )


# --- independence ---------------------------------------------------------------------------


def _norm(name: str | None) -> str | None:
    if not name:
        return None
    key = " ".join(_WORD.findall(name.lower()))
    return key.removeprefix("the ") or None


def origin(r: Report) -> str | None:
    """Who first published the text: the original source of a cross-post, else the publisher."""
    return _norm(r.original_source) or _norm(r.publisher)


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def evidence_text(ev: Event) -> str:
    return " ".join(m.evidence.text for m in ev.mentions)


def copied(a: Event, b: Event, threshold: float = NEAR_DUPLICATE) -> bool:
    """Near-identical evidence: the whole texts, or any one sentence of each (a copy trimmed to
    its first paragraph still shares the sentence that reports the event)."""
    if jaccard(shingles(evidence_text(a)), shingles(evidence_text(b))) >= threshold:
        return True
    sa = [shingles(m.evidence.text) for m in a.mentions]
    sb = [shingles(m.evidence.text) for m in b.mentions]
    return any(len(x) >= 3 and jaccard(x, y) >= threshold for x in sa for y in sb)


def near_duplicate(a: str, b: str, threshold: float = NEAR_DUPLICATE) -> bool:
    return jaccard(shingles(a), shingles(b)) >= threshold


def independent_groups(reports: list[Report]) -> list[list[int]]:
    """Reports grouped by source: same article, same publisher chain or near-identical evidence."""
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(reports)):
        for j in range(i + 1, len(reports)):
            a, b = reports[i], reports[j]
            same = (
                a.article_id == b.article_id
                or (origin(a) is not None and origin(a) == origin(b))
                or (_norm(a.publisher) is not None and _norm(a.publisher) == _norm(b.publisher))
                or copied(a.event, b.event)
            )
            if same:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(reports)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


# --- reconciliation -------------------------------------------------------------------------


def _order(reports: list[Report]) -> list[Report]:
    return sorted(reports, key=lambda r: (r.published or date.max, r.article_id))


def conservative_fatalities(reports: list[Report]) -> int | None:
    """ACLED: the lowest credible figure; a party's own claim counts only if nothing else does."""
    reported = [r.event.fatalities for r in reports if r.event.fatalities is not None]
    credible = [
        r.event.fatalities
        for r in reports
        if r.event.fatalities is not None and r.event.modality != "claimed"
    ]
    pool = credible or reported
    return min(pool) if pool else None


def find_conflicts(reports: list[Report]) -> dict[str, list]:
    """Fields on which reports disagree: fatality figures, day-precise dates, town-precise places."""
    out: dict[str, list] = {}
    fat = sorted({r.event.fatalities for r in reports if r.event.fatalities is not None})
    if len(fat) > 1:
        out["fatalities"] = fat
    days = sorted(
        {
            r.event.date.date.isoformat()
            for r in reports
            if r.event.date
            and r.event.date.date
            and r.event.date.time_precision == 1
            and not r.event.date.from_publication
        }
    )
    if len(days) > 1:
        out["date"] = days
    towns = sorted(
        {r.event.place.name for r in reports if r.event.place and r.event.place.geo_precision == 1}
    )
    if len(towns) > 1:
        out["location"] = towns
    return out


def _source_name(r: Report) -> str | None:
    return r.publisher or r.original_source or r.url


def reconcile(reports: list[Report], event_id: str | None = None) -> Merged:
    """One event from the reports of it: fields from all mentions (most specific type, most
    precise place and date), conservative fatalities, sources, independent-report count, notes."""
    reports = _order(reports)
    mentions: list[EventMention] = [m for r in reports for m in r.event.mentions]
    ev = build_event(mentions)
    ev.id = event_id or reports[0].event.id
    ev.fatalities = conservative_fatalities(reports)
    for i, m in enumerate(mentions):
        if m.fatalities == ev.fatalities:
            ev.provenance["fatalities"] = i
            break
    groups = independent_groups(reports)
    ev.n_reports = len(groups)
    ev.sources = list(dict.fromkeys(s for s in (_source_name(r) for r in reports) if s))
    ev.notes = notes_for(ev)
    return Merged(event=ev, reports=reports, conflicts=find_conflicts(reports), groups=groups)


def merge_reports(reports: list[Report]) -> list[Merged]:
    """Cluster reports greedily in publication order: a report joins the first merged event it is
    compatible with (never one that already holds a report from the same article)."""
    clusters: list[Merged] = []
    for r in _order(reports):
        if not r.event.counted:
            continue
        for i, c in enumerate(clusters):
            if any(x.article_id == r.article_id for x in c.reports):
                continue
            if same_event(c.event, r.event):
                clusters[i] = reconcile([*c.reports, r], event_id=c.event.id)
                break
        else:
            clusters.append(reconcile([r]))
    return clusters
