"""Stored events out: ACLED CSV, GeoJSON, JSON Lines, PLOVER JSON, Parquet.

Rows become :class:`~sitreps.model.Event` objects (with their head mention and article) so that
the ACLED columns and GeoJSON come from ``sitreps.output`` (``COLUMNS``, ``acled_row``,
``geojson``) rather than a second copy. Everything streams in keyset chunks: exports of a
million events never hold them all in memory.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterable, Iterator
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sitreps.model import Article, Event, to_jsonable
from sitreps.output import COLUMNS, acled_row, geojson
from sitreps.store.convert import event_from_row, mention_from_row
from sitreps.store.plover import plover_record
from sitreps.store.query import EventFilter, iter_events
from sitreps.store.schema import ArticleRow, EventRow, MentionRow

FORMATS = ("acled-csv", "geojson", "jsonl", "plover-json", "parquet")
CHUNK = 1000


def to_events(s: Session, rows: list[EventRow]) -> list[tuple[EventRow, Event]]:
    """Events for rows, each with its head mention and a stub article that names every source."""
    head_ids = [r.head_mention_id for r in rows if r.head_mention_id]
    mentions = {
        m.id: m
        for m in s.scalars(select(MentionRow).where(MentionRow.id.in_(head_ids)).options(selectinload(MentionRow.actors)))
    } if head_ids else {}  # fmt: skip
    art_ids = {m.article_id for m in mentions.values()}
    articles = (
        {a.id: a for a in s.scalars(select(ArticleRow).where(ArticleRow.id.in_(art_ids)))} if art_ids else {}
    )
    out = []
    for r in rows:
        m = mentions.get(r.head_mention_id or "")
        a = articles.get(m.article_id) if m else None
        stub = None
        if a is not None:
            stub = Article(
                id=a.id,
                body="",
                title=a.title,
                url=a.url,
                published=a.published,
                publisher="; ".join(r.sources or []) or (a.publisher.name if a.publisher else None),
                original_source=a.original_source.name if a.original_source else None,
                country_hint=a.country_hint,
            )
        out.append((r, event_from_row(r, [mention_from_row(m)] if m else [], stub)))
    return out


def iter_chunks(s: Session, f: EventFilter, chunk: int = CHUNK) -> Iterator[list[tuple[EventRow, Event]]]:
    buf: list[EventRow] = []
    for row in iter_events(s, f, chunk=chunk):
        buf.append(row)
        if len(buf) >= chunk:
            yield to_events(s, buf)
            buf = []
    if buf:
        yield to_events(s, buf)


def event_json(row: EventRow, ev: Event) -> dict[str, Any]:
    d = to_jsonable(ev)
    d.update(
        conflicts=row.conflicts or {},
        n_mentions=row.n_mentions,
        n_articles=row.n_articles,
        article_id=ev.article.id if ev.article else None,
    )
    return d


def write_acled_csv(chunks: Iterable[list[tuple[EventRow, Event]]], out: IO[str]) -> int:
    ts, n = int(time.time()), 0
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for chunk in chunks:
        for _, ev in chunk:
            writer.writerow({k: "" if v is None else v for k, v in acled_row(ev, timestamp=ts).items()})
            n += 1
    return n


def write_geojson(chunks: Iterable[list[tuple[EventRow, Event]]], out: IO[str]) -> int:
    """An RFC 7946 FeatureCollection written feature by feature."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = skipped = 0
    for chunk in chunks:
        fc = geojson([ev for _, ev in chunk])
        skipped += fc["skipped"]
        for feat in fc["features"]:
            out.write(("," if n else "") + "\n" + json.dumps(feat, ensure_ascii=False))
            n += 1
    out.write(f'\n], "skipped": {skipped}}}\n')
    return n


def write_jsonl(chunks: Iterable[list[tuple[EventRow, Event]]], out: IO[str]) -> int:
    n = 0
    for chunk in chunks:
        for row, ev in chunk:
            out.write(json.dumps(event_json(row, ev), ensure_ascii=False) + "\n")
            n += 1
    return n


def write_plover(chunks: Iterable[list[tuple[EventRow, Event]]], out: IO[str]) -> int:
    """A JSON array of PLOVER records."""
    out.write("[")
    n = 0
    for chunk in chunks:
        for row, ev in chunk:
            out.write(
                ("," if n else "")
                + "\n"
                + json.dumps(plover_record(ev, conflicts=row.conflicts), ensure_ascii=False)
            )
            n += 1
    out.write("\n]\n")
    return n


def write_parquet(chunks: Iterable[list[tuple[EventRow, Event]]], path: str) -> int:
    """ACLED columns (then ours) as a Parquet file, one row group per chunk."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ints = {
        "year",
        "time_precision",
        "inter1",
        "inter2",
        "interaction",
        "iso",
        "geo_precision",
        "fatalities",
        "timestamp",
        "evidence_start",
        "evidence_end",
        "geonameid",
        "n_reports",
    }
    floats = {"latitude", "longitude"}
    schema = pa.schema(
        [(c, pa.int64() if c in ints else pa.float64() if c in floats else pa.string()) for c in COLUMNS]
    )
    ts, n = int(time.time()), 0
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in chunks:
            rows = [acled_row(ev, timestamp=ts) for _, ev in chunk]
            cols = {
                c: [r[c] if c in ints or c in floats or r[c] is None else str(r[c]) for r in rows]
                for c in COLUMNS
            }
            writer.write_table(pa.table(cols, schema=schema))
            n += len(rows)
        if n == 0:
            writer.write_table(pa.table({c: [] for c in COLUMNS}, schema=schema))
    return n


def export(s: Session, f: EventFilter, fmt: str, path: str) -> int:
    """Write every event matching ``f`` to ``path`` in ``fmt``; returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    chunks = iter_chunks(s, f)
    if fmt == "parquet":
        return write_parquet(chunks, path)
    writer = {
        "acled-csv": write_acled_csv,
        "geojson": write_geojson,
        "jsonl": write_jsonl,
        "plover-json": write_plover,
    }[fmt]
    with open(path, "w", encoding="utf-8", newline="") as out:
        return writer(chunks, out)
