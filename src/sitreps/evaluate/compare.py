"""Shared comparison helpers for the evaluators: lenient matching of actors, countries, admin1
names, dates, places, PLOVER names, and small metric accumulators (accuracy, F1).

Every helper degrades gracefully: the geo and actor modules are imported lazily and, while they
are missing, comparisons fall back to pycountry and to exact (normalised) string comparison.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

# --------------------------------------------------------------------------------------- text


def norm_ws(text: str | None) -> str:
    """Case-folded, whitespace-normalised text with typographic quotes and dashes made plain."""
    if not text:
        return ""
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace("\u00a0", " ")
    )
    return " ".join(text.split()).casefold()


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def contains(haystack: str | None, needle: str | None) -> bool:
    """Case-insensitive, whitespace-normalised substring test."""
    n = norm_ws(needle)
    return bool(n) and n in norm_ws(haystack)


# ------------------------------------------------------------------------------------ actors

# A regime period, wherever ACLED writes it ("Police Forces of Ethiopia (2018-) Amhara Regional Special Forces")
_REGIME = re.compile(r"\s*\(\s*\d{4}\s*-\s*(\d{4})?\s*\)(?=\s|$)")
_ANY_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def _aliases_of(canonical: str) -> set[str]:
    try:
        from sitreps.coding.actors import get_actor_dictionary

        return set(get_actor_dictionary().aliases_of(canonical) or ())
    except Exception:  # module missing or actor unknown: exact comparison only
        return set()


@lru_cache(maxsize=4096)
def _accepted_names(gold: str) -> frozenset[str]:
    return frozenset({gold} | _aliases_of(gold))


def split_actor_field(value: str | None) -> str | None:
    """ACLED fields sometimes hold "Main (X); Assoc (X)": the first name is the actor."""
    if value is None:
        return None
    first = value.split(";")[0].strip()
    return first or None


def actor_names_equal(pred: str, gold: str, *, drop_pred_paren: bool = True) -> bool:
    """Exact; else without a trailing regime period "(2000-)"/"(2015-2023)" on both sides; if gold
    has no parenthetical at all, also with the prediction's trailing parenthetical dropped
    (gold "Islamic State" = "Islamic State (Syria)") unless ``drop_pred_paren`` is False."""
    p, g = norm_ws(pred), norm_ws(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    p2, g2 = _REGIME.sub("", p), _REGIME.sub("", g)
    if p2 == g2:
        return True
    if drop_pred_paren and "(" not in g and _ANY_PAREN.sub("", p2) == g2:
        return True
    return False


def actor_matches(pred: str | None, gold_names: Iterable[str | None]) -> bool:
    """True when ``pred`` is one of the gold names (or a listed alias of one). An empty gold list
    means "no actor": right only when nothing was predicted."""
    golds = [g for g in (split_actor_field(x) for x in gold_names) if g]
    if not golds:
        return pred is None or not str(pred).strip()
    if not pred:
        return False
    for g in golds:
        if actor_names_equal(pred, g):
            return True
        # aliases are surface forms ("ISIS"): no parenthetical dropping against them, or
        # "Islamic State (Iraq)" would match gold "Islamic State (Syria)" through its alias
        # "Islamic State"
        for alias in _accepted_names(g) - {g}:
            if actor_names_equal(pred, alias, drop_pred_paren=False):
                return True
    return False


# --------------------------------------------------------------------------------- countries

# Used only while sitreps.geo is missing (pycountry does not know these common forms).
_COUNTRY_FALLBACK = {
    "burma": "MM",
    "turkey": "TR",
    "russia": "RU",
    "bosnia": "BA",
    "palestine": "PS",
    "macedonia": "MK",
    "ivory coast": "CI",
    "dr congo": "CD",
    "drc": "CD",
    "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD",
    "republic of congo": "CG",
    "kosovo": "XK",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "united states of america": "US",
    "america": "US",
    "south korea": "KR",
    "north korea": "KP",
    "syria": "SY",
    "iran": "IR",
    "vietnam": "VN",
    "laos": "LA",
    "czech republic": "CZ",
    "east timor": "TL",
    "swaziland": "SZ",
    "cape verde": "CV",
}


@lru_cache(maxsize=4096)
def country_iso2(name_or_code: str | None) -> str | None:
    """ISO alpha-2 of a country name or code, via sitreps.geo when present, else pycountry."""
    if not name_or_code or not str(name_or_code).strip():
        return None
    name = str(name_or_code).strip()
    try:
        from sitreps.geo import lookup_country

        hit = lookup_country(name)
        if hit:
            return hit[0]
    except Exception:
        pass
    key = ascii_fold(name).casefold().strip()
    if key in _COUNTRY_FALLBACK:
        return _COUNTRY_FALLBACK[key]
    try:
        import pycountry

        return pycountry.countries.lookup(name).alpha_2
    except Exception:
        return None


def country_alternatives(gold: str) -> list[str]:
    """ "Greece and India" -> both; a name that resolves as a whole stays whole."""
    if country_iso2(gold):
        return [gold]
    parts = [p.strip() for p in re.split(r"\s+and\s+|,|/|;", gold) if p.strip()]
    return parts or [gold]


def country_matches(pred: str | None, gold: str | None, *, pred_iso2: str | None = None) -> bool:
    if not gold:
        return True
    if not pred and not pred_iso2:
        return False
    p_iso = pred_iso2 or country_iso2(pred)
    for alt in country_alternatives(gold):
        g_iso = country_iso2(alt)
        if p_iso and g_iso:
            if p_iso.upper() == g_iso.upper():
                return True
        elif pred and norm_ws(ascii_fold(pred)) == norm_ws(ascii_fold(alt)):
            return True
    return False


def iso3_of(name_or_code: str | None) -> str | None:
    iso2 = country_iso2(name_or_code)
    if not iso2:
        return None
    try:
        import pycountry

        c = pycountry.countries.get(alpha_2=iso2)
        return c.alpha_3 if c else None
    except Exception:
        return None


# ------------------------------------------------------------------------------------ admin1

_ADMIN_SUFFIX = re.compile(r"\s+(governorate|province|state|region|muhafazat|prefecture|district|oblast)$")
_ADMIN_PREFIX = re.compile(r"^(al|ar|as|ad|ash|an|az|at|el|ad|governorate of|province of|state of)\s+")


def admin1_key(name: str) -> str:
    """ASCII-folded, lower case, punctuation to spaces, suffix/prefix words dropped."""
    s = ascii_fold(name).casefold()
    s = re.sub(r"['`\u2019]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = _ADMIN_SUFFIX.sub("", s)
    s = _ADMIN_PREFIX.sub("", s)
    s = re.sub(r"([aeiou])h\b", r"\1", s)  # final -ah/-eh of Arabic names: Raqqah = Raqqa
    return s.replace(" ", "")


def admin1_skeleton(name: str) -> str:
    """Consonant skeleton for transliteration variants (Hasakeh/Hasakah, Deir ez-Zor/Dayr az Zawr):
    vowels and the glides w/y dropped, doubled letters collapsed."""
    s = re.sub(r"[aeiouwy]", "", admin1_key(name))
    return re.sub(r"(.)\1+", r"\1", s)


def _admin1_variants(iso2: str | None, name: str) -> set[str]:
    names = {name}
    if iso2:
        try:
            from sitreps.geo import admin1_names

            names |= set(admin1_names(iso2, name) or ())
        except Exception:
            pass
    return names


def admin1_matches(pred: str | None, golds: Iterable[str], iso2: str | None = None) -> bool:
    golds = [g for g in golds if g]
    if not golds:
        return True
    if not pred:
        return False
    p_names = _admin1_variants(iso2, pred)
    p_keys = {admin1_key(n) for n in p_names} - {""}
    p_skel = {admin1_skeleton(n) for n in p_names}
    for g in golds:
        g_names = _admin1_variants(iso2, g)
        if {n.casefold() for n in g_names} & {n.casefold() for n in p_names}:
            return True
        if {admin1_key(n) for n in g_names} & p_keys:
            return True
        if {s for s in (admin1_skeleton(n) for n in g_names) if len(s) >= 3} & p_skel:
            return True
    return False


def place_name_matches(pred_names: Iterable[str | None], gold: str) -> bool:
    """A gold place name (no coordinates) against the predicted place's name/admin2/admin1."""
    g = admin1_key(gold)
    return bool(g) and any(p and admin1_key(p) == g for p in pred_names)


# ------------------------------------------------------------------------------ dates, space


def date_matches(pred: date | str | None, gold: str | None) -> bool:
    """Gold may be YYYY, YYYY-MM or YYYY-MM-DD: compare at the gold's precision."""
    if not gold:
        return True
    if pred is None:
        return False
    p = pred.isoformat() if isinstance(pred, date) else str(pred)
    g = str(gold).strip()
    return p[: len(g)] == g


def parse_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


# ------------------------------------------------------------------------------------ PLOVER

PLOVER_OLD_NAMES = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}


def plover_norm(name: str | None) -> str | None:
    if not name:
        return None
    n = str(name).strip().upper()
    return PLOVER_OLD_NAMES.get(n, n)


def fatalities_equal(pred: int | None, gold: int | None) -> bool:
    """Exact; an unreported toll (None) counts as 0, as ACLED writes 0 when no deaths are reported."""
    return (pred or 0) == (gold or 0)


# ----------------------------------------------------------------------------------- metrics


class Tally:
    """Named accuracy counters: ``add(name, ok)``; ``ok=None`` means nothing to score."""

    def __init__(self) -> None:
        self.right: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.names: list[str] = []

    def declare(self, *names: str) -> None:
        for n in names:
            if n not in self.names:
                self.names.append(n)

    def add(self, name: str, ok: bool | None) -> None:
        self.declare(name)
        if ok is None:
            return
        self.total[name] += 1
        self.right[name] += bool(ok)

    def metrics(self) -> dict[str, float | int | None]:
        out: dict[str, float | int | None] = {}
        for n in self.names:
            t = self.total[n]
            out[n] = round(self.right[n] / t, 4) if t else None
            out[f"{n}_n"] = t
        return out


def ratio(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def classification_report(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Accuracy, macro-F1 (over the labels seen in gold or predicted) and support-weighted F1
    over (gold, predicted) label pairs, plus the worst confusions."""
    if not pairs:
        return {"accuracy": None, "macro_f1": None, "weighted_f1": None, "n": 0, "confusion": []}
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    support: Counter[str] = Counter()
    for g, p in pairs:
        support[g] += 1
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    per_label = {}
    for lab in labels:
        prec = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rec = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        per_label[lab] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    n = len(pairs)
    confusion = Counter((g, p) for g, p in pairs if g != p).most_common(10)
    return {
        "accuracy": round(sum(tp.values()) / n, 4),
        "macro_f1": round(sum(per_label.values()) / len(labels), 4),
        "weighted_f1": round(sum(per_label[lab] * support[lab] for lab in labels) / n, 4),
        "n": n,
        "confusion": [{"gold": g, "predicted": p, "count": c} for (g, p), c in confusion],
    }
