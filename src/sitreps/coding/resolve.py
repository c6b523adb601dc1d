"""Actors of an event from its noun phrases: the dictionary first, then what the phrase tells
(identity militias named by origin, nationality + title, a place's people, a country's
government), with the article's country focus and coreference to the last named actor."""

from __future__ import annotations

import re

from sitreps.coding.actors import get_actor_dictionary
from sitreps.coding.context import ArticleContext
from sitreps.coding.lexicon import get_lexicon
from sitreps.coding.roles import ACTOR_MODIFIERS, conjuncts, np_span
from sitreps.model import Actor, Span
from sitreps.nlp.text import doc_text

MILITIA_NOUNS = {"militia", "militiaman", "militiamen", "militias"}
# Words that label a militia or its origin but are not part of its name.
MILITIA_LABEL_WORDS = {"clan", "sub", "sub-clan", "subclan", "ethnic", "communal", "tribal", "county", "district",
                       "town", "village", "state", "region", "province", "locality", "woreda", "kebele", "payam",
                       "zone", "area", "community", "armed"}
# Nouns for a people as a whole, whose "of" phrase places them ("the Albanian population of X").
PEOPLE_NOUNS = frozenset({"population", "people", "community", "minority", "inhabitant", "resident"})
PRONOUNS = {"he", "she", "it", "they", "them", "who", "which", "that", "we", "i"}
ANAPHORIC_HEADS = {"group", "militant", "fighter", "attacker", "assailant", "gunman", "gunmen", "insurgent",
                   "rebel", "organization", "organisation", "movement", "jihadist", "terrorist", "extremist"}


def _norm_lemma(tok) -> str:
    """Lemma, robust to the statistical lemmatizer's slips on plurals ("bases" -> "basis")."""
    low = tok.lower_
    if low.endswith("es") and low[:-2] in ("bas", "cach"):
        return low[:-1]
    if low.endswith("s") and not low.endswith("ss") and tok.tag_ in ("NNS", "NNPS"):
        return low[:-1]
    return tok.lemma_.lower()


def in_class(tok, words: set[str]) -> bool:
    low = tok.lower_
    return (tok.lemma_.lower() in words or low in words or _norm_lemma(tok) in words
            or (low.endswith("s") and low[:-1] in words) or (low.endswith("es") and low[:-2] in words))


def content_head(tok, words: dict):
    """The noun a quantity stands for: "a total of 206 weapons" -> weapons, "dozens of guns" -> guns."""
    for _ in range(3):
        if tok.lemma_.lower() not in words["quantity_nouns"] and tok.lower_ not in words["quantity_nouns"]:
            break
        of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
        objs = [o for c in of for o in c.children if o.dep_ == "pobj"]
        if not objs:
            break
        tok = objs[0]
    return tok



# Where ACLED names unlabelled identity militias after clans ("Gaaljecel militia" -> Gaaljecel Clan
# Militia (Somalia)): Somali society is organised by clan, and ACLED's Somalia coding follows it.
CLAN_COUNTRIES = frozenset({"SO"})
COMMUNAL_WORDS = frozenset({"tribal", "ethnic", "communal", "intercommunal", "inter-communal", "clan"})
CODED_AS = re.compile(r"\s*,?\s*\((?:and\s+)?(?:coded as|assumed(?: to be)?|presumed(?: to be)?|believed to be|"
                      r"suspected to be|likely(?: to be)?(?: either)?)\s+([^()]{3,90}?)\)", re.I)


ARMED_PERSONS = frozenset({"gunman", "gunmen", "fighter", "fighters", "attacker", "attackers", "assailant",
                           "assailants", "militant", "militants"})
# "... from (the same | X) (sub-)clan", right after the head, past a short "suspected to be"
FROM_CLAN = re.compile(r"[^.;()]{0,40}?\bfrom (?:the )?(?:(same) |([A-Z][\w'-]*(?: [A-Z][\w'-]*)*) )?(sub-clan|sub clan|subclan|clan)\b")


def _country_word(t) -> bool:
    """A word that may name a country or nationality: "Syrian", "Ugandan", "U.S." but not a title's
    abbreviation ("Lt.", "Col") that reads like an ISO code: codes are written in capitals."""
    if t.ent_type_ not in ("NORP", "GPE") and not (t.pos_ in ("PROPN", "ADJ") and t.text[:1].isupper()):
        return False
    return not (t.text.endswith(".") and t.text[:-1].isalpha()) and (len(t.text) > 3 or t.text.isupper())


def _origin_before(span, end: int) -> str | None:
    """ISO2 of the nationality written in a noun phrase before offset ``end`` (relative to the
    phrase) and apart from the noun it qualifies ("Turkish Kurd refugees"), unless it names a
    sponsor or leader ("US-backed", "Saudi-led")."""
    from sitreps.geo import lookup_country

    if any(t.lower_ in ("backed", "led", "pro", "allied", "sponsored", "supported") for t in span):
        return None
    names = [e.text for e in span.ents if e.label_ in ("NORP", "GPE") and e.start_char - span.start_char < end
             and (len(e) > 1 or _country_word(e[0]))]
    names += [t.text for t in span if t.idx - span.start_char < end and _country_word(t)]
    for name in names:
        hit = lookup_country(re.sub(r"\s*['’]s?$", "", name))
        if hit is not None:
            return hit[0]
    return None


# Nouns for a territory that, with "the" and no name, refer back to the place named before.
TERRITORY_NOUNS = frozenset({"province", "region", "country", "territory", "state", "republic", "area",
                             "enclave", "island", "city", "town", "district"})


def _anaphoric_place(tok) -> bool:
    """"the province", "the region": a territory noun with a definite article and no name of its own."""
    return (tok.lemma_.lower() in TERRITORY_NOUNS and tok.pos_ == "NOUN"
            and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
            and not any(c.dep_ in ("compound", "amod", "nmod", "prep", "appos") for c in tok.children))


def _person_at(doc, start: int) -> bool:
    """Whether a person's name is written at this offset (the gazetteer's "Bush" in "the Bush
    administration" is no place)."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and span[0].ent_type_ == "PERSON"


_DATE_NUMBER = re.compile(r"^\d{1,4}(?:[./-]\d{1,2}(?:[./-]\d{2,4})?)?(?:st|nd|rd|th)?,?$")


def _date_word(t) -> bool:
    """Part of a date line: a month or weekday name, a day, a year or a dotted date ("03.10.2017")."""
    from sitreps.timex.lexicon import MONTHS, WEEKDAYS

    word = t.text.rstrip(".,")
    return (word[:1].isupper() and word.lower() in MONTHS.keys() | WEEKDAYS.keys()) or bool(_DATE_NUMBER.match(t.text))


def _after_dateline(span):
    """The name left once the date a headline or date line starts with is cut off (empty if all date).
    Only a span that starts with a month or weekday name or a number is cut."""
    i = 0
    while i < len(span) and (_date_word(span[i]) or (i and span[i].lower_ in ("of", "the"))):
        i += 1
    return span[i:]


def _all_places(span, ctx: ArticleContext, gazetteer: bool = True) -> bool:
    """Whether every name of the span is a place the article names or the gazetteer knows: a place
    is no actor (a country as doer, which stands for its government, is resolved before)."""
    names = [t for t in span if t.pos_ == "PROPN" or t.ent_type_]
    if not names:
        return False
    inside = all(any(p.span is not None and p.span.start <= t.idx < p.span.end for p in ctx.places)
                 for t in names)
    return inside or (gazetteer and _gazetteer_place(span.text))


def _gazetteer_place(text: str) -> bool:
    from sitreps.geo import get_gazetteer, normalise
    from sitreps.geo.gazetteer import article_variants

    key = normalise(re.sub(r"^(?:the|The)\s+", "", text.strip()))
    if not key:
        return False
    gaz = get_gazetteer()
    return any(gaz.lookup(k) for k in {key, *article_variants(key)})


def _restore_possessives(span) -> str:
    """The phrase with possessives put back where a feed stripped apostrophes ("the Syrian armys
    air force" -> "the Syrian army's", "Russias Aerospace Forces" -> "Russia's"): before a noun, an
    -s word that cannot be a plural (consonant + "ys") or a country name + "s"."""
    from sitreps.geo import lookup_country

    words = []
    for i, t in enumerate(span):
        nxt = span[i + 1] if i + 1 < len(span) else None
        low = t.lower_
        stripped = (nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and t.text.isalpha() and len(low) > 3
                    and low.endswith("s") and (
                        (low.endswith("ys") and low[-3] not in "aeiou")
                        or (t.text[:1].isupper() and not low.endswith("ss") and lookup_country(t.text[:-1]) is not None)))
        words.append(t.text[:-1] + "'s" + t.whitespace_ if stripped else t.text_with_ws)
    return "".join(words).strip()


def _militia(name: str, found, span: Span) -> Actor:
    """An identity militia ACLED names after its community, with the country in brackets."""
    country = found[2] if found else None
    return Actor(name=name + (f" ({country})" if country else ""), inter=4, country=country,
                 iso3=found[1] if found else None, sector="UAF", span=span, known=False)


class ActorResolver:
    def __init__(self) -> None:
        self.actors_dict = get_actor_dictionary()
        self.words = get_lexicon().words
        self._sector_of = {k: set(v) for k, v in self.words["sector_nouns"].items()}

    def actor(self, head, ctx: ArticleContext) -> tuple[Actor | None, str | None]:
        """(actor, head lemma) for a noun-phrase head token."""
        lemma = head.lemma_.lower()
        if head.lower_ in ("which", "who", "that") and head.head.dep_ == "relcl":
            # "an ISIS cell, which was preparing to attack": the relative pronoun is the noun it modifies.
            return self.actor(head.head.head, ctx)
        if head.lower_ in PRONOUNS or head.pos_ == "PRON":
            speaker = self._speaker(head)
            if speaker is not None:  # "Syria says it is willing ...": it = Syria
                return self.actor(speaker, ctx)
            if head.lower_ in ("it", "they", "them") and ctx.last_actor is not None:
                return ctx.last_actor, lemma
            return None, None
        if lemma in self.words["quantity_nouns"]:
            # "a group of Moroccan diplomats", "dozens of protesters": the people, not the group
            of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                  if g.dep_ == "pobj"]
            if of:
                return self.actor(of[0], ctx)
        span = np_span(head)
        text = span.text
        shared = self._shared_noun(head, span, ctx)
        if shared is not None:
            return shared, lemma
        reach = max(span.end_char, max(t.idx + len(t) for t in head.subtree))
        coded = CODED_AS.search(doc_text(head.doc), head.idx, reach + 80)
        if coded and coded.start() <= reach:
            # ACLED notes say how they code a described actor: "armed men (coded as Darfur communal militia)"
            said = head.doc.char_span(coded.start(1), coded.end(1), alignment_mode="expand")
            actor = (self._identity_militia(said, ctx) if said is not None else None) or self.actors_dict.match(
                coded.group(1), ctx.country)
            if actor is not None:
                actor.span = Span(text, span.start_char, span.end_char)
                return actor, lemma
        militia = self._identity_militia(span, ctx) or self._clan_gunmen(head, span, ctx)
        if militia is not None:
            return militia, lemma
        found = self.actors_dict.match_detail(text, ctx.country)
        if found is None and (restored := _restore_possessives(span)) != text:
            found = self.actors_dict.match_detail(restored, ctx.country)
        if found is not None and found.generic:
            origin = _origin_before(span, found.start) or self._origin_after(head, span, ctx)
            if origin is not None and origin != self.actors_dict.country_code(found.actor.iso3):
                # "Turkish Kurd refugees": the nationality, not the article's focus, places them
                found = self.actors_dict.match_detail(text, origin) or found
        actor = found.actor if found is not None else None
        if found is not None and head.ent_type_ == "GPE" and not (
                found.start <= head.idx - span.start_char < found.end):
            # "NATO-member Norway": the country the phrase is about, not the alliance that modifies it
            actor = self._country_government(head.text) or actor
        if actor is None and len(span) == 1 and head.tag_ in ("NN", "JJ") and lemma in ACTOR_MODIFIERS:
            # "rebel shelling", "militant attacks": a singular noun on an act names its doers (tagged
            # an adjective too: "a rebel mortar attack")
            actor = self.actors_dict.match(text + "s", ctx.country)
        if actor is not None:
            # "the group", "the militants" (a definite description without a name) refer back.
            generic = actor.name.startswith("Unidentified Armed Group")
            if generic and lemma in ANAPHORIC_HEADS and span[0].lower_ == "the" and ctx.last_armed_nonstate:
                return ctx.last_armed_nonstate, lemma
            actor.span = Span(text, span.start_char, span.end_char)
            return actor, lemma
        if lemma in ANAPHORIC_HEADS and span[0].lower_ == "the" and ctx.last_armed_nonstate is not None:
            return ctx.last_armed_nonstate, lemma
        if _date_word(span[0]):
            # "Fri Mar 8 2024 Air strikes", "03.10.2017 Russia's forces": a date line glued on
            span = _after_dateline(span)
            if not span or not any(t.pos_ in ("PROPN", "NOUN") for t in span):
                return None, lemma
            text = span.text
            found = self.actors_dict.match_detail(text, ctx.country)
            if found is not None:
                found.actor.span = Span(text, span.start_char, span.end_char)
                return found.actor, lemma
        leader = self._leader(span)
        if leader is not None:
            return leader, lemma
        if head.ent_type_ == "GPE" or head.pos_ == "PROPN" or (
                head.ent_type_ == "NORP" and head.dep_ in ("amod", "compound") and len(span) == 1):
            # A country as doer or target stands for its government ("Lebanon arrested ..."), and
            # so does a nationality on an act ("Syrian air strikes", "Russian shelling").
            gov = self._country_government(span.text)
            if gov is not None:
                gov.span = Span(text, span.start_char, span.end_char)
                return gov, lemma
        if head.ent_type_ in ("GPE", "LOC", "FAC"):
            # A town or area as target: the people there ("shelled Juba" -> Civilians (South Sudan)).
            place = next((p for p in ctx.places if p.span is not None
                          and p.span.start <= head.idx < p.span.end and p.iso2), None)
            if place is not None and place.feature != "country":
                actor = self.actors_dict.match("civilians", place.iso2)
                if actor is not None:
                    actor.span = Span(text, span.start_char, span.end_char)
                    return actor, lemma
        named = self._so_called(span, ctx)
        if named is not None:
            return named, lemma
        described = self._described(span, ctx) or self._described_by_origin(head, span, ctx)
        if described is not None:
            return described, lemma
        if head.ent_type_ == "PERSON" and not _all_places(span, ctx, gazetteer=False):
            # A named person: an individual of the article's country (PLOVER codes its country),
            # or, where the text has no focus, of the one country its sentence names (the tagger's
            # "Al-Mayadin" that the geoparser read as a town is no person).
            from sitreps.geo import lookup_country

            iso2 = ctx.country or self._sentence_country(head.sent, ctx)
            found = lookup_country(iso2) if iso2 else None
            if found is not None:
                return Actor(name=text.strip(), country=found[2], iso3=found[1],
                             span=Span(text, span.start_char, span.end_char), known=False), lemma
        if head.pos_ == "PROPN" or head.ent_type_ in ("ORG", "NORP"):
            ent = head.ent_type_
            if ent in ("GPE", "LOC", "FAC", "PERSON", "DATE", "CARDINAL"):
                return None, lemma
            if _all_places(span, ctx):
                return None, lemma  # "Al-Mayadin": a place is no actor
            names = [t for t in span if t.pos_ == "PROPN"]
            if ent not in ("ORG", "NORP") and not head.text.isupper() and len(names) < 2 or not names:
                return None, lemma  # a lone capitalised word ("Tags", "Latest") is no organisation
            return Actor(name=text.strip(), inter=None, span=Span(text, span.start_char, span.end_char), known=False), lemma
        return None, lemma

    def _shared_noun(self, head, span, ctx: ArticleContext) -> Actor | None:
        """"Sierra Leonean and Liberian refugees": a bare nationality coordinated with a noun phrase
        shares its noun (Sierra Leonean refugees), so it names people, not a government."""
        from sitreps.geo import lookup_country

        if head.pos_ not in ("PROPN", "ADJ") or not all(_country_word(t) for t in span if t.pos_ != "DET"):
            return None
        noun = next((c for c in head.children if c.dep_ == "conj" and c.pos_ == "NOUN"), None)
        found = lookup_country(re.sub(r"^(?:the|The) ", "", span.text)) if noun is not None else None
        if found is None or span.text.lower().removeprefix("the ") in (found[2].lower(), found[0].lower()):
            return None  # a country's name ("Syria and its allies") is its government
        match = self.actors_dict.match_detail(f"{span.text} {noun.text}", ctx.country)
        if match is None or match.start > 0:
            return None
        actor = match.actor
        actor.span = Span(span.text, span.start_char, span.end_char)
        return actor

    def _so_called(self, span, ctx: ArticleContext) -> Actor | None:
        """"Terrorists of the so called Jaish al-Islam", parsed apart: the name that follows."""
        if not re.search(r"\bso[\s-]*called$", span.text, re.I):
            return None
        after = doc_text(span.doc)[span.end_char:span.end_char + 60]
        found = self.actors_dict.match_detail(after, ctx.country)
        if found is None or after[:found.start].strip(" -"):
            return None
        found.actor.span = Span(after[found.start:found.end], span.end_char + found.start, span.end_char + found.end)
        return found.actor

    def _leader(self, span) -> Actor | None:
        """A named national leader ("President Suharto's government", "Putin"): his country's
        government, whatever country the article is about."""
        from sitreps.coding.leaders import leader_country
        from sitreps.geo import lookup_country

        iso2 = leader_country(span.text)
        found = lookup_country(iso2) if iso2 else None
        if found is None:
            return None
        return Actor(name=span.text.strip(), inter=self.words["sector_inter"].get("GOV"), country=found[2],
                     iso3=found[1], sector="GOV", span=Span(span.text, span.start_char, span.end_char), known=False)

    @staticmethod
    def _sentence_country(sent, ctx: ArticleContext) -> str | None:
        """ISO2 of the only country a sentence names, by place or nationality, else None."""
        from sitreps.geo import lookup_country

        found = {p.iso2 for p in ctx.places if p.span is not None and p.iso2
                 and sent.start_char <= p.span.start < sent.end_char}
        for t in sent:
            if _country_word(t):
                hit = lookup_country(t.text)
                if hit is not None:
                    found.add(hit[0])
        return found.pop() if len(found) == 1 else None

    def _speaker(self, pron):
        """The subject of the reporting verb whose clause a pronoun opens ("X said it would ...")."""
        if pron.lower_ not in ("it", "they", "he", "she", "we"):
            return None
        t = pron.head
        for _ in range(4):
            if t.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or t.head.i == t.i:
                break
            t = t.head
            if t.lemma_.lower() in self.words["reporting_verbs"] or t.lemma_.lower() in ("announce", "declare"):
                subj = [c for c in t.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
                if not subj and t.dep_ == "pcomp" and t.head.dep_ == "prep":
                    # "X was quoted as saying he ...": the one quoted
                    subj = [c for c in t.head.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"]
                return subj[0] if subj else None
        return None

    def _identity_militia(self, span, ctx: ArticleContext) -> Actor | None:
        """ACLED names identity militias by the group they come from: "Habargidir clan militia" ->
        "Habargidir Clan Militia (Somalia)", "militiamen from Tonj South" -> "Tonj South Communal
        Militia (South Sudan)", "Misseriya militia" -> "Misseriya Ethnic Militia (Sudan)"."""
        heads = [t for t in span if t.lemma_.lower() in MILITIA_NOUNS]
        if not heads:
            return None
        head = heads[-1]
        words = [t for t in span if t.i < head.i]
        lows = {t.lower_ for t in words}
        subclan = "sub-clan" in span.text.lower() or "sub clan" in span.text.lower() or "subclan" in lows
        clan = subclan or "clan" in lows

        def proper(t) -> bool:
            return (t.pos_ == "PROPN" and t.ent_type_ not in ("DATE", "CARDINAL")
                    and t.lower_ not in MILITIA_LABEL_WORDS)

        names = [t for t in words if proper(t)]
        origin = None
        if not names:  # "militiamen from Tonj South county"
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ == "from":
                    objs = [o for o in c.children if o.dep_ == "pobj"]
                    if objs:
                        sub = list(objs[0].subtree)
                        names = [t for t in sub if proper(t)]
                        origin = "from"
                        sub_text = " ".join(t.lower_ for t in sub)
                        subclan = subclan or "sub - clan" in sub_text or "sub clan" in sub_text
                        clan = clan or subclan or "clan" in sub_text.split()
        from sitreps.geo import lookup_country

        found = lookup_country(ctx.country) if ctx.country else None
        if not names:
            # "an unidentified ethnic militia", "two clan militias": ACLED's Unidentified X Militia.
            kind = "Clan" if clan else "Ethnic" if lows & {"ethnic", "tribal"} else "Communal" if "communal" in lows else None
            if kind is None:
                return None
            return _militia(f"Unidentified {kind} Militia", found, Span(span.text, span.start_char, span.end_char))
        # The name as written, hyphens kept ("Majeerteen-Reer Biciidyahan", "Habar Yoonis-Muse Ismail").
        doc = span.doc
        name = doc[names[0].i : names[-1].i + 1].text
        name = " ".join(name.replace(" -", "-").replace("- ", "-").split())
        if subclan and "-" not in name:
            # "Ayr sub-clan militia ... both from Habar Gedir clan": ACLED writes Clan-Subclan.
            m = re.search(r"\bfrom (?:the )?([A-Z][\w'-]*(?: [A-Z][\w'-]*)*) clan\b", span.sent.text)
            if m and m.group(1) != name:
                name = f"{m.group(1)}-{name}"

        if any(t.lower_ in ("backed", "pro", "loyal", "allied") for t in span):
            return None  # "Iranian-backed militias": a sponsor, not an identity
        if self.actors_dict.match(name, ctx.country) is not None or lookup_country(name) is not None:
            return None  # a named group the dictionary knows ("Janjaweed militia"), or a nationality
        if subclan:
            label = "Sub-Clan Militia"
        elif clan:
            label = "Clan Militia"
        elif "ethnic" in lows or "tribal" in lows:
            label = "Ethnic Militia"
        elif "communal" in lows or origin:
            label = "Communal Militia"
        elif ctx.country in CLAN_COUNTRIES:
            label = "Clan Militia"
        else:
            town = any(p.span is not None and p.span.start <= names[0].idx < p.span.end
                       and p.feature == "city" for p in ctx.places)
            label = "Communal Militia" if town else "Ethnic Militia"

        return _militia(f"{name} {label}", found, Span(span.text, span.start_char, span.end_char))

    def _clan_gunmen(self, head, span, ctx: ArticleContext) -> Actor | None:
        """Armed men said to come from a clan are its militia, as ACLED codes them: "a gunman from
        Reer Hassan sub-clan" -> Reer Hassan Sub-Clan Militia, "armed men from the same clan" ->
        Unidentified Clan Militia."""
        low = head.lower_
        armed = any(t.lower_ == "armed" for t in span)
        if not (low in ARMED_PERSONS or (armed and low in ("men", "man", "youth", "youths"))):
            return None
        m = FROM_CLAN.match(doc_text(head.doc), head.idx + len(head.text))
        if m is None:
            return None
        from sitreps.geo import lookup_country

        found = lookup_country(ctx.country) if ctx.country else None
        label = "Clan Militia" if m.group(3).lower() == "clan" else "Sub-Clan Militia"
        name = " ".join(m.group(2).replace(" -", "-").replace("- ", "-").split()) if m.group(2) else None
        if name is None or m.group(1):
            name, label = "Unidentified", "Clan Militia"
        return _militia(f"{name} {label}", found, Span(span.text, span.start_char, span.end_char))

    def communal_label(self, trigger, ctx: ArticleContext) -> str | None:
        """"tribal/ethnic clashes" -> Ethnic, "clan clashes" -> Clan (and any communal clash in a
        country where ACLED names identity militias by clan), "communal clashes" -> Communal."""
        mods = {c.lower_ for c in trigger.children if c.dep_ in ("amod", "compound", "nmod")}
        if mods & {"clan", "sub-clan", "subclan"} or (mods & COMMUNAL_WORDS and ctx.country in CLAN_COUNTRIES):
            return "Clan"
        if mods & {"tribal", "ethnic", "interethnic", "inter-ethnic"}:
            return "Ethnic"
        if mods & {"communal", "intercommunal", "inter-communal"}:
            return "Communal"
        return None

    def named_militia(self, tok, label: str, ctx: ArticleContext) -> Actor | None:
        """The militia of a named community ("the Nuer" -> Nuer Ethnic Militia (South Sudan)); a named
        armed group the dictionary knows stays itself."""
        from sitreps.geo import lookup_country

        names = [t for t in tok.subtree if t.i <= tok.i and (t is tok or t.dep_ not in ("cc", "conj")) and (
            t.pos_ == "PROPN" or t.ent_type_ == "NORP") and t.lemma_.lower() not in MILITIA_NOUNS | {"clan", "clans"}]
        if not names:
            return None
        name = " ".join(t.text for t in names)
        known = self.actors_dict.match(name, ctx.country)
        if known is not None and known.inter in (1, 2, 3, 4, 8):
            return known
        if lookup_country(name) is not None:
            return None  # a nationality, not a community
        found = lookup_country(ctx.country) if ctx.country else None
        return _militia(f"{name} {label} Militia", found, Span(tok.text, tok.idx, tok.idx + len(tok.text)))

    def _described(self, span, ctx: ArticleContext) -> Actor | None:
        """An actor the dictionary does not name, from its nationality and its head noun or title:
        "Zimbabwean Prime Minister Robert Mugabe" -> (ZWE, GOV), "Sudanese rebels" -> (SDN, REB)."""
        from sitreps.geo import lookup_country

        sector = None
        for t in reversed(span):  # the head and its titles, right to left
            key = t.lemma_.lower()
            for sec, nouns in self._sector_of.items():
                if key in nouns or t.lower_ in nouns:
                    sector = sec
                    break
            if sector:
                break
        if sector is None and not any(t.pos_ == "NOUN" for t in span) and _all_places(span, ctx, gazetteer=False):
            return None  # a place named alone ("ISIS Al-Mayadin Deir az-Zour" in a tag line) is no actor
        country = self._residence(span, ctx)
        names = [] if country is not None else [re.sub(r"\s*['’]s?$", "", e.text) for e in span.ents
                 if e.label_ in ("NORP", "GPE") and (len(e) > 1 or _country_word(e[0]))] + [
            t.text for t in span if _country_word(t)]
        for name in names:
            country = lookup_country(name)
            if country is not None:
                break
        if country is None:
            # A place inside the phrase ("a village in Western Cambodia", "the town of Cizre").
            place = next((p for p in ctx.places if p.span is not None and p.iso2 and p.qualifier != "metonym"
                          and span.start_char <= p.span.start < span.end_char
                          and not _person_at(span.doc, p.span.start)), None)
            country = lookup_country(place.iso2) if place is not None else None
        if country is None:
            return None
        text = span.text
        # With no telling head noun the actor still has its country (PLOVER's entity code).
        return Actor(name=text.strip(), inter=self.words["sector_inter"].get(sector) if sector else None,
                     country=country[2], iso3=country[1], sector=sector,
                     span=Span(text, span.start_char, span.end_char), known=False)

    @staticmethod
    def _residence(span, ctx: ArticleContext):
        """The country of a people named by descent and placed by "of" ("the Albanians of southern
        Serbia", "the Kurdish population of Syria"): where they live, not their nation's state."""
        from sitreps.geo import lookup_country

        head = span.root
        if not (head.ent_type_ == "NORP" or head.lemma_.lower() in PEOPLE_NOUNS):
            return None
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    place = next((p for p in ctx.places if p.span is not None and p.iso2
                                  and p.qualifier != "demonym" and g.left_edge.idx <= p.span.start
                                  < g.right_edge.idx + len(g.right_edge)), None)
                    if place is None and _anaphoric_place(g):
                        # "the Albanian population of the province": the place named before it
                        place = next((p for p in reversed(ctx.places) if p.span is not None and p.iso2
                                      and p.qualifier != "demonym"
                                      and span.sent.start_char <= p.span.start < span.start_char), None)
                    if place is not None:
                        return lookup_country(place.iso2)
        return None

    def _origin_after(self, head, span, ctx: ArticleContext) -> str | None:
        """ISO2 of the country an "in"/"from" phrase on the head places people in ("nurses from three
        French charities", "doctors in Sweden"), which the generic noun alone does not say."""
        found = self._origin_phrase(head, span, ctx, need_country=True)
        return self.actors_dict.country_code(found.iso3) if found is not None else None

    def _origin_phrase(self, head, span, ctx: ArticleContext, *, need_country: bool = False) -> Actor | None:
        """The described actor of the noun phrase widened by its first "in"/"from" phrase."""
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "from"):
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    wide = head.doc[span.start : max(span.end, objs[0].right_edge.i + 1)]
                    found = self._described(wide, ctx)
                    if found is not None and (found.country or not need_country):
                        return found
        return None

    def _described_by_origin(self, head, span, ctx: ArticleContext) -> Actor | None:
        """People named by where they are or come from: "rebels in the Ivory Coast", "doctors from two
        American aid groups" are of that country; a sector noun with no country at all ("Yoruba
        leaders") is of the one country its sentence names (as for a named person)."""
        if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_:  # a common noun ("Rebels" read as a name too)
            return None
        if in_class(head, self.words["artefact_nouns"]):
            return None  # "military equipment seized from peacekeepers": a thing, not its owners
        words = [head, *(c for c in head.children if c.dep_ in ("compound", "amod"))]  # "rebel group"
        sector = next((sec for t in words for sec, nouns in self._sector_of.items() if in_class(t, nouns)), None)
        if sector is None:
            return None  # people and bodies only: "a school in Nairobi" is a place
        found = self._origin_phrase(head, span, ctx)
        if found is not None:
            found.span = Span(span.text, span.start_char, span.end_char)
            return found
        from sitreps.geo import lookup_country

        iso2 = ctx.country or self._sentence_country(head.sent, ctx)
        found_c = lookup_country(iso2) if iso2 else None
        if found_c is None:
            return None
        return Actor(name=span.text.strip(), inter=self.words["sector_inter"].get(sector),
                     country=found_c[2], iso3=found_c[1], sector=sector,
                     span=Span(span.text, span.start_char, span.end_char), known=False)

    def demonstration_actors(self, refined, a1: list[Actor], a2: list[Actor], sent, ctx: ArticleContext):
        """ACLED codes demonstrations with the demonstrators as actor1 (Protesters / Rioters of the
        country, the named group as associate) and the intervening force as actor2."""
        everyone = a1 + a2
        # the state the act is aimed at before one the doers' nationality makes of them
        # ("Palestinian riots against Israeli military policies")
        state = [a for a in a2 + a1 if a.inter == 1]
        crowd = [a for a in everyone if a.inter not in (1,)]
        country = next((a.iso3 for a in everyone if a.iso3), None) or ctx.country
        role = "rioters" if refined.event_type == "Riots" else "protesters"
        main = next((a for a in crowd if a.inter in (5, 6)), None)
        if main is None or (role == "rioters" and main.inter == 6):
            main = self.actors_dict.match(role, country) or main
        assoc = [a for a in crowd if main is None or a.name != main.name]
        if refined.sub_event_type == "Mob violence":
            victims = [a for a in a2 if a.inter == 7]
            return main, [main, *assoc] if main else assoc, (victims[0] if victims else None), victims
        if not state and refined.sub_event_type in ("Protest with intervention", "Excessive force against protesters"):
            police = self.actors_dict.match("police", country)
            state = [police] if police is not None else []
        assoc = [a for a in assoc if a.inter != 7]
        return main, ([main] if main else []) + assoc, (state[0] if state else None), state

    def armed_arm(self, actor: Actor | None) -> Actor | None:
        if actor is None or actor.sector != "GOV" or not actor.country:
            return actor
        military = self.actors_dict.match(f"{actor.country} military", actor.iso3)
        return military if military is not None and military.sector == "MIL" else actor

    def _country_government(self, text: str) -> Actor | None:
        from sitreps.geo import lookup_country

        name = re.sub(r"\s*['’]s?$", "", text.strip())  # "North Korea's" demand: North Korea's government
        for det in ("the ", "The "):
            name = name.removeprefix(det)
        if len(name) <= 3 and not name.isupper():
            return None  # a code is written in capitals: "al", "Al", "az" are Arabic articles, not AL, AZ
        found = lookup_country(name)
        if found is None:
            return None
        actor = self.actors_dict.match(f"{found[2]} government", found[0])
        return actor if actor is not None and actor.sector == "GOV" else None

    def actors(self, heads, ctx) -> tuple[list[Actor], str | None]:
        out: list[Actor] = []
        first_lemma = None
        for h in heads:
            for c in conjuncts(h):
                actor, lemma = self.actor(c, ctx)
                if first_lemma is None:
                    content = content_head(c, self.words)
                    first_lemma = _norm_lemma(content) if content.i != c.i or lemma is None else _norm_lemma(c)
                if actor is not None and all(a.name != actor.name for a in out):
                    out.append(actor)
        return out, first_lemma

    # -- places ---------------------------------------------------------------------------------
