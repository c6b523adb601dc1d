"""Sources -> RawDocument: files, directories, stdin, JSON and JSON-lines records, RSS/Atom feeds,
web archives.

A problem with one file or record yields a :class:`ReadError` and the iteration goes on; nothing
here raises for bad input. Files over ``MAX_FILE_BYTES`` are not read, except web archives
(.warc, .warc.gz, .arc, .arc.gz), which are streamed with a cap on each record (``extract/warc.py``).
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ..model import RawDocument
from .dates import parse_date
from .errors import ReadError
from .feeds import FeedLink, feed_items, looks_like_feed
from .warc import WARC_SUFFIXES, is_warc, iter_warc

T = TypeVar("T", RawDocument, FeedLink)

MAX_FILE_BYTES = 100 * 1024 * 1024  # 100 MiB
MAX_GZ_HTML_BYTES = 50 * 1024 * 1024  # decompressed html_gz_b64 of a record

EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",  # a feed if its root says so (sitemaps and other XML are not articles)
}
# Documentation files that sit next to articles in a directory: skipped in directory walks
# (named explicitly they are read).
_DOC_FILE = re.compile(r"^(?:readme|license|licence|changelog|contributing|authors|notice)(?:\.\w+)?$", re.I)
ARCHIVE_FORMATS = {"warc", "arc"}  # --stdin-format values read as a web archive
RECORD_FORMATS = {"html": "html", "htm": "html", "md": "md", "markdown": "md", "txt": "txt", "text": "txt"}


def iter_documents(
    paths: list[str], *, published: date | None = None, stdin_format: str = "txt"
) -> Iterator[RawDocument | FeedLink | ReadError]:
    """RawDocuments (or ReadErrors) from files, directories (recursive, sorted; hidden files,
    unknown extensions and README/LICENSE-style files skipped), and ``-`` for stdin.
    ``published`` overrides every date. Feed files give one item per entry: a document when the
    entry carries the article, else a :class:`FeedLink` for the caller to fetch (or not)."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for p in paths:
        p = str(p)
        try:
            if p == "-":
                yield from _from_stdin(stdin_format, published)
            elif os.path.isdir(p):
                for f in _walk(p):
                    yield from _from_file(f, published)
            else:
                yield from _from_file(p, published)
        except Exception as exc:  # never let one source stop the batch
            yield ReadError(p, f"unexpected error: {type(exc).__name__}: {exc}")


def _walk(root: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or _DOC_FILE.match(name):
                continue
            # .xml only when named: in a directory it is far more often a sitemap or config than a feed
            if Path(name).suffix.lower() in EXTENSIONS.keys() - {".xml"} or is_warc(name):
                yield os.path.join(dirpath, name)


def with_override(doc: T, published: date | None) -> T:
    """``doc`` (a RawDocument or a feed's FeedLink) dated ``published`` when the user gave one."""
    if published is not None:
        doc.published = published
        doc.meta["published_from"] = "override"
    return doc


def _overridden(items: Iterator[T | ReadError], published: date | None) -> Iterator[T | ReadError]:
    for item in items:
        yield item if isinstance(item, ReadError) else with_override(item, published)


def _from_file(path: str, published: date | None) -> Iterator[RawDocument | ReadError]:
    ext = Path(path).suffix.lower()
    kind = EXTENSIONS.get(ext)
    if not os.path.exists(path):
        yield ReadError(path, "no such file or directory")
        return
    if is_warc(path):  # streamed: exempt from MAX_FILE_BYTES, each record is capped instead
        yield from _overridden(iter_warc(path), published)
        return
    if kind is None:
        known = ", ".join([*sorted(EXTENSIONS), *WARC_SUFFIXES])
        yield ReadError(path, f"unknown file type {ext or '(no extension)'}: expected one of {known}")
        return
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            yield ReadError(path, f"file too large ({size / 2**20:.0f} MiB > {MAX_FILE_BYTES // 2**20} MiB)")
            return
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        yield ReadError(path, f"cannot read: {exc.strerror or exc}")
        return
    if kind in {"json", "jsonl"}:
        yield from _records(data, path, kind, published)
        return
    if kind in {"feed", "xml"}:
        if kind == "xml" and not looks_like_feed(data):
            yield ReadError(path, "XML that is not an RSS or Atom feed")
            return
        yield from _overridden(feed_items(data, path), published)
        return
    yield with_override(RawDocument(source=path, content=data, format=kind), published)


def _from_stdin(fmt: str, published: date | None) -> Iterator[RawDocument | ReadError]:
    stream = sys.stdin
    if stream is None:
        yield ReadError("-", "no standard input")
        return
    buf = getattr(stream, "buffer", None)
    fmt = (fmt or "txt").lower().lstrip(".")
    if fmt in ARCHIVE_FORMATS:
        if buf is None:
            yield ReadError("-", "standard input is not binary: cannot read a web archive from it")
            return
        yield from _overridden(iter_warc("-", fileobj=buf, arc=fmt == "arc"), published)
        return
    data: bytes | str = buf.read() if buf is not None else stream.read()
    if fmt in {"json", "jsonl", "ndjson"}:
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        yield from _records(raw, "-", "json" if fmt == "json" else "jsonl", published)
        return
    kind = RECORD_FORMATS.get(fmt)
    if kind is None:
        yield ReadError("-", f"unknown stdin format {fmt!r}: expected html, md, txt, json, jsonl or warc")
        return
    yield with_override(RawDocument(source="-", content=data, format=kind), published)


def _records(data: bytes, path: str, kind: str, published: date | None) -> Iterator[RawDocument | ReadError]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield ReadError(path, f"JSON is not UTF-8: {exc}")
        return
    if kind == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ReadError(path, f"invalid JSON: {exc}")
            return
        if isinstance(obj, list):
            for i, rec in enumerate(obj):
                yield _record(rec, f"{path}[{i}]", published)
        else:
            yield _record(obj, path, published)
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        src = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(src, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        yield _record(rec, src, published)


def _record(rec: Any, src: str, published: date | None) -> RawDocument | ReadError:
    """One JSON record: ``text`` (or ``html_gz_b64``), optional title, url, published, format,
    id, country_hint."""
    if not isinstance(rec, dict):
        return ReadError(src, f"record is a {type(rec).__name__}, expected an object with a 'text' field")
    content = rec.get("text")
    fmt_raw = rec.get("format")
    if content is None and rec.get("html_gz_b64"):
        try:
            content = _gunzip_b64(rec["html_gz_b64"])
        except Exception as exc:
            return ReadError(src, f"html_gz_b64 is not base64 of gzipped HTML: {exc}")
        fmt_raw = fmt_raw or "html"
    if content is None:
        return ReadError(src, "record has no 'text' field")
    if not isinstance(content, str | bytes):
        return ReadError(src, f"'text' is a {type(content).__name__}, expected a string")
    if fmt_raw is None:
        fmt = (
            "html"
            if isinstance(content, str) and content.lstrip()[:15].lower().startswith(("<!doctype", "<html"))
            else "txt"
        )
    else:
        fmt = RECORD_FORMATS.get(str(fmt_raw).lower().lstrip("."))
        if fmt is None:
            return ReadError(src, f"unknown format {fmt_raw!r}: expected html, md or txt")
    meta: dict[str, Any] = {}
    for key in ("id", "title", "country_hint"):
        if rec.get(key) is not None:
            meta[key] = rec[key]
    doc = RawDocument(source=src, content=content, format=fmt, url=rec.get("url") or None, meta=meta)
    if rec.get("published"):
        d = parse_date(str(rec["published"]))
        if d is None:
            import logging

            logging.getLogger("sitreps.extract").warning(
                "%s: ignoring unreadable published %r", src, rec["published"]
            )
        else:
            doc.published = d
            meta["published_from"] = "record"
    return with_override(doc, published)


def _gunzip_b64(value: str) -> bytes:
    raw = base64.b64decode(value, validate=False)
    with gzip.GzipFile(fileobj=__import__("io").BytesIO(raw)) as gz:
        data = gz.read(MAX_GZ_HTML_BYTES + 1)
    if len(data) > MAX_GZ_HTML_BYTES:
        raise ValueError("decompressed page over the size limit")
    return data
