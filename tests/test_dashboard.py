"""The dashboard at ``/`` in real headless Chromium (Debian's ``/usr/bin/chromium``, driven by
Playwright's Python API) against ``sitreps serve`` in a subprocess, with the bundled examples and
a hostile article ingested into a temporary SQLite database.

Outside CI the browser tests skip, with the reason, when ``/usr/bin/chromium`` or Playwright is
missing; with ``CI=true`` they fail instead. ``SITREPS_SCREENSHOTS=1`` also writes the README's
screenshots to ``docs/``.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.conftest import EXAMPLES, ROOT

from sitreps.store.testing import in_ci, run_cli, serving

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
TOKEN = "dash-token-456"
TADMUR = (34.5624, 38.28402)
# region-level events sit on GeoNames' own governorate points (data/geo/adm1_points.tsv)
HAMA = (35.16667, 37.25)
IDLIB = (35.83333, 36.66667)
SYRIA_VIEW = "/?map=8/35.2/37.4"  # zoom 8: Tadmur, Hama and Idlib are separate markers
XSS_TITLE = '<script>window.__xss=1;alert(1)</script> Raqqa <img src=x onerror="window.__xss=2;alert(2)">'
XSS_RECORD = {
    "url": "javascript:window.__xss=4;alert(4)",
    "title": XSS_TITLE,
    "published": "2019-06-03",
    "format": "txt",
    "text": (
        "Islamic State militants killed 12 villagers near Raqqa on Sunday "
        '<script>window.__xss=1;alert(1)</script> <img src=x onerror="window.__xss=2;alert(2)"> '
        '<a href="javascript:window.__xss=3;alert(3)">read more</a>, local sources said.\n\n'
        "The attack was condemned by officials of the Autonomous Administration."
    ),
}
KISMAYO = "Al-Shabaab fighters killed 7 soldiers in an ambush near Kismayo on Monday, officials said."


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("dashboard")
    xss = tmp / "xss.jsonl"
    xss.write_text(json.dumps(XSS_RECORD) + "\n", encoding="utf-8")
    db = str(tmp / "sitreps.db")
    proc = run_cli("ingest", str(EXAMPLES), str(xss), "--db", db, "-q")
    assert proc.returncode == 0, proc.stderr
    with serving(db, token=TOKEN) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[dev]')"
    if reason is None and not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)"
    if reason:
        if in_ci():
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, server):
    # bypass_csp: the page must be safe by how it builds the DOM, not only thanks to its CSP (and
    # Playwright's wait_for_function needs eval)
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=server, bypass_csp=True)
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    ctx.close()
    assert not errors, errors


def ready(pg) -> None:
    """The page has started and every view has drawn its latest data."""
    pg.wait_for_selector("html[data-ready='1']")
    pg.wait_for_function(
        "document.body.dataset.state === 'ready' && document.querySelector('#map').dataset.state === 'ready'"
        " && document.querySelector('#events-table').dataset.state === 'ready'"
    )


def markers(pg) -> list[dict]:
    return pg.eval_on_selector_all(
        ".leaflet-marker-icon[data-kind]",
        "els => els.map(e => ({...e.dataset, label: e.getAttribute('aria-label')}))",
    )


def open_tadmur(pg) -> None:
    """From the Syria view, open the 31 May clash at Tadmur through its marker, by keyboard."""
    pg.locator(".leaflet-marker-icon[data-lat^='34.56'][data-lon^='38.28']").focus()
    pg.keyboard.press("Enter")  # markers work from the keyboard
    pg.wait_for_selector("#side[data-view=cell]")
    pg.click("#side .cell-list button:has-text('2019-05-31'):has-text('Armed clash')")


def near(m: dict, point: tuple[float, float], tol: float = 0.02) -> bool:
    return abs(float(m["lat"]) - point[0]) < tol and abs(float(m["lon"]) - point[1]) < tol


# --- HTTP only (no browser) ----------------------------------------------------------------------


def test_page_assets_and_aggregations(server: str) -> None:
    r = httpx.get(server + "/", timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    for path in re.findall(r'(?:src|href)="(/static/[^"]+)"', r.text):
        assert httpx.get(server + path, timeout=30).status_code == 200, path
    assert httpx.get(server + "/static/world.geojson", timeout=30).json()["features"]
    for bad in ("/static/../routes.py", "/static/%2e%2e/routes.py", "/static/nope.js"):
        assert httpx.get(server + bad, timeout=30).status_code == 404, bad
    cl = httpx.get(server + "/api/dashboard/clusters", params={"zoom": 8, "country": "SY"}, timeout=30).json()
    assert sum(c["count"] for c in cl["clusters"]) == cl["events"] >= 5
    assert any("Tadmur" in c["locations"] and c["fatalities"] >= 5 for c in cl["clusters"])
    tl = httpx.get(server + "/api/dashboard/timeline", params={"start": "2019-05-31"}, timeout=30).json()
    assert tl["selected"] == ["2019-05-31", None] and tl["buckets"][0]["start"] <= "2019-01-31"
    tb = httpx.get(
        server + "/api/dashboard/table", params={"sort": "fatalities", "dir": "desc", "limit": 2}, timeout=30
    ).json()
    assert tb["total"] >= 10 and len(tb["events"]) == 2
    assert tb["events"][0]["fatalities"] >= (tb["events"][1]["fatalities"] or 0)
    bad = httpx.get(server + "/api/dashboard/table", params={"sort": "id; drop table events"}, timeout=30)
    assert bad.status_code == 422
    assert httpx.get(server + "/api/dashboard/config", timeout=30).json()["write_enabled"] is True


# --- in the browser --------------------------------------------------------------------------------


def test_map_shows_the_seed_events(page) -> None:
    page.goto(SYRIA_VIEW)
    ready(page)
    ms = markers(page)
    tadmur = [m for m in ms if near(m, TADMUR)]
    assert tadmur and "Tadmur" in tadmur[0]["locations"].split("|") and "Battles" in tadmur[0]["types"]
    assert any(near(m, HAMA) and "Hama" in m["label"] for m in ms), ms
    assert any(near(m, IDLIB) and "Idlib" in m["label"] for m in ms), ms
    # at the default (fitted) view the same events are there, clustered
    page.goto("/")
    ready(page)
    assert "map=" in page.url
    assert sum(int(m["count"]) for m in markers(page)) >= 15


def test_filtering_by_type_changes_map_table_and_url(page) -> None:
    page.goto(SYRIA_VIEW)
    ready(page)
    before_total = int(page.get_attribute("#events-table", "data-total"))
    before = markers(page)
    assert any("Explosions/Remote violence" in m["types"] for m in before)
    page.select_option("#f-type", "Battles")
    page.wait_for_url(re.compile(r"event_type=Battles"))
    ready(page)
    page.wait_for_function(
        "[...document.querySelectorAll('.leaflet-marker-icon[data-kind]')].every(e => e.dataset.types === 'Battles')"
    )
    rows = page.eval_on_selector_all("#events-table tbody tr", "rs => rs.map(r => r.dataset.type)")
    assert rows and set(rows) == {"Battles"}
    assert int(page.get_attribute("#events-table", "data-total")) < before_total
    after = markers(page)
    assert after and len(after) < len(before) and any(near(m, TADMUR) for m in after)
    assert not any(near(m, HAMA) for m in after)
    # the URL is the view: reloading it restores the filter
    page.reload()
    ready(page)
    assert page.input_value("#f-type") == "Battles"
    assert set(page.eval_on_selector_all("#events-table tbody tr", "rs => rs.map(r => r.dataset.type)")) == {
        "Battles"
    }
    # "Reported as": the seed's "series of attacks" along the highway is a summary, not an incident
    page.select_option("#f-type", "")
    page.select_option("#f-scope", "aggregate")
    page.wait_for_url(re.compile(r"scope=aggregate"))
    ready(page)
    summaries = page.eval_on_selector_all("#events-table tbody tr", "rs => rs.map(r => r.dataset.type)")
    assert summaries == ["Battles"]
    page.select_option("#f-scope", "incident")
    page.wait_for_url(re.compile(r"scope=incident"))
    ready(page)
    assert int(page.get_attribute("#events-table", "data-total")) == before_total - 1
    page.select_option("#f-scope", "")
    page.select_option("#f-type", "Battles")
    page.wait_for_url(re.compile(r"event_type=Battles(?!.*scope)"))
    ready(page)
    # sorting the table by fatalities: most first, unknown last
    page.click("th[data-col=fatalities] button")
    page.wait_for_url(re.compile(r"sort=fatalities"))
    page.wait_for_function(
        "document.querySelector('th[data-col=fatalities]').getAttribute('aria-sort') === 'descending'"
        " && document.querySelector('#events-table').dataset.state === 'ready'"
    )
    fat = page.eval_on_selector_all(
        "#events-table tbody tr td:nth-child(9)", "tds => tds.map(t => t.textContent)"
    )
    known = [int(x) for x in fat if x]
    assert (
        known
        and known == sorted(known, reverse=True)
        and fat == [str(x) for x in known] + [""] * (len(fat) - len(known))
    )


def test_event_view_highlights_the_seed_sentence(page) -> None:
    page.goto(SYRIA_VIEW)
    ready(page)
    open_tadmur(page)
    page.wait_for_selector("#side[data-view=event]")
    assert "event=" in page.url
    quote = page.locator("blockquote.evidence", has_text="The Syrian Arab Army (SAA) eliminated an ISIS cell")
    assert quote.count() == 1
    assert quote.locator("mark[data-role=trigger]").inner_text() == "eliminated"
    assert quote.locator("mark[data-role=actor1]").inner_text() == "The Syrian Arab Army (SAA)"
    assert quote.locator("mark[data-role=actor2]").inner_text() == "an ISIS cell"
    assert quote.locator("mark[data-role=place]").inner_text() == "Palmyra"
    second = page.locator("blockquote.evidence", has_text="the SAA killed at least 5")
    assert second.locator("mark[data-role=trigger]").inner_text() == "killed"
    assert second.locator("mark[data-role=actor2] mark[data-role=number]").inner_text() == "5"  # nested
    side = page.inner_text("#side")
    for text in (
        "Military Forces of Syria (2000-)",
        "Islamic State (Syria)",
        "Tadmur",
        "Global Research",
        "reports",
        "one incident",
    ):
        assert text in side, text
    # the event URL opens the same view directly; Escape closes it
    page.reload()
    ready(page)
    page.wait_for_selector("#side[data-view=event] blockquote.evidence")
    page.keyboard.press("Escape")
    page.wait_for_selector("#side[data-view=home]")
    assert "event=" not in page.url


def test_hostile_article_runs_nothing(page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script("window.__xss = 0")
    page.goto("/?q=onerror")
    ready(page)
    page.wait_for_function("document.querySelector('#events-table').dataset.total === '1'")
    page.click("#events-table tbody tr button")
    page.wait_for_selector("#side[data-view=event] blockquote.evidence")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__xss") == 0
    assert dialogs == []
    side = page.locator("#side")
    assert XSS_TITLE in side.inner_text()  # the title, literally
    evidence = page.locator("blockquote.evidence").first.inner_text()
    assert "<script>window.__xss=1;alert(1)</script>" in evidence
    assert '<img src=x onerror="window.__xss=2;alert(2)">' in evidence
    assert '<a href="javascript:window.__xss=3;alert(3)">read more</a>' in evidence
    assert side.locator("script, img, iframe, object").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert side.locator(".article-title a").count() == 0  # a javascript: URL is no link
    assert "Link not shown" in side.inner_text()
    assert page.locator("#events-table tbody tr td", has_text="Raqqa").count() >= 1
    assert page.evaluate("window.__xss") == 0 and dialogs == []


def test_ingest_from_the_browser(page) -> None:
    page.goto("/")
    ready(page)
    page.click("#side button:has-text('Add an article')")
    page.fill("textarea[name=text]", KISMAYO)
    page.fill("input[name=published]", "2024-03-04")
    page.fill("input[name=token]", "wrong")
    page.click("button:has-text('Code and store')")
    page.wait_for_selector(".ingest-status:has-text('Wrong token')")
    page.fill("input[name=token]", TOKEN)
    page.click("button:has-text('Code and store')")
    page.wait_for_selector(".ingest-results button")
    assert re.search(r"Stored: \d+ events? coded", page.inner_text(".ingest-status"))
    page.click(".ingest-results button >> nth=0")
    page.wait_for_selector("#side[data-view=event] blockquote.evidence")
    assert KISMAYO in page.inner_text("blockquote.evidence")
    page.wait_for_function("document.body.dataset.state === 'ready'")
    page.fill("#f-q", "Kismayo")
    page.press("#f-q", "Enter")
    page.wait_for_url(re.compile(r"q=Kismayo"))
    ready(page)
    assert int(page.get_attribute("#events-table", "data-total")) >= 1


@pytest.mark.skipif(
    not os.environ.get("SITREPS_SCREENSHOTS"), reason="set SITREPS_SCREENSHOTS=1 to write docs/*.png"
)
def test_screenshots(page) -> None:
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/?map=6/34.8/38.6")
    ready(page)
    page.locator("#map-section").screenshot(path=str(docs / "dashboard-map.png"))
    page.goto("/")
    ready(page)
    page.locator("#timeline-section").screenshot(path=str(docs / "dashboard-timeline.png"))
    page.screenshot(path=str(docs / "dashboard.png"))
    page.goto(SYRIA_VIEW)
    ready(page)
    open_tadmur(page)
    page.wait_for_selector("#side[data-view=event] blockquote.evidence")
    page.evaluate("document.querySelector('#side').style.maxHeight = 'none'")  # the whole view
    page.locator("#side").screenshot(path=str(docs / "dashboard-event.png"))


# --- many events ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_server(tmp_path_factory) -> Iterator[str]:
    from benchmarks.api_latency import load

    db = tmp_path_factory.mktemp("dashboard-big") / "big.db"
    load(db, 100_000)
    with serving(str(db)) as base:
        yield base


def test_hundred_thousand_events_stay_light(browser, big_server: str) -> None:
    """100,000 events: the map gets a few hundred markers, the timeline a bar per week or month,
    the table one page, and the page is ready in seconds."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=big_server, bypass_csp=True)
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(30_000)
        t0 = time.monotonic()
        pg.goto("/")
        ready(pg)
        elapsed = time.monotonic() - t0
        ms = markers(pg)
        assert 1 <= len(ms) <= 500 and sum(int(m["count"]) for m in ms) >= 50_000
        assert pg.locator("#timeline .tl-bar").count() <= 400
        assert pg.locator("#events-table tbody tr").count() == 25
        assert int(pg.get_attribute("#events-table", "data-total")) == 100_000
        assert pg.evaluate("document.getElementsByTagName('*').length") < 5000
        assert elapsed < 20, elapsed
    finally:
        ctx.close()
