"""Command line: one job per command (``sitreps code``, ``sitreps eval``)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="sitreps: news about armed conflict and political violence in, structured events out.")
err = Console(stderr=True)

FORMATS = ("table", "json", "jsonl", "csv", "geojson")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


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
) -> None:
    """Code articles into events and print them."""
    from sitreps.extract import ExtractError, iter_documents, to_article
    from sitreps.extract.feeds import FeedLink
    from sitreps.output import render

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    pub = _parse_date(published)
    failures = links = 0

    def articles():
        nonlocal failures, links
        for item in iter_documents(paths, published=pub, stdin_format=stdin_format):
            if isinstance(item, FeedLink):  # `code` reads no network; `ingest` fetches these
                links += 1
                continue
            if not hasattr(item, "content"):  # ReadError
                failures += 1
                err.print(f"[yellow]skipped[/] {item.source}: {item.reason}")
                continue
            try:
                article = to_article(item)
            except ExtractError as exc:
                failures += 1
                err.print(f"[yellow]skipped[/] {item.source}: {exc}")
                continue
            if country and not article.country_hint:
                article.country_hint = country
            yield article

    events = []
    n_articles = 0
    for _article, evs in _code_safely(articles(), include_all):
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
