"""Event dates from time expressions, and publication dates from strings.

``event_date`` conventions (ACLED):

* the date is the DATE (or the day of a TIME) expression inside the sentence; given the parse
  and the trigger, only one in the trigger's paragraph and not in another clause (``attach``):
  one in the trigger's clause beats one of a clause governing it, one inside the trigger's phrase
  comes first, then one introduced by "on", "in", "at", "during", "since", then the finest
  granularity, a DATE before a TIME, the nearest in the parse, the first;
* a sentence without such a date is told in the frame a date opening an earlier sentence of its
  paragraph set ("In 2019, Zam was lured to Iraq. He was abducted ...");
* ``time_precision`` is 1 for a day, 2 for a week (ISO week or weekend: the Monday / Saturday is
  given), 3 for a month or anything vaguer (the first day of the month / quarter / season / year);
* expressions coarser than a month ("last year", "earlier this year", "the third quarter") and
  PAST_REF ("recently", "in recent weeks") are vague past: ``background=True``, precision 3;
  PAST_REF has no calendar value, so its date is the first day of the publication month;
* an event named by a definite noun ("killed during the operation", "the raid") takes the date an
  earlier mention gave that noun ("the Dec. 30, 2020 operation", "the raid on March 3");
* an event that is only the ground of a dated act ("arrested Monday for the killing") with no date
  of its own or of its frame takes that act's date, the time by which it had happened;
* with no usable date in the sentence or frame the event gets the publication date,
  ``from_publication=True`` and precision 1: ACLED codes a report's event on the day of the report
  when nothing else is said. Without a publication date either, the date is None (precision 3);
* absurd dates are never produced: years before 1900, or anything later than publication + 1 day
  (future plans, typos), are skipped. DURATION, SET, PRESENT_REF and FUTURE_REF carry no event date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sitreps.model import EventDate, Timex
from sitreps.nlp.paragraphs import paragraph
from sitreps.timex.attach import GROUND, OTHER, attachment
from sitreps.timex.calendar import value_to_date
from sitreps.timex.rules import find_timexes

_PRECISION = {"day": 1, "week": 2, "month": 3, "quarter": 3, "season": 3, "year": 3}
_GRAN_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "year": 4, "ref": 5}
_ATTACHED = re.compile(r"\b(?:on|in|at|during|since|from|by)\s+(?:the\s+)?$", re.I)
MIN_YEAR = 1900


def _valid(d: date, published: date | None) -> bool:
    if d.year < MIN_YEAR:
        return False
    if published is not None and d > published + timedelta(days=1):
        return False
    if published is None and d > date.today() + timedelta(days=1):
        return False
    return True


def _as_date(t: Timex, published: date | None) -> tuple[date, str] | None:
    """(date, granularity) of a DATE or TIME expression usable as an event date, else None."""
    if t.type not in ("DATE", "TIME"):
        return None
    if t.value == "PAST_REF":
        return (published.replace(day=1), "ref") if published is not None else None
    parsed = value_to_date(t.value)
    if parsed is None or not _valid(parsed[0], published):
        return None
    return parsed


def _dated(t: Timex, d: date, gran: str) -> EventDate:
    if gran == "ref":
        return EventDate(date=d, time_precision=3, expression=t.text, background=True)
    background = gran in ("quarter", "season", "year")
    return EventDate(date=d, time_precision=_PRECISION[gran], expression=t.text, background=background)


_FRAME_LEAD = re.compile(r"^[\s\"'“‘(\[—–-]*(?:(?:on|in|at|during)\s+)?(?:the\s+)?$", re.I)


def _frame(text: str, doc, timexes: list[Timex], para_start: int, sent_start: int,
           published: date | None) -> tuple[Timex, date, str] | None:
    """The time frame a sentence without a date of its own is told in: a date that opens an
    earlier sentence of the same paragraph ("In 2019, Zam was lured to Iraq. He was abducted
    ...") frames what follows, until another date or the end of the paragraph. A date at the end
    of a sentence ("... killed 12 on Tuesday.") frames only its own sentence."""
    for t in reversed(timexes):
        if t.start >= sent_start:
            continue
        if t.start < para_start:
            return None
        parsed = _as_date(t, published)
        if parsed is None:
            continue
        if parsed[1] == "ref":
            return None  # "Recently, ...": no time to carry over
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            return None
        opening = max(span[0].sent.start_char, para_start)
        if not _FRAME_LEAD.match(text[opening : t.start]):
            return None
        return t, *parsed
    return None


_DEFINITE_HEAD = re.compile(r"\bthe\s+$", re.I)


def _anaphor_nouns(doc, trigger_i: int) -> list[str]:
    """Definite nouns that name the event itself: the trigger ("the raid") or the phrase it
    happened in ("killed during the operation")."""
    trig = doc[trigger_i]
    heads = [trig] + [p for c in trig.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    return [h.lower_ for h in heads
            if h.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in h.children)]


def _antecedent(text: str, timexes: list[Timex], nouns: list[str], before: int,
                published: date | None) -> tuple[Timex, date, str] | None:
    """The date an earlier mention of "the operation" gave it: "the Dec. 30, 2020 operation",
    "the operation on Dec. 30" (the nearest one before the anaphor)."""
    if not nouns:
        return None
    named_before = re.compile(r"\bthe\s+(?:" + "|".join(map(re.escape, nouns)) + r")\s+(?:on|of)\s+$", re.I)
    for t in sorted((t for t in timexes if t.end <= before), key=lambda t: -t.start):
        parsed = _as_date(t, published)
        if parsed is None or parsed[1] == "ref":
            continue
        after = re.match(r"\s*(\w+)", text[t.end : t.end + 40])
        pre_named = after is not None and after.group(1).lower() in nouns and _DEFINITE_HEAD.search(
            text[max(0, t.start - 6) : t.start])
        post_named = named_before.search(text[max(0, t.start - 40) : t.start])
        if pre_named or post_named:
            return t, *parsed
    return None


def event_date(
    text: str,
    start: int,
    end: int,
    published: date | None,
    timexes: list[Timex] | None = None,
    *,
    doc=None,
    trigger_i: int | None = None,
) -> EventDate:
    """The date of the event stated in ``text[start:end]`` (a sentence), see module doc.

    Given the parsed ``doc`` and the event's trigger token ``trigger_i`` (and the article's
    ``timexes``): only dates in the trigger's paragraph count; those attached to the trigger's
    clause come first and those of another clause not at all (``timex.attach``); a sentence with
    no date of its own is dated by the frame an earlier sentence of the paragraph opened."""
    parsed_doc = doc is not None and trigger_i is not None
    para_start = start
    if parsed_doc:
        para_start = paragraph(text, doc[trigger_i].idx)[0]
        start, end = paragraph(text, doc[trigger_i].idx, start, end)
    article_timexes = timexes
    if timexes is None:
        timexes = find_timexes(text[start:end], published)
        offset = start
    else:
        timexes = [t for t in timexes if t.start >= start and t.end <= end]
        offset = 0
    tiers: dict[int, tuple[int, bool, int]] = {}
    if parsed_doc:
        tiers = {i: attachment(doc, trigger_i, t.start + offset, t.end + offset) for i, t in enumerate(timexes)}
    cands = []
    for i, t in enumerate(timexes):
        parsed = _as_date(t, published)
        if parsed is None:
            continue
        d, gran = parsed
        s = t.start + offset
        attached = bool(_ATTACHED.search(text[max(0, s - 12) : s]))
        tier, outside, dist = tiers.get(i, (0, False, 0))
        if tier == OTHER:
            continue  # it dates another clause's event
        cands.append((tier, outside, not attached, _GRAN_RANK[gran], t.type == "TIME", dist, i, t, d, gran))
    own = sorted((c for c in cands if c[0] < GROUND), key=lambda c: c[:7])
    if own:
        *_, t, d, gran = own[0]
        return _dated(t, d, gran)
    if parsed_doc and article_timexes is not None:
        framed = _frame(text, doc, article_timexes, para_start, start, published)
        if framed is not None:
            return _dated(*framed)
        nouns = _anaphor_nouns(doc, trigger_i)
        told = _antecedent(text, article_timexes, nouns, start, published) if nouns else None
        if told is not None:
            return _dated(*told)
    if cands:
        # the event is only the ground of a dated act ("arrested Monday for the killing",
        # "interviewed victims of killings between June 2020 and May 2021"): it happened by then,
        # a better bound than the publication date
        *_, t, d, gran = sorted(cands, key=lambda c: c[:7])[0]
        return _dated(t, d, gran)
    if published is None:
        return EventDate(date=None, time_precision=3, expression=None, from_publication=True)
    return EventDate(date=published, time_precision=1, expression=None, from_publication=True)


# ---------------------------------------------------------------------------------------------
# Publication dates

_PREFIX = re.compile(
    r"^\s*(?:(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|last\s+updated|date)\s*:?\s*",
    re.I,
)
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$"
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def _sane(d: date | None) -> date | None:
    if d is None or d.year < MIN_YEAR or d > date.today() + timedelta(days=1):
        return None
    return d


def parse_published(value: str | None) -> date | None:
    """A publication date from a record field or a dateline; None when absent, unreadable or absurd.

    Accepts ISO dates and datetimes, "May 31, 2019", "31 May 2019", "Published July 5 2016",
    "Thursday, 31 May 2019 10:00", "2019/05/31", "31.05.2019"; numeric day/month order is US
    (month first) unless the first number is > 12.
    """
    if not value or not isinstance(value, str):
        return None
    s = _PREFIX.sub("", value.strip())
    m = _ISO.match(s) or _COMPACT.match(s)
    if m:
        try:
            return _sane(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            return None
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
        return _sane(dt.date())
    except ValueError:
        pass
    # a full date written out: run the recogniser with no reference date
    for t in find_timexes(s, None):
        if t.type in ("DATE", "TIME") and re.match(r"^\d{4}-\d{2}-\d{2}", t.value):
            parsed = value_to_date(t.value)
            if parsed:
                return _sane(parsed[0])
    try:
        import dateparser  # slow import: only for formats the rules do not read
    except ImportError:  # pragma: no cover
        return None
    dt = dateparser.parse(
        s,
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "DATE_ORDER": "MDY",
            "PREFER_DATES_FROM": "past",
        },
    )
    return _sane(dt.date()) if dt else None
