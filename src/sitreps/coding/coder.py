"""Sentence coder: a parsed article in, EventMentions out.

Per sentence: triage by trigger lexicon; group triggers that belong to one event (linked by the
parse, not across relative clauses or reported speech boundaries); roles from the parse; actors
from the dictionary (with the article's country focus and coreference to the last named actor);
type refinement; place, date, fatalities, modality and attribution.
"""

from __future__ import annotations

from functools import cached_property

from sitreps.coding.context import ArticleContext
from sitreps.coding.lexicon import Kind, TriggerEntry, TriggerMatch, get_lexicon
from sitreps.coding.modality import announced_future, attribution, blamed_party, depth, modality, speech_act
from sitreps.coding.numbers import deaths_in, injuries_in
from sitreps.coding.places import event_places, fallback_place
from sitreps.coding.resolve import ActorResolver, _norm_lemma, content_head, in_class
from sitreps.coding.roles import act_phrase_objects, conjuncts, event_roles, np_span
from sitreps.coding.scope import mention_scope
from sitreps.coding.target import TargetFinder, own_side
from sitreps.coding.types import ARMED_INTERS, Refined, names_bomb, not_political, refine
from sitreps.model import Actor, EventDate, EventMention, Span
from sitreps.nlp.text import doc_text

# Dependencies along which two triggers describe one event ("killed in an airstrike",
# "airstrikes targeting ...", "attacked and killed"). Relative clauses and clausal complements of
# other verbs are separate events ("an ISIS cell, which was preparing to attack ...").
LINK_DEPS = {"conj", "xcomp", "advcl", "acl", "dobj", "obj", "nsubj", "nsubjpass", "pobj", "prep", "compound",
             "amod", "npadvmod", "agent", "pcomp", "appos", "nmod", "attr"}
# More specific kinds win when triggers of one event disagree.
SPECIFICITY = ["sanction", "expel", "suicide", "chemical", "drone", "air", "shell", "grenade", "explosive", "sexual", "abduct",
               "retake", "capture", "mob", "riot", "disperse", "protest", "strike_lab", "hunger", "boycott",
               "clash", "kill", "shoot", "torture", "beat", "arrest", "attack", "destroy", "loot", "disrupt",
               "base", "withdraw", "ceasefire", "surrender", "agree", "release", "mobilize", "group"]
SPEECH_KIND = {"AGREE": "pledge", "THREATEN": "threaten", "REQUEST": "request", "REJECT": "reject"}
OBJECT_TYPED = {"capture", "retake", "destroy", "disrupt"}
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}



def _rank(kind: Kind) -> int:
    return SPECIFICITY.index(kind.name) if kind.name in SPECIFICITY else len(SPECIFICITY)


def _linked(a, b, barriers: frozenset[str] | set[str] = frozenset()) -> bool:
    """True when token b is reachable from a (or a from b) along event-internal dependencies.

    A path through a verb of ``barriers`` ("detained while covering protests", "beat reporters
    covering the rally") joins an act to the circumstance it happened in, not to the same event."""
    for x, y in ((a, b), (b, a)):
        t = x
        for _ in range(6):
            if t.dep_ not in LINK_DEPS or t.head.i == t.i:
                break
            t = t.head
            if t.i == y.i:
                return True
            if t.pos_ == "VERB" and t.lemma_.lower() in barriers:
                break
    # siblings under one light verb: "carried out airstrikes, killing ..."
    return a.head.i == b.head.i and a.dep_ in LINK_DEPS and b.dep_ in LINK_DEPS and a.head.pos_ == "VERB"


def _in_name(tok) -> bool:
    """A word of a multi-word name after its first: "Liberation" in "Tigray People's Liberation
    Front", "Attack" in a ship's or an operation's name, is no event."""
    return (tok.ent_iob_ == "I" and tok.ent_type_ in ("ORG", "FAC", "WORK_OF_ART", "LAW", "PRODUCT")
            and tok.text[:1].isupper())


def _in_attribution(tok) -> bool:
    """Inside "according to X": the source of a claim, not an event ("according to vigilantes")."""
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            return False
        if t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lower_ == "according":
            return True
        t = t.head
    return False


def _components(matches: list[TriggerMatch], tokens, words: dict) -> list[list[TriggerMatch]]:
    groups: list[list[TriggerMatch]] = []
    mods = {m.head: modality(tokens[m.head], words) for m in matches}
    for m in matches:
        tok = tokens[m.head]
        verbal = m.entry.kind.event_type is None
        for g in groups:
            # A verbal act ("threatened to attack") and the act it speaks of are two events, and
            # so are what happened and what was only planned ("intercepted members planning attacks").
            if any(_linked(tok, tokens[o.head], words["witness_verbs"]) and (o.entry.kind.event_type is None) == verbal
                   and mods[o.head] == mods[m.head] for o in g):
                g.append(m)
                break
        else:
            groups.append([m])
    return groups


SEIZED_PATH = {"dobj", "obj", "nsubjpass", "conj", "acl", "appos", "compound"}


def _seizure_of_weapon(group: list[TriggerMatch], tokens, words: dict) -> TriggerMatch | None:
    """"destroyed 23 IEDs", "a cache containing grenades was found": a weapon named as what is
    seized, found or destroyed is the object of that act, not an attack with it. Returns the
    seizing trigger when some weapon trigger of the group hangs under it as its object."""
    takers = {m.head: m for m in group if m.entry.kind.name in OBJECT_TYPED}
    if not takers:
        return None
    for m in group:
        tok = tokens[m.head]
        if m.head in takers or tok.pos_ != "NOUN" or not in_class(tok, words["weapon_nouns"]):
            continue
        t = tok
        for _ in range(5):
            of_pobj = t.dep_ == "pobj" and t.head.lower_ == "of"
            if not (t.dep_ in SEIZED_PATH or of_pobj) or t.head.i == t.i:
                break
            t = t.head.head if of_pobj else t.head
            if t.i in takers:
                return takers[t.i]
    return None


CAUSAL_PREPS = {"over", "after", "following", "for"}
# PLOVER acts that a coordinated subject does to one another ("A and B agreed / met / cooperated").
MUTUAL_PLOVER = {"AGREE", "CONSULT", "COOPERATE"}
CAUSE_SCORE = 0.25  # below any act's own score (0.3 and up)


def _cause_of_act(tok, acts: set[int]) -> bool:
    """"diplomats expelled after a nerve agent attack", "sanctions imposed over the bombing", "in
    response to the attack": the violence is the reason given for a diplomatic or verbal act,
    which is what the sentence reports."""
    while tok.dep_ in ("compound", "amod", "conj") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ == "to" and prep.head.lower_ in ("response", "retaliation", "reaction", "reprisal") \
            and prep.head.dep_ == "pobj":
        prep = prep.head.head
    elif prep.lower_ not in CAUSAL_PREPS:
        return False
    gov = prep.head
    near = {gov.i, gov.head.i} | {c.i for c in gov.children if c.dep_ in ("dobj", "obj", "nsubjpass", "nsubj")}
    # "a new round of sanctions imposed over ...": the act is the of-complement of the governed noun
    near |= {g.i for c in gov.head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children}
    return bool(near & acts)


def _reduced_relative_object(verb) -> list:
    """"discovered ammunition believed to belong to the PKK": the parser makes the object the
    subject of a participle complement; with no object of its own, that subject is the verb's."""
    if any(c.dep_ in ("dobj", "obj") for c in verb.children):
        return []
    return [g for c in verb.children if c.dep_ == "ccomp" and c.tag_ in ("VBN", "VBD")
            and not any(a.dep_ in ("aux", "auxpass", "mark") for a in c.children)
            for g in c.children if g.dep_ == "nsubj" and g.pos_ in ("NOUN", "PROPN")]


def _depth(tok) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


# Nouns that name a community's fighters or the community itself, not its name.
MILITIA_WORDS = frozenset({"militia", "militias", "militiaman", "militiamen", "clan", "clans", "tribe", "tribes",
                           "community", "communities", "group", "groups", "fighter", "fighters", "youth", "youths"})

def _subjects(tok) -> list:
    """Who a verb is said of: its subjects, those of the verb it is conjoined to ("was arrested and
    disappeared"), or the noun a participle modifies ("three journalists detained in Yangon")."""
    for _ in range(3):
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return subj
        if tok.dep_ in ("acl", "relcl"):
            return [tok.head]
        if tok.dep_ != "conj":
            break
        tok = tok.head
    return []


def _own_clause(t, verb) -> bool:
    """Whether ``t`` belongs to ``verb``'s own clause, not to a relative or adverbial clause inside it."""
    while t.i != verb.i and t.head.i != t.i:
        if t.dep_ in ("relcl", "acl", "advcl"):
            return False
        t = t.head
    return True


class Coder:
    def __init__(self) -> None:
        self.lex = get_lexicon()
        self.words = self.lex.words
        self.resolver = ActorResolver()
        self.actors = self.resolver.actors_dict
        self.light = self.words["light_verbs"]
        self.targets = TargetFinder(self.resolver, self.words)

    # -- dates -----------------------------------------------------------------------

    def _date(self, sent, ctx: ArticleContext, trigger) -> EventDate:
        from sitreps.timex import event_date

        return event_date(doc_text(sent.doc), sent.start_char, sent.end_char, ctx.published, ctx.timexes,
                          doc=sent.doc, trigger_i=trigger.i)

    # -- sentences ------------------------------------------------------------------------------
    def code_sentence(self, sent, ctx: ArticleContext) -> list[EventMention]:
        tokens = sent.doc
        matches = self.lex.match(list(sent))
        # Lexicon match indices are relative to the sentence.
        matches = [TriggerMatch(m.start + sent.start, m.end + sent.start, m.head + sent.start, m.entry,
                                m.alternatives) for m in matches]
        demands = self._demands(sent, matches)
        matches = [m for m in matches if not any(m.head in d for d in demands.values())]
        matches += [TriggerMatch(v, v + 1, v, self._request_entry) for v in demands]
        if not matches:
            self._remember(sent, ctx)
            return []
        matches = [m for m in (self._choose(m, tokens) for m in matches) if m is not None
                   and not self._modifier_only(m, tokens) and not self._refers_back(m, tokens)
                   and not self._figurative(m, tokens) and not _in_name(tokens[m.head])
                   and not _in_attribution(tokens[m.head])]
        if not matches:
            self._remember(sent, ctx)
            return []
        mentions: list[EventMention] = []
        acts = {m.head for m in matches if m.entry.kind.event_type is None}
        for group in _components(matches, tokens, self.words):
            mentions.extend(self._code_group(group, sent, ctx, acts))
        self._remember(sent, ctx)
        return mentions

    def _demands(self, sent, matches) -> dict[int, set[int]]:
        """Reported obligations: "Russia said that Sudan must return the helicopter", "declared that
        China must drop barriers" are the speaker's REQUEST to the clause's subject, whatever the
        clause's verb (PLOVER). Returns {verb index: token indices of its clause}."""
        out: dict[int, set[int]] = {}
        for v in sent:
            if v.dep_ != "ccomp" or v.head.lemma_.lower() not in self.words["reporting_verbs"]:
                continue
            if not any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in v.children):
                continue
            subj = [c for c in v.children if c.dep_ == "nsubj"]
            speaker = [c for c in v.head.children if c.dep_ == "nsubj"]
            if subj and speaker and subj[0].lower_ not in ("it", "he", "she", "they", "we", "i", "you"):
                # the clause's own predicates, not events told in its relative or adverbial clauses
                out[v.i] = {t.i for t in v.subtree if _own_clause(t, v)}
        return out

    @cached_property
    def _request_entry(self) -> TriggerEntry:
        return TriggerEntry(("must",), frozenset({"VERB", "AUX", "ADJ"}), self.lex.kinds["request"], None, 0)

    def _refers_back(self, m: TriggerMatch, tokens) -> bool:
        """"these attacks", "such raids": a reference to events already told, not a new one."""
        tok = tokens[m.head]
        return tok.pos_ in ("NOUN", "PROPN") and tok.tag_ in ("NNS", "NNPS") and any(
            c.dep_ == "det" and c.lower_ in ("these", "those", "such") for c in tok.children)

    def _modifier_only(self, m: TriggerMatch, tokens) -> bool:
        """"riot police", "protest leaders": the event word only modifies a noun that is no event."""
        tok = tokens[m.end - 1]
        return tok.dep_ == "compound" and in_class(tok.head, self.words["non_event_heads"])

    def _figurative(self, m: TriggerMatch, tokens) -> bool:
        """Figures of speech: "an explosion of violence" (an event noun with an abstract of-complement),
        "seize (upon) the opportunity" (a verb whose only objects are abstract)."""
        tok = tokens[m.head]
        if tok.pos_ == "NOUN":
            return any(c.dep_ == "prep" and c.lower_ == "of" and any(
                g.dep_ == "pobj" and in_class(g, self.words["figurative_of"]) for g in c.children)
                for c in tok.children)
        if tok.pos_ != "VERB":
            return False
        objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        objs += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                 for g in c.children if g.dep_ == "pobj"]
        return bool(objs) and all(in_class(o, self.words["figurative_objects"]) for o in objs)

    def _choose(self, m: TriggerMatch, tokens) -> TriggerMatch | None:
        """The first lexicon entry for these words whose requirement the sentence meets."""
        for entry in (m.entry, *m.alternatives):
            cand = TriggerMatch(m.start, m.end, m.head, entry)
            if self._satisfied(cand, tokens):
                return cand
        return None

    @staticmethod
    def _same_accident(main: TriggerMatch, refined: Refined | None, actor1, text: str, ctx: ArticleContext) -> bool:
        """"A furnace exploded ... The explosion occurred at ...": once an explosion is told as an
        accident, later explosions with no bomb and no armed doer are that accident again."""
        if main.entry.kind.name != "explosive":
            return False
        inter = actor1.inter if actor1 is not None else None
        if refined is None:
            ctx.accident = ctx.accident or not_political("explosive", text.lower(), inter)
            return False
        return ctx.accident and inter not in ARMED_INTERS and refined.kind.name == "explosive" and not names_bomb(text)

    def _satisfied(self, m: TriggerMatch, tokens) -> bool:
        """Does the trigger's own clause fill the role its lexicon entry needs?"""
        needs = m.entry.needs
        if needs is None:
            return True
        tok = tokens[m.head]
        if needs.startswith("cue:"):
            cues = self.words[needs[4:]]
            return any(in_class(t, cues) for t in tok.sent if t.i != tok.i)
        if needs == "intransitive":
            return not any(c.dep_ in ("dobj", "obj", "ccomp") for c in tok.children)
        if needs == "person":
            # "the journalist disappeared", "Rilwan went missing"; not "the money disappeared"
            return any(self._person(c) for c in _subjects(tok))
        if needs.startswith("from:"):
            # "was taken from her home by officers": a person removed from a place of the class
            places = self.words[needs[5:]]
            source = any(c.dep_ == "prep" and c.lower_ == "from" and any(
                g.dep_ == "pobj" and in_class(g, places) for g in c.children) for c in tok.children)
            people = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
            return source and any(self._person(c) for c in people)
        if needs.startswith("force:"):
            return self._force_of(tok, self.words[needs[6:]])
        roles = event_roles(tok, self.light)
        if needs == "agent":
            return bool(roles.agents)
        if needs == "object:visitor":
            return self._visitor(tok, roles)
        patients = roles.patients or _reduced_relative_object(tok)
        if not patients:
            return False
        if needs == "object":
            return True
        cls = needs.split(":", 1)[1]
        heads = [content_head(c, self.words) for p in patients for c in conjuncts(p)]
        if cls == "place":
            return any(h.ent_type_ in ("GPE", "LOC", "FAC") or in_class(h, self.words["place_nouns"]) for h in heads)
        # Any noun of the phrase: parses put the head on the wrong word ("Algiers Two caches").
        return any(in_class(t, self.words[cls]) for h in heads for t in np_span(h) if t.pos_ in ("NOUN", "PROPN"))

    def _force_of(self, tok, words) -> bool:
        """Is the force moved of the class? "UN peacekeepers arrived", "deployed peacekeeping
        troops", "the deployment of peacekeepers": the verb's subject or object, or the noun's (or
        its subject noun's) "of" phrase."""
        nps = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "obj")]
        nps += [g for n in [tok, *nps] for c in n.children if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children if g.dep_ == "pobj"]
        return any(in_class(t, words) for n in nps for c in conjuncts(n) for t in np_span(c))

    def _visitor(self, tok, roles) -> bool:
        """Whom a host welcomes: "welcomed the Chinese premier", "gave a warm welcome to de Klerk"
        (CAMEO 043), not "welcomed the decision" (praise). The guest is the object or the
        "to" phrase of the verb or of its object noun."""
        cands = [*roles.patients, *roles.partners]
        cands += [g for o in roles.patients for c in o.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"
                  for g in c.children if g.dep_ == "pobj"]
        heads = [content_head(c, self.words) for p in cands for c in conjuncts(p)]
        return any(h.ent_type_ == "PERSON" or in_class(h, self.words["visitor_nouns"])
                   or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in h.children) for h in heads)

    def _counted_victims(self, tok) -> bool:
        """A counted group of people as the subject of a toll headline is the victims, not the doer:
        "8 persons killed 58 others injured in rocket attacks" (a reduced passive parsed as active),
        "Three civilians killed in an air strike". People who kill someone have a named victim."""
        if not any(c.dep_ == "nummod" for c in tok.children):
            return False
        harm = set(self.words["death_verbs"]) | set(self.words["injury_words"])
        if any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in harm for c in tok.children):
            return True  # "8 rescuers killed in an airstrike", "20 fighters killed in clashes"
        if not (in_class(tok, self.words["civilian_nouns"]) or tok.lower_ in ("other", "others")):
            return False
        verb = tok.head
        if tok.dep_ != "nsubj" or verb.lemma_.lower() not in harm or verb.tag_ not in ("VBD", "VBN"):
            return False
        objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        return all(o.pos_ == "NUM" or o.lower_ in ("other", "others") for o in objs)  # "... killed 22 (others) injured"

    def _person(self, tok) -> bool:
        """A noun phrase naming people: a PERSON name or a civilian noun, itself or in apposition."""
        cands = [tok, *(c for c in tok.children if c.dep_ == "appos")]
        return any(c.ent_type_ == "PERSON" or in_class(c, self.words["civilian_nouns"]) for c in cands)

    def _code_group(self, group: list[TriggerMatch], sent, ctx: ArticleContext,
                    acts: set[int] | None = None) -> list[EventMention]:
        tokens = sent.doc
        top = min(group, key=lambda m: (_depth(tokens[m.head]), m.start))
        main = _seizure_of_weapon(group, tokens, self.words) or min(group, key=lambda m: (_rank(m.entry.kind), m.start))
        agents, patients, partners = [], [], []
        # The main trigger's own roles first ("X were neutralised and weapons were seized": the
        # seizure's object is the weapons, not the people), then the others, highest first.
        # An event noun is no participant: "a drone strike ... hit a church" has the strike's doer.
        covered = {i for m in group for i in range(m.start, m.end)}
        for m in sorted(group, key=lambda m: _depth(tokens[m.head])):
            r = event_roles(tokens[m.head], self.light)
            agents = agents or [a for a in r.agents if a.i not in covered]
            patients = patients or r.patients
            partners = partners or r.partners
        agents = [a for a in agents if not self._counted_victims(a)]
        a1, _ = self.resolver.actors(agents, ctx)
        a2, patient_lemma = self.resolver.actors(patients, ctx)
        ap, partner_lemma = self.resolver.actors(partners, ctx)
        clash = next((m for m in group if m.entry.kind.name == "clash"), None)
        label = self.resolver.communal_label(tokens[clash.head], ctx) if clash is not None else None
        if label:
            # "tribal clashes between the Nuer and Dinka": each named community fields a militia
            between = [g for b in sent if b.lower_ == "between" and b.dep_ == "prep"
                       for g in b.children if g.dep_ == "pobj"]  # attached anywhere: parse slips
            named = self._community_names(agents + partners) or self._community_names(between)
            militias = [m for m in (self.resolver.named_militia(t, label, ctx) for t in named) if m is not None]
            if militias:
                a1, ap = militias[:1], militias[1:]
                a2 = [a for a in a2 if a.inter != 7]
        if not a1 and ap and main.entry.kind.name == "clash" and len(ap) > 1:
            a1, ap = ap[:1], ap[1:]
        if not a1 and ap and a2 and any(m.entry.kind.name == "clash" for m in group):
            # "29 rebels were killed in clashes with regime troops": the victims' opponents
            a1, ap = ap, []
        if not a1 and main.entry.kind.violent:
            a1 = self._passive_in_doer(group, tokens, ctx)
        if not a2 and ap:
            a2, patient_lemma = ap, partner_lemma
        actor1 = a1[0] if a1 else None
        actor2 = a2[0] if a2 else None
        if main.entry.kind.name in OBJECT_TYPED:
            # What is seized, captured or destroyed decides the type: the main trigger's own object
            # ("assailants were neutralised and weapons were seized": the seizure is of weapons).
            own = event_roles(tokens[main.head], self.light).patients
            if own:
                patients = own
                _, patient_lemma = self.resolver.actors(own, ctx)
        patient_nouns = {_norm_lemma(t) for p in patients for c in conjuncts(p)
                         for t in np_span(content_head(c, self.words)) if t.pos_ in ("NOUN", "PROPN")}
        refined = refine(main.entry.kind, sent.text, actor1, actor2, patient_lemma, patient_nouns=patient_nouns)
        if self._same_accident(main, refined, actor1, sent.text, ctx):
            return []
        if refined is None:
            return []
        kind = refined.kind
        if kind.name == "arrest" and actor1 is None and ctx.country:
            # Arrests with no named doer are police work (ACLED: Police Forces of the country).
            police = self.resolver.actors_dict.match("police", ctx.country)
            if police is not None:
                police.span = None
                actor1, a1 = police, [police]
        if refined.event_type in ("Protests", "Riots"):
            actor1, a1, actor2, a2 = self.resolver.demonstration_actors(refined, a1, a2, sent, ctx)
        stated_actor2 = actor2  # salience counts what the sentence says, not what ACLED fills in
        if refined.event_type == "Violence against civilians" and (actor2 is None or actor2.inter is None) and ctx.country:
            # The victims of violence against civilians are civilians, named or not (ACLED:
            # "Civilians (Country)"; a described victim such as "a 13 year-old girl" is one of them).
            civilians = self.resolver.actors_dict.match("civilians", ctx.country)
            if civilians is not None:
                civilians.span = actor2.span if actor2 is not None else None
                actor2, a2 = civilians, [civilians, *a2[1:]]
        if refined.event_type in VIOLENT_TYPES:
            # ACLED codes violence by "the government"/"the regime" to its armed forces.
            actor1 = self.resolver.armed_arm(actor1)
            a1 = [self.resolver.armed_arm(a) for a in a1]
        mod = modality(tokens[top.head], self.words)
        top_tok = tokens[top.head]
        if mod == "negated" and kind.plover == "AGREE" and top_tok.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "neg" for c in top_tok.children):
            # "X will not accept more refugees", "did not agree to the plan": a refusal, which
            # happened (PLOVER REJECT)
            kind = self.lex.kinds["reject"]
            refined = Refined(kind, None, None)
            mod = "asserted"
        if main.entry is self._request_entry:
            # "X said that Y must ...": X requests, of Y; the saying happened.
            said = top_tok.head
            speaker, _ = self.resolver.actors([c for c in said.children if c.dep_ == "nsubj"], ctx)
            addressee, _ = self.resolver.actors([c for c in top_tok.children if c.dep_ == "nsubj"], ctx)
            actor1, a1 = (speaker[0], speaker) if speaker else (None, [])
            actor2, a2 = (addressee[0], addressee) if addressee else (None, [])
            stated_actor2 = actor2
            top_tok = said
            mod = modality(said, self.words)
        if mod == "attributed" and actor1 is None:
            # "the regime was responsible for the attack": the blamed party is the doer
            blamed, _ = self.resolver.actors(blamed_party(top_tok, self.words), ctx)
            if blamed:
                a1 = [self.resolver.armed_arm(a) if refined.event_type in VIOLENT_TYPES else a for a in blamed]
                actor1 = a1[0]
        if mod in ("planned", "hypothetical"):
            act, gov = speech_act(top_tok, self.words)
            if act is None and announced_future(top_tok, self.words):
                # An actor announcing what it will do: future cooperation is AGREE, a future
                # conflictual act, or one made conditional ("... unless"), is THREATEN (PLOVER manual).
                quad = self.lex.plover_types.get(kind.plover or "", {}).get("quad", "")
                conditional = any(t.lower_ in ("unless", "if", "otherwise") for t in sent)
                act = "AGREE" if "cooperation" in quad and not conditional else "THREATEN"
                gov = None
            if act is not None and gov is None:  # the announcement itself has happened
                kind = self.lex.kinds[SPEECH_KIND[act]]
                refined = Refined(kind, None, None)
                mod = "asserted"
            elif act is not None:
                # "X offered to negotiate with Y" is, in PLOVER, X AGREE Y (the speech act happened).
                kind = self.lex.kinds[SPEECH_KIND[act]]
                refined = Refined(kind, None, None)
                holder = gov.head if gov.dep_ in ("acomp", "attr", "xcomp") and not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in gov.children) else gov  # "France is ready to"
                gov_agents, _ = self.resolver.actors(
                    [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")], ctx)
                if gov_agents:
                    actor1, a1 = gov_agents[0], gov_agents
                top_tok = gov
                mod = modality(gov, self.words)
        who, reported = attribution(sent, top_tok, self.words)
        date = self._date(sent, ctx, top_tok)
        if mod in ("asserted", "reported") and date.date and ctx.published and date.date > ctx.published:
            mod = "planned"  # dated after publication: has not happened yet
        if mod == "asserted" and reported:
            mod = "reported"
        fatalities, phrase = (None, None)
        if kind.violent:
            fatalities, phrase = deaths_in(sent, self.words)
        injuries = injuries_in(sent, self.words) if kind.violent else None
        actor_spans = [a.span for a in a1 + a2 if a.span is not None]
        places = event_places(sent, ctx, actor_spans, refined) or [fallback_place(sent, ctx, refined)]
        if refined.event_type not in VIOLENT_TYPES and own_side(actor2, actor1):
            # troops it sends or mobilises are no party to a state's act; the target lies elsewhere
            a2 = [a for a in a2 if not own_side(a, actor1)]
            actor2 = a2[0] if a2 else None
        if main.entry.kind.plover == "AID":
            helped = self.targets.beneficiary(tokens[main.head], ctx, actor1)
            if helped is not None:
                actor2, a2 = helped, [helped, *(a for a in a2 if a.name != helped.name)]
        target = actor2 or self.targets.target(top_tok, ctx, actor1)
        if actor2 is None and kind.plover in MUTUAL_PLOVER and len(a1) > 1 and a1[1].name != a1[0].name:
            # "Italy and France signed a treaty", "A and B met": each party acts towards the other
            # (CAMEO codes both dyads); the first named is the source, so the next is the target.
            target = a1[1]
        trig = tokens[main.start : main.end]
        scope = mention_scope(sent.text, trig.start_char - sent.start_char)
        out = []
        for place in places:
            out.append(EventMention(
                article_id=ctx.article_id,
                evidence=Span(sent.text, sent.start_char, sent.end_char),
                trigger=Span(trig.text, trig.start_char, trig.end_char),
                event_type=refined.event_type,
                sub_event_type=refined.sub_event_type,
                plover=kind.plover,
                plover_mode=kind.mode,
                cameo=kind.cameo,
                trigger_kind=kind.name,
                actor1=actor1,
                assoc_actor_1=a1[1:],
                actor2=actor2,
                assoc_actor_2=a2[1:],
                place=place,
                date=date,
                fatalities=fatalities,
                fatalities_text=phrase,
                injuries=injuries,
                attribution=who,
                modality=mod,
                score=self._salience(refined, actor1, stated_actor2, fatalities, sent, depth(top_tok, self.words))
                if refined.event_type is None or not _cause_of_act(top_tok, acts or set()) else CAUSE_SCORE,
                depth=depth(top_tok, self.words),
                target=target,
                scope=scope,
            ))
        return out

    def _passive_in_doer(self, group: list[TriggerMatch], tokens, ctx: ArticleContext) -> list[Actor]:
        """"civilians were killed in US-led coalition strikes" parsed with the doer as the object of
        "in" (the act noun mistagged as a verb): an armed actor named there is the doer. Places and
        unnamed groups there are not ("killed in Aleppo", "killed in fighting")."""
        for m in group:
            verb = tokens[m.head]
            participle = verb.tag_ == "VBN" and verb.dep_ == "acl"  # headline "70 killed in X airstrikes"
            if verb.pos_ != "VERB" or not (participle or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)):
                continue
            objs = act_phrase_objects(verb, {"in"}, keep=lambda g: g.ent_type_ not in ("GPE", "LOC", "FAC", "DATE"))
            found, _ = self.resolver.actors(objs, ctx)
            armed = [a for a in found if a.known and a.inter in (1, 2, 3, 8)
                     and not a.name.startswith("Unidentified")]
            if armed:
                return [self.resolver.armed_arm(a) for a in armed]
        return []

    @staticmethod
    def _community_names(sides) -> list:
        """"the Nuer and Dinka clans", "Gaaljecel and Jajele militias": the names, not the nouns."""
        heads = [t for h in sides for c in conjuncts(h) for t in [c, *c.children]
                 if t is c or t.dep_ in ("nmod", "compound", "amod")]
        named = [t for h in heads for t in conjuncts(h) if (t.pos_ == "PROPN" or t.ent_type_ == "NORP")
                 and t.lemma_.lower() not in MILITIA_WORDS]
        return list(dict.fromkeys(named))

    @staticmethod
    def _salience(refined, actor1, actor2, fatalities, sent, depth_: int = 0) -> float:
        score = 1.0 - 0.05 * min(depth_, 6)  # the main clause's event before embedded ones
        if refined.event_type is None:
            score = 0.3
        elif refined.event_type == "Strategic developments":
            score = 0.6
        if actor1 is not None:
            score += 0.2
        if actor2 is not None:
            score += 0.1
        if fatalities:
            score += 0.2
        # Earlier sentences carry the lead event of a news report.
        score += max(0.0, 0.3 - 0.03 * sum(1 for _ in sent.doc.sents if _.start < sent.start))
        return round(score, 3)

    def _remember(self, sent, ctx: ArticleContext) -> None:
        """Track the last named actors for coreference of "the group", "they"."""
        for _start, _end, actor in self.actors.find_all(sent.text, ctx.country):
            if actor.known and not actor.name.startswith(("Unidentified", "Civilians")):
                ctx.last_actor = actor
                if actor.inter in (2, 3, 4):
                    ctx.last_armed_nonstate = actor


def code_sentences(doc, ctx: ArticleContext, coder: Coder | None = None) -> list[EventMention]:
    coder = coder or get_coder()
    out: list[EventMention] = []
    for sent in doc.sents:
        out.extend(coder.code_sentence(sent, ctx))
    infer_missing_agents(out)
    return out


# Stand-off bombardment: reports call one strike an air raid, a missile strike or shelling in turn.
BOMBARDMENT = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})


def _same_kind(a: str | None, b: str | None) -> bool:
    return a == b or (a in BOMBARDMENT and b in BOMBARDMENT)


def infer_missing_agents(mentions: list[EventMention]) -> None:
    """A report names the perpetrator once ("Syrian regime warplanes bombarded Hasakeh") and then
    tells the same kind of violence without one ("air strikes killed 39"). An agentless violent
    mention takes the named perpetrator of the nearest mention of the same sub-event type."""
    donors = [m for m in mentions if m.actor1 is not None and m.actor1.known
              and not m.actor1.name.startswith(("Unidentified", "Civilians", "Protesters", "Rioters"))
              and m.actor1.sector not in ("IGO", "NGO", "JUD")  # observers and courts, not perpetrators
              and m.event_type in VIOLENT_TYPES]
    for m in mentions:
        if m.actor1 is not None or m.event_type not in VIOLENT_TYPES or not m.counted:
            continue
        same = [d for d in donors if _same_kind(d.sub_event_type, m.sub_event_type) and d is not m]
        if same:
            nearest = min(same, key=lambda d: abs(d.evidence.start - m.evidence.start))
            m.actor1 = nearest.actor1
            m.assoc_actor_1 = list(nearest.assoc_actor_1)


_CODER: Coder | None = None


def get_coder() -> Coder:
    global _CODER
    if _CODER is None:
        _CODER = Coder()
    return _CODER
