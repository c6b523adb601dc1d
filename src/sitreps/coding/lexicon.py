"""The trigger lexicon and word classes: loaded once, validated against the ontologies.

A trigger is a lemma sequence; matching runs over token lemmas so "airstrikes", "shelled" and
"blew himself up" all match their dictionary form. Matching is the triage step of DESIGN.md: a
sentence with no trigger is not coded further.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from sitreps.datafiles import DataFileError, data_path, load_yaml

POS_ALIASES = {"NOUN": {"NOUN", "PROPN"}, "VERB": {"VERB"}, "ADJ": {"ADJ", "VERB"}}
# Tokens that may sit inside a multi-word verb trigger ("fired several rockets", "blew himself up").
GAP_POS = {"DET", "ADJ", "NUM", "ADV", "PRON", "PART"}
MAX_GAP = 3


@dataclass(frozen=True)
class Kind:
    name: str
    event_type: str | None
    sub_event_type: str | None
    plover: str | None
    mode: str | None
    cameo: str | None
    violent: bool


@dataclass(frozen=True)
class TriggerEntry:
    lemmas: tuple[str, ...]
    pos: frozenset[str]
    kind: Kind
    needs: str | None
    line: int


@dataclass(frozen=True)
class TriggerMatch:
    start: int  # token index of the first token
    end: int  # token index after the last token
    head: int  # token index of the token that carries the syntax (first token)
    entry: TriggerEntry
    # Other entries for the same words ("cancel" a ban = CONCEDE, "cancel" a visit = SANCTION): the
    # coder takes the first whose requirement the sentence meets.
    alternatives: tuple[TriggerEntry, ...] = ()


class Lexicon:
    def __init__(self) -> None:
        self.acled = self._load_acled()
        self.plover_types, self.plover_renamed = self._load_plover()
        self.kinds: dict[str, Kind] = {}
        self.entries: list[TriggerEntry] = []
        self.by_first: dict[str, list[TriggerEntry]] = {}
        words, _ = load_yaml("words.yaml")
        self.words = {k: (set(v) if isinstance(v, list) else v) for k, v in words.items()}
        self._load_triggers()

    @staticmethod
    def _load_acled() -> dict[str, dict]:
        data, _ = load_yaml("ontology/acled.yaml")
        return data["event_types"]

    @staticmethod
    def _load_plover() -> tuple[dict, dict]:
        data, _ = load_yaml("ontology/plover.yaml")
        return data["event_types"], data["renamed"]

    def sub_event_types(self) -> dict[str, str]:
        """sub_event_type -> event_type."""
        return {s: et for et, d in self.acled.items() for s in d["sub_event_types"]}

    def disorder_type(self, event_type: str | None) -> str | None:
        return self.acled[event_type]["disorder_type"] if event_type in self.acled else None

    def _load_triggers(self) -> None:
        data, lines = load_yaml("lexicon.yaml")
        path = data_path("lexicon.yaml")
        subs = self.sub_event_types()
        for name, spec in data["kinds"].items():
            line = lines["kinds"][1][name][0]
            et, st, pl = spec.get("event_type"), spec.get("sub_event_type"), spec.get("plover")
            if st is not None and subs.get(st) != et:
                raise DataFileError(path, line, f"kind {name!r}: {st!r} is not an ACLED sub-event of {et!r}")
            if pl is not None and pl not in self.plover_types:
                raise DataFileError(path, line, f"kind {name!r}: unknown PLOVER type {pl!r}")
            mode = spec.get("mode")
            if mode is not None and mode not in self.plover_types[pl]["modes"]:
                raise DataFileError(path, line, f"kind {name!r}: {mode!r} is not a mode of {pl}")
            self.kinds[name] = Kind(name, et, st, pl, mode, spec.get("cameo"), bool(spec.get("violent")))
        for (line, _), spec in zip(lines["triggers"][1], data["triggers"], strict=True):
            if not isinstance(spec, dict) or "lemma" not in spec or "kind" not in spec:
                raise DataFileError(path, line, "a trigger needs 'lemma' and 'kind'")
            if spec["kind"] not in self.kinds:
                raise DataFileError(path, line, f"unknown kind {spec['kind']!r}")
            pos = spec.get("pos") or ["VERB", "NOUN"]
            if any(p not in POS_ALIASES for p in pos):
                raise DataFileError(path, line, f"pos must be among {sorted(POS_ALIASES)}")
            needs = spec.get("needs")
            if needs not in (None, "object", "agent", "intransitive", "person") and not (
                    isinstance(needs, str) and needs.startswith(("object:", "cue:", "from:", "force:"))):
                raise DataFileError(path, line, f"unknown requirement needs={needs!r}")
            if isinstance(needs, str) and needs.startswith("cue:") and needs[4:] not in self.words:
                raise DataFileError(path, line, f"needs {needs!r}: no word class {needs[4:]!r} in words.yaml")
            if isinstance(needs, str) and needs.startswith("from:") and needs[5:] not in self.words:
                raise DataFileError(path, line, f"needs {needs!r}: no word class {needs[5:]!r} in words.yaml")
            if isinstance(needs, str) and needs.startswith("force:") and needs[6:] not in self.words:
                raise DataFileError(path, line, f"needs {needs!r}: no word class {needs[6:]!r} in words.yaml")
            if isinstance(needs, str) and needs.startswith("object:"):
                cls = needs.split(":", 1)[1]
                if cls not in ("place", "visitor") and cls not in self.words:
                    raise DataFileError(path, line, f"needs {needs!r}: no word class {cls!r} in words.yaml")
            allowed = frozenset().union(*(POS_ALIASES[p] for p in pos))
            # Hyphenated words are several tokens for spaCy ("sit-in" -> sit - in).
            lemmas = tuple(str(spec["lemma"]).lower().replace("-", " ").split())
            entry = TriggerEntry(lemmas, allowed, self.kinds[spec["kind"]], needs, line)
            self.entries.append(entry)
            for key in {lemmas[0], *(_inflections(lemmas[0]) if "VERB" in allowed else ())}:
                self.by_first.setdefault(key, []).append(entry)
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e.lemmas))

    def match(self, tokens) -> list[TriggerMatch]:
        """Longest trigger matches over a sequence of spaCy tokens, non-overlapping."""
        keys = [_keys(t) for t in tokens]
        out: list[TriggerMatch] = []
        taken: set[int] = set()
        n = len(tokens)
        for i in range(n):
            if tokens[i].ent_type_ in ("DATE", "TIME"):  # "March", "Sunday"
                continue
            cands = {e for k in keys[i] for e in self.by_first.get(k, ())}
            if not cands:
                continue
            best: TriggerMatch | None = None
            for entry in sorted(cands, key=lambda e: (-len(e.lemmas), e.line)):
                end = _match_rest(tokens, keys, i, entry)
                if end is None:
                    continue
                # The part of speech is checked on any word of a phrase ("sexually assaulted").
                if not any(t.pos_ in entry.pos for t in tokens[i:end] if t.text != "-"):
                    continue
                if best is None or len(entry.lemmas) > len(best.entry.lemmas):
                    # The syntactic head: a verb phrase's first verb, a noun compound's last noun.
                    order = range(i, end) if "VERB" in entry.pos else range(end - 1, i - 1, -1)
                    head = next(j for j in order if tokens[j].pos_ in entry.pos)
                    best = TriggerMatch(i, end, head, entry)
                elif len(entry.lemmas) == len(best.entry.lemmas) and end == best.end:
                    best = replace(best, alternatives=(*best.alternatives, entry))
            if best is None or any(j in taken for j in range(best.start, best.end)):
                continue
            # A longer phrase that contains an earlier single-word match wins over it.
            out = [m for m in out if not (best.start <= m.start < best.end)]
            out.append(best)
            taken.update(range(best.start, best.end))
        return out


def _inflections(lemma: str) -> set[str]:
    """Regular verb forms, for when the statistical lemmatizer misses ("raped" -> "rap")."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    out = {lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return out


def _keys(tok) -> tuple[str, ...]:
    lemma = tok.lemma_.lower()
    low = tok.lower_
    return (lemma,) if lemma == low else (lemma, low)


# Quantity words a verb phrase may hold before its object ("fired a number of missiles").
GAP_WORDS = {"of", "number", "series", "total", "dozens", "hundreds", "barrage", "salvo", "volley", "couple"}


def _match_rest(tokens, keys, i: int, entry: TriggerEntry) -> int | None:
    j = i + 1
    verbal = "VERB" in entry.pos
    for lemma in entry.lemmas[1:]:
        gap = 0
        while j < len(tokens) and lemma not in keys[j]:
            t = tokens[j]
            if t.text == "-" or (verbal and (t.pos_ in GAP_POS or t.lower_ in GAP_WORDS) and gap < MAX_GAP + 1):
                j += 1
                gap += t.text != "-"
                continue
            return None
        if j >= len(tokens):
            return None
        j += 1
    return j


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    return Lexicon()
