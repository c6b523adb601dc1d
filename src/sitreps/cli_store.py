"""Store commands on the ``sitreps`` app: ``ingest``, ``failures``, ``serve``, ``export``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from sitreps.cli import RAY_ADDRESS_HELP, RAY_HELP, WORKERS_HELP, _parse_date, _ray_pool, app

err = Console(stderr=True)
DB_HELP = "Database: a file path or a URL (postgresql+psycopg://...). Default: $SITREPS_DB or ./sitreps.db."


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(
        ..., help="Files (also web archives: .warc .warc.gz .arc .arc.gz), directories, URLs, RSS/Atom feeds "
        "(URLs or .rss/.atom/.xml files), or - for stdin."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    published: str | None = typer.Option(
        None, "--published", help="Publication date (YYYY-MM-DD) for every input."
    ),
    country: str | None = typer.Option(None, "--country", help="Country focus when the text does not say."),
    stdin_format: str = typer.Option(
        "txt", "--stdin-format", help="Format of what stdin carries: txt | md | html | json | jsonl | warc."
    ),
    batch_size: int = typer.Option(16, "--batch-size", min=1, max=1000, help="Articles per transaction."),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow fetching private and loopback addresses."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    every: str | None = typer.Option(
        None, "--every", help="Run again after this long (30s, 15m, 1h): polls feeds; stop with Ctrl-C."
    ),
    rounds: int | None = typer.Option(None, "--rounds", min=1, help="With --every: stop after N runs."),
    use_ray: bool = typer.Option(False, "--ray", help=RAY_HELP),
    ray_address: str | None = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
    workers: int | None = typer.Option(None, "--workers", min=1, help=WORKERS_HELP),
) -> None:
    """Code articles and store them with their events (idempotent; safe to kill and re-run)."""
    if every is None and rounds is not None:
        raise typer.BadParameter("--rounds needs --every")
    pause = _seconds(every) if every is not None else None
    if pause is not None and "-" in inputs:
        raise typer.BadParameter("--every cannot re-read standard input")
    args = (inputs, db, published, country, stdin_format, batch_size, allow_private, quiet)
    with _ray_pool(use_ray, ray_address, workers) as pool:  # one Ray session for every round
        if pause is None:
            _ingest_once(*args, pool=pool)
        else:
            _poll(args, pool, pause, rounds)


def _poll(args: tuple, pool, pause: float, rounds: int | None) -> None:
    """Ingest every ``pause`` seconds; a failed round (a database restart, a full disk) is reported
    and the next one runs."""
    import time
    from datetime import datetime

    n = 0
    try:
        while True:
            n += 1
            err.print(f"[dim]{datetime.now().isoformat(timespec='seconds')}[/] run {n}")
            try:
                _ingest_once(*args, pool=pool, exit_on_failure=False)
            except Exception as exc:
                err.print(f"[red]run {n} failed:[/] {type(exc).__name__}: {exc}")
            if rounds is not None and n >= rounds:
                return
            time.sleep(pause)
    except KeyboardInterrupt:
        err.print(f"stopped after {n} run(s)")


def _seconds(value: str) -> float:
    """``30s``, ``15m``, ``1h``, ``1d`` (or bare seconds) as seconds."""
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value or "")
    if not m or float(m.group(1)) <= 0:
        raise typer.BadParameter(f"--every takes a duration like 30s, 15m, 1h or 1d, not {value!r}")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def _ingest_once(
    inputs: list[str],
    db: str | None,
    published: str | None,
    country: str | None,
    stdin_format: str,
    batch_size: int,
    allow_private: bool,
    quiet: bool,
    *,
    pool=None,
    exit_on_failure: bool = True,
) -> None:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from sitreps.ingest import IngestStats
    from sitreps.ingest import ingest as run_ingest
    from sitreps.store import open_engine

    engine = open_engine(db, write=True)
    show = not quiet and err.is_terminal
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        TextColumn(
            "{task.fields[articles]} articles  {task.fields[rate]:.1f}/s  "
            "{task.fields[events]} events  {task.fields[failed]} failed"
        ),
        TimeElapsedColumn(),
        console=err,
        disable=not show,
        transient=False,
    )
    with progress:
        task = progress.add_task("ingest", total=None, articles=0, rate=0.0, events=0, failed=0)

        def on_batch(st: IngestStats) -> None:
            progress.update(
                task,
                articles=st.stored + st.skipped,
                events=st.events,
                failed=st.failed,
                rate=(st.stored / st.seconds) if st.seconds else 0.0,
            )

        stats = run_ingest(
            engine,
            inputs,
            batch_size=batch_size,
            published=_parse_date(published),
            country=country,
            stdin_format=stdin_format,
            allow_private=allow_private,
            on_batch=on_batch,
            pool=pool,
        )
    err.print(
        f"{stats.stored} article(s) stored, {stats.skipped} already stored, {stats.failed} failed; "
        f"{stats.events} event(s) ({stats.merged} merged with other reports) in {stats.seconds:.1f}s"
    )
    if stats.failed:
        err.print("see [bold]sitreps failures[/] for the reasons")
    if exit_on_failure and stats.stored == 0 and stats.skipped == 0 and stats.failed:
        raise typer.Exit(1)


@app.command()
def failures(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """List inputs that could not be stored, with the reason."""
    import json

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from sitreps.store import open_engine
    from sitreps.store.schema import Failure

    with Session(open_engine(db)) as s:
        rows = s.scalars(select(Failure).order_by(Failure.created_at, Failure.id)).all()
        for f in rows:
            if as_json:
                sys.stdout.write(
                    json.dumps(
                        {
                            "source": f.source,
                            "stage": f.stage,
                            "reason": f.reason,
                            "attempts": f.attempts,
                            "at": f.created_at.isoformat(),
                        }
                    )
                    + "\n"
                )
            else:
                typer.echo(f"{f.source}\t{f.stage}\t{f.reason}")
    err.print(f"{len(rows)} failure(s)")


@app.command()
def feeds(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """List the feeds ingest has read: entries, when last checked and last changed."""
    import json

    from sitreps.store import open_engine
    from sitreps.store.feeds import FeedLog

    rows = FeedLog(open_engine(db)).rows()
    for f in rows:
        d = {
            "url": f.url,
            "entries": f.entries,
            "checked_at": f.checked_at.isoformat(),
            "changed_at": f.changed_at.isoformat() if f.changed_at else None,
            "etag": f.etag,
            "last_modified": f.last_modified,
        }
        typer.echo(json.dumps(d) if as_json else f"{f.url}\t{f.entries}\t{d['checked_at']}\t{d['changed_at']}")
    err.print(f"{len(rows)} feed(s)")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port", min=0, max=65535),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Let POST /articles fetch private addresses."
    ),
) -> None:
    """Serve the REST API (OpenAPI docs at /docs). Writes need SITREPS_TOKEN."""
    import uvicorn

    from sitreps.api.app import create_app

    uvicorn.run(create_app(db, allow_private=allow_private), host=host, port=port, log_level="warning")


@app.command()
def export(
    fmt: str = typer.Option(
        ..., "--format", "-f", help="acled-csv | geojson | jsonl | plover-json | parquet"
    ),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    start: str | None = typer.Option(None, "--start", help="Earliest event date (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--end", help="Latest event date (YYYY-MM-DD)."),
    country: str | None = typer.Option(None, "--country"),
    admin1: str | None = typer.Option(None, "--admin1"),
    bbox: str | None = typer.Option(None, "--bbox", help="min_lon,min_lat,max_lon,max_lat"),
    event_type: str | None = typer.Option(None, "--event-type"),
    sub_event_type: str | None = typer.Option(None, "--sub-event-type"),
    actor: str | None = typer.Option(None, "--actor"),
    min_fatalities: int | None = typer.Option(None, "--min-fatalities", min=0),
    q: str | None = typer.Option(None, "--q", help="Text in notes or evidence."),
    scope: str | None = typer.Option(
        None, "--scope", help="incident, aggregate (a summary of many) or statement (what a condemnation is about)."
    ),
) -> None:
    """Export stored events (filters as in GET /events)."""
    from sqlalchemy.orm import Session

    from sitreps.store import open_engine
    from sitreps.store.export import FORMATS
    from sitreps.store.export import export as run_export
    from sitreps.store.query import EventFilter, FilterError, parse_bbox

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    try:
        f = EventFilter(
            start=_parse_date(start),
            end=_parse_date(end),
            country=country,
            admin1=admin1,
            bbox=parse_bbox(bbox),
            event_type=event_type,
            sub_event_type=sub_event_type,
            actor=actor,
            min_fatalities=min_fatalities,
            q=q,
            scope=scope,
        )
        with Session(open_engine(db)) as s:
            n = run_export(s, f, fmt, str(output))
    except FilterError as exc:
        raise typer.BadParameter(str(exc)) from None
    err.print(f"{n} event(s) written to {output}")
