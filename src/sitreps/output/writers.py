"""Writers for ``render``: table, json, jsonl, csv, geojson."""

from __future__ import annotations

import csv
import json
import time
from typing import IO, Any

from sitreps.model import Article, Event, to_jsonable
from sitreps.output.acled import COLUMNS, acled_row

ARTICLE_META_SKIP = {"body", "paragraphs"}


def article_meta(article: Article | None) -> dict[str, Any] | None:
    """Article metadata without the body text (ids, title, url, authors, dates...)."""
    if article is None:
        return None
    return {k: v for k, v in to_jsonable(article).items() if k not in ARTICLE_META_SKIP}


def event_dict(event: Event) -> dict[str, Any]:
    d = to_jsonable(event)
    d["article_id"] = (
        event.article.id if event.article else (event.mentions[0].article_id if event.mentions else None)
    )
    return d


def write_json(events: list[Event], stream: IO[str]) -> None:
    """``{"articles": [metadata, once per article], "events": [events, each with article_id]}``."""
    articles: dict[str, dict] = {}
    for e in events:
        meta = article_meta(e.article)
        if meta is not None and meta["id"] not in articles:
            articles[meta["id"]] = meta
    doc = {"articles": list(articles.values()), "events": [event_dict(e) for e in events]}
    json.dump(doc, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_jsonl(events: list[Event], stream: IO[str]) -> None:
    """One self-contained event per line, with its article's metadata under ``article``."""
    for e in events:
        d = event_dict(e)
        d["article"] = article_meta(e.article)
        stream.write(json.dumps(d, ensure_ascii=False) + "\n")


def _csv_value(v: Any) -> Any:
    return "" if v is None else v


def write_csv(events: list[Event], stream: IO[str]) -> None:
    ts = int(time.time())
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for e in events:
        writer.writerow({k: _csv_value(v) for k, v in acled_row(e, timestamp=ts).items()})


def geojson(events: list[Event]) -> dict[str, Any]:
    """RFC 7946 FeatureCollection: one Point [lon, lat] per event with coordinates; properties are
    the flat CSV fields. Events without coordinates are left out and counted in the foreign member
    ``skipped``."""
    ts = int(time.time())
    features, skipped = [], 0
    for e in events:
        p = e.place
        if p is None or p.lat is None or p.lon is None:
            skipped += 1
            continue
        features.append({
            "type": "Feature",
            "id": e.id,
            "geometry": {"type": "Point", "coordinates": [float(p.lon), float(p.lat)]},
            "properties": acled_row(e, timestamp=ts),
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features, "skipped": skipped}


def write_geojson(events: list[Event], stream: IO[str]) -> None:
    json.dump(geojson(events), stream, ensure_ascii=False)
    stream.write("\n")


def _snippet(text: str | None, n: int = 90) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1] + "\u2026"


def write_table(events: list[Event], stream: IO[str], *, width: int | None = None) -> None:
    """A Rich table readable in 100 columns: one row per event, the evidence sentence below."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    tty = hasattr(stream, "isatty") and stream.isatty()
    console = Console(file=stream, width=width or (None if tty else 100), highlight=False)
    table = Table(show_lines=True, pad_edge=False, expand=True)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("type / sub-type", ratio=3)
    table.add_column("actor1 → actor2", ratio=3)
    table.add_column("location", ratio=2)
    table.add_column("fat", justify="right", no_wrap=True)
    table.add_column("mod.", no_wrap=True)
    table.add_column("evidence", ratio=4)
    for e in events:
        d = e.date.date.isoformat() if e.date and e.date.date else "?"
        # Diplomacy and verbal conflict have no ACLED type: show their PLOVER type instead.
        kind = Text(e.event_type or f"PLOVER {e.plover or '?'}")
        if e.sub_event_type:
            kind.append("\n" + e.sub_event_type, style="dim")
        elif e.plover_mode:
            kind.append("\n" + e.plover_mode, style="dim")
        actors = Text(e.actor1.name if e.actor1 else "?")
        if e.actor2:
            actors.append("\n→ " + e.actor2.name)
        loc = Text("")
        if e.place:
            loc = Text(e.place.name or "")
            rest = ", ".join(x for x in (e.place.admin1, e.place.country) if x and x != e.place.name)
            if rest:
                loc.append(("\n" if loc.plain else "") + rest, style="dim")
        evidence = Text(_snippet(e.evidence.text if e.mentions else "", 160), style="italic")
        table.add_row(
            d,
            kind,
            actors,
            loc,
            "" if e.fatalities is None else str(e.fatalities),
            e.modality,
            evidence,
        )
    console.print(table)
    console.print(f"{len(events)} event(s)", style="dim")
