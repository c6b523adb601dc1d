"""Score the ``dates`` task (TempEval-3 / TimeBank style gold; see EVAL.md).

Recognition: a predicted expression matches a gold one when their character spans overlap; each
gold expression is counted at most once, and each prediction at most once (greedy, left to right).
``value_acc`` is over recognised gold DATE expressions: the share whose predicted TimeML value is
exactly the gold value. ``type_acc`` is over all recognised gold expressions.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from typing import Any

from sitreps.model import Timex
from sitreps.timex import find_timexes, parse_published


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def match_spans(gold: list[dict], pred: list[Timex]) -> list[tuple[int, int]]:
    """Pairs (gold index, pred index) of overlapping spans, one-to-one, greedy by largest overlap."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if _overlap(g["start"], g["end"], p.start, p.end):
                ov = min(g["end"], p.end) - max(g["start"], p.start)
                pairs.append((-ov, gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _ov, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def _safe_div(a: float, b: float) -> float:
    return a / b if b else 0.0


def evaluate_dates(records: list[dict], *, details: bool = False) -> dict[str, Any]:
    """Run :func:`find_timexes` over ``dates`` records and score it against their gold timexes."""
    t0 = time.perf_counter()
    n_gold = n_pred = n_match = 0
    n_date = n_date_ok = 0
    n_type_ok = 0
    errors: list[dict] = []
    misses: Counter = Counter()
    for rec in records:
        if rec.get("task", "dates") != "dates":
            continue
        text = rec["text"]
        pub = rec.get("published")
        published = pub if isinstance(pub, date) else parse_published(pub) if pub else None
        gold = rec.get("timexes") or []
        pred = find_timexes(text, published)
        pairs = match_spans(gold, pred)
        n_gold += len(gold)
        n_pred += len(pred)
        n_match += len(pairs)
        matched_g = {gi for gi, _ in pairs}
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            if g["type"] == p.type:
                n_type_ok += 1
            if g["type"] == "DATE":
                n_date += 1
                if p.value == g["value"]:
                    n_date_ok += 1
                elif details:
                    errors.append({"id": rec.get("id"), "text": g["text"], "pred_text": p.text,
                                   "gold": g["value"], "pred": p.value, "published": pub})  # fmt: skip
        if details:
            for gi, g in enumerate(gold):
                if gi not in matched_g:
                    misses[g["text"]] += 1
            matched_p = {pi for _, pi in pairs}
            for pi, p in enumerate(pred):
                if pi not in matched_p:
                    errors.append({"id": rec.get("id"), "false_positive": p.text, "pred": p.value})
    p = _safe_div(n_match, n_pred)
    r = _safe_div(n_match, n_gold)
    out: dict[str, Any] = {
        "task": "dates",
        "n": sum(1 for rec in records if rec.get("task", "dates") == "dates"),
        "n_timexes": n_gold,
        "n_predicted": n_pred,
        "recognition_precision": round(p, 4),
        "recognition_recall": round(r, 4),
        "recognition_f1": round(_safe_div(2 * p * r, p + r), 4),
        "value_acc": round(_safe_div(n_date_ok, n_date), 4),
        "n_date_recognised": n_date,
        "type_acc": round(_safe_div(n_type_ok, n_match), 4),
        "seconds": round(time.perf_counter() - t0, 3),
    }
    if details:
        out["errors"] = errors
        out["missed"] = dict(misses.most_common())
    return out


if __name__ == "__main__":  # python -m sitreps.evaluate.dates FILE.jsonl [--details]
    import json
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    recs = [json.loads(line) for path in args for line in open(path, encoding="utf-8") if line.strip()]
    res = evaluate_dates(recs, details="--details" in sys.argv)
    print(json.dumps(res, indent=1, ensure_ascii=False))
