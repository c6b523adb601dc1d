"""Toponym recognition and resolution.

Recognition (:func:`find_toponyms`) scans capitalised token runs against the gazetteer (longest
match, up to six tokens, with Arabic-article variants), then filters the matches with the spaCy
entities of the same text and with population / feature thresholds: spaCy alone calls
"al-Mayadin" a PERSON and "Hama" an ORG, the gazetteer alone would find a village in every
capitalised word.

Demonyms count only when used attributively ("Russian diplomats", not "many Americans" or "in
English"); a name followed by a street word ("Collins Avenue") is a street, placed at the town the
article puts it in.

Resolution (:func:`resolve`) ranks the candidates of each toponym by feature kind, population,
whether the name is the place's main name, the article's country focus (a first pass over the
unambiguous mentions), regional qualifiers ("northern Hama" means the governorate), the caller's
``country_hint`` and local constructions ("Paris, Mo.", "Tacoma, Washington": the city inside the
division; "London's Heathrow": the second place inside or near the first). Then two rounds of
coherence: a candidate gains when its ADM1 or other places within 150 km are chosen for other names
of the article, or when it is of the same kind and country as the places it is listed with ("New
South Wales, Western Australia and Queensland"); and one sense per name and article (the mentions
of a name pool their scores; "northern X" mentions keep their own, the division).

Metonymy: a country or city that is the subject of a verb of saying / deciding / wanting
("Ankara has achieved its goal", "Moscow said") keeps its resolved place but gets
``qualifier="metonym"``; callers that want only literal places drop those.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from sitreps.geo.gazetteer import (
    ADM1,
    ADM2,
    ARABIC_ARTICLE_COUNTRIES,
    CITY,
    COUNTRY,
    KIND_NAMES,
    REGION,
    Gazetteer,
    article_variants,
    get_gazetteer,
    normalise,
)
from sitreps.model import Place, Span

MAX_TOKENS = 6
_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
_GAP_OK = {" ", "-", "–", " - ", "'s ", "’s "}  # "Democratic People's Republic of Korea"
_ABBREVIATED = {"St", "Ste", "Mt", "Ft", "Pt"}  # "St. Thomas", "Mt. Lebanon", "Ft. Worth"
_ARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:al|el|ad|ar|as|az|at|an|ash|ath|ad|ed|er|es|ez|et|en)-$")
_TALL_SPELLINGS = frozenset({"tel", "tell", "tal", "til"})  # Arabic "tall" (hill) in place names
_DIVISION_NOUNS = frozenset({"state", "province", "governorate", "provinces", "governorates"})
_SETTLEMENT_BEFORE = re.compile(
    r"\b(?:town|city|village|hamlet|province|governorate|area|district|neighbou?rhood|suburbs?) of\s+$", re.I
)
_COMPASS = frozenset(
    f"{a}{sep}{b}" for a in ("north", "south") for b in ("east", "west") for sep in (" ", "")
) | {"north", "south", "east", "west"}
_CONTRACTION = re.compile(r"['’](?:ve|re|ll|d|m|t)$", re.I)  # "I've", "We'll": never a place
_STORM_BEFORE = re.compile(r"\b(?:Hurricane|Typhoon|Cyclone|Storm|Tropical Storm)\s+$")
_DOUBLE_VOWEL = re.compile(r"([aiou])\1")
# Generic first words of Arabic place names ("hill", "monastery", "village of", "spring"): alone,
# before another capitalised word, they are the start of a name the gazetteer lacks ("Tal Rifaat")
_ARABIC_GENERICS = frozenset(
    "tal tall tel tell deir dayr kafr kfar ain ayn bir jabal jebel wadi khirbet khirbat qasr ras beit bayt khan".split()
)
# First words of an Arabic place name, "Til" included ("Tal Rifaat", "Til Hamis").
_ARABIC_NAME_HEADS = _ARABIC_GENERICS | _TALL_SPELLINGS
_ARTICLE_WORDS = frozenset("al el ad ar as az at an ash ath ed er es ez et en la le les los las de du di da del".split())
# Nouns that can follow a place's name without making it another name: "Kismayo Airport", "Tabqa
# Dam", "Foro Baranga locality" (see _part_of_unknown_name).
_PLACE_NOUNS = frozenset(
    """city town village hamlet district county region province state zone area camp airport airfield
    airbase base port harbour harbor dam bridge river lake valley mountain mountains hills hill island islands
    road highway street market hospital school mosque church prison border crossing checkpoint junction
    square municipality governorate division subcounty parish woreda kebele locality payam boma sector
    prefecture north south east west central upper lower city's town's neighbourhood neighborhood suburb
    outskirts countryside desert plain plains forest park stadium station""".split()
)
_ASSIMILATED = re.compile(r"\b([ae])([bcdfghjklmnpqrstvwxyz])\2(\w{2,})")  # "Ezzor" = "ez-Zor"

# Thresholds on the population of the best city candidate.
POP_NO_ENTITY = 20_000  # capitalised word that spaCy does not call a place
POP_AFTER_PREPOSITION = 1_000  # "in X", "near X"
POP_PERSON_ORG = 50_000  # spaCy calls the exact span a PERSON / ORG
POP_KNOWN_CITY = 500_000  # a city this big keeps its name even where a person shares it ("Seattle")
LOCATIVE_PREPOSITIONS = frozenset(
    "in near at outside around to from towards toward into across through via between".split()
)

AGENT_VERBS = frozenset(
    """say tell announce achieve want demand accuse warn urge reject deny insist claim threaten agree sign
    condemn call vow pledge decide refuse respond retaliate support oppose welcome impose sanction expel
    recognize recognise seek hope believe plan propose ask offer send allow block ban order vote approve
    criticize criticise blame push press insist intend try aim acknowledge confirm dismiss respond
    negotiate""".split()
)

_DIRS = r"(?:(?:north|south)[- ]?(?:east|west)|north|south|east|west)"
_NEAR_BEFORE = re.compile(
    r"\b(near(?:by)?|outside(?: of)?|around|close to|next to|(?:on |in |at )?the (?:outskirts|edge|vicinity|suburbs) of|"
    r"outskirts of|vicinity of|suburbs? of|(?:\d+(?:\.\d+)?\s*(?:km|kms|kilometers|kilometres|miles|mi)\s+(?:\(\d+ ?\w+\)\s+)?)?"
    + _DIRS
    + r"\s+of|(?:km|kilometers|kilometres|miles) from|(?:neighbourhood|neighborhood|district|quarter) of)\s+"
    r"(?:the\s+)?(?:(?:[\w-]+\s+)?(?:town|city|village|area|region) of\s+)?$",
    re.I,
)
_REGION_BEFORE = re.compile(
    r"\b((?:the\s+)?(?:" + _DIRS + r"(?:ern)?|northern|southern|eastern|western|central|rural|"
    r"(?:north|south)(?:east|west)ern|(?:north|south)-(?:east|west)ern)"
    r"(?:\s+(?:rural|countryside))?|(?:the\s+)?(?:countryside|province|governorate|region|hinterland|desert) of"
    r"(?:\s+the)?)\s+$",
    re.I,
)
_REGION_AFTER = re.compile(
    r"^(?:['’]s)?\s*(?:(?:" + _DIRS + r"(?:ern)?|northern|southern|eastern|western|central)\s+)?"
    r"(province|governorate|countryside|region|state|hinterland|desert|provinces|governorates)\b",
    re.I,
)
# A name followed by one of these is a street named after the place (or person), not the place.
_STREET_AFTER = re.compile(
    r"\s+(?:Street|Avenue|Road|Boulevard|Lane|Drive|Parade|Terrace|Highway|Crescent|"
    r"(?:St|Ave|Rd|Blvd)\.(?!\s+[A-Z]))",
)
# Dependencies of a demonym used attributively ("Russian diplomats", "the Saudi-led coalition");
# as a noun it names a language or a people ("in English", "the Irish need", "many Chinese").
_ATTRIBUTIVE_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "poss", "nummod"})
# A place name before one of these names a newspaper or magazine ("Jordan Times", "The Africa
# Report", "Washington Post"): kept as a toponym, but metonymic, never where something happened.
_PUBLICATION_AFTER = re.compile(
    r"^\s+(?:Times|Post|Herald|Tribune|Report|Gazette|Chronicle|Telegraph|Journal|Observer|Independent|"
    r"[Nn]ews [Aa]gency)\b"
)
# "U.S.-backed forces", "Moscow-led talks": the government that backs or leads, not a place.
_SPONSOR_AFTER = re.compile(
    r"^[-\u2010-\u2013](?:backed|led|sponsored|allied|supported|funded|trained|armed|brokered|aligned)\b", re.I
)
_NEAR_AFTER = re.compile(r"^['’]s\s+(?:(?:" + _DIRS + r"(?:ern)?)\s+)?(outskirts|suburbs|environs)\b", re.I)


@dataclass
class Toponym:
    """A recognised place name and its gazetteer candidates."""

    start: int
    end: int
    text: str
    candidates: list[tuple[int, bool]]  # (place index, name is the place's main name)
    demonym: bool = False
    label: str | None = None  # spaCy entity label covering it, if any
    qualifier: str | None = None
    regional: bool = False  # "northern X", "X province", "X countryside"
    near: bool = False  # "near X", "outskirts of X"
    street: bool = False  # "Collins Avenue": a street, placed at the town the article puts it in
    metonym: bool = False
    extra: dict = field(default_factory=dict)


def _data_file(name: str) -> Path:
    return Path(str(resources.files("sitreps"))) / "data" / "geo" / name


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    words = set()
    with open(_data_file("stopwords.tsv"), encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(normalise(line))
    return frozenset(words)


def _tokens(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        s, e = m.span()
        if e - s > 2 and text[e - 2] in "'’" and text[e - 1] in "sS":
            e -= 2  # possessive: "Idlib's"
        out.append((s, e))
    return out


def _is_cap(text: str, s: int) -> bool:
    return text[s].isupper()


def _keys_for(span: str, next_char: str) -> list[str]:
    keys = []
    low = " ".join(span.lower().split())
    if next_char == "." and "." not in span[-1:]:
        keys.append(low + ".")
    if "." in span:
        keys.append(low)
    k = normalise(span)
    keys.append(k)
    variants = article_variants(k)
    first, _, rest = k.partition(" ")
    if rest and first in _TALL_SPELLINGS:  # "Tel Hamis", "Tal Abyad": GeoNames writes "Tall"
        k2 = "tall " + rest
        variants += article_variants(k2)
    else:
        k2 = k
    single = _DOUBLE_VOWEL.sub(r"\1", k2)
    if single != k2:  # "Rifaat", "Zouhour": long vowels written double; GeoNames writes them single
        variants += article_variants(single)
    glued = _ASSIMILATED.sub(lambda m: f"al {m.group(2)}{m.group(3)}", k)
    if glued != k and " " in k:
        variants += article_variants(glued)
    if first not in _ARTICLE_WORDS and all(len(w) >= 3 for w in k.split()) and " " in k:
        # "Beled Weyne" = "Beledweyne", "Dhuusa Mareeb" = "Dhuusamareeb": names of two words that
        # transliterations (Somali, Amharic, Arabic) write as one as often as not
        variants.append(k.replace(" ", ""))
    keys.extend(v for v in variants if v not in keys)
    return keys


def _best_prior(gaz: Gazetteer, cands: list[tuple[int, bool]]) -> tuple[int, bool]:
    return max(cands, key=lambda c: _prior(gaz, *c))


def _prior(gaz: Gazetteer, idx: int, main: bool) -> float:
    kind = gaz.kind[idx]
    if kind == COUNTRY:
        return 12.0
    if kind == REGION:
        return 11.0
    if kind == ADM1:
        return 6.0 if main else 5.0
    if kind == ADM2:
        return 4.0 if main else 3.0
    return math.log10(gaz.pop[idx] + 1) + (0.5 if main else 0.0)


def find_toponyms(text: str, doc=None, include_demonyms: bool = False) -> list[Toponym]:
    """Place names in ``text`` with their gazetteer candidates (unresolved)."""
    if doc is None:
        from sitreps.nlp import get_nlp

        doc = get_nlp()(text)
    gaz = get_gazetteer()
    stops = stopwords()
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    # words of the article's multi-word person names ("Paul Allen" -> "Allen" is the person later on)
    people = frozenset(
        normalise(w) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for w in e.text.split()
    )
    toks = _tokens(text)
    n = len(toks)
    found: list[Toponym] = []
    i = 0
    while i < n:
        s = toks[i][0]
        if not _is_cap(text, s):
            i += 1
            continue
        # furthest token reachable through name-internal gaps
        jmax = i
        while (
            jmax + 1 < n
            and jmax - i + 1 < MAX_TOKENS
            and (
                text[toks[jmax][1] : toks[jmax + 1][0]] in _GAP_OK
                or (
                    text[toks[jmax][1] : toks[jmax + 1][0]] == ". "
                    and text[slice(*toks[jmax])] in _ABBREVIATED
                )
            )
        ):
            jmax += 1
        match = None
        art = _ARTICLE_BEFORE.search(text, max(0, s - 4), s)
        # "al-Mayadin": a lower-case article glued to the name belongs to it (else retry without)
        for s in [art.start(), toks[i][0]] if art is not None else [toks[i][0]]:
            for j in range(jmax, i - 1, -1):
                e = toks[j][1]
                if not _is_cap(text, toks[j][0]):
                    continue
                span = text[s:e]
                nxt = text[e : e + 1]
                keys = _keys_for(span, nxt)
                dem = None
                if keys[-1] in gaz.demonyms or normalise(span) in gaz.demonyms:
                    dem = gaz.demonyms.get(normalise(span))
                cands: list[tuple[int, bool]] = []
                for k in keys:
                    cands = gaz.lookup(k)
                    if cands:
                        if k != normalise(span) and "." not in k:
                            # article variant: Arab-world places only; main names only when the article
                            # was stripped ("Tahrir al-Sham" is no Damascus; "Deir az-Zour" is Deir ez-Zor)
                            whole = len(k.split()) == len(normalise(span).split())
                            cands = [
                                c
                                for c in cands
                                if (c[1] or whole) and gaz.iso2(c[0]) in ARABIC_ARTICLE_COUNTRIES
                            ]
                        if cands:
                            if k.endswith(".") and nxt == ".":
                                e += 1
                                span = text[s:e]
                            break
                if dem is not None:
                    big = [c for c in cands if gaz.kind[c[0]] in (COUNTRY, REGION)]
                    if big:
                        match = Toponym(s, e, span, big)
                    elif include_demonyms:
                        match = Toponym(s, e, span, [(dem, True)], demonym=True)
                    else:
                        match = Toponym(s, e, span, [], demonym=True)  # consumes the span, yields nothing
                    break
                if cands:
                    match = Toponym(s, e, span, cands)
                    break
            if match is not None:
                break
        if match is None:
            i += 1
            continue
        # advance past the match
        while i < n and toks[i][0] < match.end:
            i += 1
        if not match.candidates:
            continue
        if normalise(match.text) in _ARABIC_GENERICS and re.match(r"[ -][A-Z]", text[match.end : match.end + 2]):
            continue
        m = _STREET_AFTER.match(text, match.end)
        if m and not match.demonym:
            match.end = m.end()
            match.text = text[match.start : match.end]
            match.street = True
            while i < n and toks[i][0] < match.end:
                i += 1
            found.append(match)
            continue
        if _CONTRACTION.search(match.text) or _STORM_BEFORE.search(text, max(0, match.start - 20), match.start):
            continue  # "I've"; "Hurricane Harvey"
        if normalise(match.text) in _COMPASS and re.match(r"\s+of\b", text[match.end : match.end + 4]):
            continue  # "76 km North East of Beletweyne": a direction, not Botswana's North-East district
        if (
            normalise(match.text) in people
            and " " not in match.text
            and not _after_preposition(text, match)
            and not _SETTLEMENT_BEFORE.search(text, max(0, match.start - 30), match.start)
            and all(gaz.kind[c] in (CITY, ADM2) and gaz.pop[c] < POP_KNOWN_CITY for c, _m in match.candidates)
        ):
            continue  # a town's name that is the article's person ("Allen", "Castro"), not countries ("Israel Katz")
        if _part_of_unknown_name(text, match, gaz, stops) and not _in_possessive_country(text, match, gaz):
            nxt = _NEXT_NAME.match(text, match.end)
            if nxt and not _big_place(gaz, normalise(nxt.group(1))):
                while i < n and toks[i][0] < nxt.end():  # "Foro Burunga": not Burunga, Panama, either
                    i += 1
            continue
        if _accept(text, match, ents, gaz, stops, toks, doc):
            found.append(match)
    _mark_context(text, found, doc, gaz)
    return found


_NEXT_NAME = re.compile(r" ([A-Z][a-z]+)(?=[\s,.;:()]|$)(?! +[A-Z])")
_PREV_NAME = re.compile(r"(?<=[a-z,;(] )([A-Z][a-z]+) $")
_NAME_MODIFIERS = frozenset("greater upper lower old new central northern southern eastern western mount lake".split())


def _big_place(gaz: Gazetteer, key: str, countries: set[str] | None = None) -> bool:
    """Whether ``key`` names a division or a town of some size (in one of ``countries``)."""
    return any(
        main and (countries is None or gaz.iso2(c) in countries) and (gaz.kind[c] != CITY or gaz.pop[c] >= POP_NO_ENTITY)
        for c, main in gaz.lookup(key)
    )


def _part_of_unknown_name(text: str, t: Toponym, gaz: Gazetteer, stops) -> bool:
    """A small place's one-word name next to one more capitalised word that is no place nearby,
    title or place noun ("Bar Ganlave", "Foro Burunga town", "Idah Nantaba", "Burjada Cinta"): a
    word of a name the gazetteer lacks (a village, a person), not a namesake abroad. Countries, big
    cities and demonyms ("Darfur Arab militias") stay."""
    if t.demonym or t.street or not _TOKEN_RE.fullmatch(t.text):
        return False
    if any(
        gaz.kind[c] in (COUNTRY, REGION) or (main and gaz.pop[c] >= POP_KNOWN_CITY) for c, main in t.candidates
    ):
        return False
    countries = {gaz.iso2(c) for c, _m in t.candidates}
    for m in (_NEXT_NAME.match(text, t.end), _PREV_NAME.search(text, max(0, t.start - 30), t.start)):
        if m is None:
            continue
        w = normalise(m.group(1))
        if w in _PLACE_NOUNS or w in _NAME_MODIFIERS or w in stops or w in gaz.demonyms:
            continue
        # "Aleppo Damascus road", "Sibu Sire" in Ethiopia: two places of one country side by side
        if not _big_place(gaz, w, countries):
            return True
    return False


def _attributive(doc, t: Toponym, text: str) -> bool:
    """A demonym (or a name used like one) that modifies a following noun: "Russian diplomats"."""
    if text[t.end : t.end + 1] in "-–" and text[t.end + 1 : t.end + 2].isalpha():
        return True  # "Saudi-led", "Austro-Hungarian"
    if doc is None:
        return True
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return True
    tok = span[-1]
    if tok.tag_ in ("NNS", "NNPS") or tok.lower_.endswith("ans"):
        return False  # "Americans", "the Saudis": people
    while tok.dep_ == "conj" and tok.head.i < tok.i:  # "British and American politicians"
        tok = tok.head
    return tok.dep_ in _ATTRIBUTIVE_DEPS and tok.head.i > tok.i


def _after_preposition(text: str, t: Toponym) -> bool:
    prev = text[max(0, t.start - 20) : t.start].split()
    return bool(prev) and prev[-1].lower() in LOCATIVE_PREPOSITIONS


# "Syria's Aleppo", "Nigeria's Borno", and the same with the apostrophe lost ("Syrias Aleppo").
_COUNTRY_POSSESSIVE_BEFORE = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:['’]s|s)\s+$")


def _in_possessive_country(text: str, t: Toponym, gaz: Gazetteer) -> list[tuple[int, bool]]:
    """The candidates of ``t`` inside the country named possessively just before it."""
    m = _COUNTRY_POSSESSIVE_BEFORE.search(text, max(0, t.start - 40), t.start)
    if m is None:
        return []
    countries = {gaz.iso2(i) for i, _m in gaz.lookup(normalise(m.group(1))) if gaz.kind[i] == COUNTRY}
    return [c for c in t.candidates if gaz.kind[c[0]] != COUNTRY and gaz.iso2(c[0]) in countries]


def _in_named_country(text: str, t: Toponym, gaz: Gazetteer) -> bool:
    """Whether the name follows a possessive country ("Syria's Aleppo") that holds one of its
    candidates; if so, only those candidates are kept: the country says which place is meant."""
    inside = _in_possessive_country(text, t, gaz)
    if not inside:
        return False
    t.candidates = inside
    return True


def _accept(text, t: Toponym, ents, gaz: Gazetteer, stops, toks, doc=None) -> bool:
    if t.demonym:
        return _attributive(doc, t, text)
    key = normalise(t.text)
    best, main = _best_prior(gaz, t.candidates)
    kind = gaz.kind[best]
    exact = container = None
    for es, ee, label in ents:
        if es <= t.start and ee >= t.end:
            if es == t.start and ee == t.end:
                exact = label
            else:
                container = label
        elif es < t.end and ee > t.start and label in ("GPE", "LOC", "FAC"):
            container = container or label
    t.label = exact or container
    if key in stops and kind not in (COUNTRY, REGION):
        return False
    if kind != REGION and (
        _REGION_AFTER.match(text[t.end : t.end + 40]) or _SETTLEMENT_BEFORE.search(text, max(0, t.start - 30), t.start)
    ):
        return True  # "Hama province", "the village of Tal Abyad": a place, whatever the parser says
    if not any(es == t.start and label == "PERSON" for es, _ee, label in ents) and _in_named_country(text, t, gaz):
        return True  # "Syria's Aleppo": a place, whatever the parser says
    if container == "PERSON" and exact is None:
        return False  # part of a person's name ("Jordan Peterson", "Paris Hilton")
    prev = text[max(0, t.start - 20) : t.start].split()
    after_prep = bool(prev) and prev[-1].lower() in LOCATIVE_PREPOSITIONS
    has_main = any(m for _c, m in t.candidates)
    if _NEAR_BEFORE.search(text[max(0, t.start - 80) : t.start]):
        return True  # "65 km North West of Dhusamareb", "the outskirts of X": a place by construction
    if kind in (COUNTRY, REGION):
        # a country name that the parser reads as a person ("Georgia said", "Jordan's goal")
        return exact != "PERSON" or after_prep
    if t.text.isupper() and len(t.text.replace(".", "")) <= 3 and "." not in t.text:
        # short all-caps words are mostly acronyms: only states' postal codes in an address-like context
        return exact in ("GPE", "LOC") and kind == ADM1
    if len(t.text) <= 4 and not t.text.isupper() and any(c.isupper() for c in t.text[1:]):
        return False  # "MoD", "DfID": acronyms
    if t.text.isupper() and len(key) <= 5 and not has_main:
        return False  # "SANA" (a news agency) is only an alternate name of Sanaa
    if exact is None and container == "FAC" and _definite_entity(text, t, ents):
        # a facility named after a big place ("Damascus International Airport"), not a village's
        # name in a building's ("the Grand Mosque", "the White Helmets")
        return any(m and (gaz.kind[c] == ADM1 or gaz.pop[c] >= POP_PERSON_ORG) for c, m in t.candidates)
    if exact is None and container in ("GPE", "LOC") and kind == CITY and not has_main:
        # part of a longer place name ("Kfar Zeita"): not a small place's alternate name
        return max(gaz.pop[c] for c, _ in t.candidates if gaz.kind[c] == CITY) >= POP_NO_ENTITY
    if t.label in ("GPE", "LOC", "FAC"):
        return True
    if kind == ADM1:
        if exact == "ORG" and not main:
            return False  # "Al-Quds hospital": an organisation under a division's alternate name
        return exact not in ("PERSON",) or gaz.pop[best] >= POP_PERSON_ORG
    if kind == ADM2:
        return " " in t.text
    pop = max(gaz.pop[c] for c, _ in t.candidates if gaz.kind[c] == CITY)
    if exact is None and container == "ORG":
        # a town's name inside an organisation's name: a big place under its own name ("New York
        # Times"), not some town's alternate name ("Human Rights Watch" is no Uman)
        return any(m and (gaz.kind[c] == ADM1 or gaz.pop[c] >= POP_PERSON_ORG) for c, m in t.candidates)
    if after_prep and " " in t.text and has_main:
        return True  # "in Tel Hamis": a two-word place name after "in", even unpopulated or read as a person
    if has_main and " " in t.text and normalise(t.text).split()[0] in _ARABIC_NAME_HEADS and any(
            m and gaz.iso2(c) in ARABIC_ARTICLE_COUNTRIES for c, m in t.candidates):
        return True  # "Tel Hamis", "Kafr Nabl": "hill of", "village of" + a name is an Arab place name
    if exact == "PERSON":  # "Chen", "Li": surnames that are some city's alternate name
        return (after_prep and pop >= POP_PERSON_ORG) or any(
            m and gaz.pop[c] >= POP_PERSON_ORG for c, m in t.candidates if gaz.kind[c] == CITY
        )
    if exact == "ORG":
        return pop >= POP_PERSON_ORG
    if after_prep and pop >= POP_AFTER_PREPOSITION:
        return True
    if exact in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "WORK_OF_ART"):
        return False
    return pop >= POP_NO_ENTITY


def _definite_entity(text: str, t: Toponym, ents) -> bool:
    """Whether the entity containing ``t`` starts with "the" ("the Grand Mosque"): a descriptive
    name, unlike "Dulles International Airport", which is named after the place it serves."""
    for es, ee, _label in ents:
        if es <= t.start and ee >= t.end:
            return text[es : t.start].lower().startswith("the ")
    return False


def _mark_context(text: str, found: list[Toponym], doc, gaz: Gazetteer) -> None:
    for t in found:
        before = text[max(0, t.start - 80) : t.start]
        after = text[t.end : t.end + 40]
        m = _NEAR_BEFORE.search(before)
        if m:
            t.near = True
            t.qualifier = " ".join(m.group(1).split()).lower()
        else:
            m = _REGION_BEFORE.search(before)
            if m:
                t.regional = True
                q = " ".join(m.group(1).split()).lower()
                t.qualifier = q[4:] if q.startswith("the ") else q
        if not t.qualifier:
            m = _NEAR_AFTER.match(after)
            if m:
                t.near = True
                t.qualifier = "outskirts of" if m.group(1).lower() == "outskirts" else m.group(1).lower()
            else:
                m = _REGION_AFTER.match(after)
                if m:
                    t.regional = True
                    t.qualifier = m.group(1).lower()
        if not t.demonym and (_PUBLICATION_AFTER.match(after) or _SPONSOR_AFTER.match(after)):
            t.metonym = True
            continue
        if doc is not None and not t.demonym:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None:
                root = span.root
                if root.dep_ == "nsubj" and root.head.lemma_.lower() in AGENT_VERBS:
                    best, _ = _best_prior(gaz, t.candidates)
                    if gaz.kind[best] in (COUNTRY, CITY):
                        t.metonym = True


# --------------------------------------------------------------------------------------------------
# Resolution


def _country_of_hint(hint: str | None) -> str | None:
    if not hint:
        return None
    from sitreps.geo.lookup import lookup_country

    found = lookup_country(hint)
    return found[0] if found else None


# Weights of the resolver (log10-population units: 1.0 is a tenfold population).
FOCUS_WEIGHT = 4.0  # times the country's share of the article's unambiguous mentions
FOCUS_SMOOTHING = 1.0  # pseudo-mention: a focus built on a single mention is weaker
HINT_WEIGHT = 4.0
ALT_NAME_PENALTY = 0.5  # the name is only an alternate name of this place, and another place's main name
CONTAINER_BONUS = 1.5  # the place's ADM1 is another place of the article
NEIGHBOUR_BONUS = 1.0  # per other place of the article within NEIGHBOUR_KM (at most two)
NEIGHBOUR_KM = 150.0
APPOSITION_BONUS = 6.0  # "Paris, Mo.", "Tacoma, Washington": the city is inside the division named after it
POSSESSIVE_BONUS = 4.0  # "London's Heathrow", "China's Xinjiang"
POSSESSIVE_KM = 100.0
LIST_BONUS = 2.0  # "New South Wales, Western Australia and Queensland": coordinated places are alike
SEAT_BONUS = 1.0  # a city over the division of the same name that it is in ("Cork" the city, not County Cork)
SEAT_POP = 20_000
STRAY_MIN_FOCUS = 2.0  # unambiguous mentions of a country before its article counts as about it
STRAY_MAX_POP = 100_000
METROPOLIS = 1_000_000  # a city this big is known by its alternate names too ("New York")


def _focus(gaz: Gazetteer, toponyms: list[Toponym]) -> Counter:
    """Country counts from the article's unambiguous mentions (a country name counts once)."""
    counts: Counter = Counter()
    seen_countries: set[str] = set()
    for t in toponyms:
        if not t.candidates or t.street or t.metonym:  # "Washington said": a government, not the scene
            continue
        scored = sorted(((_prior(gaz, i, m), i) for i, m in t.candidates), reverse=True)
        top, idx = scored[0]
        cc = gaz.iso2(idx)
        if not cc:
            continue
        other = [s for s, i in scored[1:] if gaz.iso2(i) != cc]
        if gaz.kind[idx] == COUNTRY:
            counts[cc] += 1.0 if cc not in seen_countries else 0.5
            seen_countries.add(cc)
        elif not other or top - other[0] >= 1.5:
            counts[cc] += 1
    return counts


def _km(gaz: Gazetteer, a: int, b: int) -> float:
    la1, lo1, la2, lo2 = gaz.lat[a], gaz.lon[a], gaz.lat[b], gaz.lon[b]
    if math.isnan(la1) or math.isnan(la2):
        return 1e9
    p1, p2 = math.radians(la1), math.radians(la2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _contains(gaz: Gazetteer, outer: int, inner: int) -> bool:
    """Whether place ``outer`` (a country or ADM1) contains place ``inner``."""
    ko = gaz.kind[outer]
    if ko == COUNTRY:
        return gaz.kind[inner] != COUNTRY and gaz.iso2(inner) == gaz.iso2(outer)
    if ko == ADM1:
        return gaz.adm1[inner] == outer
    if ko == ADM2:
        return gaz.kind[inner] == CITY and gaz.adm1[inner] == gaz.adm1[outer] and _km(gaz, outer, inner) < 60
    return False


def _pairs(text: str, toponyms: list[Toponym]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(apposition pairs "City, Region" / "City (Region)", possessive pairs "X's Y") as (dependent,
    anchor) indices."""
    appos, poss = [], []
    for k in range(len(toponyms) - 1):
        t, u = toponyms[k], toponyms[k + 1]
        gap = text[t.end : u.start]
        if gap == " (":
            appos.append((k, k + 1))  # "Busia (Eastern)", "Bajo (Bbaale, Kayunga)": the town, then its divisions
        elif gap in (", ", ","):
            before = text[max(0, t.start - 2) : t.start]
            after = text[u.end : u.end + 5]
            in_list = before.endswith(", ") or re.match(r"^(?:,\s*[A-Z]|\s+(?:and|or|&)\s)", after)
            if not in_list:
                appos.append((k, k + 1))
        elif re.fullmatch(r"['’]s? (?:[a-z]+ ){0,2}", gap):
            poss.append((k + 1, k))  # "London's Heathrow", "Cairo's Abbasiya", "Paris' iconic ..."
    return appos, poss


def _coordinated(text: str, toponyms: list[Toponym], keys: list[str]) -> dict[int, list[int]]:
    """Toponym index -> the other members of its coordination ("A, B and C")."""
    out: dict[int, list[int]] = {}
    run = [0] if toponyms else []
    for k in range(1, len(toponyms) + 1):
        if k < len(toponyms) and re.fullmatch(
            r",? (?:and |or )?|, ", text[toponyms[k - 1].end : toponyms[k].start]
        ):
            run.append(k)
            continue
        members = [j for j in run if not toponyms[j].demonym]
        if len({keys[j] for j in members}) > 1:
            for j in members:
                out[j] = [m for m in members if keys[m] != keys[j]]
        run = [k]
    return out


def resolve(
    gaz: Gazetteer,
    toponyms: list[Toponym],
    country_hint: str | None = None,
    text: str | None = None,
    focus_votes: Mapping[str, float] | None = None,
) -> list[tuple[Toponym, int]]:
    """The chosen place index for each toponym.

    Three steps: a local score per candidate (kind and population, main or alternate name, the
    article's country focus, the caller's hint, "northern X" qualifiers, "City, Region" and "X's Y"
    constructions); a coherence step that favours candidates inside or near the other places
    chosen for the article; one sense per name and article (the mentions of a name pool their
    scores, except regional mentions, which name the division). Streets take the place of the
    town the article puts them in. ``focus_votes`` (ISO2 -> count) adds other evidence of the
    article's country to the unambiguous mentions, such as the countries of the actors it names.
    """
    hint = _country_of_hint(country_hint)
    counts = _focus(gaz, toponyms)
    counts.update(focus_votes or {})
    total = sum(counts.values()) + FOCUS_SMOOTHING or 1.0
    cands: list[list[tuple[int, bool]]] = []
    for t in toponyms:
        cs = t.candidates
        if len(cs) > 60:  # very common names: keep the big ones
            cs = sorted(cs, key=lambda c: (gaz.kind[c[0]] != CITY, gaz.pop[c[0]]), reverse=True)[:60]
        cands.append(cs if not t.street else [])
    local: list[dict[int, float]] = []
    for t, cs in zip(toponyms, cands, strict=True):
        sc: dict[int, float] = {}
        has_division = any(m and gaz.kind[i] in (COUNTRY, ADM1) for i, m in cs)
        has_main = any(m for _i, m in cs)
        has_adm1 = any(gaz.kind[i] == ADM1 for i, _m in cs)
        # divisions named after their chief city ("Cork", "Geneva", "Lagos"): the bare name is the city
        seats = {gaz.adm1[i] for i, m in cs if m and gaz.kind[i] == CITY and gaz.pop[i] >= SEAT_POP}
        for idx, main in cs:
            kind = gaz.kind[idx]
            score = _prior(gaz, idx, main)
            if kind == CITY and main and gaz.adm1[idx] in {i for i, _m in cs} and gaz.pop[idx] >= SEAT_POP:
                score += SEAT_BONUS
            elif kind == ADM1 and idx in seats:
                score -= SEAT_BONUS
            if not main:
                if kind == CITY and has_division and gaz.pop[idx] < METROPOLIS:
                    score -= 2.0  # "Missouri" is the state before it is some town's alternate name
                elif has_main:
                    score -= ALT_NAME_PENALTY
            cc = gaz.iso2(idx)
            if cc:
                score += FOCUS_WEIGHT * counts.get(cc, 0) / total
                if hint and cc == hint:
                    score += HINT_WEIGHT
            if t.regional:
                if kind == COUNTRY and t.qualifier in _DIVISION_NOUNS and has_adm1:
                    score -= 8.0  # "Niger state", "Punjab province": the division, never the country
                if kind == ADM1:
                    score += 4.0
                elif kind == ADM2:
                    score += 2.0
            sc[idx] = max(sc.get(idx, -1e9), score)
        local.append(sc)

    def best(sc: dict[int, float]) -> int | None:
        return max(sc, key=sc.__getitem__) if sc else None

    # "City, Region" and "X's Y"
    if text is not None:
        appos, poss = _pairs(text, toponyms)
        for dep, anc in appos:
            for d in list(local[dep]):
                if gaz.kind[d] not in (CITY, ADM2, ADM1):
                    continue
                for a in local[anc]:
                    if gaz.kind[a] in (ADM1, COUNTRY) and gaz.kind[a] != gaz.kind[d] and _contains(gaz, a, d):
                        local[dep][d] += APPOSITION_BONUS
                        local[anc][a] += APPOSITION_BONUS / 2
                        break
        for dep, anc in poss:
            a = best(local[anc])
            if a is None:
                continue
            for d in local[dep]:
                if _contains(gaz, a, d) or (gaz.kind[a] in (CITY, ADM2) and _km(gaz, a, d) <= POSSESSIVE_KM):
                    local[dep][d] += POSSESSIVE_BONUS
    choice = [best(sc) for sc in local]

    keys = [normalise(t.text) for t in toponyms]
    final = [dict(sc) for sc in local]
    lists = _coordinated(text, toponyms, keys) if text is not None else {}
    for _round in range(2):
        # places of the article at city / division level, by name
        anchors = [
            (keys[k], c)
            for k, c in enumerate(choice)
            if c is not None and gaz.kind[c] in (CITY, ADM2, ADM1) and not toponyms[k].demonym
        ]
        for k, sc in enumerate(local):
            if not sc:
                continue
            own = {i for i, _m in toponyms[k].candidates}
            for idx in sc:
                kind = gaz.kind[idx]
                if kind not in (CITY, ADM2, ADM1):
                    final[k][idx] = sc[idx]
                    continue
                bonus = 0.0
                near: set[str] = set()
                for key, a in anchors:
                    if key == keys[k] or a in own or key in near:
                        continue
                    if gaz.kind[a] == ADM1:
                        if kind != ADM1 and gaz.adm1[idx] == a:
                            bonus = CONTAINER_BONUS
                    elif kind == ADM1:
                        if gaz.adm1[a] == idx:
                            near.add(key)
                    elif _km(gaz, a, idx) <= NEIGHBOUR_KM:
                        near.add(key)
                like = {
                    (gaz.kind[choice[j]], gaz.iso2(choice[j]))
                    for j in lists.get(k, ())
                    if choice[j] is not None
                }
                if (kind, gaz.iso2(idx)) in like:
                    bonus += LIST_BONUS
                final[k][idx] = sc[idx] + bonus + NEIGHBOUR_BONUS * min(len(near), 2)
        # one sense per name: pool the scores of a name's (non-regional) mentions
        groups: dict[str, list[int]] = {}
        for k, t in enumerate(toponyms):
            if final[k] and not t.regional:
                groups.setdefault(keys[k], []).append(k)
        choice = [best(sc) for sc in final]
        for members in groups.values():
            if len(members) < 2:
                continue
            pooled: Counter = Counter()
            for k in members:
                for idx, v in final[k].items():
                    pooled[idx] += v
            top = max(pooled, key=pooled.__getitem__)
            for k in members:
                choice[k] = top
    if hint and text is not None:
        _drop_foreign_names(gaz, toponyms, choice, hint, text)
    _drop_stray_villages(gaz, toponyms, choice, counts, hint)
    # streets: at the town of the nearest place of the article (the same sentence first)
    for k, t in enumerate(toponyms):
        if not t.street:
            continue
        towns = [
            (j, c)
            for j, c in enumerate(choice)
            if c is not None and gaz.kind[c] in (CITY, ADM2) and not toponyms[j].street
        ]
        if towns:
            j, c = min(towns, key=lambda jc: abs(toponyms[jc[0]].start - t.end))
            choice[k] = c
    return [(t, c) for t, c in zip(toponyms, choice, strict=True) if c is not None]


def _drop_stray_villages(gaz: Gazetteer, toponyms: list[Toponym], choice: list, counts: Counter, hint) -> None:
    """A small town abroad in an article about one country, in a country the article never
    otherwise names, with no namesake in the article's country: an unknown local village that
    happens to share a foreign town's name ("Bajo" in a Ugandan note is no Bayeux). Dropped."""
    main = hint
    if main is None and counts:
        (main, top), *_ = counts.most_common(1)
        if top < STRAY_MIN_FOCUS or top < sum(counts.values()) / 2:
            return
    if main is None:
        return
    keys = [normalise(t.text) for t in toponyms]
    for k, t in enumerate(toponyms):
        c = choice[k]
        if c is None or gaz.kind[c] not in (CITY, ADM2, ADM1) or t.street:
            continue
        cc = gaz.iso2(c)
        if cc == main or gaz.pop[c] >= STRAY_MAX_POP:
            continue
        if any(d is not None and gaz.iso2(d) == cc and keys[j] != keys[k] for j, d in enumerate(choice)):
            continue  # other places of that country in the article
        if any(gaz.iso2(i) == main for i, _m in t.candidates):
            continue
        choice[k] = None


def _drop_foreign_names(gaz: Gazetteer, toponyms: list[Toponym], choice: list, hint: str, text: str) -> None:
    """With a country hint, a name the parser does not read as a place ("Al-Quds hospital", "SANA
    news agency", a PERSON) that resolves to a town or division abroad is an organisation or a
    local place the gazetteer lacks, not a place in another country: drop it."""
    for k, t in enumerate(toponyms):
        c = choice[k]
        if c is None or t.label in ("GPE", "LOC") or gaz.kind[c] in (COUNTRY, REGION) or gaz.iso2(c) == hint:
            continue
        prev = text[max(0, t.start - 20) : t.start].split()
        if t.label is None and prev and prev[-1].lower() in LOCATIVE_PREPOSITIONS:
            continue  # "fled to Gaziantep": a place all the same
        choice[k] = None


@lru_cache(maxsize=1)
def acled_territories() -> dict[str, str]:
    path = Path(__file__).resolve().parent.parent / "data" / "geo" / "acled_territories.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def make_place(gaz: Gazetteer, idx: int, t: Toponym | None = None) -> Place:
    kind = gaz.kind[idx]
    cc = gaz.iso2(idx)
    admin1 = admin2 = None
    if kind == ADM1:
        admin1 = gaz.names[idx]
    elif kind in (CITY, ADM2, REGION) and gaz.adm1[idx] >= 0:
        admin1 = gaz.names[gaz.adm1[idx]]
    if kind == ADM2:
        admin2 = gaz.names[idx]
    territory = acled_territories().get(cc)
    if territory and territory in gaz.country_index:
        # ACLED codes Hong Kong and Macau as divisions of China.
        admin1 = admin1 or gaz.names[gaz.country_index[cc]]
        cc = territory
    country = gaz.names[gaz.country_index[cc]] if cc in gaz.country_index else None
    lat, lon = gaz.lat[idx], gaz.lon[idx]
    if kind == CITY:
        precision = 1
    elif kind == ADM2:
        precision = 2  # a district: more precise than its province (ACLED codes its seat, precision 2)
    else:
        precision = 3
    qualifier = None
    if t is not None:
        qualifier = t.qualifier
        if t.near and kind == CITY:
            precision = 2
        if t.regional:
            precision = 3
        if t.demonym:
            qualifier = "demonym"
        if t.metonym:
            qualifier = "metonym"
    return Place(
        name=gaz.names[idx],
        geonameid=gaz.gid[idx] or None,
        feature=KIND_NAMES[kind],
        admin1=admin1,
        admin2=admin2,
        country=country,
        iso2=cc or None,
        lat=None if math.isnan(lat) else round(lat, 5),
        lon=None if math.isnan(lon) else round(lon, 5),
        geo_precision=precision,
        span=Span(t.text, t.start, t.end) if t is not None else None,
        qualifier=qualifier,
        population=gaz.pop[idx] or None,
    )


def geoparse(
    text: str,
    doc=None,
    country_hint: str | None = None,
    include_demonyms: bool = False,
    focus_votes: Mapping[str, float] | None = None,
) -> list[Place]:
    """Recognise and resolve the places of ``text``, in text order.

    ``doc`` is an optional spaCy Doc of the same text; ``country_hint`` an ISO2/ISO3 code or a
    country name. Demonyms ("Syrian") are places only with ``include_demonyms`` (qualifier
    "demonym"); metonymic uses get qualifier "metonym".
    """
    gaz = get_gazetteer()
    toponyms = find_toponyms(text, doc=doc, include_demonyms=include_demonyms)
    resolved = resolve(gaz, toponyms, country_hint, text=text, focus_votes=focus_votes)
    return [make_place(gaz, idx, t) for t, idx in resolved]


def country_focus(places: list[Place]) -> str | None:
    """The ISO2 code of the country an article is mostly about (None when it names no place)."""
    counts: Counter = Counter()
    for p in places:
        if p.iso2:
            counts[p.iso2] += 1.0 if p.qualifier not in ("metonym", "demonym") else 0.5
    if not counts:
        return None
    return counts.most_common(1)[0][0]
