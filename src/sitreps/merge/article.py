"""Merge the mentions of one article into events: two sentences that report the same event become
one event ("The SAA eliminated an ISIS cell near Palmyra. ... the SAA killed at least 5 ISIS
members" -> one clash with 5 fatalities near Tadmur).

Cross-article merging (independent reports) belongs to the store; this module is the in-memory,
single-article step that ``sitreps code`` runs.
"""

from __future__ import annotations

import hashlib
import math

from sitreps.merge.notes import notes_for
from sitreps.model import Event, EventMention, event_scope

MAX_SENTENCE_GAP = 600  # characters between the end of an event's last mention and a new mention
PUBLICATION_SLACK_DAYS = 7  # a report may tell an event of the past week without dating it
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
# Generic sub-event types that a more specific report of the same event refines.
GENERIC_SUBS = {"Attack", "Armed clash", None}


def _km(a, b) -> float:
    if a.lat is None or b.lat is None:
        return 0.0
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _place(m: EventMention):
    """The place the mention's own sentence names (not the article-level fallback)."""
    return m.place if m.place is not None and m.place.qualifier not in ("article", "context") else None


GENERIC_ACTORS = ("Unidentified", "Civilians", "Protesters", "Rioters")


def _names(m: EventMention, doers_only: bool = False) -> set[str]:
    """Named actors of a mention; described ones ("militants", "civilians") may be anyone's and
    do not keep two mentions apart. ``doers_only``: an anaphoric mention may name other victims
    ("killing a police officer in the process") of the same act."""
    actors = [m.actor1, *m.assoc_actor_1] if doers_only else [m.actor1, m.actor2, *m.assoc_actor_1, *m.assoc_actor_2]
    return {a.name for a in actors if a is not None and not a.name.startswith(GENERIC_ACTORS)}


OUTCOME_WORDS = ("explosion", "blast", "explod", "detonat", "attack", "killing")


def is_generic(m: EventMention) -> bool:
    """A mention whose type says little: a generic attack/clash, or an explosion that a grenade,
    a suicide bomber or a shell may have caused ("... hurled grenades. The explosions killed five")."""
    if m.sub_event_type in GENERIC_SUBS:
        return True
    if m.trigger.text.lower().startswith(("protester", "protestor", "demonstrator")):
        return True  # the people, not the act: "five protesters were taken to hospital"
    trig = m.trigger.text.lower()
    return m.sub_event_type == "Remote explosive/landmine/IED" and trig.startswith(OUTCOME_WORDS)


DEFINITE = ("the", "this")  # not "that": often a complementizer ("said that kidnappings ...")


def anaphoric(m: EventMention) -> bool:
    """An undated definite mention ("while conducting the abduction", "denounced the kidnapping")
    refers back to an act the article has told already; its publication date is no date of its own."""
    if m.date is not None and not m.date.from_publication:
        return False
    before = m.evidence.text[: max(0, m.trigger.start - m.evidence.start)].split()
    after = m.evidence.text[max(0, m.trigger.end - m.evidence.start):].split()
    # "the killing of two activists" establishes its referent with its complement: a first mention
    return bool(before) and before[-1].lower() in DEFINITE and not (after and after[0].lower() == "of")


def compatible(event_mentions: list[EventMention], m: EventMention, refers_back: bool = False) -> bool:
    """Whether ``m`` may report the event of ``event_mentions``; ``refers_back``: m is an anaphoric
    mention of it, whose publication date does not keep it from an earlier dated report."""
    last = event_mentions[-1]
    far = m.evidence.start - last.evidence.end > MAX_SENTENCE_GAP
    if far and (_place(m) is None or not any(_place(x) for x in event_mentions)):
        # Far apart, a mention only joins an event it shares a place with.
        return False
    first = event_mentions[0]
    generic = is_generic(m) or all(is_generic(x) for x in event_mentions)
    if m.event_type != first.event_type:
        both_violent = m.event_type in VIOLENT_TYPES and first.event_type in VIOLENT_TYPES
        if not (both_violent and generic):
            return False
    elif m.sub_event_type != first.sub_event_type and not generic:
        return False
    names = set().union(*(_names(x, refers_back) for x in event_mentions))
    mine = _names(m, refers_back)
    if mine and names and not (mine & names):
        return False
    places = [_place(x) for x in event_mentions if _place(x) is not None]
    if _place(m) is not None and places:
        p = places[0]
        if m.place.admin1 != p.admin1 or _km(m.place, p) > 50:
            return False
    dates = [x.date for x in event_mentions if x.date and not x.date.from_publication and x.date.date]
    if m.date and not m.date.from_publication and m.date.date and dates:
        if not _same_time(m.date, dates[0]):
            return False
    if m.date and m.date.background != any(x.date and x.date.background for x in event_mentions):
        return False
    # A report dated only by its publication and one a sentence dates weeks before it are two
    # events ("10 civilians were killed ... Moreover on March 22 dozens were killed").
    published = [x.date.date for x in event_mentions if x.date and x.date.from_publication and x.date.date]
    if m.date and m.date.date and not m.date.from_publication and not dates and published:
        if abs((m.date.date - published[0]).days) > PUBLICATION_SLACK_DAYS:
            return False
    if m.date and m.date.date and m.date.from_publication and dates and not refers_back:
        if abs((m.date.date - dates[0].date).days) > PUBLICATION_SLACK_DAYS:
            return False
    return True


def _same_time(a, b) -> bool:
    """Dates that may name one day: within a day, or a day inside the week or month the other
    names ("in December 2020" ... "the Dec. 30, 2020 operation")."""
    days = abs((a.date - b.date).days)
    coarse = max(a.time_precision or 1, b.time_precision or 1)
    if coarse >= 3 and not (a.background or b.background):
        month = a if (a.time_precision or 1) >= 3 else b
        other = b if month is a else a
        return (other.date.year, other.date.month) == (month.date.year, month.date.month)
    return days <= (7 if coarse == 2 else 1)


def _dated(g: list[EventMention]) -> bool:
    """Whether a sentence of the event dates it (not only the publication, not vaguely)."""
    return any(x.date is not None and x.date.date is not None and not x.date.from_publication
               and not x.date.background for x in g)


def _pick(mentions: list[EventMention], attr: str):
    for i, m in enumerate(mentions):
        v = getattr(m, attr)
        if v is not None:
            return v, i
    return None, None


def build_event(mentions: list[EventMention], article=None) -> Event:
    """Reconcile the fields of mentions that report one event, with provenance for each field."""
    prov: dict[str, int] = {}
    # The most specific type among the mentions (a named weapon beats a generic "attack").
    typed = sorted(range(len(mentions)), key=lambda i: (is_generic(mentions[i]), i))
    ti = typed[0]
    prov["event_type"] = prov["sub_event_type"] = ti
    fields = {}
    for attr in ("actor1", "actor2", "attribution", "target"):
        fields[attr], idx = _pick(mentions, attr)
        if idx is not None:
            prov[attr] = idx
    placed = [(m.place.qualifier in ("article", "context"), m.place.qualifier == "article", m.place.geo_precision or 1, i)
              for i, m in enumerate(mentions) if m.place is not None]
    place = None
    if placed:
        *_, pi = min(placed)
        place = mentions[pi].place
        prov["place"] = pi
    dated = [(m.date.from_publication, m.date.time_precision, i) for i, m in enumerate(mentions) if m.date]
    date = None
    if dated:
        *_, di = min(dated)
        date = mentions[di].date
        prov["date"] = di
    counts = [(m.fatalities, i) for i, m in enumerate(mentions) if m.fatalities is not None]
    fatalities = None
    if counts:
        # Within ONE report the lead states the toll (news are written top-down); later figures
        # are subsets ("15 of the dead"), earlier tolls or another incident told alongside, and
        # adding or maximising them double-counts. ACLED's "most conservative credible figure"
        # across independent reports is merge/cross.py's.
        fatalities, fi = counts[0]
        prov["fatalities"] = fi
    modality = "asserted" if any(m.modality == "asserted" for m in mentions) else next(
        (m.modality for m in mentions if m.counted), mentions[0].modality)
    assoc1 = [a for m in mentions for a in m.assoc_actor_1]
    assoc2 = [a for m in mentions for a in m.assoc_actor_2]
    head = mentions[ti]
    key = f"{head.article_id}:{mentions[0].evidence.start}:{place.geonameid if place else ''}"
    ev = Event(
        id=hashlib.sha1(key.encode()).hexdigest()[:16],
        mentions=mentions,
        event_type=head.event_type,
        sub_event_type=head.sub_event_type,
        plover=head.plover,
        plover_mode=head.plover_mode,
        actor1=fields["actor1"],
        assoc_actor_1=_unique(assoc1, fields["actor1"]),
        actor2=fields["actor2"],
        assoc_actor_2=_unique(assoc2, fields["actor2"]),
        place=place,
        date=date,
        fatalities=fatalities,
        attribution=fields["attribution"],
        modality=modality,
        n_reports=1,
        sources=[article.publisher or article.url or article.source] if article is not None and (
            article.publisher or article.url or article.source) else [],
        provenance=prov,
        article=article,
        target=fields["target"],
        scope=event_scope(mentions),
    )
    ev.notes = notes_for(ev)
    return ev


def _unique(actors, main):
    seen = {main.name} if main is not None else set()
    out = []
    for a in actors:
        if a.name not in seen:
            seen.add(a.name)
            out.append(a)
    return out


def merge_mentions(mentions: list[EventMention], article=None, include_all: bool = False) -> list[Event]:
    """Counted mentions merge into events in text order; uncounted ones stay single (audit only),
    except that a statement of who is to blame ("attributed": "the regime was responsible for a sarin
    attack") joins the nearest compatible event told elsewhere in the article, lending it its actors."""
    groups: list[list[EventMention]] = []
    audit: list[list[EventMention]] = []
    blamed: list[EventMention] = []
    violent = [m for m in mentions if m.counted and m.event_type in VIOLENT_TYPES]
    for m in sorted(mentions, key=lambda m: m.evidence.start):
        if m.modality == "attributed":
            blamed.append(m)
            continue
        if not m.counted:
            audit.append([m])
            continue
        if m.trigger_kind == "mobilize" and any(abs(v.evidence.start - m.evidence.start) <= MAX_SENTENCE_GAP
                                                for v in violent):
            # PLOVER: MOBILIZE is not coded separately when the fighting it serves is reported.
            audit.append([m])
            continue
        if anaphoric(m):
            # "the abduction" with no date of its own: the nearest earlier dated act of its kind
            dated = [g for g in groups if g[0].sub_event_type == m.sub_event_type and _dated(g)]
            g = next((g for g in reversed(dated) if compatible(g, m, refers_back=True)), None)
            if g is not None:
                g.append(m)
                continue
        for g in reversed(groups):  # the nearest compatible event first
            if compatible(g, m):
                g.append(m)
                break
        else:
            groups.append([m])
    for m in blamed:
        near = [g for g in groups if compatible(g, m)]
        if near:
            g = min(near, key=lambda g: min(abs(x.evidence.start - m.evidence.start) for x in g))
            g.append(m)
            g.sort(key=lambda x: x.evidence.start)
        else:
            audit.append([m])
    events = [build_event(g, article) for g in groups]
    if include_all:
        events += [build_event(g, article) for g in audit]
        events.sort(key=lambda e: e.mentions[0].evidence.start)
    return events
