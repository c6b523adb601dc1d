"""Precision and recall of cross-article merging on hand-written report pairs.

Each pair in ``tests/fixtures/merge/pairs.jsonl`` (see its header) is two short reports; both run
through the real chain (``sitreps.pipeline.code_article``) and the reports of their counted events
go to ``sitreps.merge.cross.merge_reports``. A pair is predicted "same" when one merged event holds
reports from both articles. Also scored: for pairs merged correctly, whether the number of
independent reports is right (1 for a cross-post or syndicated copy, 2 otherwise).

    .venv/bin/python benchmarks/merge_pairs.py [--json] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "fixtures" / "merge" / "pairs.jsonl"


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return [
        json.loads(line)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def reports_for(side: dict, report_id: str):
    from sitreps.extract import article_from_text
    from sitreps.merge.cross import Report
    from sitreps.pipeline import code_article

    article = article_from_text(
        side["text"], format="txt", published=date.fromisoformat(side["published"]), title=side.get("title")
    )
    article.publisher = side.get("publisher")
    article.original_source = side.get("original_source")
    events = [e for e in code_article(article) if e.counted]
    return [
        Report(
            event=e,
            article_id=report_id,
            publisher=article.publisher,
            original_source=article.original_source,
            published=article.published,
        )
        for e in events
    ]


def judge(pair: dict) -> dict:
    from sitreps.merge.cross import merge_reports

    ra, rb = reports_for(pair["a"], pair["id"] + "-a"), reports_for(pair["b"], pair["id"] + "-b")
    merged = merge_reports(ra + rb)
    joint = [m for m in merged if {r.article_id for r in m.reports} >= {pair["id"] + "-a", pair["id"] + "-b"}]
    return {
        "id": pair["id"], "kind": pair["kind"], "label": pair["label"], "predicted": "same" if joint else "different",
        "events_a": len(ra), "events_b": len(rb),
        "n_reports": joint[0].event.n_reports if joint else None,
        "expected_reports": (2 if pair.get("independent", True) else 1) if pair["label"] == "same" else None,
    }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    results = [judge(p) for p in load_pairs()]
    tp = sum(r["label"] == "same" and r["predicted"] == "same" for r in results)
    fp = sum(r["label"] == "different" and r["predicted"] == "same" for r in results)
    fn = sum(r["label"] == "same" and r["predicted"] == "different" for r in results)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    indep = [r for r in results if r["label"] == "same" and r["predicted"] == "same"]
    indep_ok = sum(r["n_reports"] == r["expected_reports"] for r in indep)
    by_kind: dict[str, Counter] = {}
    for r in results:
        by_kind.setdefault(r["kind"], Counter())["ok" if r["label"] == r["predicted"] else "wrong"] += 1
    no_event = sum(1 for r in results if not r["events_a"] or not r["events_b"])
    summary = {
        "pairs": len(results), "same": sum(r["label"] == "same" for r in results), "tp": tp, "fp": fp, "fn": fn,
        "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
        "independent_reports_correct": f"{indep_ok}/{len(indep)}", "pairs_with_a_side_without_events": no_event,
        "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
    }  # fmt: skip
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"pairs {summary['pairs']} ({summary['same']} same)  precision {precision:.3f}  recall {recall:.3f}  "
            f"F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})"
        )
        print(
            f"independent-report count right on {indep_ok}/{len(indep)} merged same-event pairs; "
            f"{no_event} pair(s) where a side yielded no event"
        )
        for k, v in summary["by_kind"].items():
            print(f"  {k:30s} ok {v.get('ok', 0):2d}  wrong {v.get('wrong', 0):2d}")
    if args.verbose:
        for r in results:
            if r["label"] != r["predicted"] or (
                r["n_reports"] != r["expected_reports"] and r["predicted"] == "same"
            ):
                print("  MISS", r, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
