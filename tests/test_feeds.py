"""RSS and Atom feeds: entries read from files and URLs, links fetched by ``ingest`` over real
loopback HTTP, stored links not fetched twice, bad entries recorded, the feed's date and title kept."""

from __future__ import annotations

import hashlib
import http.server
import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sitreps.extract import iter_documents, to_article
from sitreps.extract.errors import ReadError
from sitreps.extract.feeds import FULL_TEXT_CHARS, FeedLink, feed_items, looks_like_feed
from sitreps.model import RawDocument
from sitreps.store.testing import run_cli

KAGORO = (
    "<p>Gunmen killed seven villagers in an attack on Kagoro in southern Kaduna State on Sunday night, "
    "police said on Monday.</p><p>The attackers arrived on motorcycles and opened fire on residents, a "
    "police spokesman said. Several houses were set ablaze and dozens of families fled to nearby towns.</p>"
)
DJIBO = (
    "<p>Soldiers clashed with jihadist fighters near Djibo in northern Burkina Faso on Tuesday, killing "
    "14 militants, the army said on Wednesday.</p><p>Two soldiers were wounded in the fighting, which "
    "lasted several hours, according to a statement from the general staff.</p>"
)
KANO = (
    "<p>Armed bandits abducted 20 passengers on the Kano-Zaria road in Kano State on Friday, police said."
    "</p><p>The gunmen blocked the highway and marched the travellers into the bush, a spokesman said.</p>"
)
# a wire story given whole in the feed (content:encoded), long enough to be the article itself
BAIDOA = (
    "<p>A car bomb exploded near a military base outside Baidoa in Somalia's Bay region on Thursday, "
    "killing at least nine soldiers, officials said.</p>"
    + "".join(
        f"<p>Paragraph {i}: residents described a loud blast followed by gunfire as al-Shabaab fighters tried "
        "to storm the base, and ambulances took the wounded to the regional hospital, a doctor said.</p>"
        for i in range(8)
    )
)


def page(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{body}</article></body></html>")


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Sahel Monitor</title><link>{base}/</link><description>news</description>
<item><title>Gunmen kill seven in Kagoro</title><link>{base}/kagoro.html</link>
  <pubDate>Mon, 06 Mar 2023 08:00:00 GMT</pubDate><description>Seven villagers were killed.</description></item>
<item><title>Army says 14 militants killed near Djibo</title><link>{base}/djibo.html</link>
  <pubDate>Wed, 15 Mar 2023 10:30:00 +0100</pubDate><description>Fighting near Djibo.</description></item>
<item><title>Car bomb kills nine soldiers near Baidoa</title><link>{base}/baidoa.html</link>
  <pubDate>Fri, 10 Mar 2023 06:00:00 GMT</pubDate><content:encoded><![CDATA[{BAIDOA}]]></content:encoded></item>
<item><title>Gone</title><link>{base}/missing.html</link><description>A page that is not there.</description></item>
<item><title>A photo</title><link>{base}/photo.png</link><description>A picture.</description></item>
<item><title>Nothing at all</title></item>
</channel></rss>"""


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Horn Desk</title><id>urn:x</id><updated>2023-03-10T00:00:00Z</updated>
<entry><title>Car bomb kills nine soldiers near Baidoa</title><id>urn:1</id>
  <link href="https://example.org/baidoa"/><published>2023-03-10T06:00:00Z</published>
  <content type="html"><![CDATA[{BAIDOA}]]></content></entry>
<entry><title>Teaser</title><id>urn:2</id><link href="https://example.org/teaser"/>
  <updated>2023-03-11T06:00:00Z</updated><summary>Short.</summary></entry>
</feed>"""


def test_feed_entries_become_documents_or_links() -> None:
    items = list(feed_items(rss("https://news.example").encode(), "feed.rss"))
    links = [i for i in items if isinstance(i, FeedLink)]
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [link.url for link in links] == [f"https://news.example/{p}" for p in
                                            ("kagoro.html", "djibo.html", "missing.html", "photo.png")]
    # the publisher's date, in UTC (10:30 +01:00 is still the 15th)
    assert [link.published for link in links[:2]] == [date(2023, 3, 6), date(2023, 3, 15)]
    assert links[0].meta["title"] == "Gunmen kill seven in Kagoro" and links[0].meta["publisher"] == "Sahel Monitor"
    assert len(docs) == 1 and docs[0].url == "https://news.example/baidoa.html"
    assert docs[0].source == "feed.rss#3" and docs[0].published == date(2023, 3, 10)
    assert [e.source for e in errors] == ["feed.rss#6"]
    art = to_article(docs[0])
    assert art.title == "Car bomb kills nine soldiers near Baidoa" and art.published == date(2023, 3, 10)
    assert art.published_from == "feed" and art.publisher == "Sahel Monitor"
    assert art.body.startswith("A car bomb exploded near a military base outside Baidoa")
    assert len(art.body) >= FULL_TEXT_CHARS


def test_atom_and_what_is_a_feed(tmp_path: Path) -> None:
    items = list(feed_items(ATOM.encode(), "horn.atom"))
    assert isinstance(items[0], RawDocument) and items[0].url == "https://example.org/baidoa"
    assert isinstance(items[1], FeedLink) and items[1].published == date(2023, 3, 11)
    assert looks_like_feed(ATOM.encode()) and looks_like_feed(rss("https://x.org").encode())
    assert looks_like_feed(b"garbage", "application/rss+xml")  # declared: the parser decides
    assert not looks_like_feed(page("t", KAGORO).encode(), "text/html")
    xhtml = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>an <rss> tag</p></body></html>'
    assert not looks_like_feed(xhtml, "text/html") and not looks_like_feed(xhtml, "application/xml")
    sitemap = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
    assert not looks_like_feed(sitemap, "application/xml")
    (tmp_path / "sitemap.xml").write_bytes(sitemap)
    (tmp_path / "junk.rss").write_bytes(b"\x00\x01 not a feed \xff")
    out = list(iter_documents([str(tmp_path / "sitemap.xml"), str(tmp_path / "junk.rss")]))
    assert all(isinstance(o, ReadError) for o in out) and len(out) == 2
    assert "not an RSS or Atom feed" in out[0].reason and "no entries" in out[1].reason


def test_code_reads_full_text_entries_and_says_what_it_did_not_fetch(tmp_path: Path) -> None:
    feed = tmp_path / "monitor.rss"
    feed.write_text(rss("https://news.example"), encoding="utf-8")
    proc = run_cli("code", str(feed), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert "Baidoa" in proc.stdout and "Kagoro" not in proc.stdout
    assert "4 feed entries with only a link" in proc.stderr and "sitreps ingest" in proc.stderr


class RequestLog(list):
    """Paths requested, in order; ``extra``: items a test adds to the feed."""

    def __init__(self) -> None:
        super().__init__()
        self.extra: list[str] = []


@pytest.fixture()
def news_site(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """A news site on loopback serving a feed (with an ETag, answering 304 to a matching
    If-None-Match) and its articles; yields (base URL, request log: path, or "path 304")."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "kagoro.html").write_text(page("Gunmen kill seven in Kagoro", KAGORO), encoding="utf-8")
    (site / "djibo.html").write_text(page("Army says 14 militants killed near Djibo", DJIBO), encoding="utf-8")
    (site / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    log = RequestLog()
    extra = log.extra
    (site / "kano.html").write_text(page("Bandits abduct 20 in Kano", KANO), encoding="utf-8")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(site), **kw)

        def do_GET(self):  # noqa: N802 - http.server's name
            log.append(self.path)
            if self.path == "/feed":
                body = rss(base).replace("</channel>", "".join(extra) + "</channel>").encode()
                tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == tag:
                    log[-1] += " 304"
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", tag)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def log_message(self, *a) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield base, log
    finally:
        server.shutdown()
        server.server_close()


def test_ingest_a_feed_url_fetches_new_links_once(tmp_path: Path, news_site) -> None:
    base, log = news_site
    db = tmp_path / "s.db"
    proc = run_cli("ingest", f"{base}/feed", "--db", str(db), "--allow-private", "-q")
    assert proc.returncode == 0, proc.stderr
    # the full-text entry is not fetched; the entry with nothing to read is a failure, not a fetch
    assert sorted(log) == ["/djibo.html", "/feed", "/kagoro.html", "/missing.html", "/photo.png"]
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select url, title, published, published_from, source from articles order by url").fetchall()
        assert [(u.rsplit("/", 1)[1], t, p, pf) for u, t, p, pf, _ in rows] == [
            ("baidoa.html", "Car bomb kills nine soldiers near Baidoa", "2023-03-10", "feed"),
            ("djibo.html", "Army says 14 militants killed near Djibo", "2023-03-15", "feed"),
            ("kagoro.html", "Gunmen kill seven in Kagoro", "2023-03-06", "feed"),
        ]
        # a fetched entry's source is its page; a full-text entry's is its place in the feed
        assert [s for *_, s in rows] == [f"{base}/feed#3", f"{base}/djibo.html", f"{base}/kagoro.html"]
        places = {r[0] for r in conn.execute("select location from events")}
        assert {"Kagoro", "Djibo", "Baidoa"} <= places
        failed = dict(conn.execute("select source, reason from failures"))
        assert "HTTP 404" in failed[f"{base}/feed#4"]
        assert "image/png" in failed[f"{base}/feed#5"]
        assert "neither a link nor any text" in failed[f"{base}/feed#6"]
    # polling again: the feed has not changed, the server says so (304) and nothing else is asked for
    log.clear()
    again = run_cli("ingest", f"{base}/feed", "--db", str(db), "--allow-private", "-q")
    assert again.returncode == 0, again.stderr
    assert "0 article(s) stored, 1 already stored" in again.stderr
    assert log == ["/feed 304"]
    with sqlite3.connect(db) as conn:
        url, etag, entries = conn.execute("select url, etag, entries from feeds").fetchone()
        assert url == f"{base}/feed" and etag.startswith('"') and entries == 6
    # a new item: the feed is read again, and only the new link (and the ones that failed) fetched
    log.clear()
    log.extra.append(f"<item><title>Bandits abduct 20 in Kano</title><link>{base}/kano.html</link>"
                     "<pubDate>Sat, 18 Mar 2023 09:00:00 GMT</pubDate></item>")
    third = run_cli("ingest", f"{base}/feed", "--db", str(db), "--allow-private", "-q")
    assert third.returncode == 0, third.stderr
    assert "1 article(s) stored" in third.stderr
    assert sorted(log) == ["/feed", "/kano.html", "/missing.html", "/photo.png"]
    listed = run_cli("feeds", "--db", str(db), "--json")
    assert listed.returncode == 0 and "1 feed(s)" in listed.stderr
    feed = json.loads(listed.stdout)
    assert feed["url"] == f"{base}/feed" and feed["entries"] == 7 and feed["changed_at"] >= feed["checked_at"][:10]


def test_a_feed_on_a_private_address_needs_allow_private(tmp_path: Path, news_site) -> None:
    base, log = news_site
    proc = run_cli("ingest", f"{base}/feed", "--db", str(tmp_path / "s.db"), "-q")
    assert proc.returncode == 1 and log == []
    assert "--allow-private" in run_cli("failures", "--db", str(tmp_path / "s.db")).stdout


def test_polling_a_feed(tmp_path: Path, news_site) -> None:
    base, log = news_site
    db = tmp_path / "s.db"
    proc = run_cli("ingest", f"{base}/feed", "--db", str(db), "--allow-private", "-q", "--every", "0.2s",
                   "--rounds", "3")
    assert proc.returncode == 0, proc.stderr
    assert log.count("/feed") == 1 and log.count("/feed 304") == 2
    assert log.count("/kagoro.html") == 1 and log.count("/djibo.html") == 1
    assert proc.stderr.count("article(s) stored") == 3 and "run 3" in proc.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 3
    for bad in (["--every", "soon"], ["--rounds", "2"], ["--every", "1s", "-"]):
        r = run_cli("ingest", f"{base}/feed", "--db", str(db), *bad)
        assert r.returncode == 2 and ("--every" in r.stderr or "--rounds" in r.stderr), r.stderr


def test_an_opml_subscription_list_stands_for_its_feeds(tmp_path: Path, news_site) -> None:
    base, log = news_site
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(f"""<?xml version="1.0"?><opml version="2.0"><head><title>desk</title></head><body>
<outline text="Sahel"><outline type="rss" text="Monitor" xmlUrl="{base}/feed"/>
<outline type="rss" text="again" xmlUrl="{base}/feed"/></outline>
<outline type="rss" text="gone" xmlUrl="{base}/nofeed"/><outline text="a folder without feeds"/>
<outline type="rss" text="not web" xmlUrl="file:///etc/passwd"/></body></opml>""", encoding="utf-8")
    db = tmp_path / "s.db"
    proc = run_cli("ingest", str(opml), "--db", str(db), "--allow-private", "-q")
    assert proc.returncode == 0, proc.stderr
    assert log.count("/feed") == 1 and "/nofeed" in log  # each feed once; file: URLs never
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 3
        reasons = dict(conn.execute("select source, reason from failures"))
    assert "HTTP 404" in reasons[f"{base}/nofeed"]
    (tmp_path / "broken.opml").write_text("<opml><body><outline", encoding="utf-8")
    (tmp_path / "empty.opml").write_text("<opml><body/></opml>", encoding="utf-8")
    bad = run_cli("ingest", str(tmp_path / "broken.opml"), str(tmp_path / "empty.opml"), "--db", str(db), "-q")
    assert bad.returncode == 1
    failures = run_cli("failures", "--db", str(db)).stdout
    assert "unreadable OPML" in failures and "OPML lists no feed" in failures


def test_the_api_takes_articles_not_feeds(tmp_path: Path, news_site) -> None:
    import httpx

    from sitreps.store.testing import serving

    base, _log = news_site
    auth = {"Authorization": "Bearer t0ken"}
    with serving(str(tmp_path / "api.db"), token="t0ken", allow_private=True) as api:
        r = httpx.post(f"{api}/articles", json={"url": f"{base}/feed"}, headers=auth, timeout=60)
        assert r.status_code == 422 and "RSS/Atom feed" in r.text and "sitreps ingest" in r.text
        r = httpx.post(f"{api}/articles", json={"url": f"{base}/kagoro.html"}, headers=auth, timeout=60)
        assert r.status_code == 201 and r.json()["event_ids"], r.text
