"""The Python API as a script or notebook uses it: code a text, code files, ingest, query, rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

import sitreps
from sitreps.store.query import FilterError


def test_code_a_text() -> None:
    evs = sitreps.code("Boko Haram fighters killed 12 villagers in Borno state on Saturday.", published="2024-03-10")
    ev = next(e for e in evs if e.counted)
    assert (ev.sub_event_type, ev.fatalities, ev.date.date) == ("Attack", 12, date(2024, 3, 9))
    assert ev.actor1.name.startswith("Boko Haram") and ev.scope == "incident"
    row = sitreps.acled_rows([ev])[0]
    assert list(row)[:3] == ["event_id_cnty", "event_date", "year"] and row["fatalities"] == 12


def test_code_files_ingest_and_query(tmp_path: Path) -> None:
    coded = list(sitreps.code_files(EXAMPLES))
    assert len(coded) == 4 and all(evs for _, evs in coded)
    db = str(tmp_path / "s.db")
    stats = sitreps.load(str(EXAMPLES), db=db)
    assert (stats.stored, stats.failed) == (4, 0)
    assert sitreps.load([str(EXAMPLES)], db=db).stored == 0  # idempotent
    everything = list(sitreps.events(db))
    assert len(everything) == stats.events
    dates = [e.date.date for e in everything if e.date]
    assert dates == sorted(dates, reverse=True)
    syria = list(sitreps.events(db, country="Syria", start="2019-01-01"))
    assert syria and all(e.place.iso2 == "SY" for e in syria)
    tadmur = [e for e in syria if e.place.name == "Tadmur" and e.sub_event_type == "Armed clash"]
    assert tadmur and tadmur[0].fatalities == 5 and tadmur[0].mentions[0].evidence.text
    assert len(list(sitreps.events(db, limit=2))) == 2
    assert {e.scope for e in sitreps.events(db, scope="aggregate")} == {"aggregate"}
    with pytest.raises(TypeError, match="unknown filter"):
        list(sitreps.events(db, colour="red"))
    with pytest.raises(FilterError):
        list(sitreps.events(db, country="Atlantis"))
