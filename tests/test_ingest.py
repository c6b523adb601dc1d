"""``sitreps ingest`` as users run it: kill -9 and resume, two processes at once, URLs, failures."""

from __future__ import annotations

import http.server
import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitreps.store.fetch import FetchError, fetch
from sitreps.store.testing import SITREPS, run_cli

TOWNS = ["Maiduguri", "Konduga", "Bama", "Damboa", "Gwoza", "Monguno", "Dikwa", "Biu"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_articles(root: Path, n: int = 40) -> Path:
    """``n`` small, distinct wire-style reports (a title, a date line, two sentences)."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        text = (
            f"Gunmen attack village near {town}\n\nPublished: 2023-03-{(i % 27) + 2:02d}\n\n"
            f"Suspected Boko Haram militants killed {i + 2} villagers near {town} in Borno State on "
            f"{WEEKDAYS[i % 7]}, local officials said. Report {i}: residents fled to {TOWNS[(i + 3) % 8]}.\n"
        )
        (root / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    return root


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db, timeout=30) as conn:
        q = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": q("select count(*) from articles"),
            "distinct_sources": q("select count(distinct source) from articles"),
            "mentions": q("select count(*) from mentions"),
            "orphan_mentions": q(
                "select count(*) from mentions m left join articles a on a.id = m.article_id "
                "where a.id is null"
            ),
            "dangling_events": q(
                "select count(*) from mentions where event_id is not null and event_id not in "
                "(select id from events)"
            ),
            "articles_without_mentions_recorded": q(
                "select count(*) from articles a where a.n_mentions != "
                "(select count(*) from mentions m where m.article_id = a.id)"
            ),
        }


def articles_so_far(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_mid_batch_then_resume_stores_everything_once(tmp_path: Path) -> None:
    src = make_articles(tmp_path / "in")
    db = tmp_path / "s.db"
    proc = subprocess.Popen(
        [*SITREPS, "ingest", str(src), "--db", str(db), "--batch-size", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 240
    while articles_so_far(db) == 0:
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "no commit observed"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    at_kill = articles_so_far(db)
    assert proc.returncode == -signal.SIGKILL and 0 < at_kill < 40
    c = counts(db)
    assert (
        c["orphan_mentions"] == 0
        and c["articles_without_mentions_recorded"] == 0
        and c["dangling_events"] == 0
    )

    again = run_cli("ingest", str(src), "--db", str(db), "--batch-size", "2", "-q")
    assert again.returncode == 0, again.stderr
    run_cli("ingest", str(src), "--db", str(db), "-q")  # and once more: nothing changes
    c = counts(db)
    assert c["articles"] == c["distinct_sources"] == 40
    assert (
        c["orphan_mentions"] == 0
        and c["dangling_events"] == 0
        and c["articles_without_mentions_recorded"] == 0
    )
    assert c["mentions"] >= 40


def test_two_ingests_at_once_on_one_sqlite_file(tmp_path: Path) -> None:
    src = make_articles(tmp_path / "in", n=24)
    db = tmp_path / "s.db"
    cmd = [*SITREPS, "ingest", str(src), "--db", str(db), "--batch-size", "3", "-q"]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
    c = counts(db)
    assert c["articles"] == c["distinct_sources"] == 24 and c["orphan_mentions"] == 0
    with sqlite3.connect(db) as conn:
        dup = conn.execute(
            "select count(*) from (select article_id, evidence_start, count(*) n from mentions "
            "group by article_id, evidence_start, trigger_start, sub_event_type having n > 1)"
        )
        assert dup.fetchone()[0] == 0
        assert conn.execute("select count(*) from failures").fetchone()[0] == 0


@pytest.fixture()
def local_site(tmp_path: Path) -> Iterator[str]:
    """A static web server on 127.0.0.1 (the only network a test may use)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "report.html").write_text(
        "<!doctype html><html><head><title>Clash near Djibo</title></head><body><article>"
        "<h1>Clash near Djibo</h1><p>Soldiers clashed with gunmen near Djibo in northern Burkina Faso on "
        "Tuesday, killing 14 attackers, the army said on Wednesday.</p><p>The army said two soldiers were "
        "wounded in the fighting, which lasted several hours.</p></article></body></html>",
        encoding="utf-8",
    )
    (site / "huge.txt").write_bytes(b"a " * 6_000_000)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(site), **kw)

        def log_message(self, *a) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_ingest_url_needs_allow_private_for_loopback(tmp_path: Path, local_site: str) -> None:
    db = tmp_path / "s.db"
    refused = run_cli("ingest", f"{local_site}/report.html", "--db", str(db), "-q")
    assert refused.returncode == 1
    listed = run_cli("failures", "--db", str(db))
    assert "private or loopback" in listed.stdout and "fetch" in listed.stdout
    ok = run_cli(
        "ingest",
        f"{local_site}/report.html",
        f"{local_site}/missing.html",
        "--db",
        str(db),
        "-q",
        "--allow-private",
    )
    assert ok.returncode == 0, ok.stderr
    with sqlite3.connect(db) as conn:
        url, title = conn.execute("select url, title from articles").fetchone()
        assert url.endswith("/report.html") and "Djibo" in title
        reasons = dict(conn.execute("select source, reason from failures").fetchall())
    assert f"{local_site}/report.html" not in reasons  # a later success clears the failure
    assert "HTTP 404" in reasons[f"{local_site}/missing.html"]


def test_fetch_limits(local_site: str) -> None:
    with pytest.raises(FetchError, match="private or loopback"):
        fetch(f"{local_site}/report.html")
    with pytest.raises(FetchError, match="too large"):
        fetch(f"{local_site}/huge.txt", allow_private=True, max_bytes=1_000_000)
    with pytest.raises(FetchError, match="only http"):
        fetch("file:///etc/passwd")
    doc = fetch(f"{local_site}/report.html", allow_private=True)
    assert doc.format == "html" and b"Djibo" in doc.content


def test_bad_inputs_are_failures_and_never_stop_the_batch(tmp_path: Path) -> None:
    src = make_articles(tmp_path / "in", n=3)
    (src / "empty.txt").write_text("")
    (src / "junk.html").write_bytes(bytes(range(256)) * 50)
    db = tmp_path / "s.db"
    proc = run_cli("ingest", str(src), "--db", str(db), "-q", env={"SITREPS_DB": ""})
    assert proc.returncode == 0, proc.stderr
    assert "3 article(s) stored" in proc.stderr and "2 failed" in proc.stderr
    listed = run_cli("failures", "--db", str(db), "--json")
    assert listed.stdout.count("\n") == 2 and "empty.txt" in listed.stdout and "junk.html" in listed.stdout
    assert os.path.exists(db)
