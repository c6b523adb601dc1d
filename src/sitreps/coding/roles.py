"""Who did what to whom: agent, patient and instruments from the dependency parse.

Works on spaCy tokens. Handles active and passive verbs ("was attacked by X"), nominal events
("an attack by X on Y", "Russian airstrikes"), light verbs ("X conducted airstrikes"), event nouns
as subjects ("an airstrike killed ..."), coordination ("A and B" -> actor + associates), relative
clauses ("militants who attacked ...") and participial clauses ("..., killing 5").
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "obj"}
PATIENT_PREPS = {"on", "against", "at", "upon", "targeting", "into"}
PARTNER_PREPS = {"with", "between", "among", "to"}
# Dependencies that never belong to the actor's noun phrase text.
NP_CUT = {"relcl", "acl", "advcl", "punct", "cc", "prep", "conj", "ccomp"}
# Tags of function words that an all-caps acronym is mistaken for ("AS fighters": Al Shabaab, not "as").
FUNCTION_POS = {"ADP", "SCONJ", "CCONJ", "PART", "DET", "PRON", "ADV", "AUX"}


@dataclass
class Roles:
    agents: list = field(default_factory=list)  # head tokens, first is the main actor
    patients: list = field(default_factory=list)
    partners: list = field(default_factory=list)  # "clashed with X", "between X and Y"
    passive: bool = False


def conjuncts(tok) -> list:
    """The token and its coordinated siblings: "A and B" -> [A, B]."""
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def np_span(tok):
    """The noun phrase a head token stands for, without relative clauses and trailing preps.

    Appositions and parentheticals stay ("the Syrian Arab Army (SAA)"), and so does an "of"
    complement ("members of the Islamic State").
    """
    doc = tok.doc
    left, right = tok.i, tok.i
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in NP_CUT and not (c.dep_ == "prep" and c.lower_ == "of" and t.i == tok.i):
                if c.dep_ == "punct" and c.text in "()" and left <= c.i <= right + 1:
                    right = max(right, c.i)
                continue
            left, right = min(left, c.i), max(right, c.i)
            stack.append(c)
    # An all-caps word right before a lower-case phrase is a name the tagger read as a function
    # word: "AS fighters" (Al Shabaab), "IS militants" (Islamic State), not "as" or "is".
    if left > 0:
        prev = doc[left - 1]
        if (len(prev.text) >= 2 and prev.text.isalpha() and prev.text.isupper() and prev.pos_ in FUNCTION_POS
                and not doc[left].text.isupper() and prev.whitespace_):
            left -= 1
    # Close a parenthesis opened inside the span.
    span = doc[left : right + 1]
    if span.text.count("(") > span.text.count(")") and right + 1 < len(doc) and doc[right + 1].text == ")":
        span = doc[left : right + 2]
    return span


def _by_agent(tok):
    for c in tok.children:
        if c.dep_ == "agent":
            return [p for p in c.children if p.dep_ == "pobj"]
    return []


# Verbs whose subject perceives, reports or judges an event rather than doing it.
PERCEIVERS = {"hear", "see", "witness", "watch", "report", "condemn", "denounce", "blame", "deny", "confirm", "claim",
              "investigate", "document", "record", "describe", "mourn", "protest", "fear", "survive", "flee",
              "escape", "recall", "remember", "decry", "criticize", "criticise", "welcome", "follow", "receive",
              "verify", "monitor", "probe", "examine"}
# Common nouns that, modifying an event noun, name its doer ("coalition air strikes", "regime shelling").
ACTOR_MODIFIERS = {"coalition", "regime", "government", "army", "military", "rebel", "opposition", "militant",
                   "jihadist", "insurgent", "police", "militia", "terrorist", "guerrilla"}
NOT_PARTICIPANTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


def _prep_objects(tok, preps: set[str]) -> list:
    out = []
    for c in tok.children:
        # A ditransitive verb's "to" is parsed as a dative ("gave a welcome to X", "sent aid to X").
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            # "on 20 September", "at 5 a.m." are times, not participants.
            out.extend(p for p in c.children if p.dep_ == "pobj" and p.ent_type_ not in NOT_PARTICIPANTS)
        elif (preps is PATIENT_PREPS and c.dep_ in ("acl", "advcl") and c.lemma_.lower() in ("target", "hit")
              and c.tag_ == "VBG"):
            out.extend(o for o in c.children if o.dep_ in OBJ)
    return out


def _inherited_subject(tok):
    """Subject of a verb with none of its own: conjoined verbs, participles, infinitives, relatives."""
    t = tok
    for _ in range(4):
        if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return t.head, False
        if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.pos_ == "VERB":
            # "dropped bombs on X killing 5" parsed with "killing" under "on": the verb of the preposition
            head = t.head.head
            subj = [c for c in head.children if c.dep_ in SUBJ and c not in _place_subject_slips(head, head.children)]
            if subj:
                return subj[0], False
            t = head
            continue
        if t.dep_ in ("conj", "xcomp", "advcl", "acl", "acomp") and t.head.i != t.i:  # acomp: "X is opposed to
            head = t.head
            subj = [c for c in head.children if c.dep_ in SUBJ]
            if subj:
                return subj[0], False
            if t.dep_ == "acl" and _verbless_root(t) is not None:
                return _verbless_root(t), False
            passive = [c for c in head.children if c.dep_ in PASS_SUBJ]
            if passive and t.dep_ != "conj":
                return None, False
            t = head
            continue
        break
    return None, False


def _verbless_root(verb):
    """"Doctors from two aid groups donated and delivered goods to X" parsed with no main verb: the
    sentence's root is a noun and the verb hangs as a reduced relative inside its phrase. A verb
    with a direct object (its own or a conjunct's) is active, so that root noun is its subject;
    without one it is a passive relative ("bodies of civilians killed in Aleppo")."""
    root = verb.sent.root
    if root.pos_ not in ("NOUN", "PROPN") or _by_agent(verb) or verb.i < root.i:
        return None
    if not any(c.dep_ in OBJ for v in (verb, *verb.conjuncts) for c in v.children):
        return None
    t = verb.head
    while t.i != root.i and t.dep_ in ("pobj", "prep", "compound", "amod", "nmod", "appos"):
        t = t.head
    return root if t.i == root.i else None


PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def _place_subject_slips(tok, children) -> list:
    """Place names the parser made the subject of a verb they only locate: "bombs on Daraya killing
    5" (a preposition's object), "a push ... near the capital Damascus killed 23" (a second subject
    after the real one). A place that does the act stands alone: "Turkey shelled ...". """
    subjects = [c for c in children if c.dep_ in SUBJ]
    out = []
    for c in subjects:
        if c.pos_ != "PROPN":
            continue
        first = min(t.i for t in c.subtree)
        prev = tok.doc[first - 1] if first > 0 else None
        after_prep = prev is not None and prev.pos_ == "ADP" and tok.i > c.i  # (NER may call a town ORG)
        second = c.ent_type_ in PLACE_ENTS and any(o.i < c.i and o.ent_type_ not in PLACE_ENTS for o in subjects)
        if after_prep or second:
            out.append(c)
    return out


# Participles that after "be" state a stance, not a passive: "Israel is opposed to the plan".
# Nouns of a force's own movement: their "of" phrase is who moves ("the deployment of UN troops",
# "the withdrawal of Israeli forces"), not whom it is done to.
MOVEMENT_NOUNS = frozenset({"deployment", "redeployment", "arrival", "withdrawal", "departure", "pullout", "retreat"})
STATIVE_PARTICIPLES = frozenset({"oppose", "commit", "determine", "dedicate", "resolve", "prepare"})


# Prepositions of the act an event happened in: "killed in a raid", "died during an operation".
ACT_PREPS = frozenset({"in", "during"})


def _noun(tok) -> bool:
    return tok.pos_ == "NOUN"


def act_phrase_objects(verb, preps: Collection[str] = ACT_PREPS, keep: Callable[..., bool] = _noun) -> list:
    """The objects of a verb's "in"/"during" phrases: the act its event happened in. A passive or a
    headline participle ("civilians were killed in US-led coalition strikes", "killed during an
    operation by X", "70 killed in Syrian airstrikes") often has no "by" phrase of its own, so its
    doer is the one that act names; each caller reads the doer off the act in its own way."""
    return [p for c in verb.children if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj" and keep(p)]


def _counted(tok) -> bool:
    return any(c.dep_ == "nummod" for c in tok.children) or tok.like_num


def _toll_headline_doer(children) -> list:
    """"20 people killed 30 others injured in Daesh car bomb": a headline toll without commas parses
    the dead as the subject and the wounded as the object; the doer is the one named on the act the
    toll happened in (its "by" phrase or a name on the act noun), never the counted dead."""
    subj = [c for c in children if c.dep_ in SUBJ]
    objs = [c for c in children if c.dep_ in OBJ]
    if not subj or not objs or not all(_counted(c) for c in subj + objs):
        return []
    out = []
    for o in objs:
        for acl in o.children:
            if acl.dep_ != "acl" or acl.tag_ != "VBN":
                continue
            out += _by_agent(acl)
            out += [d for p in act_phrase_objects(acl, ACT_PREPS | {"by"}) for d in _act_noun_doers(p)]
    return out


def _act_noun_doers(noun) -> list:
    """Who an act noun names as its doer: its "by" phrase, or a group named on it ("a rebel mortar
    attack", "Daesh car bomb")."""
    return _prep_objects(noun, {"by"}) + [
        m for m in noun.children if m.dep_ in ("compound", "amod", "nmod") and m.i < noun.i
        and (m.ent_type_ in ("NORP", "ORG") or m.pos_ == "PROPN" or m.lower_ in ACTOR_MODIFIERS)]


def verb_roles(tok, light_verbs: set[str]) -> Roles:
    roles = Roles()
    children = list(tok.children)
    roles.passive = any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in children)
    if (roles.passive and tok.lemma_.lower() in STATIVE_PARTICIPLES and not _by_agent(tok)
            and any(c.dep_ == "prep" and c.lower_ == "to" for c in children)):
        roles.passive = False
        roles.agents += [c for c in children if c.dep_ in PASS_SUBJ]
        roles.patients += [g for c in children if c.dep_ == "prep" and c.lower_ == "to"
                           for g in c.children if g.dep_ == "pobj"]
        children = [c for c in children if c.dep_ not in PASS_SUBJ]
    slips = _place_subject_slips(tok, children)
    toll_doer = _toll_headline_doer(children)
    if toll_doer:
        roles.agents += toll_doer
        slips = slips + [c for c in children if c.dep_ in SUBJ]
        roles.patients += [c for c in children if c.dep_ in SUBJ]
    for c in children:
        if c.dep_ in SUBJ and c not in slips:
            roles.agents.append(c)
        elif c.dep_ in PASS_SUBJ:
            roles.patients.append(c)
        elif c.dep_ in OBJ:
            roles.patients.append(c)
    # "a push by the army killed 23": an act noun as subject is done by its "by" object.
    roles.agents = [g for a in roles.agents for g in (_prep_objects(a, {"by"}) if a.pos_ == "NOUN" else []) or [a]]
    roles.agents += _by_agent(tok)
    if roles.passive and not roles.agents:  # "were raped and assaulted by police"
        for c in tok.conjuncts:
            roles.agents += _by_agent(c)
    roles.patients += _prep_objects(tok, PATIENT_PREPS)
    roles.partners += _prep_objects(tok, PARTNER_PREPS)
    if not roles.agents and not roles.passive:
        subj, _ = _inherited_subject(tok)
        if subj is not None:
            roles.agents.append(subj)
    if roles.passive and not roles.agents:
        # "were killed during an operation by Turkish forces", "killed in a raid by the army": the
        # doer of the act the deaths happened in.
        roles.agents += [d for p in act_phrase_objects(tok) for d in _prep_objects(p, {"by"})]
    if roles.passive and not roles.agents:
        # "21 were killed and 50 hurt in a rebel mortar attack": the phrase hangs on the last conjunct
        roles.agents += [d for v in tok.conjuncts if v.i > tok.i for p in act_phrase_objects(v)
                         for d in _act_noun_doers(p)]
    if roles.passive and not roles.agents and tok.dep_ in ("ccomp", "conj") and tok.head.pos_ == "VERB":
        # "X has been accused of misusing funds, much of it believed embezzled, by Y": a "by" phrase
        # after a parenthetical lands on the governing verb; it still names this act's doer.
        roles.agents += [g for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "by" and c.i > tok.i
                         for g in c.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")
                         and g.ent_type_ not in NOT_PARTICIPANTS]
    if roles.passive and not roles.agents:
        # "eight people were killed when regime helicopters dropped barrel bombs": the doer of the
        # temporal clause that brought the deaths about.
        for c in children:
            if c.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as")
                                         for m in c.children):
                roles.agents += [g for g in c.children if g.dep_ in SUBJ]
                # "... were killed when barrel bombs were dropped by regime forces": a passive clause's doer
                roles.agents += _by_agent(c)
    return roles


def noun_roles(tok, light_verbs: set[str]) -> Roles:
    """Roles of an event noun: "an attack by X on Y", "X's attack", "ISIS attacks", "X launched attacks"."""
    roles = Roles()
    if tok.lemma_.lower() in MOVEMENT_NOUNS:  # "from" is where the force leaves
        roles.agents += _prep_objects(tok, {"by", "of"})
    else:
        roles.agents += _prep_objects(tok, {"by", "from"})
    for c in tok.children:  # "a drone strike launched by the Ethiopian Air Force"
        if c.dep_ == "acl" and c.pos_ == "VERB":
            roles.agents += _by_agent(c)
    roles.patients += _prep_objects(tok, PATIENT_PREPS)
    roles.partners += _prep_objects(tok, PARTNER_PREPS)
    own = []  # "their first meeting": a pronoun owner only when the clause names no doer
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ == "PRON":
            own.append(c)
        elif c.dep_ == "poss":
            roles.agents.append(c)
        elif c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("PROPN", "ADJ", "NOUN") and c.i < tok.i:
            if c.ent_type_ in ("NORP", "ORG", "GPE") or c.pos_ == "PROPN" or c.lemma_.lower() in ACTOR_MODIFIERS:
                roles.agents.append(c)  # "ISIS attacks", "coalition air strikes", "regime shelling"
            elif c.dep_ == "compound" and c.pos_ == "NOUN":
                # "US Predator attacks", "Israeli drone strikes": a state named on the weapon wields it
                roles.agents += [g for g in c.children if g.dep_ in ("compound", "amod") and g.i < c.i
                                 and (g.ent_type_ in ("NORP", "GPE") or g.pos_ == "PROPN")]
        elif c.dep_ == "amod" and c.lower_ == "led" and c.i < tok.i:
            roles.agents.append(c)  # "US-led air strikes": the coalition the US leads
    # "a series of attacks", "a high number of airstrikes": the quantity noun holds the syntax.
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        tok = tok.head.head
    head = tok.head
    if tok.dep_ in OBJ and head.pos_ == "VERB":
        # "X conducted airstrikes": the doer of a light verb does the event; "they heard blasts",
        # "officials condemned the attack": perceivers and commentators do not.
        if head.lemma_.lower() in light_verbs or head.lemma_.lower() not in PERCEIVERS:
            agents = [c for c in head.children if c.dep_ in SUBJ] + _by_agent(head)
            if not agents:
                subj, _ = _inherited_subject(head)
                agents = [subj] if subj is not None else []
            roles.agents = roles.agents or agents
            roles.patients += _prep_objects(head, PATIENT_PREPS)
    elif (tok.dep_ == "pobj" and head.lower_ in ("on", "for") and head.head.pos_ == "VERB"
          and not any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in head.head.children)):
        # "Saddam Hussein arrived in Amman on a visit", "left for talks": the traveller does it
        roles.agents = roles.agents or [c for c in head.head.children if c.dep_ in SUBJ]
    elif tok.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in ENGAGE_VERBS:
        # "Serb forces were engaged in ethnic cleansing": who engages in an act does it
        roles.agents = roles.agents or [c for c in head.head.children if c.dep_ in SUBJ | PASS_SUBJ]
        roles.patients += _prep_objects(head.head, PATIENT_PREPS)
    elif tok.dep_ in PASS_SUBJ and head.pos_ == "VERB":
        roles.agents = roles.agents or _by_agent(head)
    elif tok.dep_ in SUBJ and head.pos_ == "VERB":
        # "an airstrike killed five civilians": the event noun is the subject; its verb's object is the patient.
        roles.patients += [c for c in head.children if c.dep_ in OBJ]
        roles.patients += _prep_objects(head, PATIENT_PREPS)
    roles.agents = roles.agents or own
    return roles


# Dependencies only a noun phrase fills: a trigger attached so is a noun whatever its tag
# ("killed in coalition strikes" tagged VBZ is still the strikes of the coalition).
ENGAGE_VERBS = frozenset({"engage", "participate"})
NOMINAL_DEPS = {"pobj", "dobj", "obj", "nsubjpass"}


def event_roles(tok, light_verbs: set[str]) -> Roles:
    nominal = tok.dep_ in NOMINAL_DEPS and tok.tag_ in ("VBZ", "VBP", "NNS", "NN") and not any(
        c.dep_ in SUBJ | PASS_SUBJ | OBJ | {"aux", "auxpass"} for c in tok.children)
    if (tok.pos_ == "VERB" or tok.pos_ == "AUX") and not nominal:
        return verb_roles(tok, light_verbs)
    return noun_roles(tok, light_verbs)
