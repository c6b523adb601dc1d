"""End to end: the installed ``sitreps`` command on real files, as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

SITREPS = [sys.executable, "-m", "sitreps.cli"]
PALMYRA = EXAMPLES / "palmyra-2019-05-31.md"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*SITREPS, *args], input=stdin, capture_output=True, text=True, timeout=600)


def test_code_json_on_the_seed_article() -> None:
    proc = run("code", str(PALMYRA), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    events = out["events"]
    clash = [e for e in events if e["sub_event_type"] == "Armed clash" and e["place"]
             and e["place"]["name"] == "Tadmur"]
    assert clash and clash[0]["fatalities"] == 5
    assert clash[0]["actor1"]["name"].startswith("Military Forces of Syria")
    assert any(e["sub_event_type"] == "Air/drone strike" for e in events)
    # planned / negated mentions are not events unless --all
    assert all(e["modality"] in ("asserted", "reported", "claimed") for e in events)
    audit = json.loads(run("code", str(PALMYRA), "--format", "json", "--all").stdout)["events"]
    assert {"planned", "negated"} <= {e["modality"] for e in audit}


def test_csv_has_acled_columns_in_order() -> None:
    proc = run("code", str(PALMYRA), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    header = rows[0]
    assert header[:6] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type"]
    assert header[28:31] == ["fatalities", "tags", "timestamp"]
    assert len(rows) > 1


def test_geojson_and_stdin() -> None:
    text = PALMYRA.read_text(encoding="utf-8")
    proc = run("code", "-", "--stdin-format", "md", "--format", "geojson", stdin=text)
    assert proc.returncode == 0, proc.stderr
    fc = json.loads(proc.stdout)
    assert fc["type"] == "FeatureCollection"
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_published_override_moves_dates() -> None:
    proc = run("code", str(PALMYRA), "--format", "jsonl", "--published", "2020-06-30")
    dates = [json.loads(line)["date"]["date"] for line in proc.stdout.splitlines() if line.strip()]
    assert dates and all(d.startswith("2020") for d in dates if d)


def test_bad_inputs_are_skipped_and_the_batch_goes_on(tmp_path: Path) -> None:
    shutil.copy(PALMYRA, tmp_path / "good.md")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "junk.html").write_bytes(bytes(range(256)) * 100)
    (tmp_path / "latin1.txt").write_bytes("Les manifestants se sont réunis à Paris où la police était présente "
                                          "et a dispersé la foule avec des gaz lacrymogènes.".encode("latin-1"))
    proc = run("code", str(tmp_path), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert "skipped" in proc.stderr and "empty.txt" in proc.stderr and "junk.html" in proc.stderr
    assert proc.stdout.strip(), "the good article still produced events"


def test_nothing_readable_exits_nonzero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    proc = run("code", str(tmp_path / "empty.txt"))
    assert proc.returncode == 1


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "geojson"])
def test_all_formats_run(fmt: str) -> None:
    proc = run("code", str(EXAMPLES), "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
