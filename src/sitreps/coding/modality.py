"""Did it happen? Modality (asserted, reported, claimed, denied, planned, hypothetical, negated,
habitual) of an event trigger, and the attribution of the claim ("according to X", "X said")."""

from __future__ import annotations

# Dependencies along which a governing word's modality reaches the trigger.
CLAUSE_UP = {"xcomp", "ccomp", "advcl", "conj", "dobj", "pobj", "prep", "acl", "nsubj", "nsubjpass", "pcomp",
             "attr", "oprd", "compound", "amod", "appos", "npadvmod"}


def _clause_chain(tok, limit: int = 6):
    """The trigger and the words that govern it, up to the sentence root or a relative clause."""
    chain = [tok]
    t = tok
    for _ in range(limit):
        if t.head.i == t.i or t.dep_ not in CLAUSE_UP:
            break
        t = t.head
        chain.append(t)
    return chain


ENDINGS = {"cessation", "end", "halt", "stop", "suspension"}
TASKED = {"task", "charge", "mandate", "entrust", "dedicate"}
PURPOSE = ("in order to", "so as to", "in a bid to", "in an effort to", "in an attempt to")


FRAME_DEPS = {"pobj", "pcomp", "prep", "relcl", "acl", "dobj", "acomp", "attr"}


def _blame_word(tok, words: dict):
    """(kind, word) of the frame that names an event only as what someone is blamed for, claims or
    is accused of: "claimed responsibility for the attack" (blame), "denied his group was
    responsible for the attack" (blame), "claimed the murder of" (claim), "rejected accusations of
    bombing a mosque which killed 46" (accusation; through relative clauses too). None otherwise."""
    prev = tok
    for t in list(tok.ancestors)[:8]:
        lemma = t.lemma_.lower()
        if lemma in words["blame_words"] and prev.dep_ == "prep" and prev.lower_ == "for":
            return "blame", t
        if lemma in words["accusation_words"] and prev.dep_ == "prep" and prev.lower_ == "of":
            return "accusation", t
        if lemma == "claim" and prev is tok and tok.dep_ in ("dobj", "obj") and tok.pos_ == "NOUN":
            return "claim", t
        if t.dep_ not in FRAME_DEPS:
            break
        prev = t
    return None


def _blame_frame(tok, words: dict) -> str | None:
    found = _blame_word(tok, words)
    if found is None:
        return None
    kind, t = found
    if kind == "accusation" and any(a.lemma_.lower() in words["denial_verbs"] for a in t.ancestors):
        return "denied"
    return "attributed"


def blamed_party(tok, words: dict) -> list:
    """Who a blame frame names as the doer: the subject of "X was responsible for / claimed
    responsibility for / claimed the attack", the object of "blamed X for the attack"."""
    found = _blame_word(tok, words)
    if found is None or found[0] == "accusation":
        return []
    t = found[1]
    if t.pos_ == "VERB" and t.lemma_.lower() == "blame":
        return [c for c in t.children if c.dep_ in ("dobj", "obj")]
    holder = t if t.pos_ in ("VERB", "AUX") else t.head
    return [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != t.i]


def modality(tok, words: dict) -> str:
    blame = _blame_frame(tok, words)
    if blame:
        return blame
    before = tok.doc[max(tok.sent.start, tok.i - 5) : tok.i].text.lower()
    if before.endswith(PURPOSE):  # "redeployed units in order to support ...": a purpose, not a fact
        return "planned"
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ == "without":  # "entered without fighting"
        return "negated"
    if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "to") and tok.head.head.lemma_.lower() in ENDINGS:
        return "hypothetical"  # "called for a cessation of hostilities", "an end to the fighting"
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in ("with", "to") and tok.head.head.lemma_.lower() in TASKED:
        return "habitual"  # "the coalition tasked with fighting Daesh": a mandate, not an event
    if tok.tag_ == "NNS" and any(c.dep_ == "amod" and c.lower_ in words["habitual_adjectives"] for c in tok.children):
        return "habitual"  # "rampant killings by security agents": a kind of events, not one
    chain = _clause_chain(tok)
    for i, t in enumerate(chain):
        kids = list(t.children)
        # Negation on the trigger or, for an event noun, its determiner ("no fighting"); a governing
        # verb's negation reaches the event only through a verbal complement or a light verb ("did
        # not launch an attack"), not through any object ("did not name the group behind the attack").
        link = chain[i - 1].dep_ if i > 0 else None
        if link == "ccomp" and t.lemma_.lower() in words["factive_verbs"]:
            break  # "never forget how X was executed": the complement is presupposed true
        reaches = i == 0 or link in ("xcomp", "ccomp", "conj") or (
            link in ("dobj", "obj") and t.lemma_.lower() in words["light_verbs"])
        if reaches and (i == 0 or t.pos_ in ("VERB", "AUX")):
            if any(c.dep_ == "neg" for c in kids) or (t.pos_ in ("NOUN", "PROPN") and any(
                    c.dep_ == "det" and c.lower_ == "no" for c in kids)):
                if i > 0 and t.lemma_.lower() in words["denial_verbs"]:
                    return "denied"
                return "negated"
        if i > 0 and t.lemma_.lower() in words["denial_verbs"]:
            return "denied"
        if t.pos_ in ("VERB", "AUX") or i == 0:
            auxes = [c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")]
            if any(a in words["future_aux"] for a in auxes):
                return "planned"
            if any(a in words["hypothetical_aux"] for a in auxes):
                return "hypothetical"
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in kids):
                return "hypothetical"
            if any(c.dep_ == "advmod" and c.lower_ in words["habitual_adverbs"] for c in kids):
                return "habitual"
        planning = t.lemma_.lower() in words["planning_verbs"] or t.lower_ in words["planning_verbs"]
        if i > 0 and planning and chain[i - 1].dep_ in ("xcomp", "ccomp", "dobj"):
            # "preparing to attack", "is going to carry out an operation", "plans an offensive"
            if t.lemma_.lower() != "claim":
                return "planned"
        if i > 0 and t.lemma_.lower() == "claim":
            return "claimed"
    return "asserted"


def attribution(sent, tok, words: dict) -> tuple[str | None, bool]:
    """(who says so, whether the event is reported speech). "According to X" wins over "X said"."""
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            to = t.doc[t.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in t.children if c.dep_ == "pobj"]
            if objs:
                from sitreps.coding.roles import np_span

                return _clean(np_span(objs[0]).text), True
    chain = _clause_chain(tok, limit=8)
    for t in chain[1:]:
        if t.lemma_.lower() in words["reporting_verbs"]:
            subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                from sitreps.coding.roles import np_span

                return _clean(np_span(subj[0]).text), True
    # "..., X said." with the reporting verb as the sentence root and the event in a ccomp.
    root = sent.root
    if root.i != tok.i and root.lemma_.lower() in words["reporting_verbs"]:
        subj = [c for c in root.children if c.dep_ == "nsubj"]
        if subj:
            from sitreps.coding.roles import np_span

            return _clean(np_span(subj[0]).text), True
    return None, False


def _clean(text: str) -> str:
    text = text.strip(" ,.;:")
    for det in ("the ", "The "):
        if text.startswith(det):
            text = text[len(det):]
    return text


def speech_act(tok, words: dict) -> tuple[str | None, object]:
    """(PLOVER type, governing token) of the speech act around a not-yet event: "offered to
    negotiate" -> AGREE, "threatened to attack" -> THREATEN, "must return" -> REQUEST."""
    acts = words["speech_acts"]
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in acts:
            return acts[c.lower_], tok
    chain = _clause_chain(tok)
    for prev, t in zip(chain, chain[1:], strict=False):
        if prev.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "prep", "advcl"):
            break
        key = t.lemma_.lower()
        if key in acts or t.lower_ in acts:
            negated = any(c.dep_ == "neg" for c in t.children)
            act = acts.get(key) or acts.get(t.lower_)
            if negated and act == "AGREE":
                act = "REJECT"
            return act, t
    return None, None


def depth(tok, words: dict) -> int:
    """Depth of a token below its sentence's main predicate, not counting reporting verbs
    ("X said that Y attacked Z": "attacked" is at depth 0)."""
    d, t = 0, tok
    while t.head.i != t.i and d < 50:
        t = t.head
        if t.lemma_.lower() not in words["reporting_verbs"]:
            d += 1
    return d


ANNOUNCING = {"plan", "intend", "decide", "announce", "vow", "pledge", "promise", "prepared", "ready"}


def announced_future(tok, words: dict) -> bool:
    """"X will impose a curfew", "X plans to impose ...": an actor's own announced act (not an
    observer's inference such as "a cell preparing to attack")."""
    while tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "pobj", "prep", "nsubjpass") and tok.head.i != tok.i:
        tok = tok.head  # "will extend the curfew": the verb that governs the event noun
    if any(c.dep_ == "aux" and c.lower_ in (*words["future_aux"], "would") for c in tok.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in ("may", "might", "could") for c in tok.children) and any(
            t.lower_ in ("if", "unless") for t in tok.sent):
        return True  # "may halt mediation if cooperation founders": a conditional threat
    head = tok.head
    return tok.dep_ in ("xcomp", "ccomp") and (head.lemma_.lower() in ANNOUNCING or head.lower_ in ANNOUNCING)
