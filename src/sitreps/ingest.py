"""``sitreps ingest``: files, directories, stdin, URLs and feeds -> articles and events in the store.

Runs the same chain as ``sitreps code`` (:func:`sitreps.pipeline.code_articles`) and hands each
batch to :func:`sitreps.store.writer.write_batch`, which commits it in one transaction. Why it is
safe to kill and re-run: articles already stored are recognised by content hash or canonical URL
before the NLP work and skipped, and a batch is either wholly committed or not at all. A bad
input (unreadable, not an article, a coder crash) is recorded as a failure and the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from sitreps.extract import ExtractError, ReadError, iter_documents, to_article
from sitreps.extract.feeds import FeedLink, feed_items, looks_like_feed, opml_feeds
from sitreps.extract.sources import with_override
from sitreps.model import Article, RawDocument
from sitreps.store.feeds import FeedLog
from sitreps.store.fetch import FetchError, NotModified, fetch, is_url
from sitreps.store.schema import MentionRow
from sitreps.store.urls import canonical_url
from sitreps.store.writer import BatchResult, Coded, Failed, known_articles, url_stored, write_batch

if TYPE_CHECKING:
    from sitreps.distributed import CoderPool

DEFAULT_BATCH = 16


@dataclass
class IngestStats:
    seen: int = 0  # inputs read (articles and failures)
    stored: int = 0
    skipped: int = 0  # already in the store (or twice in this run)
    failed: int = 0
    events: int = 0
    merged: int = 0
    seconds: float = 0.0

    def add(self, r: BatchResult) -> None:
        self.stored += r.stored
        self.skipped += r.duplicates
        self.failed += r.failed
        self.events += r.events
        self.merged += r.merged


@dataclass
class Known:
    """A feed entry whose link is already stored: not fetched again."""

    url: str


def iter_raw(
    inputs: Iterable[str],
    *,
    published: date | None = None,
    stdin_format: str = "txt",
    allow_private: bool = False,
    known_url: Callable[[str], bool] | None = None,
    feeds: FeedLog | None = None,
) -> Iterator[RawDocument | Failed | Known]:
    """RawDocuments from paths, ``-``, URLs and feeds (a URL or file that is an RSS/Atom feed
    gives its entries, their links fetched unless ``known_url`` says they are stored), in order;
    what cannot be read becomes a Failed. With ``feeds``, a feed URL read before is asked for
    only if it changed (a 304 yields a Known)."""

    def entries(items: Iterable) -> Iterator[RawDocument | Failed | Known]:
        for item in items:
            if isinstance(item, ReadError):
                yield Failed(item.source, "read", item.reason)
            elif isinstance(item, FeedLink):
                yield from _follow(item, allow_private, known_url, published)
            else:
                yield with_override(item, published)

    for value in _expand_opml(inputs):
        if isinstance(value, Failed):
            yield value
            continue
        if is_url(value):
            etag, modified = feeds.validators(value) if feeds is not None else (None, None)
            try:
                doc = fetch(value, allow_private=allow_private, etag=etag, last_modified=modified)
            except NotModified:
                feeds.unchanged(value)
                yield Known(value)
                continue
            except FetchError as exc:
                yield Failed(value, "fetch", str(exc))
                continue
            if looks_like_feed(doc.content, doc.meta.get("content_type")):
                n = 0
                for item in entries(feed_items(doc.content, value)):
                    n += 1
                    yield item
                if feeds is not None:
                    feeds.read(value, doc.meta.get("etag"), doc.meta.get("last_modified"), n)
            else:
                yield with_override(doc, published)
            continue
        yield from entries(iter_documents([value], published=published, stdin_format=stdin_format))


def _expand_opml(inputs: Iterable[str]) -> Iterator[str | Failed]:
    """An ``.opml`` file (the subscription list every feed reader exports) stands for its feeds."""
    for value in inputs:
        if is_url(value) or not value.lower().endswith(".opml"):
            yield value
            continue
        try:
            urls = opml_feeds(value)
        except (OSError, ValueError) as exc:
            yield Failed(value, "read", f"unreadable OPML: {exc}")
            continue
        if not urls:
            yield Failed(value, "read", "OPML lists no feed (no outline with an http(s) xmlUrl)")
        yield from urls


def _follow(link: FeedLink, allow_private: bool, known_url: Callable[[str], bool] | None,
            published: date | None) -> Iterator[RawDocument | Failed | Known]:
    """Fetch a feed entry's article, with what the feed says about it (title, date, outlet)."""
    if known_url is not None and known_url(link.url):
        yield Known(link.url)
        return
    try:
        doc = fetch(link.url, allow_private=allow_private)
    except FetchError as exc:
        yield Failed(link.source, "fetch", str(exc))
        return
    if doc.format == "" and doc.meta.get("content_type", "") not in ("", "application/octet-stream"):
        yield Failed(link.source, "fetch", f"{link.url} is {doc.meta['content_type']}, not an article page")
        return
    doc.meta = {**link.meta, **doc.meta}
    doc.published = link.published
    yield with_override(doc, published)


def extract(raw: RawDocument, country: str | None = None) -> Article | Failed:
    try:
        article = to_article(raw)
    except ExtractError as exc:
        return Failed(raw.source, "extract", exc.reason)
    except Exception as exc:  # a crash in extraction is one bad input, not a stopped batch
        return Failed(raw.source, "extract", f"{type(exc).__name__}: {exc}")
    if country and not article.country_hint:
        article.country_hint = country
    return article


def local_articles(
    paths: list[str],
    *,
    published: date | None = None,
    stdin_format: str = "txt",
    country: str | None = None,
    skipped: Callable[[FeedLink | Failed], None] | None = None,
) -> Iterator[Article]:
    """Articles from files, directories and stdin with no network (``sitreps code``, the Python
    API): a feed entry that only links to its article, and what cannot be read or extracted, go to
    ``skipped`` instead."""
    for item in iter_documents(paths, published=published, stdin_format=stdin_format):
        if isinstance(item, ReadError):
            item = Failed(item.source, "read", item.reason)
        elif not isinstance(item, FeedLink):
            item = extract(item, country)
        if isinstance(item, Article):
            yield item
        elif skipped is not None:
            skipped(item)


def code_batch(articles: list[Article], include_all: bool = True) -> list[Coded | Failed]:
    """Code a batch with ``nlp.pipe``; if one article breaks the batch, code one by one so that
    only that article fails. (Also what each Ray actor runs: see :mod:`sitreps.distributed`.)"""
    from sitreps.pipeline import code_article, code_articles

    try:
        return [
            Coded(a, evs)
            for a, evs in code_articles(articles, include_all=include_all, batch_size=len(articles) or 1)
        ]
    except Exception:
        pass
    out: list[Coded | Failed] = []
    for a in articles:
        try:
            out.append(Coded(a, code_article(a, include_all=include_all)))
        except Exception as exc:
            out.append(Failed(a.source or a.id, "code", f"{type(exc).__name__}: {exc}"))
    return out


def _fresh(
    engine: Engine, batch: list[Article | Failed], stats: IngestStats, busy: set[str] | None = None
) -> tuple[list[Failed], list[Article]]:
    """The batch's failures and the articles still to code: not stored, not seen earlier in the
    batch, and (``busy``) not in a batch that is being coded but not yet written."""
    articles = [x for x in batch if isinstance(x, Article)]
    failures = [x for x in batch if isinstance(x, Failed)]
    known = known_articles(engine, articles)
    busy = busy if busy is not None else set()
    fresh, ids = [], set()
    for a in articles:
        keys = _keys(a)
        if a.id in known or not keys.isdisjoint(ids) or not keys.isdisjoint(busy):
            stats.skipped += 1
            continue
        ids |= keys
        fresh.append(a)
    return failures, fresh


def _keys(a: Article) -> set[str]:
    """What makes two articles the same one for the store: the content hash, the canonical URL."""
    return {a.id, "url:" + canonical_url(a.url)} if a.url else {a.id}


def _process(engine: Engine, batch: list[Article | Failed], stats: IngestStats) -> BatchResult:
    failures, fresh = _fresh(engine, batch, stats)
    items: list[Coded | Failed] = [*failures, *(code_batch(fresh) if fresh else [])]
    return write_batch(engine, items)


def _batches(
    inputs: Iterable[str], batch_size: int, stats: IngestStats, country: str | None, **read: Any
) -> Iterator[list[Article | Failed]]:
    """Inputs read and extracted, cut into batches of ``batch_size`` articles (plus failures)."""
    batch: list[Article | Failed] = []
    for raw in iter_raw(inputs, **read):
        stats.seen += 1
        if isinstance(raw, Known):  # a feed entry already stored: not fetched again
            stats.skipped += 1
            continue
        batch.append(raw if isinstance(raw, Failed) else extract(raw, country))
        if sum(isinstance(x, Article) for x in batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    engine: Engine,
    inputs: Iterable[str],
    *,
    batch_size: int = DEFAULT_BATCH,
    published: date | None = None,
    country: str | None = None,
    stdin_format: str = "txt",
    allow_private: bool = False,
    on_batch: Callable[[IngestStats], None] | None = None,
    pool: CoderPool | None = None,
) -> IngestStats:
    """Read, extract, code and store every input, ``batch_size`` articles per transaction. With a
    ``pool`` (:mod:`sitreps.distributed`) Ray actors code while this process reads and writes."""
    stats = IngestStats()
    t0 = time.perf_counter()
    feeds = FeedLog(engine)
    batches = _batches(
        inputs, batch_size, stats, country,
        published=published, stdin_format=stdin_format, allow_private=allow_private,
        known_url=partial(url_stored, engine), feeds=feeds,
    )  # fmt: skip

    def done(result: BatchResult) -> None:
        stats.add(result)
        stats.seconds = time.perf_counter() - t0
        if on_batch:
            on_batch(stats)

    if pool is None:
        for batch in batches:
            done(_process(engine, batch, stats))
    else:
        busy: set[str] = set()  # keys of articles coded on the actors but not yet written

        def jobs() -> Iterator[tuple[tuple[list[Failed], set[str]], list[Article]]]:
            for batch in batches:
                failures, fresh = _fresh(engine, batch, stats, busy)
                keys = set().union(*map(_keys, fresh))
                busy.update(keys)
                yield (failures, keys), fresh

        for (failures, keys), coded in pool.map(jobs(), include_all=True):
            done(write_batch(engine, [*failures, *coded]))  # in input order, one transaction
            busy.difference_update(keys)
    feeds.save()  # only now: every entry of the feeds read is stored (see store/feeds.py)
    stats.seconds = time.perf_counter() - t0
    return stats


@dataclass
class OneResult:
    article_id: str | None
    status: str  # stored | duplicate | failed
    reason: str | None
    event_ids: list[str]


def ingest_one(engine: Engine, raw: RawDocument) -> OneResult:
    """Ingest one document (``POST /articles``) and report what became of it."""
    item = extract(raw)
    if isinstance(item, Failed):
        write_batch(engine, [item])
        return OneResult(None, "failed", item.reason, [])
    stats = IngestStats()
    res = _process(engine, [item], stats)
    if res.failed:
        return OneResult(item.id, "failed", res.failures[0].reason, [])
    status = "stored" if res.stored else "duplicate"
    with Session(engine) as s:
        ids = s.scalars(
            select(MentionRow.event_id)
            .where(MentionRow.article_id == item.id, MentionRow.event_id.is_not(None))
            .distinct()
        )
        event_ids = sorted(ids)
    return OneResult(item.id, status, None, event_ids)
