"""Command line: one job per command (``sitreps code``, ``sitreps eval``)."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="sitreps: news about armed conflict and political violence in, structured events out.")
err = Console(stderr=True)

FORMATS = ("table", "json", "jsonl", "csv", "geojson")
RAY_HELP = "Code on Ray actors (pip install 'sitreps[ray]'): a local Ray, or the cluster at --ray-address."
RAY_ADDRESS_HELP = "Join the Ray cluster at this address (e.g. 10.0.0.5:6379) instead of starting one."
WORKERS_HELP = "Ray coder actors (one CPU each). Default: every CPU of this machine or of the cluster."


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


@contextmanager
def _ray_pool(use_ray: bool, address: str | None, workers: int | None):
    """The Ray coder pool for one command (None without ``--ray``); a clear error, not a traceback,
    when Ray is missing or the cluster cannot be used."""
    if not use_ray:
        if address or workers:
            raise typer.BadParameter("--ray-address and --workers need --ray")
        yield None
        return
    from rich.markup import escape

    from sitreps.distributed import RayUnavailable, RayWorkerError, coder_pool

    with ExitStack() as stack:
        try:
            pool = stack.enter_context(coder_pool(address, workers))
        except (RayUnavailable, RayWorkerError) as exc:
            err.print(f"[red]error:[/] {escape(str(exc))}")
            raise typer.Exit(2) from None
        yield pool


@app.command()
def code(
    paths: list[str] = typer.Argument(
        ..., help="Files (.html .htm .txt .md .json .jsonl; feeds .rss .atom .xml; web archives .warc .warc.gz "
        ".arc .arc.gz), directories, or - for stdin."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | jsonl | csv | geojson"),
    published: str | None = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for every input."),
    country: str | None = typer.Option(None, "--country", help="Country focus when the text does not say (name or ISO code)."),
    include_all: bool = typer.Option(False, "--all", help="Also show planned, negated, hypothetical and denied mentions (audit)."),
    stdin_format: str = typer.Option("txt", "--stdin-format", help="Format of what stdin carries: txt | md | html | json | jsonl | warc."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    use_ray: bool = typer.Option(False, "--ray", help=RAY_HELP),
    ray_address: str | None = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
    workers: int | None = typer.Option(None, "--workers", min=1, help=WORKERS_HELP),
) -> None:
    """Code articles into events and print them."""
    from sitreps.extract.feeds import FeedLink
    from sitreps.ingest import local_articles
    from sitreps.output import render

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    pub = _parse_date(published)
    failures = links = 0

    def skipped(item) -> None:
        nonlocal failures, links
        if isinstance(item, FeedLink):  # `code` reads no network; `ingest` fetches these
            links += 1
        else:
            failures += 1
            err.print(f"[yellow]skipped[/] {item.source}: {item.reason}")

    articles = local_articles(paths, published=pub, stdin_format=stdin_format, country=country, skipped=skipped)

    events = []
    n_articles = 0
    with _ray_pool(use_ray, ray_address, workers) as pool:
        coded = _code_safely(articles, include_all) if pool is None else _code_on_pool(articles, include_all, pool)
        for _article, evs in coded:
            if evs is None:
                failures += 1
                continue
            n_articles += 1
            events.extend(evs)
    stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        render(events, fmt, stream)
    finally:
        if output:
            stream.close()
    err.print(f"{n_articles} article(s) coded, {sum(e.counted for e in events)} event(s)"
              + (f", {failures} input(s) skipped" if failures else ""))
    if links:
        err.print(f"{links} feed entr{'y' if links == 1 else 'ies'} with only a link and a summary not fetched: "
                  "[bold]sitreps ingest[/] fetches them")
    if n_articles == 0 and (failures or links):
        raise typer.Exit(1)


def _code_safely(articles, include_all: bool, batch: int = 16):
    """Code in batches (``nlp.pipe``); an article that breaks its batch is coded alone and, if it
    fails again, reported and skipped: one bad article never stops the run."""
    from itertools import islice

    from sitreps.pipeline import code_article, code_articles

    it = iter(articles)
    while chunk := list(islice(it, batch)):
        try:
            yield from list(code_articles(chunk, include_all=include_all, batch_size=batch))
            continue
        except Exception:  # noqa: BLE001 - isolate the article below
            pass
        for article in chunk:
            try:
                yield article, code_article(article, include_all=include_all)
            except Exception as exc:  # noqa: BLE001
                err.print(f"[yellow]skipped[/] {article.source or article.id}: coding failed: {type(exc).__name__}: {exc}")
                yield article, None


def _code_on_pool(articles, include_all: bool, pool, batch: int = 16):
    """As :func:`_code_safely`, on Ray actors (``--ray``): same batches, same order, same skips."""
    from itertools import islice

    it = iter(articles)
    chunks = iter(lambda: list(islice(it, batch)), [])
    for _tag, results in pool.map(((None, c) for c in chunks), include_all=include_all):
        for r in results:
            if hasattr(r, "events"):
                yield r.article, r.events
            else:
                err.print(f"[yellow]skipped[/] {r.source}: coding failed: {r.reason}")
                yield None, None


@app.command("eval")
def eval_cmd(
    files: list[Path] = typer.Argument(..., help="Gold JSON Lines files (see shared/EVAL.md)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON summary instead of tables."),
    json_out: Path | None = typer.Option(None, "--json-out", help="Also write the JSON summary here."),
    limit: int | None = typer.Option(None, "--limit", help="Score only the first N records of each file."),
    details: bool = typer.Option(False, "--details", help="Keep per-record details in the JSON."),
) -> None:
    """Score the pipeline on gold data and print the metrics."""
    from sitreps.evaluate.runner import print_tables, run_eval

    summary = run_eval([str(f) for f in files], limit=limit, progress=not as_json)
    if not details:
        for f in summary["files"]:
            f.pop("details", None)
    if json_out:
        json_out.write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    if as_json:
        sys.stdout.write(json.dumps(summary, default=str) + "\n")
    else:
        print_tables(summary, Console())


@app.command()
def version() -> None:
    """Print the version."""
    from sitreps import __version__

    typer.echo(__version__)


# Store commands (ingest, failures, serve, export) register themselves on the same app.
from sitreps import cli_store  # noqa: E402,F401

if __name__ == "__main__":  # pragma: no cover
    app()
