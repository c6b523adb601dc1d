"""RSS and Atom feeds -> one document per entry.

A feed is how newsrooms and monitoring desks publish what is new, so ``sitreps ingest FEED_URL``
(run from cron, or with ``--every``) is how a team keeps a database current. Most feeds carry a
title, a link and a one-paragraph summary per entry, not the article: those entries become
:class:`FeedLink` values that ingestion fetches (``sitreps ingest``), skipping links already stored.
Entries that carry the full text (``content:encoded``, Atom ``content``) become documents at once,
with no fetch. The entry's date is the publisher's own publication date, so it is kept as the
document's date.

feedparser is only ever given bytes, never a URL or a file name: it would fetch those itself,
outside the checks of ``store/fetch.py``.
"""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ..model import RawDocument
from .decode import split_content_type
from .errors import ReadError

FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
XML_TYPES = {"application/xml", "text/xml"}
# An entry whose content has at least this much text is the article, not a teaser: summaries run
# to a paragraph or two, a news article (even a brief) to more.
FULL_TEXT_CHARS = 1000
MAX_ENTRIES = 10_000

_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class FeedLink:
    """A feed entry to fetch: its link, and what the feed says about it."""

    url: str
    source: str  # "<feed>#<n>"
    title: str | None = None
    published: date | None = None
    meta: dict = field(default_factory=dict)


def looks_like_feed(data: bytes | str, content_type: str | None = None) -> bool:
    """A feed by its declared type, or an XML document whose root is ``rss``/``feed``/``rdf:RDF``."""
    ctype, _ = split_content_type(content_type)
    if ctype in FEED_TYPES:
        return True
    if ctype in ("text/html", "application/xhtml+xml"):
        return False
    head = (data.encode("utf-8", "replace") if isinstance(data, str) else data)[:4096].lstrip()
    if ctype and ctype not in XML_TYPES and not head.startswith(b"<?xml"):
        return False
    return _ROOT.search(head) is not None and b"<html" not in head[:512].lower()


def opml_feeds(path: str, max_bytes: int = 10 * 1024 * 1024) -> list[str]:
    """The feed URLs (``xmlUrl`` of every ``outline``, nested or not, http(s) only, first
    occurrence kept) of an OPML subscription list. Raises OSError or ValueError if unreadable."""
    import xml.etree.ElementTree as ET  # expat: no external entities; entity expansion is capped

    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"over {max_bytes // 2**20} MiB")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(str(exc)) from None
    urls: list[str] = []
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if url.lower().startswith(("http://", "https://")) and url not in urls:
            urls.append(url)
    return urls


def _text_len(fragment: str) -> int:
    return len(" ".join(html.unescape(_TAG.sub(" ", fragment)).split()))


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return datetime.fromtimestamp(calendar.timegm(t), tz=UTC).date()
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _page(title: str | None, body: str) -> str:
    """An entry's HTML content as a page: trafilatura expects a document, not a fragment."""
    t = html.escape(title or "")
    return f"<html><head><title>{t}</title></head><body><article><h1>{t}</h1>{body}</article></body></html>"


def feed_items(data: bytes, source: str) -> Iterator[RawDocument | FeedLink | ReadError]:
    """Documents (full-text entries), links to fetch, or errors, one per entry, in feed order."""
    import feedparser

    try:
        parsed = feedparser.parse(bytes(data))
    except Exception as exc:  # feedparser is lenient, but a parser crash is one bad source
        yield ReadError(source, f"unreadable feed: {type(exc).__name__}: {exc}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        yield ReadError(source, f"feed has no entries{why}")
        return
    outlet = (parsed.get("feed") or {}).get("title") or None
    for i, entry in enumerate(entries[:MAX_ENTRIES]):
        src = f"{source}#{i + 1}"
        link = entry.get("link") or None
        if link and not link.lower().startswith(("http://", "https://")):
            link = None
        title = entry.get("title") or None
        published = _entry_date(entry)
        meta: dict = {"feed": source}
        if title:
            meta["title"] = title
        if outlet:
            meta["publisher"] = outlet
        if published is not None:
            meta["published_from"] = "feed"
        bodies = [c.get("value") or "" for c in entry.get("content") or []]
        body = max(bodies, key=_text_len, default="")
        if _text_len(body) < FULL_TEXT_CHARS and link:
            yield FeedLink(link, src, title, published, meta)
            continue
        body = body or entry.get("summary") or ""
        if not body.strip():
            yield ReadError(src, "feed entry has neither a link nor any text")
            continue
        yield RawDocument(source=src, content=_page(title, body), format="html", url=link,
                          published=published, meta=meta)
    if len(entries) > MAX_ENTRIES:
        yield ReadError(source, f"feed has {len(entries)} entries; read the first {MAX_ENTRIES}")
