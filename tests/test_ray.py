"""``--ray``: the same events as a plain run, failures kept, dead actors survived, bounded work in flight.

Real Ray on loopback: one local session for the module (``ray.init(num_cpus=4)``: two CPUs for the
module's pool of two coder actors, two for the in-process pools the CLI tests start) and real
``sitreps`` subprocesses that start and stop their own Ray.

The coder-crash input carries the marker of ``sitreps.pipeline.FAULT_ENV``, set for this module
(and inherited by the Ray workers and the CLI subprocesses): coding it raises in the real coder, on
the driver and on the actors alike, since the coder has no known crash left to test with.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from sitreps.store.testing import SITREPS, run_cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MARKER = "qx-sitreps-test-fault-qx"
BOOM = (
    "Gunmen attack Kano market\n\nPublished: 2021-05-01\n\n"
    f"Gunmen killed 5 people at a market in Kano on Friday, police said. {MARKER}\n"
)

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install 'sitreps[ray]')")


@pytest.fixture(scope="module", autouse=True)
def fault_marker():
    from sitreps.pipeline import FAULT_ENV

    old = os.environ.get(FAULT_ENV)
    os.environ[FAULT_ENV] = MARKER  # before ray.init: the workers inherit it
    yield
    if old is None:
        os.environ.pop(FAULT_ENV, None)
    else:
        os.environ[FAULT_ENV] = old


@pytest.fixture(scope="module")
def ray_session(fault_marker):
    ray.init(num_cpus=4, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def pool(ray_session):
    from sitreps.distributed import CoderPool

    p = CoderPool(2)
    yield p
    p.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The bundled examples, 12 small Borno reports (cross-article merging), a copy of one of them
    (a duplicate in a later batch), the crashing article and an empty file."""
    from test_ingest import make_articles

    root = tmp_path_factory.mktemp("corpus")
    for f in EXAMPLES.iterdir():
        if f.name != "README.md":
            shutil.copy(f, root / f.name)
    make_articles(root / "borno", n=12)
    shutil.copy(root / "borno" / "a003.txt", root / "borno" / "z_copy_of_a003.txt")
    (root / "boom.txt").write_text(BOOM, encoding="utf-8")
    (root / "empty.txt").write_text("")
    return root


def table(db: Path, name: str, order: str) -> list[tuple]:
    """Every row of a table without its timestamps, in a stable order."""
    with sqlite3.connect(db) as conn:
        cols = [r[1] for r in conn.execute(f"pragma table_info({name})") if not r[1].endswith("_at")]
        return conn.execute(f"select {', '.join(cols)} from {name} order by {order}").fetchall()


def failed(db: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return {Path(src).name: (stage, reason) for src, stage, reason in conn.execute(
            "select source, stage, reason from failures")}


def test_the_crash_input_breaks_the_plain_coder() -> None:
    from sitreps.extract import article_from_text
    from sitreps.pipeline import code_article

    with pytest.raises(RuntimeError, match="fault injected"):
        code_article(article_from_text(BOOM))


def test_ray_ingest_stores_what_a_plain_ingest_stores(corpus: Path, pool, tmp_path: Path) -> None:
    from sitreps.ingest import ingest
    from sitreps.store import open_engine

    plain_db, ray_db = tmp_path / "plain.db", tmp_path / "ray.db"
    plain = ingest(open_engine(str(plain_db), write=True), [str(corpus)], batch_size=2)
    on_ray = ingest(open_engine(str(ray_db), write=True), [str(corpus)], batch_size=2, pool=pool)

    assert (plain.stored, plain.skipped, plain.failed, plain.events, plain.merged) == (
        on_ray.stored, on_ray.skipped, on_ray.failed, on_ray.events, on_ray.merged,
    )  # fmt: skip
    assert on_ray.stored == 16 and on_ray.skipped == 1 and on_ray.failed == 2 and on_ray.merged > 0
    for name, order in [("events", "id"), ("mentions", "id"), ("articles", "id"), ("event_actors", "1, 2, 3")]:
        rows = table(ray_db, name, order)
        assert rows and rows == table(plain_db, name, order), name
    failures = failed(ray_db)
    assert failures == failed(plain_db)
    assert set(failures) == {"boom.txt", "empty.txt"}
    assert failures["boom.txt"][0] == "code" and "fault injected" in failures["boom.txt"][1]
    assert pool.peak_in_flight <= pool.window == 4

    again = ingest(open_engine(str(ray_db), write=True), [str(corpus)], batch_size=2, pool=pool)
    assert (again.stored, again.skipped) == (0, 17)  # idempotent on Ray too: nothing re-coded


def test_code_cli_with_ray_prints_the_same_events_quietly(corpus: Path, ray_session) -> None:
    inputs = [str(EXAMPLES), str(corpus / "boom.txt")]
    plain = run_cli("code", *inputs, "--format", "jsonl")
    on_ray = run_cli("code", *inputs, "--format", "jsonl", "--ray", "--workers", "2")
    assert plain.returncode == on_ray.returncode == 0, on_ray.stderr
    assert on_ray.stdout.count("\n") > 10 and on_ray.stdout == plain.stdout
    # No Ray banner, warning or worker log: stderr is exactly what a plain run prints.
    assert on_ray.stderr == plain.stderr
    assert "boom.txt: coding failed: RuntimeError" in " ".join(on_ray.stderr.split())


def test_ingest_cli_with_ray(corpus: Path, ray_session, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    proc = run_cli("ingest", str(corpus), "--db", str(db), "--ray", "--workers", "1", "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("16 article(s) stored, 1 already stored, 2 failed")
    assert "INFO" not in proc.stderr and "WARNING" not in proc.stderr


def test_the_workers_run_this_code(pool) -> None:
    import sitreps

    pids = {pid for pid, _ in pool.worker_info}
    assert len(pids) == 2 and os.getpid() not in pids
    assert {path for _, path in pool.worker_info} == {sitreps.__file__}


def test_results_come_in_input_order_and_input_is_read_only_as_slots_free(pool) -> None:
    from sitreps.extract import article_from_text

    articles = [
        article_from_text(f"Soldiers killed {i + 2} militants near Bama on Sunday, the army said.") for i in range(20)
    ]
    pulled = 0
    ahead = []

    def jobs():
        nonlocal pulled
        for i, a in enumerate(articles):
            pulled += 1
            yield i, [a] if i % 5 else []  # every fifth job is empty (a batch that was all stored)

    got = []
    for tag, results in pool.map(jobs()):
        ahead.append(pulled - len(got))
        got.append((tag, [r.article.id for r in results]))
    assert [t for t, _ in got] == list(range(20))
    assert all(ids == ([articles[t].id] if t % 5 else []) for t, ids in got)
    assert max(ahead) <= pool.window  # never more than the window read ahead of what is written


def test_an_actor_that_dies_mid_batch_is_replaced_and_its_batch_recoded(pool, corpus: Path) -> None:
    from sitreps.extract import iter_documents, to_article
    from sitreps.ingest import code_batch

    articles = [to_article(d) for d in iter_documents([str(corpus / "borno")])][:8]
    batches = [articles[i : i + 2] for i in range(0, 8, 2)]
    expected = [[(c.article.id, [e.id for e in c.events]) for c in code_batch(b)] for b in batches]
    replaced = pool.replaced

    def jobs():
        for i, b in enumerate(batches):
            if i == 1:  # batch 0 was just sent to actor 0 and cannot have finished: kill that actor
                ray.kill(pool.actors[0])
            yield i, b

    got = [[(c.article.id, [e.id for e in c.events]) for c in res] for _i, res in pool.map(jobs())]
    assert got == expected
    assert pool.replaced == replaced + 1


def test_without_ray_the_error_says_how_to_install(tmp_path: Path) -> None:
    no_ray = [sys.executable, "-c", "import sys; sys.modules['ray'] = None; " + SITREPS[-1]]
    import subprocess

    for args in (["code", str(EXAMPLES), "--ray"], ["ingest", str(EXAMPLES), "--db", str(tmp_path / "x.db"), "--ray"]):
        proc = subprocess.run([*no_ray, *args], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert "pip install 'sitreps[ray]'" in proc.stderr and "Traceback" not in proc.stderr


def test_ray_options_need_ray() -> None:
    proc = run_cli("code", str(EXAMPLES), "--workers", "2")
    assert proc.returncode == 2 and "--ray-address and --workers need --ray" in proc.stderr
