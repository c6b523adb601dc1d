"""The store on SQLite and PostgreSQL: migrations, idempotent writes, merging across articles,
failures, filters and exports. Articles and events are built by hand (no NLP) to stay fast."""

from __future__ import annotations

import csv
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import delete, func, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from sitreps.merge.article import build_event
from sitreps.model import Actor, Article, EventDate, EventMention, Place, Span
from sitreps.output import COLUMNS
from sitreps.store import open_engine, spatial
from sitreps.store.export import export
from sitreps.store.query import EventFilter, FilterError, page, stats
from sitreps.store.schema import ArticleRow, Base, EventActor, EventRow, Failure, MentionRow
from sitreps.store.spatial import include_name
from sitreps.store.testing import NoPostgres, in_ci, throwaway_postgres
from sitreps.store.writer import Coded, Failed, write_batch

SAA = Actor("Military Forces of Syria (2000-)", inter=1, iso3="SYR", sector="MIL")
ISIS = Actor("Islamic State (Syria)", inter=2, sector="REB")
TADMUR = Place(
    "Tadmur",
    geonameid=170017,
    admin1="Homs",
    country="Syria",
    iso2="SY",
    lat=34.56,
    lon=38.28,
    geo_precision=1,
)
KONDUGA = Place(
    "Konduga",
    geonameid=2333000,
    admin1="Borno",
    country="Nigeria",
    iso2="NG",
    lat=11.65,
    lon=13.42,
    geo_precision=1,
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("db") / "sitreps.db")
        return
    try:
        with throwaway_postgres() as url:
            yield url
    except NoPostgres as exc:
        if in_ci():
            pytest.fail(f"CI=true but {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")


@pytest.fixture()
def engine(db):
    eng = open_engine(db, write=True)
    with Session(eng) as s, s.begin():  # each test starts empty
        for table in reversed(Base.metadata.sorted_tables):
            s.execute(table.delete())
    yield eng
    eng.dispose()


def article(
    body: str,
    *,
    url: str | None = None,
    publisher: str = "South Front",
    original: str | None = None,
    published: date = date(2019, 6, 1),
    source: str | None = None,
) -> Article:
    return Article(
        id=Article.make_id(body),
        body=body,
        url=url,
        publisher=publisher,
        original_source=original,
        published=published,
        title=body[:30],
        source=source or f"test:{Article.make_id(body)}",
    )


def coded(
    a: Article,
    *,
    fatalities: int | None = 5,
    where: Place = TADMUR,
    when: date = date(2019, 5, 31),
    actors=(SAA, ISIS),
    sub: str = "Armed clash",
    etype: str = "Battles",
    scope: str = "incident",
) -> Coded:
    m = EventMention(
        article_id=a.id,
        evidence=Span(a.body, 0, len(a.body)),
        trigger=Span("killed", 4, 10),
        event_type=etype,
        sub_event_type=sub,
        actor1=actors[0],
        actor2=actors[1],
        place=where,
        date=EventDate(when, 1),
        fatalities=fatalities,
        attribution="local sources",
        scope=scope,
    )
    return Coded(a, [build_event([m], a)])


def count(engine, model) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_migrations_match_the_models(engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": include_name})  # not the R*Tree
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    open_engine(str(engine.url.render_as_string(hide_password=False)))  # a second start is a no-op


def test_same_article_twice_is_stored_once(engine) -> None:
    a = article(
        "The SAA killed at least 5 ISIS members near Palmyra.", url="https://www.example.org/a?utm_source=x"
    )
    r1 = write_batch(engine, [coded(a)])
    r2 = write_batch(engine, [coded(a)])
    same_url = article(
        "Updated: the SAA killed at least 6 ISIS members near Palmyra.", url="http://example.org/a/#top"
    )
    r3 = write_batch(engine, [coded(same_url)])
    assert (r1.stored, r2.duplicates, r3.duplicates) == (1, 1, 1)
    assert count(engine, ArticleRow) == 1 and count(engine, EventRow) == 1 and count(engine, MentionRow) == 1


def test_reports_from_other_articles_merge(engine) -> None:
    a = article("The SAA killed at least 5 ISIS members near Palmyra on Friday.", publisher="South Front")
    b = article(
        "Seven Islamic State fighters died in clashes with the army in Tadmur.",
        publisher="SANA",
        published=date(2019, 6, 2),
    )
    cross = article(
        "The SAA killed at least 5 ISIS members near Palmyra on Friday. (cross-post)",
        publisher="Global Research",
        original="South Front",
    )
    other_day = article("New clashes between the SAA and ISIS in Tadmur.", publisher="SANA")
    write_batch(engine, [coded(a)])
    write_batch(engine, [coded(b, fatalities=7), coded(cross), coded(other_day, when=date(2019, 6, 6))])
    write_batch(engine, [coded(b, fatalities=7)])  # re-ingesting changes nothing
    with Session(engine) as s:
        events = s.scalars(select(EventRow).order_by(EventRow.event_date)).all()
        assert len(events) == 2
        merged = events[0]
        assert merged.n_articles == 3 and merged.n_reports == 2  # the cross-post is not independent
        assert merged.fatalities == 5 and merged.conflicts == {"fatalities": [5, 7]}
        assert set(merged.sources) == {"South Front", "SANA", "Global Research"}
        assert "Tadmur" in merged.notes and "5 reported fatalities" in merged.notes
        n_mentions = s.scalar(
            select(func.count()).select_from(MentionRow).where(MentionRow.event_id == merged.id)
        )
        assert n_mentions == 3
        names = set(s.scalars(select(EventActor.name).where(EventActor.event_id == merged.id)))
        assert names == {SAA.name, ISIS.name}


def test_a_bad_article_is_recorded_and_the_batch_goes_on(engine) -> None:
    good = article("The SAA killed at least 5 ISIS members near Palmyra.")
    bad = coded(article("A broken record.", source="bad.txt"))
    bad.events[0].mentions[0].evidence = Span(None, 0, 0)  # NOT NULL violation inside the savepoint
    res = write_batch(engine, [bad, coded(good), Failed("unreadable.bin", "read", "binary file")])
    assert res.stored == 1 and res.failed == 2
    with Session(engine) as s:
        fails = {f.source: f for f in s.scalars(select(Failure))}
    assert set(fails) == {"bad.txt", "unreadable.bin"} and fails["bad.txt"].stage == "store"
    assert count(engine, ArticleRow) == 1
    with Session(engine) as s:  # no orphan mentions from the failed article
        assert (
            s.scalar(select(func.count()).select_from(MentionRow).where(MentionRow.article_id != good.id))
            == 0
        )


def _fill(engine) -> None:
    items = []
    for i in range(30):
        a = article(f"Report number {i}: fighting in the region killed people.", publisher=f"Outlet {i % 3}")
        where = TADMUR if i % 2 else KONDUGA
        actors = (
            (SAA, ISIS) if i % 2 else (Actor("Boko Haram", inter=2), Actor("Civilians (Nigeria)", inter=7))
        )
        items.append(
            coded(
                a,
                fatalities=i,
                where=where,
                when=date(2020, 1, 1 + i),
                actors=actors,
                etype="Battles" if i % 2 else "Violence against civilians",
                sub="Armed clash" if i % 2 else "Attack",
            )
        )
    write_batch(engine, items)


def test_filters_and_stable_paging(engine) -> None:
    _fill(engine)
    with Session(engine) as s:
        rows, nxt = page(s, EventFilter(), limit=7)
        seen = [r.id for r in rows]
        while nxt:
            rows, nxt = page(s, EventFilter(), limit=7, cursor=nxt)
            seen += [r.id for r in rows]
        assert len(seen) == len(set(seen)) == 30
        dates = [r.event_date for r in page(s, EventFilter(), limit=30)[0]]
        assert dates == sorted(dates, reverse=True)
        assert len(page(s, EventFilter(country="Syria"), limit=100)[0]) == 15
        assert len(page(s, EventFilter(country="NG", min_fatalities=20), limit=100)[0]) == 5
        assert len(page(s, EventFilter(actor="Boko Haram"), limit=100)[0]) == 15
        assert len(page(s, EventFilter(bbox=(13.0, 11.0, 14.0, 12.0)), limit=100)[0]) == 15
        assert len(page(s, EventFilter(start=date(2020, 1, 10), end=date(2020, 1, 19)), limit=100)[0]) == 10
        assert len(page(s, EventFilter(q="KONDUGA"), limit=100)[0]) == 15  # notes, case-insensitive
        assert len(page(s, EventFilter(q="number 7:"), limit=100)[0]) == 1  # evidence text
        assert page(s, EventFilter(q="100%"), limit=100)[0] == []  # wildcards are literal
        st = stats(s, EventFilter())
        assert st["events"] == 30 and {c["iso2"] for c in st["by_country"]} == {"SY", "NG"}
        with pytest.raises(FilterError):
            page(s, EventFilter(country="Atlantis"))


def _points(n: int = 400) -> list[dict]:
    """Events on a jittered grid, points exactly on the test boxes' edges (values a 32-bit float
    cannot hold: an R*Tree stores them rounded), either side of the antimeridian, one undated and
    one without coordinates."""
    rnd = random.Random(5)
    now = datetime(2024, 1, 1)
    pts = [(rnd.uniform(30, 45), rnd.uniform(30, 40)) for _ in range(n)]
    pts += [(35.1, 33.3), (38.7, 36.9), (35.1, 36.9), (38.7, 33.3), (35.1 - 1e-9, 34.0), (36.0, 36.9 + 1e-9)]
    pts += [(179.9, -17.1), (-179.9, -17.2), (180.0, -17.0), (-180.0, -17.0), (170.0, -17.0), None]
    rows = []
    for i, p in enumerate(pts):
        rows.append({
            "id": f"e{i:05d}", "event_date": None if i == 3 else date(2020, 1, 1) + timedelta(days=i % 97),
            "fatalities": i % 4, "lat": p and p[1], "lon": p and p[0], "modality": "asserted",
            "n_reports": 1, "n_mentions": 1, "n_articles": 1, "created_at": now, "updated_at": now,
        })  # fmt: skip
    return rows


def _inside(rows: list[dict], box, min_fatalities: int | None = None) -> list[str]:
    w, s, e, n = box
    hits = [
        r
        for r in rows
        if r["lat"] is not None
        and s <= r["lat"] <= n
        and (w <= r["lon"] <= e if w <= e else (r["lon"] >= w or r["lon"] <= e))
        and (min_fatalities is None or r["fatalities"] >= min_fatalities)
    ]
    hits.sort(key=lambda r: (r["event_date"] is not None, r["event_date"] or date.min, r["id"]), reverse=True)
    return [r["id"] for r in hits]


BOXES = [
    (35.1, 33.3, 38.7, 36.9),
    (30.0, 30.0, 45.0, 40.0),
    (36.0, 31.0, 36.5, 31.5),
    (179.0, -18.0, -179.0, -16.0),
]


@pytest.mark.parametrize("dense_from", [1, 10**9])  # every box dense (date walk) / sparse (spatial index)
def test_bbox_returns_exactly_the_events_inside(engine, monkeypatch, dense_from: int) -> None:
    monkeypatch.setattr(spatial, "DENSE_BBOX", dense_from)
    rows = _points()
    with engine.begin() as conn:
        conn.execute(EventRow.__table__.insert(), rows)

    def check(s: Session) -> None:
        for box in BOXES:
            for fat in (None, 2):
                want = _inside(rows, box, fat)
                got, nxt = page(s, EventFilter(bbox=box, min_fatalities=fat), limit=1000)
                assert [r.id for r in got] == want and nxt is None, (box, fat)
                assert stats(s, EventFilter(bbox=box, min_fatalities=fat))["events"] == len(want)

    with Session(engine) as s:
        assert len(_inside(rows, BOXES[0])) > 20 and len(_inside(rows, BOXES[3])) == 4
        check(s)
    # moved, removed and new events (the R*Tree triggers on SQLite)
    moved = {r["id"]: r for r in rows[:60]}
    with Session(engine) as s, s.begin():
        for i, r in enumerate(moved.values()):
            r["lat"], r["lon"] = (None, None) if i % 5 == 0 else (r["lat"] - 3, r["lon"] + 4)
            s.execute(update(EventRow).where(EventRow.id == r["id"]).values(lat=r["lat"], lon=r["lon"]))
        s.execute(delete(EventRow).where(EventRow.id.in_([r["id"] for r in rows[60:120]])))
    rows = rows[:60] + rows[120:]
    with Session(engine) as s:
        check(s)
        if spatial.uses_rtree(s):  # SQLite keeps rowids through VACUUM, and so the R*Tree keys
            n_points = sum(r["lat"] is not None for r in rows)
            assert s.scalar(select(func.count()).select_from(spatial.events_rtree)) == n_points
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()  # outside the BEGIN the engine emits
        try:
            raw.driver_connection.execute("VACUUM")
        finally:
            raw.close()
        with Session(engine) as s:
            check(s)


def test_exports(engine, tmp_path: Path) -> None:
    _fill(engine)
    with Session(engine) as s:
        assert export(s, EventFilter(), "acled-csv", str(tmp_path / "e.csv")) == 30
        assert export(s, EventFilter(country="SY"), "geojson", str(tmp_path / "e.geojson")) == 15
        assert export(s, EventFilter(), "jsonl", str(tmp_path / "e.jsonl")) == 30
        assert export(s, EventFilter(), "plover-json", str(tmp_path / "e.plover.json")) == 30
        assert export(s, EventFilter(), "parquet", str(tmp_path / "e.parquet")) == 30
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert list(rows[0]) == COLUMNS and rows[0]["iso"] in {"760", "566"}
    fc = json.loads((tmp_path / "e.geojson").read_text())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 15
    assert all(-180 <= f["geometry"]["coordinates"][0] <= 180 for f in fc["features"])
    rec = json.loads((tmp_path / "e.plover.json").read_text())[0]
    assert {
        "id",
        "date",
        "actor",
        "recipient",
        "event",
        "mode",
        "quad_code",
        "event_loc",
        "event_text",
        "context",
        "size",
        "cite_info",
    } <= set(rec)
    assert {"geonameid", "lat", "lon", "ADM1", "country_code", "resolution"} <= set(rec["event_loc"])
    assert set(rec["size"]) == {"dead", "injured", "arrested"} and set(rec["actor"]) >= {
        "code",
        "sector",
        "entity_text",
    }
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 30 and table.column_names == COLUMNS


def test_wal_switch_waits_out_a_lock_the_busy_handler_skips(tmp_path: Path) -> None:
    """SQLite answers "locked" at once, without its busy handler, when two connections would deadlock
    switching a fresh file to WAL. A connection with no busy timeout behaves the same way, so it
    stands in for that race: the switch must wait until the other side lets go, not fail."""
    import sqlite3
    import threading

    from sitreps.store.engine import set_wal

    db = tmp_path / "fresh.db"
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("PRAGMA journal_mode = WAL")
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()
    cur = other.cursor()
    set_wal(cur, timeout_s=10)
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    holder.close()
    other.close()
    # and it gives up with the driver's error once its own time is over
    a = sqlite3.connect(tmp_path / "held.db", isolation_level=None)
    a.execute("CREATE TABLE t (x)")
    a.execute("BEGIN EXCLUSIVE")
    b = sqlite3.connect(tmp_path / "held.db", timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        set_wal(b.cursor(), timeout_s=0.2)
    a.close()
    b.close()


def test_scope_is_stored_merged_and_filtered(engine, tmp_path: Path) -> None:
    """A summary stays a summary until an incident report of the same event arrives; a statement
    about an event elsewhere keeps its mark; the filter reads the event's mark."""
    summary = coded(article("SAA units have killed dozens of ISIS members near Palmyra since April."),
                    scope="aggregate")
    condemned = coded(article("The governor condemned the killing of 8 farmers by Boko Haram near Konduga."),
                      where=KONDUGA, when=date(2020, 1, 3), actors=(ISIS, None), sub="Attack",
                      etype="Violence against civilians", scope="statement")
    write_batch(engine, [summary, condemned])
    with Session(engine) as s:
        assert {r.scope for r in page(s, EventFilter(), limit=10)[0]} == {"aggregate", "statement"}
        assert [r.location for r in page(s, EventFilter(scope="statement"), limit=10)[0]] == ["Konduga"]
        with pytest.raises(FilterError, match="scope"):
            page(s, EventFilter(scope="rumour"), limit=10)
    write_batch(engine, [coded(article("SAA troops killed 5 ISIS members near Palmyra on Friday."))])
    with Session(engine) as s:
        rows = page(s, EventFilter(scope="incident"), limit=10)[0]
        assert [(r.location, r.n_articles) for r in rows] == [("Tadmur", 2)]
        assert page(s, EventFilter(scope="aggregate"), limit=10)[0] == []
        scopes = s.scalars(select(MentionRow.scope).order_by(MentionRow.scope)).all()
        assert scopes == ["aggregate", "incident", "statement"]
        # exports carry the event's scope, whichever report heads it
        out = tmp_path / "e.csv"
        export(s, EventFilter(), "acled-csv", str(out))
        with open(out, newline="") as fh:
            assert sorted((r["location"], r["scope"]) for r in csv.DictReader(fh)) == [
                ("Konduga", "statement"), ("Tadmur", "incident")]


def test_scope_migration_keeps_stored_events_and_the_rtree(tmp_path: Path) -> None:
    """0003 adds columns in place: events stored before it read as incidents, and the SQLite
    R*Tree triggers of 0002 (which a table rebuild would drop) still serve the bbox filter."""
    from alembic import command

    from sitreps.store.migrate import alembic_config

    eng = open_engine(str(tmp_path / "old.db"), write=True)
    write_batch(eng, [coded(article("SAA troops killed 5 ISIS members near Palmyra on Friday."))])

    def run(fn, rev: str) -> None:
        with eng.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            fn(cfg, rev)

    run(command.downgrade, "0002")
    with eng.connect() as conn:
        assert "scope" not in {c["name"] for c in sa_inspect(conn).get_columns("events")}
    run(command.upgrade, "head")
    write_batch(eng, [coded(article("Boko Haram killed 8 farmers near Konduga."), where=KONDUGA,
                            when=date(2020, 1, 3), sub="Attack", etype="Violence against civilians",
                            scope="aggregate")])
    with Session(eng) as s:
        assert [r.location for r in page(s, EventFilter(scope="incident", bbox=(38.0, 34.0, 39.0, 35.0)))[0]] == [
            "Tadmur"]
        assert [r.location for r in page(s, EventFilter(scope="aggregate", bbox=(13.0, 11.0, 14.0, 12.0)))[0]] == [
            "Konduga"]
    eng.dispose()
