"""How many died (and were hurt): numbers attached to death words, by ACLED's rules.

"at least 5" -> 5, "tens" -> 10, "dozens" -> 12, "hundreds" -> 100, words and digits; killed,
wounded and arrested kept apart. Returns the most conservative figure a sentence states.
"""

from __future__ import annotations

import re

from sitreps.timex.lexicon import MONTHS, WEEKDAYS

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


def number_value(tok, words: dict) -> int | None:
    """Value of a number token: "5", "1,200", "five", "twenty-one", "dozens", "hundreds". None for
    numbers that are dates, times, money or percentages ("6 Oct 2016", "at 5 pm")."""
    if tok.ent_type_ in NOT_COUNTS:
        return None
    text = tok.lower_
    if _DIGITS.match(text):
        if _in_date(tok):
            return None
        return int(text.replace(",", ""))
    if text in words["number_words"] and text not in ("a", "an"):
        value = words["number_words"][text]
        # "two hundred", "three thousand"
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in ("hundred", "thousand"):
            value *= words["number_words"][nxt.lower_]
        return value
    if "-" in text:
        parts = text.split("-")
        if all(p in words["number_words"] for p in parts):
            return sum(words["number_words"][p] for p in parts)
    if text in words["vague_numbers"]:
        return words["vague_numbers"][text]
    return None


NOT_COUNTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"})


def _in_date(tok) -> bool:
    """A day or year next to a month name is part of a date line the tagger missed ("Sun 10 Jul 2016 29
    rebels dead": 10 and 2016 are the date, 29 the count). A number right after a year is not."""
    doc = tok.doc

    def name(i: int) -> str:  # capitalised only: "may", "march" are also words
        return doc[i].lower_.rstrip(".") if 0 <= i < len(doc) and doc[i].text[:1].isupper() else ""

    prev, nxt = name(tok.i - 1), name(tok.i + 1)
    if nxt in MONTHS and len(tok.text) <= 2:
        return True
    if prev in MONTHS:
        return len(tok.text) <= 2 or len(tok.text) == 4
    if prev in WEEKDAYS and len(tok.text) <= 2 and nxt in MONTHS:
        return True
    return False


def _counts_injured(tok, words: dict) -> bool:
    """"10 killed 15 injured", "8 persons killed 58 others injured": a number whose own phrase ends in
    an injury word counts the injured."""
    doc = tok.doc
    for t in doc[tok.i + 1 : min(len(doc), tok.i + 4)]:
        if t.lemma_.lower() in words["injury_words"] or t.lower_ in ("wounded", "injured", "hurt"):
            return True
        if t.pos_ not in ("NOUN", "ADJ", "NUM") or t.lemma_.lower() in words["death_verbs"]:
            return False
    return False


def _count_of(head, words: dict) -> int | None:
    """The count of a victims phrase, summed over coordination ("50 militants and eight civilians" ->
    58, "an adult and a child" -> 2)."""
    if head is None:
        return None
    if head.lemma_.lower() in DATELINE_NOUNS:
        # "Date of publication 5 May 2016 Two civilians and ... were killed": the date line glued to
        # the lead is parsed as the subject, the victims as its conjunct or apposition.
        head = next((c for c in head.children if c.dep_ in ("conj", "appos")), head)
    parts = [head, *[c for c in head.conjuncts if c.i > head.i]]
    if len(parts) > 1:
        counts = [_count_one(p, words) for p in parts]
        if all(c is not None for c in counts):
            # The same count of the same people twice is one group told twice (a headline run into
            # its lead: "10 soldiers killed ... At least 10 soldiers were killed"), not two groups.
            seen: set[tuple[int, str]] = set()
            for c, p in zip(counts, parts, strict=True):
                lemma = p.lemma_.lower()
                if lemma in SUBSET_NOUNS and any(q.lemma_.lower() in WHOLE_NOUNS for q in parts if q.i < p.i):
                    continue  # "16 civilians and three children": the children are among the civilians
                seen.add((c, lemma))
            return sum(c for c, _ in seen)
    return _count_one(head, words)


def _also_killed(tok, words: dict) -> int:
    """Victims a clause of the same sentence adds with "also": "the bombing killed three rescuers
    while six children were also killed" -> 3 + 6."""
    extra = 0
    for c in tok.children:
        if (c.dep_ in ("advcl", "conj") and c.lemma_.lower() in words["death_verbs"]
                and any(g.lower_ == "also" for g in c.children)):
            for victim in _victims(c):
                v = _count_of(victim, words)
                if v is not None:
                    extra += v
                    break
    return extra


DATELINE_NOUNS = frozenset({"date", "publication"})
# Victims that a count of civilians or people already includes.
WHOLE_NOUNS = frozenset({"civilian", "people", "person", "resident", "citizen", "villager", "inhabitant"})
SUBSET_NOUNS = frozenset({"child", "woman", "kid", "minor", "girl", "boy", "infant", "baby", "toddler", "teenager"})


def _singular_person(tok, words: dict) -> bool:
    if tok.tag_ == "NNP" and tok.ent_type_ == "PERSON":
        return True
    return tok.tag_ == "NN" and (tok.lemma_.lower() in words.get("civilian_nouns", ())
                                 or tok.lemma_.lower() in words.get("individual_combatants", ()))


def _count_one(head, words: dict) -> int | None:
    if head is None:
        return None
    own = number_value(head, words) if head.pos_ in ("NUM", "NOUN", "ADJ") else None
    if own is not None and head.lower_ not in ("dozen",):
        return own
    for c in head.children:
        if c.dep_ in ("nummod", "quantmod", "amod", "det") or (c.dep_ == "nmod" and c.pos_ == "NUM"):
            v = number_value(c, words)
            if v is not None:
                return v
        if c.dep_ == "prep" and c.lower_ == "of":  # "dozens of people", "five of them"
            continue
    # "dozens of people": the quantity is the head of the "of" phrase.
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        q = head.head.head
        v = number_value(q, words)
        if v is not None:
            return v
    # One named or singular person: "a child was killed", "Mohammad X was killed".
    if _singular_person(head, words):
        return 1
    return None


def _victims(tok) -> list:
    """Noun heads that stand for the dead of a death word."""
    lemma = tok.lemma_.lower()
    out = []
    if tok.pos_ in ("VERB", "AUX"):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        for c in tok.children:
            if (c.dep_ in ("dobj", "obj") and not passive) or c.dep_ == "nsubjpass":
                out.append(c)
            elif c.dep_ == "nsubj" and lemma in ("die", "perish"):
                out.append(c)
        # "5 people killed" (reduced relative) and "left 5 dead"
        if not out and tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "NUM", "PROPN"):
            head = tok.head
            while head.dep_ == "conj" and head.head.pos_ in ("NOUN", "NUM", "PROPN"):
                head = head.head  # "3 workers and 6 children killed": the participle hangs on the last
            out.append(head)
    else:
        if tok.dep_ in ("amod", "acl") or lemma == "dead":
            out.append(tok.head)
        out.append(tok)
        # "claimed the lives of 18 people", "the deaths of five soldiers"
        out += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return out


# A war, not an event, as the killer: "an uprising that has killed more than 100,000 people".
WARS = frozenset({"war", "conflict", "uprising", "insurgency", "revolution", "crisis", "fighting", "violence",
                  "campaign"})


def _war_toll(tok) -> bool:
    subj = [c for c in tok.children if c.dep_ in ("nsubj",)]
    if tok.dep_ == "relcl" and any(c.lower_ in ("that", "which") for c in tok.children):
        subj = subj + [tok.head, *list(tok.head.ancestors)[:3]]  # the antecedent, parse slips included
    return any(s.lemma_.lower() in WARS for s in subj)


# A toll that rises: "the death toll ... rose to 70", "has risen to 39", "reached 40".
RISE_WORDS = frozenset({"rise", "rises", "rose", "risen", "rising", "climb", "climbs", "climbed", "climbing",
                        "reach", "reaches", "reached", "jump", "jumps", "jumped", "increase", "increases",
                        "increased", "mount", "mounts", "mounted", "soar", "soars", "soared"})
SUPERSEDED = frozenset({"previous", "earlier", "initial", "preliminary", "old", "former", "first"})


def _superseded(toll) -> bool:
    """"The previous death toll was 20": a figure the report itself replaces."""
    heads = [toll, toll.head] if toll.lemma_.lower() == "death" else [toll]
    return any(c.lower_ in SUPERSEDED for h in heads for c in h.children if c.dep_ == "amod") or (
        toll.i > 0 and toll.doc[toll.i - 1].lower_ in SUPERSEDED) or (
        toll.i > 1 and toll.doc[toll.i - 2].lower_ in SUPERSEDED and toll.doc[toll.i - 1].lower_ == "death")


def _risen_to(toll, sent, words: dict) -> tuple[int, str] | None:
    """The figure a toll rises to, told after a rise verb that follows the toll in the sentence
    (headlines run the toll's modifiers long: "Death Toll in Blast ... in Aleppo Rises to 70")."""
    doc = toll.doc
    for t in doc[toll.i + 1 : sent.end]:
        if t.lower_ not in RISE_WORDS:
            continue
        for n in doc[t.i + 1 : min(sent.end, t.i + 6)]:
            v = number_value(n, words) if n.pos_ in ("NUM", "NOUN") else None
            if v is None and n.ent_type_ in ("DATE", "TIME") and _DIGITS.match(n.text) and not _in_date(n):
                v = int(n.text.replace(",", ""))  # "Rises to 70 After ...": a toll, whatever NER says
            if v is not None:
                return v, count_phrase(n)
        return None
    return None


def _number_of(tok):
    """"the number of fighters killed", "the number of dead": the "number" whose "of" phrase holds
    the death word, else None."""
    for a in list(tok.ancestors)[:4]:
        if a.lemma_.lower() == "number" and any(c.dep_ == "prep" and c.lower_ == "of" for c in a.children):
            return a
    return None


def count_phrase(tok) -> str:
    """Text of the number phrase around a count token, for provenance ("at least 5")."""
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start - 1].dep_ in ("advmod", "quantmod", "nummod") and doc[start - 1].i >= tok.i - 3:
        start -= 1
    return doc[start : tok.i + 1].text


AGGREGATE = re.compile(r"\b(since|so far|to date|in total|overall|altogether|over the past|in the past|"
                       r"throughout|this year|last year|during the (war|conflict))\b", re.I)


def deaths_in(sent, words: dict) -> tuple[int | None, str | None]:
    """Fatalities a sentence states: the first explicit count attached to a death word. A toll
    summed over a period ("280,000 killed since 2011") is no event's toll."""
    if AGGREGATE.search(sent.text):
        return None, None
    death_verbs = words["death_verbs"]
    death_nouns = words["death_nouns"]
    found: list[tuple[int, str]] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in death_verbs and _war_toll(tok):
            continue
        if lemma in death_verbs or tok.lower_ in ("dead", "killed") or lemma in death_nouns:
            # "death toll rose to 20": the number follows the toll word.
            if lemma in ("toll",) or (lemma == "death" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lemma_ == "toll"):
                if _superseded(tok):
                    continue
                risen = _risen_to(tok, sent, words)
                if risen is not None:
                    found.append(risen)
                    continue
                for t in tok.doc[tok.i + 1 : min(sent.end, tok.i + 8)]:
                    v = number_value(t, words) if t.pos_ == "NUM" else None
                    if v is not None:
                        found.append((v, count_phrase(t)))
                        break
                continue
            n_found = len(found)
            counted = _number_of(tok)
            if counted is not None:
                # "the number of fighters killed ... has risen to 39"
                risen = _risen_to(counted, sent, words)
                if risen is not None:
                    found.append(risen)
                    continue
            for victim in _victims(tok):
                v = _count_of(victim, words)
                if v is not None and not (victim.i > tok.i and _counts_injured(victim, words)):
                    v += _also_killed(tok, words)
                    if victim.lemma_.lower() in DATELINE_NOUNS:
                        victim = next((c for c in victim.children if c.dep_ in ("conj", "appos")), victim)
                    found.append((v, victim.text if victim.pos_ == "NUM" else _phrase(victim, words)))
                    break
            if len(found) == n_found and tok.pos_ == "VERB" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
                # Headline style "10 civilians killed, 15 injured": the count before the bare
                # participle is its (passive) subject, the one after it the injured.
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
                if subj is not None and objs and all(_counts_injured(o, words) or any(
                        _counts_injured(c, words) for c in o.children if c.dep_ == "nummod") for o in objs):
                    v = _count_of(subj, words)
                    if v is not None:
                        found.append((v, _phrase(subj, words)))
            # "killing at least 5", "left 16 dead": a number just before "dead"/"killed"
            if tok.lower_ in ("dead", "killed") and tok.i > sent.start:
                prev = tok.doc[tok.i - 1]
                v = number_value(prev, words) if prev.pos_ in ("NUM", "NOUN") else None
                if v is not None:
                    found.append((v, count_phrase(prev)))
    if not found:
        return None, None
    # Several figures for one event (e.g. a toll and a partial count): the most conservative one is
    # the largest stated total only when it is a toll; ACLED keeps the lowest credible total, which
    # for one sentence is its main figure: take the first stated.
    value, phrase = found[0]
    return value, phrase


def _phrase(head, words: dict) -> str:
    for c in head.children:
        if c.dep_ in ("nummod", "quantmod", "amod") and number_value(c, words) is not None:
            return count_phrase(c) + " " + head.text
    return head.text


def injuries_in(sent, words: dict) -> int | None:
    for tok in sent:
        if tok.lemma_.lower() in words["injury_words"] or tok.lower_ in ("wounded", "injured"):
            for victim in _victims(tok):
                v = _count_of(victim, words)
                if v is not None:
                    return v
            if tok.i > sent.start:
                prev = tok.doc[tok.i - 1]
                v = number_value(prev, words) if prev.pos_ == "NUM" else None
                if v is not None:
                    return v
    return None
