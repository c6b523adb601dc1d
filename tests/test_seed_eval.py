"""`sitreps eval` on the seed gold: the running example must stay perfect (issue: foundation, item 5)."""

from __future__ import annotations

import json
import subprocess
import sys


def test_seed_gold_is_right(shared_data) -> None:
    gold = shared_data / "seed" / "palmyra.events.jsonl"
    proc = subprocess.run([sys.executable, "-m", "sitreps.cli", "eval", str(gold), "--json", "--details"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    (entry,) = summary["files"]
    m = entry["metrics"]
    assert entry["task"] == "events"
    assert m["event_recall"] == 1.0
    assert m["forbidden_hits"] == 0
    for key in ("sub_event_type_acc", "actor1_acc", "admin1_acc", "fatalities_acc"):
        assert m[key] == 1.0, (key, m)
    assert m["article_checks_passed"] == m["article_checks_total"] > 0


def test_spacy_component(nlp) -> None:
    import spacy

    import sitreps.nlp.component  # noqa: F401  (registers the factory)

    pipe = spacy.blank("en") if nlp is None else nlp
    pipe.add_pipe("sitreps_events", last=True)
    try:
        doc = pipe("Islamic State militants killed 12 villagers near Raqqa on Sunday.")
        assert doc._.events and doc._.events[0].fatalities == 12
        assert doc._.events[0].event_type
    finally:
        pipe.remove_pipe("sitreps_events")
