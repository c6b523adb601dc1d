"""PLOVER targets: whom an act is directed at when the sentence names no patient.

PLOVER codes a target for every event ("demanded autonomy from Serbian authorities" → Serbia,
"sent material to help defend Saudi Arabia" → Saudi Arabia). The search walks the act's parse
outwards (what it defies, its objects and their owners, what prepositions point to, embedded
clauses) and resolves each candidate as an actor, else a place standing for its country.
"""

from __future__ import annotations

from sitreps.coding.context import ArticleContext
from sitreps.coding.resolve import ActorResolver
from sitreps.coding.roles import np_span
from sitreps.geo import lookup_country
from sitreps.model import Actor

# Prepositions whose object a PLOVER act is directed at.
TARGET_PREPS = frozenset({"with", "against", "to", "from", "on", "in", "into", "at", "toward", "towards", "of"})
# "in defiance of X", "in protest at X": nouns whose complement is whom an act defies.
OPPOSITION_NOUNS = frozenset({"defiance", "protest", "opposition", "retaliation", "response"})
# "against Israeli policies": the owner of an opposed stance is the target.
STANCE_HEADS = frozenset({"policy", "rule", "decision", "plan", "law", "measure", "occupation", "presence"})
# Entity types that may name a PLOVER target.
TARGET_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})
# Sectors of a state actor, whose own troops it sends rather than targets.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP"})


def own_side(actor: Actor | None, actor1: Actor | None) -> bool:
    """A state's own troops or officials are what it sends or mobilises, not the other party of its
    act ("France will contribute 4,000 troops to a force in Liberia": the target is Liberia)."""
    return (actor is not None and actor1 is not None and actor.iso3 is not None and actor.iso3 == actor1.iso3
            and actor.sector in ("MIL", "COP") and actor1.sector in STATE_SECTORS)


def _other_party(actor: Actor, actor1: Actor | None) -> bool:
    """A candidate target: an identified party other than the doer and its own forces."""
    return (actor.name != (actor1.name if actor1 else None) and bool(actor.known or actor.iso3)
            and not own_side(actor, actor1))


class TargetFinder:
    """The target search, with the actor resolver and word lists it reads."""

    def __init__(self, resolver: ActorResolver, words: dict) -> None:
        self.resolver = resolver
        self.words = words
        self.light = words["light_verbs"]

    def beneficiary(self, tok, ctx: ArticleContext, actor1) -> Actor | None:
        """Whom an act of aid is for, named in its purpose clause: "willing to send material to help
        defend Saudi Arabia", "troops to protect the Kurds" (PLOVER codes the beneficiary as the
        target, not the goods or a conditional clause's party)."""
        verbs = self.words["beneficiary_verbs"]
        frontier = [c for c in tok.children if c.dep_ in ("advcl", "xcomp", "acl") and c.pos_ == "VERB"
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
        for _ in range(3):
            nxt = []
            for v in frontier:
                if v.lemma_.lower() not in verbs:
                    continue
                objs = [c for c in v.children if c.dep_ in ("dobj", "obj")]
                found, _ = self.resolver.actors(objs, ctx)
                found = [a for a in found if _other_party(a, actor1)]
                if found:
                    return found[0]
                nxt += [c for c in v.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]  # "help (to) defend"
            frontier = nxt
        return None

    def target(self, tok, ctx: ArticleContext, actor1) -> Actor | None:
        """PLOVER's target when no patient is named: the owner of the object ("denounced Serbia's
        suppression"), the object, the party or place a preposition points to ("demanded autonomy
        from Serbian authorities", "imposed a curfew in Cizre"), also through a complement verb
        ("agreed to set up a centre in Tokyo"). A place stands for its country."""
        def preps(t, extra=frozenset()):
            return [g for c in t.children if c.dep_ == "prep" and (c.lower_ in TARGET_PREPS or c.lower_ in extra)
                    for g in c.children if g.dep_ == "pobj"]

        hosts = [tok, *[c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]]
        by_doer: list = []
        if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.head.pos_ == "VERB":
            hosts.append(tok.head.head)  # "arrived in Amman on a visit"
        if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "obj") and self.light_verb(tok.head):
            # "staged demonstrations to demand reforms by X's government": the light verb's purpose
            # clause says whom the act is aimed at
            purpose = [c for c in tok.head.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB"
                       and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
            hosts += purpose
            # "to demand reforms by X" with "by" parsed onto the active verb: X is asked to act
            by_doer += [g for v in purpose if not any(c.dep_ == "auxpass" for c in v.children)
                        for c in v.children if c.dep_ == "prep" and c.lower_ == "by"
                        for g in c.children if g.dep_ == "pobj"]
        cands = self._seceded(tok) + [g for t in hosts for g in self._opposed(t)]
        for t in hosts:
            if t is not tok and t.dep_ == "ccomp":
                # "demanded that the government end curbs": the one asked or warned to act
                cands += [c for c in t.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
            for o in (c for c in t.children if c.dep_ in ("dobj", "obj", "nsubjpass")):
                # "demanded an admission by Moscow": the doer of the demanded act is the target
                cands += [c for c in o.children if c.dep_ == "poss"] + [o] + preps(o, {"by"})
            cands += preps(t)
        cands += by_doer
        # one step further down: "a suspension of air links with Serbia", "ties with Iran's rulers"
        cands += [g for h in list(cands) for g in [*preps(h), *(c for c in h.children if c.dep_ == "poss")]]
        seen: set[int] = set()
        for h in [*cands, *self._deep_candidates(tok)]:
            if h.i in seen or (actor1 is not None and actor1.span is not None
                               and actor1.span.start <= h.idx < actor1.span.end):
                continue
            seen.add(h.i)
            actor, _ = self.resolver.actor(h, ctx)
            if actor is not None and _other_party(actor, actor1):
                return actor
            span = np_span(h)
            place = next((p for p in ctx.places if p.span is not None and p.iso2
                          and span.start_char <= p.span.start < span.end_char), None)
            if place is not None and place.qualifier != "demonym":
                found = lookup_country(place.iso2)
                if found is not None and not (actor1 is not None and actor1.iso3 == found[1]
                                              and place.feature == "country"):
                    return Actor(name=place.name, country=found[2], iso3=found[1], known=False)
        return None

    def light_verb(self, verb) -> bool:
        """A light verb, past the lemmatizer's slips on its past tense ("staged" -> "stag")."""
        low = verb.lower_
        return verb.pos_ == "VERB" and any(w in self.light for w in (verb.lemma_.lower(), low, low[:-1], low[:-2]))

    def _seceded(self, tok) -> list:
        """The state a demand for independence or autonomy is made of ("demanding a referendum on
        independence from Indonesian rule"): whom the act defies, before where it happened."""
        nouns = self.words["separation_nouns"]
        return [g for t in tok.subtree if t.pos_ == "NOUN" and t.lemma_.lower() in nouns
                for c in t.children if c.dep_ == "prep" and c.lower_ == "from"
                for g in c.children if g.dep_ == "pobj"]

    @staticmethod
    def _opposed(tok) -> list:
        """Whom an act defies, named before anything else: "against X", "in defiance of X", "in
        protest at X" ("blocked streets in Hong Kong in defiance of Chinese authorities"); with the
        owner of an opposed policy first ("riots against Israeli military policies")."""
        out = []
        for c in tok.children:
            if c.dep_ != "prep":
                continue
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if c.lower_ == "in":  # "in defiance of X", "in protest at/against X"
                objs = [g for o in objs if o.lemma_.lower() in OPPOSITION_NOUNS
                        for p in o.children if p.dep_ == "prep" and p.lower_ in ("of", "at", "against")
                        for g in p.children if g.dep_ == "pobj"]
            elif c.lower_ != "against":
                continue
            for o in objs:
                owners = [m for m in o.children if m.dep_ in ("poss", "amod", "compound")
                          and (m.ent_type_ in ("NORP", "GPE", "ORG") or m.pos_ == "PROPN")]
                out += owners if o.lemma_.lower() in STANCE_HEADS else []
                out.append(o)
        return out

    def _deep_candidates(self, tok) -> list:
        """Named parties and places anywhere in the act's clause, nearest in the parse first: PLOVER
        still codes a target that sits deep ("denounced as a crime Serbia's suppression", "to press
        demands from President X's government", "a war against Iraq"). The doer, reported speech
        ("..., officials said") and "according to" are no part of the act; the subject of an
        embedded clause is ("threatened to stop talks if the United States goes ahead")."""
        out, frontier = [], [tok]
        for level in range(10):
            nxt = []
            for t in frontier:
                for c in t.children:
                    if c.dep_ in ("punct", "cc") or (level == 0 and c.dep_ in ("nsubj", "csubj")) or (
                            c.pos_ == "VERB" and c.lemma_.lower() in self.words["reporting_verbs"]) or (
                            c.lower_ == "according") or self.name_particle(c):
                        continue
                    nxt.append(c)
                    if c.ent_type_ in TARGET_ENTS or c.dep_ == "poss":
                        out.append(c)
            frontier = nxt
        return out

    def name_particle(self, t) -> bool:
        """A particle between the capitalised parts of a name ("Hans Van den Broek said"), whatever
        the tagger made of it: the name belongs to the speaker, not to the act."""
        doc = t.doc
        return (t.lower_ in self.words["name_particles"] and 0 < t.i < len(doc) - 1
                and doc[t.i - 1].text[:1].isupper() and doc[t.i + 1].text[:1].isupper())
