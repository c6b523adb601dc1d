"""What a mention reports: one incident, a summary of many, or an event a statement is about.

ACLED codes incidents. A sentence that sums up many ("330 killed since April", "a wave of
abductions across Darfur") or that reports a statement about an event ("the envoy condemned the
killing of an aid worker") still names an act, and the coder keeps it as a mention, but marks it so
users can keep summaries and commentary apart from incident reports (``scope`` on mentions and
events, ``--scope`` / ``?scope=`` filters) and the relevance score (evaluate/classify.py) reads the
same mark.
"""

from __future__ import annotations

import re

INCIDENT, AGGREGATE, STATEMENT = "incident", "aggregate", "statement"
SCOPES = (INCIDENT, AGGREGATE, STATEMENT)

# "since" opens an aggregate ("330 killed since April") unless what it counts from is hours or days
# ago ("explosions have rocked the capital since Saturday" is one ongoing battle).
_SINCE = (r"since(?!\s+(?:last\s+night|yesterday|this\s+morning|dawn|"
          r"(?:early\s+|late\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)")
# Marks of a summary rather than one incident: a period ("over the past months"), a pattern ("a
# wave of", "examples of killings"), a spread over a region ("across Darfur") or over several
# places ("in two towns"), and a report's findings ("said in a new report").
AGGREGATE_MARKS = re.compile(
    r"\b(" + _SINCE + r"|so far|to date|over the past|in recent (weeks|months|years)|a wave of|"
    r"series of|a spate of|(weeks|months|years|decades) of|as a weapon of war|throughout|widespread|"
    r"systematic\w*|repeatedly|ongoing|(examples|cases|incidents) of|"
    r"across (?!the (border|river|front ?line|line)\b)|"
    r"in (two|three|four|five|six|several|various|multiple|many|dozens of) "
    r"(towns|areas|villages|regions|states|districts|cities|places|locations|counties|provinces)|"
    r"in an? (\w+ )?report|report (released|published))\b", re.I)

# A verb of condemnation before the trigger: the sentence reports a statement about an event.
STATEMENT_MARKS = re.compile(r"\b(condemn|castigat|denounc|criticis|criticiz|deplor|decr[iy])\w*", re.I)


def mention_scope(sentence: str, trigger_at: int) -> str:
    """The scope of a mention from its evidence sentence and its trigger's offset in it."""
    if AGGREGATE_MARKS.search(sentence):
        return AGGREGATE
    found = STATEMENT_MARKS.search(sentence)
    if found is not None and found.start() < trigger_at:
        return STATEMENT
    return INCIDENT
