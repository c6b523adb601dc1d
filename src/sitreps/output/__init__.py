"""Output formats for events: ``render(events, fmt, stream)``.

Formats: ``table`` (Rich, for people), ``json`` (``{"articles": [...], "events": [...]}``: every
event via ``to_jsonable`` plus its ``article_id``; each article's metadata once), ``jsonl`` (one
event per line with its article's metadata), ``csv`` (ACLED's columns in ACLED's order, then ours;
see ``sitreps.output.acled``) and ``geojson`` (RFC 7946 FeatureCollection; events without
coordinates are left out and counted in a top-level ``skipped`` member).
"""

from __future__ import annotations

from typing import IO

from sitreps.model import Event
from sitreps.output.acled import ACLED_COLUMNS, COLUMNS, EXTRA_COLUMNS, acled_row, disorder_type, interaction
from sitreps.output.writers import geojson, write_csv, write_geojson, write_json, write_jsonl, write_table

WRITERS = {
    "table": write_table,
    "json": write_json,
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
}
FORMATS = tuple(WRITERS)


def render(events: list[Event], fmt: str, stream: IO[str]) -> None:
    """Write ``events`` to ``stream`` in format ``fmt`` (one of FORMATS)."""
    try:
        writer = WRITERS[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    writer(list(events), stream)


__all__ = [
    "ACLED_COLUMNS",
    "COLUMNS",
    "EXTRA_COLUMNS",
    "FORMATS",
    "acled_row",
    "disorder_type",
    "geojson",
    "interaction",
    "render",
]
