"""Which time expression of a sentence dates which event: attachment in the dependency parse.

A sentence often holds several events and several dates ("Three journalists detained on
February 27 went on trial Tuesday"; "X, who was arrested in 2014, was released on Monday"). A
time adverbial dates the clause it is attached to, so for an event the candidates rank:

* ``SAME`` -- the date and the event trigger are in one clause (no clause boundary between them);
* ``GOVERNING`` -- the date modifies a clause the event is embedded in ("said on Tuesday that
  militants killed ..."): the report's time, close to the event's but not necessarily it;
* ``GROUND`` -- the event is only the ground of the dated act ("convicted Thursday of murder"):
  the date is that act's, a bound for the event used only when it has no date of its own;
* ``OTHER`` -- the date sits inside another clause (a relative clause on some noun, a conjoined
  or adverbial clause with its own verb): it dates that other event, not this one.

A clause boundary is a finite verb (or auxiliary) attached as a clause: relative, adverbial,
complement, conjoined or paratactic.
"""

from __future__ import annotations

SAME, GOVERNING, GROUND, OTHER = 0, 1, 2, 3
_CLAUSAL = {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "csubjpass", "conj", "parataxis"}


_SIMULTANEOUS = {"while", "whilst", "when", "as", "during"}
_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


def _finite(tok) -> bool:
    """A clause with a tense of its own: a finite verb, or one with an auxiliary or a subject."""
    return tok.tag_ in _FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "expl") and c.lower_ != "to" for c in tok.children)


def _is_boundary(tok) -> bool:
    """A clause with its own time. Not one: a clause of simultaneity ("arrested ... while
    taking her daughter to see her parents in April 2016") or a non-finite clause of the verb
    ("repressed the movement, killing 931 people"), which has no tense of its own and is told in
    the main clause's time. A clause on a noun always is one: it tells that noun's event."""
    if tok.dep_ not in _CLAUSAL or tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _SIMULTANEOUS for c in tok.children):
        return False
    # a clause on a noun ("the people detained in 1971") tells that noun's own event
    return tok.dep_ in ("relcl", "acl") or _finite(tok)


_GROUND_PREPS = {"of", "for", "over", "with", "about", "into"}


def _ground(trigger, event_side: list) -> bool:
    """An event noun that is the ground or topic of another act ("found guilty of murder
    Thursday", "arrested for the killing", "protested over the shooting") happened before that
    act: the act's date is not the event's."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(t.dep_ == "prep" and t.lower_ in _GROUND_PREPS and t.head.pos_ in ("VERB", "ADJ")
               for t in event_side[1:])


def _path_up(tok) -> list:
    """tok, its head, ..., the root."""
    out = [tok]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def attachment(doc, trigger_i: int, start: int, end: int) -> tuple[int, bool, int]:
    """(tier, outside the trigger's own phrase, tree distance) of the time expression
    ``doc.text[start:end]`` for the event whose trigger is token ``trigger_i``; lower is closer.
    A date inside the trigger's phrase ("the November 2019 shooting") dates it before any other
    date of its clause ("found guilty Thursday"). Unparsable spans rank ``OTHER``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return OTHER, True, 99
    up_t = _path_up(span.root)
    up_e = _path_up(doc[trigger_i])
    on_e = {t.i: n for n, t in enumerate(up_e)}
    k = next((n for n, tok in enumerate(up_t) if tok.i in on_e), None)
    if k is None:  # different sentences in the parse
        return OTHER, True, 99
    j = on_e[up_t[k].i]
    # tokens strictly below the common ancestor on each side
    time_side = up_t[:k]
    event_side = up_e[:j]
    if any(_is_boundary(t) for t in time_side):
        tier = OTHER
    elif _ground(doc[trigger_i], event_side):
        tier = GROUND
    elif any(_is_boundary(t) for t in event_side):
        tier = GOVERNING
    else:
        tier = SAME
    return tier, j > 0, k + j
