"""ACLED's logic for refining a trigger's kind into a sub-event type, from who fought whom and with what.

- the weapon decides among Explosions/Remote violence (air/drone, shelling, IED, suicide, grenade,
  chemical), whoever the target;
- organised armed actors on both sides make a Battle; an armed actor harming unarmed people makes
  Violence against civilians;
- protesters met by force: intervention vs excessive force; demonstrators turning violent: riot;
- territory taken: by the state (or its allies) "Government regains territory", else "Non-state
  actor overtakes territory".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitreps.coding.lexicon import Kind, get_lexicon

ARMED_INTERS = {1, 2, 3, 4, 8}
WEAPON_ORDER = ("suicide", "chemical", "drone", "aircraft", "artillery", "grenade", "explosive")
WEAPON_KIND = {"suicide": "suicide", "chemical": "chemical", "drone": "drone", "aircraft": "air",
               "artillery": "shell", "grenade": "grenade", "explosive": "explosive"}
# Kinds whose sub-event type the weapon decides.
WEAPON_REFINED = {"kill", "attack", "shoot", "destroy", "explosive", "bombard"}
PERSON_REFINED = {"kill", "attack", "shoot", "beat", "torture"}
INTERVENTION_WORDS = re.compile(
    r"\b(suppress\w*|tear ?gas|teargas|water cannons?|rubber bullets?|dispers\w+|baton\w*|arrest\w*|detain\w*|"
    r"broke up|break up|crack(ed)? down|pepper spray|stun grenades?)\b")
LETHAL_WORDS = re.compile(r"\b(killed|shot dead|live (ammunition|fire|rounds)|opened fire|died|dead)\b")
NON_VIOLENT_TRANSFER = re.compile(r"\b(without (a )?(fight|resistance|a (single )?shot|firing)|withdr[ae]w\w*|pulled out|"
                                  r"pull(s|ing)? out|handed over|hand(s|ing)? over|retreat(ed|ing)?|evacuated)\b")
RIOT_WORDS = re.compile(
    r"\b(riot\w*|clash\w*|violen\w*|stones?|rocks|projectiles?|molotov\w*|petrol bombs?|debris|smash\w*|"
    r"demolish\w*|ablaze|started fires?|set fires?|barricad\w*|burn(ed|t|ing)? down|threw (stones|rocks|petrol bombs|molotov\w*)|stone-throwing|pelted|torched|set (fire|ablaze)|"
    r"vandali[sz]\w*|looted|burn(ed|t|ing) (tyres|tires|cars|vehicles|buildings|shops)|clash\w* with (police|security))\b")

# ACLED counts road-blocking by demonstrators as disruptive, i.e. a violent demonstration.
ROAD_BLOCKING = re.compile(
    r"\b(roadblocks?|(block\w*|shut\w* down|barricad\w*) (off )?(the |major |main |key |several |all )?"
    r"(roads?|streets?|highways?|thoroughfares?|motorways?|bridges?|intersections?|junctions?))\b")

# What a demonstration is against is not how it went: "rallied against police violence", "marched to
# denounce the riots" (the next few words).
PROTEST_TOPIC = re.compile(
    r"\b(against|(to )?(denounc|condemn|decr[iy]|protest(ed|ing)? (against|over))\w*)( [\w'-]+){1,3}")


@dataclass(frozen=True)
class Refined:
    kind: Kind
    event_type: str | None
    sub_event_type: str | None


@lru_cache(maxsize=1)
def _weapon_patterns() -> dict[str, re.Pattern]:
    words = get_lexicon().words
    out = {}
    for key in WEAPON_ORDER:
        terms = sorted(words[f"{key}_words"], key=len, reverse=True)
        out[key] = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")(e?s)?\b")
    return out


@lru_cache(maxsize=1)
def _weapon_as_place() -> re.Pattern:
    """A weapon word naming a place, not the instrument: "an air force checkpoint", "a drone base"."""
    words = get_lexicon().words
    terms = sorted({t for key in WEAPON_ORDER for t in words[f"{key}_words"]}, key=len, reverse=True)
    bases = sorted(words["base_nouns"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")(e?s)? (" +
                      "|".join(re.escape(b) for b in bases) + r")s?\b")


# Weapons someone holds are no instrument of the act: "charged with illegal possession of firearms
# and explosives" (up to the next punctuation).
POSSESSED = re.compile(r"\b(?:possession|possessing|possessed)(?: of)?[\w -]{0,50}")
# An aircraft fired on or shot down is the target of the attack, not its instrument.
AIRCRAFT_TARGET = re.compile(
    r"\b((opened |open(s|ing)? )?fir(e|ed|es|ing) (on|at)|shot down|shoot(s|ing)? down|shot at|shooting at) "
    r"(a |an |the )?((?!with\b|by\b|from\b)[\w-]+ ){0,3}?(?P<craft>airplane|aircraft|plane|helicopter|jet|airliner)s?\b")


def _without_aircraft_targets(low: str) -> str:
    """Drop the targeted aircraft and later mentions of it ("fired on a plane ... the plane's pilot")."""
    targets = {m.group("craft") for m in AIRCRAFT_TARGET.finditer(low)}
    low = AIRCRAFT_TARGET.sub(" ", low)
    for t in targets:
        low = re.sub(r"\b" + t + r"s?\b", " ", low)
    return low


def weapon_of(text: str) -> str | None:
    low = POSSESSED.sub(" ", _weapon_as_place().sub(" ", _without_aircraft_targets(text.lower())))
    for key, pat in _weapon_patterns().items():
        if pat.search(low):
            return key
    return None


@lru_cache(maxsize=64)
def _word_pattern(words: frozenset[str]) -> re.Pattern:
    """One compiled alternation per word class (this runs for every violent mention)."""
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"\b(?:" + alts + r")(?:e?s)?\b")


def _has(words: set[str], text: str) -> bool:
    return bool(_word_pattern(frozenset(words)).search(text))


PROTEST_NOUNS = re.compile(r"\b(protest\w*|demonstrat\w*|rioter\w*|marcher\w*)\b")
EXCESSIVE_WORDS = re.compile(r"\b(excessive force|violently (dispers\w*|suppress\w*|broke|break)|live (ammunition|fire|rounds)|"
                             r"(shot|killed|opened fire on) (\w+ )?(protesters|demonstrators))\b")
# Kinds that ordinary crime, disasters and accidents also produce.
VIOLENT_LIKE = {"kill", "attack", "shoot", "beat", "torture", "explosive", "grenade", "abduct", "arrest",
                "capture", "disrupt", "loot", "destroy", "chemical"}


def not_political(kind_name: str, text: str, agent_inter: int | None) -> bool:
    """Disasters, accidents and ordinary crime also kill and explode. Without an armed agent they are
    not ACLED events; ordinary crime stays out even when the police act on it (ACLED codes police
    work only against political actors), unless a non-state armed group is the doer."""
    if kind_name not in VIOLENT_LIKE:
        return False
    words = get_lexicon().words
    if _has(words["crime_words"], text) and agent_inter not in (2, 3, 4):
        return True
    if agent_inter in ARMED_INTERS:
        return False
    if _has(words["disaster_words"], text):
        return True
    if kind_name == "explosive" and _has(words["accident_words"], text) and not names_bomb(text):
        return True
    return False


def names_bomb(text: str) -> bool:
    """The text names an explosive weapon (a bomb, an IED), not just an explosion or a blast."""
    return bool(_weapon_patterns()["explosive"].search(
        re.sub(r"\b(explosions?|blasts?|explod\w+|detonat\w+)\b", "", text.lower())))


def agent_is_aircraft(agent) -> bool:
    if agent is None or agent.span is None:
        return False
    low = agent.span.text.lower()
    return bool(_weapon_patterns()["aircraft"].search(low) or _weapon_patterns()["drone"].search(low))


def target_class(actor, head_lemma: str | None) -> str | None:
    """"armed", "civilian" or None (unknown / objects)."""
    words = get_lexicon().words
    if actor is not None and actor.inter is not None:
        if actor.inter in ARMED_INTERS:
            return "armed"
        if actor.inter in (5, 6, 7):
            return "civilian"
    if head_lemma:
        if head_lemma in words["combatant_nouns"]:
            return "armed"
        if head_lemma in words["civilian_nouns"] or head_lemma in words["civilian_places"]:
            return "civilian"
    return None


NON_EVENT_PHRASES = re.compile(r"\b(anti-)?riot (police|gear|squad|units?|officers?|control)\b")


def refine(kind: Kind, sentence: str, agent, patient, patient_lemma: str | None, partner=None,
           patient_nouns: set[str] | None = None) -> Refined | None:
    """The ACLED type of an event, or None when the sentence turns out not to report one."""
    lex = get_lexicon()
    kinds = lex.kinds
    words = lex.words
    name = kind.name
    text = NON_EVENT_PHRASES.sub("police", sentence.lower())
    nouns = (patient_nouns or set()) | ({patient_lemma} if patient_lemma else set())
    weapons = bool(nouns & words["weapon_nouns"])
    if name in ("capture", "retake", "destroy", "disrupt", "attack") and weapons and not agent_is_aircraft(agent):
        # Seizing, finding or destroying weapons: ACLED codes it whoever holds them.
        k = kinds["disrupt"]
        return Refined(k, k.event_type, k.sub_event_type)
    if not_political(name, text, agent.inter if agent is not None else None):
        return None
    if name == "disrupt":
        if target_class(patient, patient_lemma) is not None:
            k = kinds["arrest"]
            return Refined(k, k.event_type, k.sub_event_type)
        if not _has(words["weapon_nouns"], text):
            return None
    inters = {a.inter for a in (agent, patient, partner) if a is not None}
    # Civilians fighting each other ("Muslim and Christian students clashed") are a mob (ACLED: Rioters).
    doers = {a.inter for a in (agent, partner) if a is not None}
    civilian_brawl = (name == "clash" and bool(doers) and doers <= {7} and inters <= {7}
                      and not _has(words["weapon_nouns"], text))
    if name in ("clash", "attack") and (inters & {5, 6} or civilian_brawl or PROTEST_NOUNS.search(text)) and not (
            inters & {2, 4} or _weapon_patterns()["aircraft"].search(text)):
        if EXCESSIVE_WORDS.search(text):
            return Refined(kind, "Protests", "Excessive force against protesters")
        k = kinds["mob" if civilian_brawl and not (inters & {6} or PROTEST_NOUNS.search(text)) else "riot"]
        return Refined(k, k.event_type, k.sub_event_type)

    if name in ("shell", "bombard", "destroy", "attack", "kill", "disrupt") and agent_is_aircraft(agent):
        # "Saudi jets fired missiles", "Turkish jets destroyed depots": fired from the air.
        k = kinds["air"]
        return Refined(k, k.event_type, k.sub_event_type)
    if name in WEAPON_REFINED:
        weapon = weapon_of(sentence)
        if weapon:
            kind = kinds[WEAPON_KIND[weapon]]
            return Refined(kind, kind.event_type, kind.sub_event_type)

    if name in PERSON_REFINED:
        cls = target_class(patient, patient_lemma)
        agent_inter = agent.inter if agent is not None else None
        if agent_inter in (5, 7):
            # a crowd, or civilians ("locals killed a woman", "villagers beat a thief"): mob violence
            k = kinds["mob"]
            return Refined(kind, k.event_type, k.sub_event_type)
        if agent_inter == 6 and cls is not None:
            k = kinds["riot"]
            return Refined(kind, k.event_type, k.sub_event_type)
        if patient is not None and patient.inter == 6:
            lethal = LETHAL_WORDS.search(text) or name in ("kill", "shoot")
            k = "Excessive force against protesters" if lethal else "Protest with intervention"
            return Refined(kind, "Protests", k)
        if cls == "armed" and (agent_inter is None or agent_inter in ARMED_INTERS):
            k = kinds["clash"]
            return Refined(kind, k.event_type, k.sub_event_type)
        return Refined(kind, kind.event_type, kind.sub_event_type)

    if name == "obstruct" and agent is not None and agent.inter in ARMED_INTERS:
        # A blockade by armed forces is coercion, not a demonstration (PLOVER COERCE, no ACLED type).
        k = kinds["coerce"]
        return Refined(k, k.event_type, k.sub_event_type)
    if name in ("protest", "strike_lab", "hunger", "boycott", "disperse", "obstruct"):
        if EXCESSIVE_WORDS.search(text):
            return Refined(kind, "Protests", "Excessive force against protesters")
        if LETHAL_WORDS.search(text) and re.search(r"\b(police|security|forces|troops|soldiers|army)\b", text):
            return Refined(kind, "Protests", "Excessive force against protesters")
        conduct = PROTEST_TOPIC.sub(" ", text)
        if RIOT_WORDS.search(conduct) or ROAD_BLOCKING.search(conduct):
            k = kinds["riot"]
            return Refined(k, k.event_type, k.sub_event_type)
        if INTERVENTION_WORDS.search(text) or name == "disperse":
            return Refined(kind, "Protests", "Protest with intervention")
        return Refined(kind, kind.event_type, kind.sub_event_type)

    if name in ("capture", "retake"):
        agent_inter = agent.inter if agent is not None else None
        person = patient_lemma in words["civilian_nouns"] or patient_lemma in words["combatant_nouns"]
        territory = (patient is not None and patient.inter == 7 and patient_lemma not in words["civilian_nouns"]) or bool(
            nouns & (words["place_nouns"] | words["base_nouns"] | words["civilian_places"]))
        if person and not territory:
            # Capturing people, not places: state forces arrest, others abduct.
            k = kinds["arrest"] if agent_inter == 1 else kinds["abduct"]
            return Refined(k, k.event_type, k.sub_event_type)
        if not territory and nouns & words["goods_nouns"]:
            return None  # seizing goods (counterfeit, drugs, cash) is no territorial event
        if NON_VIOLENT_TRANSFER.search(text):
            return Refined(kind, "Strategic developments", "Non-violent transfer of territory")
        if agent_inter == 1 or (agent_inter is None and name == "retake"):
            return Refined(kind, "Battles", "Government regains territory")
        return Refined(kind, "Battles", "Non-state actor overtakes territory")

    state_abroad = agent is not None and agent.inter == 8 and bool(agent.country) and agent.sector in ("MIL", "COP", "GOV")
    if name == "arrest" and agent is not None and agent.inter in (2, 3, 4, 8) and not state_abroad:
        # Arrests by a state's forces abroad (an occupying army) stay arrests.
        k = kinds["abduct"]
        return Refined(k, k.event_type, k.sub_event_type)

    if name == "riot" and patient is not None and patient.inter == 7:
        k = kinds["mob"]
        return Refined(k, k.event_type, k.sub_event_type)

    return Refined(kind, kind.event_type, kind.sub_event_type)
