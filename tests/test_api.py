"""The REST API over real HTTP: ``sitreps serve`` in a subprocess on a free loopback port, with
the bundled examples ingested, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import pytest
from tests.conftest import EXAMPLES

from sitreps.output import COLUMNS
from sitreps.store.testing import NoPostgres, in_ci, run_cli, serving, throwaway_postgres

TOKEN = "test-token-123"
RAQQA = (
    "Islamic State militants killed 12 villagers near Raqqa on Sunday, local sources said. "
    "The attack was condemned by officials of the Autonomous Administration."
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api(request, tmp_path_factory) -> Iterator[httpx.Client]:
    def up(db: str) -> Iterator[httpx.Client]:
        proc = run_cli("ingest", str(EXAMPLES), "--db", db, "-q")
        assert proc.returncode == 0, proc.stderr
        with serving(db, token=TOKEN) as base, httpx.Client(base_url=base, timeout=120) as client:
            yield client

    if request.param == "sqlite":
        yield from up(str(tmp_path_factory.mktemp("api") / "sitreps.db"))
        return
    try:
        with throwaway_postgres() as url:
            yield from up(url)
    except NoPostgres as exc:
        if in_ci():
            pytest.fail(f"CI=true but {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")


def events(api: httpx.Client, **params) -> dict:
    r = api.get("/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_events_filters(api: httpx.Client) -> None:
    everything = events(api, limit=1000)["events"]
    assert len(everything) >= 10
    syria = events(api, country="Syria")["events"]
    assert syria and all(e["iso2"] == "SY" for e in syria)
    assert events(api, country="SY")["events"] == syria
    clashes = events(api, event_type="Battles", sub_event_type="Armed clash", country="SY")["events"]
    assert any(e["location"] == "Tadmur" and e["fatalities"] == 5 for e in clashes)
    assert all(e["fatalities"] >= 5 for e in events(api, min_fatalities=5)["events"])
    in_2019 = events(api, start="2019-01-01", end="2019-12-31")["events"]
    assert in_2019 and all(e["event_date"].startswith("2019") for e in in_2019)
    box = events(api, bbox="35,33,40,37")["events"]  # western Syria
    assert box and all(35 <= e["longitude"] <= 40 and 33 <= e["latitude"] <= 37 for e in box)
    saa = events(api, actor="Military Forces of Syria (2000-)")["events"]
    assert saa and all(
        "Syria" in (e["actor1"] or "") + (e["actor2"] or "") + (e["assoc_actor_1"] or "") for e in saa
    )
    assert events(api, q="palmyra")["events"]  # notes or evidence, case-insensitive
    assert events(api, q="no such words anywhere")["events"] == []
    by_scope = {sc: events(api, scope=sc, limit=1000)["events"] for sc in ("incident", "aggregate", "statement")}
    assert by_scope["incident"] and all(e["scope"] == sc for sc, evs in by_scope.items() for e in evs)
    assert sum(len(v) for v in by_scope.values()) == len(everything)


def test_paging_is_stable(api: httpx.Client) -> None:
    full = [e["id"] for e in events(api, limit=1000)["events"]]
    seen, cursor = [], None
    while True:
        page = events(api, limit=3, **({"cursor": cursor} if cursor else {}))
        seen += [e["id"] for e in page["events"]]
        cursor = page["next"]
        if not cursor:
            break
    assert seen == full
    by_offset = [
        e["id"] for off in range(0, len(full), 4) for e in events(api, limit=4, offset=off)["events"]
    ]
    assert by_offset == full


def test_formats(api: httpx.Client) -> None:
    r = api.get("/events", params={"format": "csv", "country": "SY"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == COLUMNS and all(row["country"] == "Syria" for row in rows)
    g = api.get("/events", params={"format": "geojson"})
    assert g.headers["content-type"].startswith("application/geo+json")
    fc = g.json()
    assert fc["type"] == "FeatureCollection" and fc["features"][0]["geometry"]["type"] == "Point"


@pytest.mark.parametrize(("params", "needle"), [
    ({"limit": 0}, "limit"), ({"limit": 5000}, "limit"), ({"start": "2019-02-30"}, "start"),
    ({"bbox": "1,2,3"}, "bbox"), ({"bbox": "0,95,1,96"}, "bbox"), ({"min_fatalities": -1}, "min_fatalities"),
    ({"cursor": "not-a-cursor"}, "cursor"), ({"country": "Atlantis"}, "Atlantis"), ({"format": "xml"}, "format"),
    ({"start": "2020-01-02", "end": "2020-01-01"}, "start"), ({"scope": "rumour"}, "scope"),
])  # fmt: skip
def test_bad_queries_are_4xx(api: httpx.Client, params: dict, needle: str) -> None:
    r = api.get("/events", params=params)
    assert r.status_code == 422 and needle in r.text


def test_event_detail_has_every_mention_with_evidence(api: httpx.Client) -> None:
    clash = next(
        e for e in events(api, country="SY", sub_event_type="Armed clash")["events"] if e["fatalities"] == 5
    )
    d = api.get(f"/events/{clash['id']}").json()
    assert d["mentions"] and d["n_mentions"] == len(d["mentions"])
    art = api.get(f"/articles/{d['mentions'][0]['article_id']}").json()
    for m in d["mentions"]:
        ev = m["evidence"]
        assert art["body"][ev["start"] : ev["end"]] == ev["text"]
        assert m["article"]["publisher"] and m["modality"] in ("asserted", "reported")
    assert clash["id"] in art["event_ids"] and art["title"]
    assert api.get("/events/nope").status_code == 404 and api.get("/articles/nope").status_code == 404


def test_stats_and_openapi(api: httpx.Client) -> None:
    st = api.get("/stats").json()
    assert st["events"] == len(events(api, limit=1000)["events"])
    assert st["by_type"] and st["by_country"] and st["by_week"]
    spec = api.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/articles", "/articles/{article_id}", "/stats"} <= set(
        spec["paths"]
    )


def test_post_article_needs_the_token(api: httpx.Client) -> None:
    body = {"text": RAQQA, "published": "2019-06-03", "title": "Raqqa attack"}
    assert api.post("/articles", json=body).status_code == 401
    assert api.post("/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert api.post("/articles", json={"title": "x"}, headers=auth).status_code == 422
    assert api.post("/articles", json={"text": "a", "url": "https://x.org"}, headers=auth).status_code == 422
    assert (
        api.post("/articles", json={"text": "x", "published": "yesterday"}, headers=auth).status_code == 422
    )
    r = api.post("/articles", json=body, headers=auth)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["status"] == "stored" and out["event_ids"]
    again = api.post("/articles", json=body, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    evidence = [
        m["evidence"]["text"] for i in out["event_ids"] for m in api.get(f"/events/{i}").json()["mentions"]
    ]
    assert any(t.startswith("Islamic State militants killed 12") for t in evidence)
    assert api.get("/events", params={"q": "Raqqa"}).json()["events"]


def test_writes_disabled_without_a_token(tmp_path) -> None:
    db = str(tmp_path / "empty.db")
    with serving(db) as base:
        r = httpx.post(
            base + "/articles", json={"text": RAQQA}, headers={"Authorization": "Bearer x"}, timeout=30
        )
        assert r.status_code == 403 and "disabled" in r.text
        assert httpx.get(base + "/events", timeout=30).json() == {"events": [], "count": 0, "next": None}
