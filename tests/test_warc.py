"""Web archives as input: WARCs written with warcio's own writer (gzipped and plain) holding
articles among the records a crawler also writes (requests, errors, images, revisits, logs),
read by ``iter_documents``, ``sitreps code`` and ``sitreps ingest``; truncated and corrupt copies."""

from __future__ import annotations

import gzip
import io
import os
import sqlite3
import subprocess
import tracemalloc
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitreps.extract import ReadError, iter_documents, to_article
from sitreps.extract import sources as sources_mod
from sitreps.extract import warc as warc_mod
from sitreps.model import RawDocument
from sitreps.store.testing import SITREPS, run_cli

CRAWLED = "2023-06-02T08:15:00Z"


def page(title: str, published: str | None, body: str, charset_meta: bool = True) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    cs = '<meta charset="utf-8">' if charset_meta else ""
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f'<!DOCTYPE html><html lang="en"><head>{cs}<title>{title}</title>{meta}</head><body>'
        f'<nav><a href="/">Home</a> | <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{paras}</article><footer>Copyright 2023 Sahel Wire</footer></body></html>"
    )


DJIBO = page(
    "Militants kill nine soldiers in attack on army post near Djibo",
    "2023-02-14",
    "Suspected jihadist militants attacked an army post near Djibo in northern Burkina Faso on "
    "Monday, killing nine soldiers, the army said in a statement.\n\n"
    "The attackers arrived on motorbikes at dawn and set fire to two vehicles before withdrawing "
    "towards the border with Mali, a security source said. Reinforcements were sent from Ouahigouya.",
)
KONDUGA = page(
    "Boko Haram fighters kill seven farmers near Konduga",
    "2023-03-04",
    "Boko Haram fighters killed seven farmers near Konduga in Borno State on Saturday, residents "
    "and a local militia leader said.\n\n"
    "The farmers were working in their fields when the gunmen arrived, said Babakura Kolo, who "
    "leads a vigilante group in the area. Survivors fled to Maiduguri.",
)
BULO_BURTE = page(
    "Al Shabaab attack on Bulo Burte base repelled, army says",
    "2023-01-10",
    "Al Shabaab militants attacked a Somali army base in Bulo Burte in the Hiiraan region on "
    "Tuesday, and five soldiers were killed in the fighting, a military commander said.\n\n"
    "The commander said the attackers were driven back after two hours of heavy clashes. The group "
    "said in a statement on its radio station that it had overrun the base.",
)
# Declared as ISO-8859-1 in the HTTP header only (no <meta charset>): é must survive.
SEGOU = page(
    "Army and militants clash near Niono in the Ségou region",
    "2023-05-21",
    "Malian soldiers clashed with JNIM militants near Niono in the Ségou region on Sunday, killing "
    "four militants, the army said in a communiqué.\n\n"
    "Residents of Niono said the fighting lasted several hours. The army said it had seized "
    "motorbikes and weapons during the opération.",
    charset_meta=False,
)
# Plain text kept as a resource record (no HTTP headers); no date anywhere: published stays None.
KIDAL_TXT = (
    "Drone strike hits vehicle near Kidal\n\n"
    "A drone strike hit a vehicle carrying fighters near Kidal in northern Mali on Thursday, "
    "killing three people, local sources said. The army said it had targeted a terrorist group.\n"
)


@dataclass
class Built:
    path: Path
    docs: list[tuple[str, str, str]]  # (url, record id, format) of the article records, in order
    bytes_per_record: list[int]  # start offset of every record


def _http(status: str, ctype: str | None, extra: list[tuple[str, str]] | None = None) -> StatusAndHeaders:
    headers = [("Content-Type", ctype)] if ctype else []
    return StatusAndHeaders(status, headers + (extra or []), protocol="HTTP/1.1")


def _chunked(data: bytes, size: int = 300) -> bytes:
    out = b""
    for i in range(0, len(data), size):
        part = data[i : i + size]
        out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    return out + b"0\r\n\r\n"


def build_warc(path: Path, *, gz: bool, big_image: int = 0) -> Built:
    """A crawl of a news site: 5 article records among 9 that are no articles."""
    docs: list[tuple[str, str, str]] = []
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)

        def write(uri, rtype, payload: bytes, http=None, fmt=None, **kw):
            rec = w.create_warc_record(
                uri,
                rtype,
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": CRAWLED, **kw.pop("headers", {})},
                **kw,
            )
            w.write_record(rec)
            if fmt:
                docs.append((uri, rec.rec_headers.get_header("WARC-Record-ID").strip("<>"), fmt))
            return rec

        w.write_record(
            w.create_warcinfo_record(path.name, {"software": "test-crawler/1.0", "format": "WARC 1.1"})
        )
        base = "https://sahelwire.example/2023"
        req = StatusAndHeaders(
            "GET /2023/djibo HTTP/1.1", [("Host", "sahelwire.example")], is_http_request=True
        )
        write(f"{base}/djibo", "request", b"", http=req)
        write(
            f"{base}/djibo", "response", DJIBO.encode(), _http("200 OK", "text/html; charset=utf-8"), "html"
        )
        write(
            f"{base}/old-story",
            "response",
            page("Gone", "2023-01-01", "Gunmen killed ten people in Kano.").encode(),
            _http("404 Not Found", "text/html"),
        )
        write(
            f"{base}/moved",
            "response",
            b"",
            _http("301 Moved Permanently", "text/html", [("Location", "/djibo")]),
        )
        png = b"\x89PNG\r\n\x1a\n" + os.urandom(big_image or 2000)
        write("https://sahelwire.example/logo.png", "response", png, _http("200 OK", "image/png"))
        write(
            "https://sahelwire.example/app.js",
            "response",
            b"var x = 1;\n" * 50,
            _http("200 OK", "application/javascript"),
        )
        write(
            f"{base}/konduga",
            "response",
            _chunked(KONDUGA.encode()),
            _http("200 OK", "text/html", [("Transfer-Encoding", "chunked")]),
            "html",
        )
        write(
            f"{base}/bulo-burte",
            "response",
            gzip.compress(BULO_BURTE.encode()),
            _http("200 OK", "text/html; charset=UTF-8", [("Content-Encoding", "gzip")]),
            "html",
        )
        rev = w.create_revisit_record(
            f"{base}/djibo", "sha1:AAAA", f"{base}/djibo", CRAWLED, http_headers=_http("200 OK", "text/html")
        )
        w.write_record(rev)
        write(
            f"{base}/segou",
            "response",
            SEGOU.encode("latin-1"),
            _http("200 OK", "text/html; charset=ISO-8859-1"),
            "html",
        )
        write(
            f"{base}/djibo",
            "metadata",
            b"outlinks: https://sahelwire.example/2023/konduga\n",
            warc_content_type="application/warc-fields",
        )
        write(
            "metadata://gnu.org/software/wget/warc/wget.log",
            "resource",
            b"Downloaded: 9 files\n" * 20,
            warc_content_type="text/plain",
        )
        write(f"{base}/kidal.txt", "resource", KIDAL_TXT.encode(), warc_content_type="text/plain", fmt="txt")
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        offsets = [it.offset for _ in it]
    return Built(path, docs, offsets)


def items(paths, **kw) -> list:
    return list(iter_documents([str(p) for p in paths], **kw))


def summary(found) -> list[tuple[str, str, str]]:
    return [(d.url, d.source, d.format) for d in found]


def expected(b: Built, n: int | None = None) -> list[tuple[str, str, str]]:
    return [(url, f"{b.path}#{rid}", fmt) for url, rid, fmt in b.docs[:n]]


@pytest.fixture(params=[True, False], ids=["warc.gz", "warc"])
def built(request, tmp_path: Path) -> Built:
    gz = request.param
    return build_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)


def test_exactly_the_article_records_come_out(built: Built) -> None:
    found = items([built.path])
    assert all(isinstance(d, RawDocument) for d in found), found
    assert summary(found) == expected(built)
    assert [u.rsplit("/", 1)[1] for u, _, _ in built.docs] == [
        "djibo",
        "konduga",
        "bulo-burte",
        "segou",
        "kidal.txt",
    ]
    djibo, konduga, bulo, segou, kidal = found
    # chunked transfer and gzip content-encoding undone: the payload is the page itself
    assert konduga.content == KONDUGA.encode() and bulo.content == BULO_BURTE.encode()
    assert segou.content == SEGOU.encode("latin-1") and segou.meta["charset"] == "ISO-8859-1"
    assert kidal.content == KIDAL_TXT.encode()
    for d in found:  # the crawl time is kept, never taken as the publication date
        assert d.meta["crawled"] == CRAWLED and d.published is None


def test_articles_decode_with_the_header_charset_and_keep_their_own_dates(built: Built) -> None:
    arts = [to_article(d) for d in items([built.path])]
    assert [a.published for a in arts] == [
        date(2023, 2, 14),
        date(2023, 3, 4),
        date(2023, 1, 10),
        date(2023, 5, 21),
        None,
    ]
    segou = arts[3]
    assert "Ségou" in segou.body and "Ségou" in segou.title and "\ufffd" not in segou.body
    assert "Home | World" not in arts[0].body and "nine soldiers" in arts[0].body
    assert arts[4].format == "txt" and "Kidal" in arts[4].body


def test_header_charset_is_used_and_beats_the_guess() -> None:
    """ISO-8859-15 puts the euro sign at 0xA4, where a guess (windows-1252) reads '¤'."""
    html = "<html><body><p>The ransom demanded was 50,000 \u20ac for each of the hostages held near Gao, officials said on Monday.</p></body></html>"
    raw = html.encode("iso-8859-15")
    declared = to_article(RawDocument("x", raw, "html", meta={"charset": "iso-8859-15"}))
    guessed = to_article(RawDocument("x", raw, "html"))
    assert "50,000 \u20ac" in declared.body and "\u20ac" not in guessed.body


def test_crawl_date_is_an_upper_bound_on_the_publication_date() -> None:
    html = page(
        "Clash near Gao",
        "2024-09-30",
        "Soldiers clashed with militants near Gao in Mali on Friday, the army said.",
    )
    before = to_article(RawDocument("x", html, "html", meta={"crawled": "2024-06-01T10:00:00Z"}))
    after = to_article(RawDocument("x", html, "html", meta={"crawled": "2024-10-02T10:00:00Z"}))
    assert before.published is None and after.published == date(2024, 9, 30)


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("where", ["head", "middle"])
def test_truncated_copy_keeps_every_good_record_then_says_where(tmp_path: Path, gz: bool, where: str) -> None:
    full = build_warc(tmp_path / ("full.warc.gz" if gz else "full.warc"), gz=gz)
    data = full.path.read_bytes()
    k = 10  # the latin-1 page: 4th article, 11th record (0-based 10)
    start, end = full.bytes_per_record[k], full.bytes_per_record[k + 1]
    cut = start + (12 if where == "head" else (end - start) // 2)
    cut_path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut_path.write_bytes(data[:cut])
    found = items([cut_path])
    docs, errors = found[:-1], found[-1:]
    assert summary(docs) == [
        (u, s.replace(str(full.path), str(cut_path)), f) for u, s, f in expected(full, 3)
    ]
    assert len(errors) == 1 and isinstance(errors[0], ReadError), found
    assert errors[0].source == str(cut_path)
    assert "truncated" in errors[0].reason or "broken" in errors[0].reason
    assert f"byte {start}" in errors[0].reason, errors[0].reason


def test_garbage_empty_and_wrong_files_are_read_errors(tmp_path: Path) -> None:
    good = build_warc(tmp_path / "good.warc", gz=False)
    tail = tmp_path / "tail.warc"
    tail.write_bytes(good.path.read_bytes() + b"\x00\xffthis is not a WARC record\r\n" * 3)
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(os.urandom(5000))
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    text_gz = tmp_path / "notes.warc.gz"
    text_gz.write_bytes(gzip.compress(b"hello, world\n" * 100))
    found = items([tail, junk, empty, text_gz])
    docs = [d for d in found if isinstance(d, RawDocument)]
    errors = [d for d in found if isinstance(d, ReadError)]
    assert [u for u, _, _ in summary(docs)] == [u for u, _, _ in good.docs]
    assert [e.source for e in errors] == [str(tail), str(junk), str(empty), str(text_gz)]
    assert "broken after record 14" in errors[0].reason
    assert "no WARC records" in errors[2].reason


def test_record_over_the_cap_is_one_failure_and_the_rest_go_on(tmp_path: Path, monkeypatch) -> None:
    b = build_warc(tmp_path / "crawl.warc.gz", gz=True)
    sizes = sorted((len(d.content), d.source) for d in items([b.path]))
    monkeypatch.setattr(warc_mod, "MAX_RECORD_BYTES", sizes[-2][0])  # the largest page is over it
    found = items([b.path])
    errors = [d for d in found if isinstance(d, ReadError)]
    assert [(e.source, "size limit" in e.reason) for e in errors] == [(sizes[-1][1], True)]
    assert len([d for d in found if isinstance(d, RawDocument)]) == 4


def test_archives_are_exempt_from_the_file_cap_and_streamed(tmp_path: Path, monkeypatch) -> None:
    """A 40 MB image in the crawl is skipped without being held in memory; the plain-file cap
    (here lowered to 100 bytes) does not apply to archives."""
    b = build_warc(tmp_path / "big.warc.gz", gz=True, big_image=40 * 2**20)
    assert b.path.stat().st_size > 40 * 2**20
    (tmp_path / "a.html").write_text(DJIBO, encoding="utf-8")
    monkeypatch.setattr(sources_mod, "MAX_FILE_BYTES", 100)
    tracemalloc.start()
    try:
        found = items([tmp_path])  # a directory: a.html and big.warc.gz
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(found[0], ReadError) and "too large" in found[0].reason
    assert summary(found[1:]) == expected(b)
    assert peak < 4 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_whole_file_gzip_and_arc(tmp_path: Path) -> None:
    plain = build_warc(tmp_path / "crawl.warc", gz=False)
    whole = tmp_path / "whole.warc.gz"  # `gzip crawl.warc`: one gzip member, not one per record
    whole.write_bytes(gzip.compress(plain.path.read_bytes()))
    found = items([whole])
    assert summary(found) == [(u, s.replace(str(plain.path), str(whole)), f) for u, s, f in expected(plain)]

    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + DJIBO.encode()
    desc = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = b"filedesc://t.arc 0.0.0.0 20230602081500 text/plain %d\n%s\n" % (len(desc), desc)
    offset = len(arc)
    arc += b"https://sahelwire.example/2023/djibo 192.0.2.1 20230602081500 text/html %d\n%s\n" % (
        len(http),
        http,
    )
    arc_path = tmp_path / "old.arc"
    arc_path.write_bytes(arc)
    (doc,) = items([arc_path])
    assert (doc.url, doc.source, doc.meta["crawled"]) == (
        "https://sahelwire.example/2023/djibo",
        f"{arc_path}@{offset}",
        "2023-06-02T08:15:00Z",
    )
    assert to_article(doc).published == date(2023, 2, 14)


def test_sitreps_code_reads_a_warc_and_stdin(tmp_path: Path) -> None:
    b = build_warc(tmp_path / "crawl.warc", gz=False)
    proc = run_cli("code", str(b.path), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert "5 article(s) coded" in proc.stderr
    assert "sahelwire.example/2023/konduga" in proc.stdout and "Konduga" in proc.stdout
    with open(b.path, "rb") as fh:
        piped = subprocess.run(
            [*SITREPS, "code", "-", "--stdin-format", "warc", "--format", "jsonl"],
            stdin=fh,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert piped.returncode == 0, piped.stderr
    assert "5 article(s) coded" in piped.stderr and piped.stdout == proc.stdout.replace(str(b.path), "-")


def test_ingest_truncated_then_full_then_again(tmp_path: Path) -> None:
    full = build_warc(tmp_path / "crawl.warc.gz", gz=True)
    cut = tmp_path / "cut.warc.gz"
    start = full.bytes_per_record[10]  # inside the latin-1 page, after three articles
    cut.write_bytes(full.path.read_bytes()[: start + 40])
    db = tmp_path / "s.db"

    first = run_cli("ingest", str(cut), "--db", str(db), "-q")
    assert first.returncode == 0, first.stderr
    assert "3 article(s) stored" in first.stderr and "1 failed" in first.stderr
    with sqlite3.connect(db) as conn:
        ((source, reason),) = conn.execute("select source, reason from failures").fetchall()
    assert source == str(cut) and f"byte {start}" in reason

    second = run_cli("ingest", str(full.path), "--db", str(db), "-q")
    assert second.returncode == 0, second.stderr
    assert "2 article(s) stored, 3 already stored, 0 failed" in second.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select a.url, a.source, a.published, count(distinct m.event_id) from articles a "
            "left join mentions m on m.article_id = a.id and m.event_id is not null group by a.id order by a.url"
        ).fetchall()
    urls = {u: (s, p, n) for u, s, p, n in rows}
    assert sorted(urls) == sorted(u for u, _, _ in full.docs)
    for url, rid, _ in full.docs:
        source, published, n_events = urls[url]
        assert source.endswith(rid) and n_events >= 1, (url, n_events)
    assert urls["https://sahelwire.example/2023/segou"][1] == "2023-05-21"
    assert urls["https://sahelwire.example/2023/kidal.txt"][1] is None

    third = run_cli("ingest", str(full.path), str(cut), "--db", str(db), "-q")
    assert "0 article(s) stored, 8 already stored" in third.stderr, third.stderr


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_cut_anywhere_loses_no_whole_record_and_is_never_silent(tmp_path: Path, gz: bool) -> None:
    full = build_warc(tmp_path / ("full.warc.gz" if gz else "full.warc"), gz=gz)
    data = full.path.read_bytes()
    starts = full.bytes_per_record
    doc_records = [i for i, rid in enumerate(_record_ids(full.path)) if rid in {d[1] for d in full.docs}]
    cut_path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    for cut in [*range(1, len(data), max(1, len(data) // 150)), *starts[1:], *(s + 12 for s in starts)]:
        cut_path.write_bytes(data[:cut])
        found = list(warc_mod.iter_warc(str(cut_path)))
        docs = [d for d in found if isinstance(d, RawDocument)]
        whole = sum(1 for i in doc_records if i + 1 < len(starts) and starts[i + 1] <= cut - 4)
        assert [d.url for d in docs] == [u for u, _, _ in full.docs[: len(docs)]], cut
        assert len(docs) >= whole, (cut, len(docs), whole)
        # a cut between two records (for a plain WARC: in the blank lines that end one) leaves a
        # shorter archive that is whole: nothing to report
        if gz:
            between = cut in starts
        else:
            between = any(0 <= s - cut <= 4 for s in [*starts[1:], len(data)])
        if not between:
            assert isinstance(found[-1], ReadError) and found[-1].source == str(cut_path), (cut, found[-1:])
            assert sum(isinstance(d, ReadError) for d in found) == 1


def _record_ids(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        return [(r.rec_headers.get_header("WARC-Record-ID") or "").strip("<>") for r in ArchiveIterator(fh)]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_damaged_bytes_never_raise(tmp_path: Path, gz: bool) -> None:
    """Flipped, inserted and deleted bytes anywhere: documents and ReadErrors only, never an exception."""
    import random

    rng = random.Random(7)
    data = build_warc(tmp_path / ("full.warc.gz" if gz else "full.warc"), gz=gz).path.read_bytes()
    bad = tmp_path / ("bad.warc.gz" if gz else "bad.warc")
    for _ in range(150):
        d = bytearray(data)
        pos = rng.randrange(len(d))
        kind = rng.choice(["flip", "insert", "delete"])
        if kind == "flip":
            for _ in range(rng.randint(1, 5)):
                d[rng.randrange(len(d))] = rng.randrange(256)
        elif kind == "insert":
            d[pos:pos] = rng.randbytes(rng.randint(1, 50))
        else:
            del d[pos : pos + rng.randint(1, 200)]
        bad.write_bytes(bytes(d))
        found = list(warc_mod.iter_warc(str(bad)))
        assert all(isinstance(x, RawDocument | ReadError) for x in found)
        assert sum(isinstance(x, ReadError) and x.source == str(bad) for x in found) <= 1
