"""Toponym recognition and resolution.

Recognition (:func:`find_toponyms`) scans capitalised token runs against the gazetteer (longest
match, up to six tokens, with Arabic-article variants), then filters the matches with the spaCy
entities of the same text and with population / feature thresholds: spaCy alone calls
"al-Mayadin" a PERSON and "Hama" an ORG, the gazetteer alone would find a village in every
capitalised word.

Resolution (:func:`geoparse`) ranks the candidates of each toponym by feature kind, population,
whether the name is the place's main name, the article's country focus (a first pass over the
unambiguous mentions), ADM1 names mentioned in the same article ("Georgetown ... Kentucky"),
regional qualifiers ("northern Hama" means the governorate) and the caller's ``country_hint``.

Metonymy: a country or city that is the subject of a verb of saying / deciding / wanting
("Ankara has achieved its goal", "Moscow said") keeps its resolved place but gets
``qualifier="metonym"``; callers that want only literal places drop those.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

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
_GAP_OK = {" ", "-", "–", " - "}
_ARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:al|el|ad|ar|as|az|at|an|ash|ath|ad|ed|er|es|ez|et|en)-$")
_ASSIMILATED = re.compile(r"\b([ae])([bcdfghjklmnpqrstvwxyz])\2(\w{2,})")  # "Ezzor" = "ez-Zor"

# Thresholds on the population of the best city candidate.
POP_NO_ENTITY = 20_000  # capitalised word that spaCy does not call a place
POP_AFTER_PREPOSITION = 1_000  # "in X", "near X"
POP_PERSON_ORG = 50_000  # spaCy calls the exact span a PERSON / ORG
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

_DIRS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
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
    glued = _ASSIMILATED.sub(lambda m: f"al {m.group(2)}{m.group(3)}", k)
    if glued != k and " " in k:
        variants += article_variants(glued)
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
            jmax + 1 < n and jmax - i + 1 < MAX_TOKENS and text[toks[jmax][1] : toks[jmax + 1][0]] in _GAP_OK
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
                            # article variant: main names of Arab-world places only ("Tahrir al-Sham" is no Damascus)
                            cands = [c for c in cands if c[1] and gaz.iso2(c[0]) in ARABIC_ARTICLE_COUNTRIES]
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
        if _accept(text, match, ents, gaz, stops, toks):
            found.append(match)
    _mark_context(text, found, doc, gaz)
    return found


def _accept(text, t: Toponym, ents, gaz: Gazetteer, stops, toks) -> bool:
    if t.demonym:
        return True
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
    if container == "PERSON" and exact is None:
        return False  # part of a person's name ("Jordan Peterson", "Paris Hilton")
    if kind in (COUNTRY, REGION):
        return True
    if t.text.isupper() and len(t.text.replace(".", "")) <= 3 and "." not in t.text:
        # short all-caps words are mostly acronyms: only states' postal codes in an address-like context
        return exact in ("GPE", "LOC") and kind == ADM1
    if t.label in ("GPE", "LOC", "FAC"):
        return True
    if kind == ADM1:
        return exact not in ("PERSON",) or gaz.pop[best] >= POP_PERSON_ORG
    if kind == ADM2:
        return " " in t.text
    pop = max(gaz.pop[c] for c, _ in t.candidates if gaz.kind[c] == CITY)
    if exact in ("PERSON", "ORG") or (exact is None and container == "ORG"):
        return pop >= POP_PERSON_ORG  # also a small town's name inside an organisation's name
    prev = text[max(0, t.start - 20) : t.start].split()
    if prev and prev[-1].lower() in LOCATIVE_PREPOSITIONS and pop >= POP_AFTER_PREPOSITION:
        return True
    if exact in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "WORK_OF_ART"):
        return False
    return pop >= POP_NO_ENTITY


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


def _focus(gaz: Gazetteer, toponyms: list[Toponym]) -> Counter:
    counts: Counter = Counter()
    for t in toponyms:
        if not t.candidates:
            continue
        scored = sorted(((_prior(gaz, i, m), i) for i, m in t.candidates), reverse=True)
        top, idx = scored[0]
        cc = gaz.iso2(idx)
        if not cc:
            continue
        other = [s for s, i in scored[1:] if gaz.iso2(i) != cc]
        if gaz.kind[idx] == COUNTRY:
            counts[cc] += 2
        elif not other or top - other[0] >= 1.5:
            counts[cc] += 1
    return counts


def resolve(
    gaz: Gazetteer, toponyms: list[Toponym], country_hint: str | None = None
) -> list[tuple[Toponym, int]]:
    """The chosen place index for each toponym."""
    hint = _country_of_hint(country_hint)
    counts = _focus(gaz, toponyms)
    total = sum(counts.values()) or 1
    # ADM1s named in the article (by their own names) support their cities
    adm1_named: set[int] = set()
    for t in toponyms:
        for i, _m in t.candidates:
            if gaz.kind[i] == ADM1:
                adm1_named.add(i)
    out = []
    for t in toponyms:
        if not t.candidates:
            continue
        cands = t.candidates
        if len(cands) > 60:  # very common names: keep the big ones
            cands = sorted(cands, key=lambda c: (gaz.kind[c[0]] != CITY, gaz.pop[c[0]]), reverse=True)[:60]
        best_idx, best_score = None, -1e9
        has_division = any(m and gaz.kind[i] in (COUNTRY, ADM1) for i, m in cands)
        for idx, main in cands:
            kind = gaz.kind[idx]
            score = _prior(gaz, idx, main)
            if kind == CITY and not main and has_division:
                score -= 2.0  # "Missouri" is the state before it is some town's alternate name
            cc = gaz.iso2(idx)
            if cc:
                score += 4.0 * counts.get(cc, 0) / total
                if hint and cc == hint:
                    score += 4.0
            if t.regional:
                if kind == ADM1:
                    score += 4.0
                elif kind == ADM2:
                    score += 2.0
            if kind in (CITY, ADM2) and gaz.adm1[idx] >= 0 and gaz.adm1[idx] in adm1_named:
                # the division is named elsewhere in the article, under another span
                if not any(c[0] == gaz.adm1[idx] for c in t.candidates):
                    score += 3.0
            if score > best_score:
                best_idx, best_score = idx, score
        out.append((t, best_idx))
    return out


def make_place(gaz: Gazetteer, idx: int, t: Toponym | None = None) -> Place:
    kind = gaz.kind[idx]
    cc = gaz.iso2(idx)
    admin1 = admin2 = None
    if kind == ADM1:
        admin1 = gaz.names[idx]
    elif kind in (CITY, ADM2) and gaz.adm1[idx] >= 0:
        admin1 = gaz.names[gaz.adm1[idx]]
    if kind == ADM2:
        admin2 = gaz.names[idx]
    country = gaz.names[gaz.country_index[cc]] if cc in gaz.country_index else None
    lat, lon = gaz.lat[idx], gaz.lon[idx]
    if kind in (CITY,):
        precision = 1
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
) -> list[Place]:
    """Recognise and resolve the places of ``text``, in text order.

    ``doc`` is an optional spaCy Doc of the same text; ``country_hint`` an ISO2/ISO3 code or a
    country name. Demonyms ("Syrian") are places only with ``include_demonyms`` (qualifier
    "demonym"); metonymic uses get qualifier "metonym".
    """
    gaz = get_gazetteer()
    toponyms = find_toponyms(text, doc=doc, include_demonyms=include_demonyms)
    return [make_place(gaz, idx, t) for t, idx in resolve(gaz, toponyms, country_hint)]


def country_focus(places: list[Place]) -> str | None:
    """The ISO2 code of the country an article is mostly about (None when it names no place)."""
    counts: Counter = Counter()
    for p in places:
        if p.iso2:
            counts[p.iso2] += 1.0 if p.qualifier not in ("metonym", "demonym") else 0.5
    if not counts:
        return None
    return counts.most_common(1)[0][0]
