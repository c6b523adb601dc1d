"""The Python API: what the CLI does, as functions that return the pipeline's own dataclasses.

    import sitreps
    events = sitreps.code("Gunmen killed 12 villagers near Djibo on Sunday.", published="2023-03-14")
    stats = sitreps.load(["examples/", "https://example.org/rss.xml"], db="events.db")  # = sitreps ingest
    for ev in sitreps.events(db="events.db", country="Syria", scope="incident"):
        print(ev.event_date, ev.sub_event_type, ev.actor1.name, ev.fatalities)
    rows = sitreps.acled_rows(events)  # ACLED's 31 columns then ours; pandas.DataFrame(rows)

Everything here is a thin wrapper over the stages (``pipeline``, ``ingest``, ``store``, ``output``)
so that scripts and notebooks get exactly what the CLI, the REST API and the exports get.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sitreps.model import Article, Event


def _date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _paths(value: str | os.PathLike | Iterable[str | os.PathLike]) -> list[str]:
    if isinstance(value, str | os.PathLike):
        return [os.fspath(value)]
    return [os.fspath(v) for v in value]


def code(text: str, *, published: date | str | None = None, country: str | None = None, format: str = "txt",
         include_all: bool = False) -> list[Event]:
    """The events of one text (``format``: txt, md or html). ``published`` anchors relative dates
    ("on Sunday"); ``country`` is the focus when the text does not say."""
    from sitreps.pipeline import code_text

    _, events = code_text(text, format=format, published=_date(published), country_hint=country,
                          include_all=include_all)
    return events


def code_files(paths: str | os.PathLike | Iterable[str | os.PathLike], *, published: date | str | None = None, country: str | None = None,
               include_all: bool = False) -> Iterator[tuple[Article, list[Event]]]:
    """(article, events) for every readable article in files and directories (as ``sitreps code``:
    no network; unreadable inputs are skipped with a warning in the ``sitreps.extract`` log)."""
    import logging

    from sitreps.ingest import local_articles
    from sitreps.pipeline import code_articles

    log = logging.getLogger("sitreps.extract")

    def skipped(item) -> None:
        log.warning("%s: skipped: %s", item.source, getattr(item, "reason", "feed link (not fetched)"))

    articles = local_articles(_paths(paths), published=_date(published), country=country, skipped=skipped)
    yield from code_articles(articles, include_all=include_all)


def load(inputs: str | os.PathLike | Iterable[str | os.PathLike], *, db: str | None = None, batch_size: int = 16,
           published: date | str | None = None, country: str | None = None, allow_private: bool = False):
    """Store articles and their events (``sitreps ingest``: files, directories, URLs, feeds; not
    named ``ingest`` because that is the name of the module that does it);
    returns the run's :class:`~sitreps.ingest.IngestStats`. ``db``: a path or URL, default
    ``$SITREPS_DB`` or ``./sitreps.db``."""
    from sitreps.ingest import ingest as run
    from sitreps.store import open_engine

    engine = open_engine(db, write=True)
    try:
        return run(engine, _paths(inputs), batch_size=batch_size,
                   published=_date(published), country=country, allow_private=allow_private)
    finally:
        engine.dispose()


def events(db: str | None = None, *, limit: int | None = None, **filters: Any) -> Iterator[Event]:
    """Stored events, newest first, with the filters of ``GET /events`` (start, end, country,
    admin1, bbox=(min_lon, min_lat, max_lon, max_lat), event_type, sub_event_type, actor,
    min_fatalities, q, scope). Each event carries its head report as ``mentions[0]``. Streams:
    a million events are never all in memory."""
    import dataclasses

    from sqlalchemy.orm import Session

    from sitreps.store import open_engine
    from sitreps.store.export import iter_chunks
    from sitreps.store.query import EventFilter

    known = {fl.name for fl in dataclasses.fields(EventFilter)}
    if unknown := sorted(set(filters) - known):
        raise TypeError(f"unknown filter {', '.join(unknown)}: use {', '.join(sorted(known))}")
    for key in ("start", "end"):
        if key in filters:
            filters[key] = _date(filters[key])
    f = EventFilter(**filters)
    engine = open_engine(db)
    n = 0
    try:
        with Session(engine) as s:
            for chunk in iter_chunks(s, f):
                for _row, ev in chunk:
                    if limit is not None and n >= limit:
                        return
                    n += 1
                    yield ev
    finally:
        engine.dispose()


def acled_rows(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Events as flat rows: ACLED's 31 columns in ACLED's order, then sitreps' own."""
    from sitreps.output import acled_row

    return [acled_row(e) for e in events]


__all__ = ["acled_rows", "code", "code_files", "events", "load"]
