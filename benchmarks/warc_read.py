"""Reading and extracting articles from one WARC against the same pages as separate .html files.

    .venv/bin/python benchmarks/warc_read.py [--n 300]

Writes ``n`` synthetic news pages (each with the request record a crawler writes beside it) into a
gzipped WARC and as ``n`` .html files in a temporary directory, then prints articles/s for reading
alone (``iter_documents``) and for reading + extraction (``to_article``, trafilatura), best of 3.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TOWNS = ["Djibo", "Konduga", "Bama", "Gao", "Menaka", "Kidal", "Niono", "Bulo Burte", "Beledweyne", "Dori"]


def synthetic_page(i: int) -> str:
    town, other = TOWNS[i % len(TOWNS)], TOWNS[(i + 3) % len(TOWNS)]
    paras = [
        f"Gunmen killed {i % 20 + 2} villagers in an attack near {town} on Monday, local officials said.",
        f"Residents said the attackers arrived on motorbikes and burned {i % 7 + 1} houses before "
        f"withdrawing towards {other}. Report number {i}.",
        "The army said reinforcements had been sent to the area and that an operation was under way "
        "to find the attackers, who it said belonged to an armed group active in the region.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Attack near {town} ({i})</title>'
        f'<meta property="article:published_time" content="2023-03-{i % 27 + 1:02d}"></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/africa">Africa</a></nav>'
        f"<article><h1>Attack near {town} ({i})</h1>{body}</article>"
        "<footer>Copyright 2023 Example News. All rights reserved.</footer></body></html>"
    )


def write_inputs(root: Path, n: int) -> tuple[Path, Path]:
    html_dir = root / "html"
    html_dir.mkdir()
    warc = root / "crawl.warc.gz"
    with open(warc, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i in range(n):
            page = synthetic_page(i).encode()
            (html_dir / f"p{i:05d}.html").write_bytes(page)
            url = f"https://news.example/2023/{i}"
            req = StatusAndHeaders(
                f"GET /2023/{i} HTTP/1.1", [("Host", "news.example")], is_http_request=True
            )
            w.write_record(w.create_warc_record(url, "request", http_headers=req))
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=http))
    return warc, html_dir


def best_of(fn, k: int = 3) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(k):
        t0 = time.perf_counter()
        count = fn()
        times.append(time.perf_counter() - t0)
    return min(times), count


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    args = ap.parse_args()

    from sitreps.extract import ReadError, iter_documents, to_article

    def read(src: Path) -> int:
        return sum(not isinstance(d, ReadError) for d in iter_documents([str(src)]))

    def extract(src: Path) -> int:
        return sum(1 for d in iter_documents([str(src)]) if not isinstance(d, ReadError) and to_article(d))

    with tempfile.TemporaryDirectory() as tmp:
        warc, html_dir = write_inputs(Path(tmp), args.n)
        extract(html_dir)  # warm up trafilatura and the boilerplate rules
        size = warc.stat().st_size
        print(
            f"{args.n} pages: one WARC of {size / 1024:.0f} KiB (gzipped, with request records) "
            f"vs {args.n} .html files"
        )
        for label, fn in (("read", read), ("read + extract", extract)):
            for name, src in (("WARC", warc), ("html files", html_dir)):
                secs, count = best_of(lambda fn=fn, src=src: fn(src))
                assert count == args.n, (name, count)
                print(f"  {label:15s} {name:10s} {count / secs:9.0f} articles/s  ({secs:.2f} s)")


if __name__ == "__main__":
    main()
