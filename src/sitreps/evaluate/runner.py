"""``sitreps eval``: read JSON Lines gold files, dispatch each task to its evaluator, report.

Each evaluator takes the records of one task (an iterable of dicts) and returns a dict. Scalar
values (numbers, None) are metrics; list/dict values are kept beside them (``details``,
``confusion``, ``error_list``...) and omitted from the JSON summary unless asked for.
"""

from __future__ import annotations

import importlib
import inspect
import json
import time
from collections.abc import Callable
from typing import Any

# task -> (module, function)
EVALUATORS: dict[str, tuple[str, str]] = {
    "events": ("sitreps.evaluate.events", "evaluate_events"),
    "classify": ("sitreps.evaluate.classify", "evaluate_classify"),
    "geoparse": ("sitreps.evaluate.geoparse", "evaluate_geoparse"),
    "dates": ("sitreps.evaluate.dates", "evaluate_dates"),
    "extract": ("sitreps.evaluate.extract", "evaluate_extract"),
}
DETAIL_KEYS = ("details",)
ENTRY_KEYS = ("task", "n", "seconds", "file")


def read_jsonl(path: str, limit: int | None = None) -> tuple[list[dict], list[dict]]:
    """(records, errors): a line that is not a JSON object with a ``task`` is an error, not a crash."""
    records: list[dict] = []
    errors: list[dict] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            if limit is not None and len(records) >= limit:
                break
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append({"id": f"{path}:{lineno}", "reason": f"invalid JSON: {exc}"})
                continue
            if not isinstance(rec, dict) or not rec.get("task"):
                errors.append({"id": f"{path}:{lineno}", "reason": "record without a 'task'"})
                continue
            records.append(rec)
    return records, errors


def _get_evaluator(task: str) -> Callable[..., dict]:
    if task not in EVALUATORS:
        raise LookupError(f"unknown task {task!r}")
    module, func = EVALUATORS[task]
    try:
        return getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError) as exc:
        raise LookupError(f"no evaluator for task {task!r} ({module}.{func}: {exc})") from exc


def _accepts(func: Callable, name: str) -> bool:
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def _call(func: Callable, records: list[dict], tick: Callable[[dict], None]) -> tuple[dict, list[dict]]:
    """Run an evaluator; if it fails as a whole, find the records that make it fail, drop them,
    and run it again on the rest. Returns (result, errors)."""
    kwargs: dict[str, Any] = {"on_record": tick} if _accepts(func, "on_record") else {}
    if _accepts(func, "details"):
        kwargs["details"] = True  # kept in the summary, printed in JSON only with --details
    try:
        return func(records, **kwargs), []
    except Exception as exc:
        whole = f"{type(exc).__name__}: {exc}"
    errors, good = [], []
    for rec in records:
        try:
            func([rec])
            good.append(rec)
        except Exception as exc:
            errors.append({"id": rec.get("id"), "reason": f"{type(exc).__name__}: {exc}"})
    if not errors:  # fails only as a batch: nothing to blame on a record
        return {}, [{"id": None, "reason": whole}]
    try:
        return (func(good) if good else {}), errors
    except Exception as exc:
        return {}, errors + [{"id": None, "reason": f"{type(exc).__name__}: {exc}"}]


def _split(result: Any) -> tuple[dict, dict]:
    """(metrics, extras) from an evaluator's dict: scalars are metrics, the rest are extras."""
    if not isinstance(result, dict):
        return {}, {"result": result}
    if isinstance(result.get("metrics"), dict):
        extras = {k: v for k, v in result.items() if k != "metrics"}
        result = {**result["metrics"], **extras}
    metrics, extras = {}, {}
    for k, v in result.items():
        if v is None or isinstance(v, bool | int | float | str):
            metrics[k] = v
        else:
            extras[k] = v
    return metrics, extras


def run_eval(paths: list[str], *, limit: int | None = None, progress: bool = True) -> dict:
    """Evaluate every gold file; one entry per (file, task) in file order."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    files: list[dict] = []
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not progress,
        transient=False,
    )
    with bar:
        for path in paths:
            try:
                records, read_errors = read_jsonl(path, limit)
            except OSError as exc:
                files.append(
                    {
                        "file": path,
                        "task": None,
                        "n": 0,
                        "seconds": 0.0,
                        "metrics": {"errors": 1},
                        "errors": [{"id": None, "reason": f"cannot read: {exc}"}],
                    }
                )
                continue
            by_task: dict[str, list[dict]] = {}
            for rec in records:
                by_task.setdefault(str(rec["task"]), []).append(rec)
            if not by_task:
                files.append(
                    {
                        "file": path,
                        "task": None,
                        "n": 0,
                        "seconds": 0.0,
                        "metrics": {"errors": len(read_errors)},
                        "errors": read_errors,
                    }
                )
                continue
            for i, (task, recs) in enumerate(by_task.items()):
                t0 = time.perf_counter()
                bar_id = bar.add_task(f"{path} [{task}]", total=len(recs))
                errors = list(read_errors) if i == 0 else []
                try:
                    func = _get_evaluator(task)
                    result, call_errors = _call(func, recs, lambda _r, b=bar_id: bar.advance(b))
                    errors += call_errors
                except LookupError as exc:
                    result = {}
                    errors.append({"id": None, "reason": str(exc)})
                bar.update(bar_id, completed=len(recs))
                metrics, extras = _split(result)
                for k in ENTRY_KEYS:  # the entry says these once
                    metrics.pop(k, None)
                errors += [e for e in extras.pop("error_list", []) or [] if isinstance(e, dict)]
                listed = extras.pop("errors", None)
                if isinstance(listed, list):
                    if all(isinstance(e, dict) and "reason" in e for e in listed):
                        errors += listed  # records that failed
                    else:  # an evaluator's per-item mistakes: details, not failures
                        extras.setdefault("details", listed)
                metrics["errors"] = max(int(metrics.get("errors") or 0), len(errors))
                entry = {
                    "file": path,
                    "task": task,
                    "n": len(recs),
                    "seconds": round(time.perf_counter() - t0, 2),
                    "metrics": metrics,
                }
                entry.update(extras)
                entry["errors"] = errors
                files.append(entry)
    return {"files": files}


def strip_details(summary: dict, *, details: bool = False) -> dict:
    """The summary for ``--json``: per-record details only when asked for."""
    if details:
        return summary
    return {
        **summary,
        "files": [{k: v for k, v in f.items() if k not in DETAIL_KEYS} for f in summary["files"]],
    }


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_tables(summary: dict, console) -> None:
    """One Rich table per file: metric, value, and the count it rests on."""
    from rich.table import Table

    for f in summary.get("files", []):
        m = f.get("metrics", {})
        console.print(
            f"[bold]{f['file']}[/bold] — {f.get('task')} · {f.get('n', 0)} records · {f.get('seconds', 0)} s",
            highlight=False,
        )
        table = Table(show_lines=False)
        table.add_column("metric")
        table.add_column("value", justify="right")
        table.add_column("n", justify="right")
        for k, v in m.items():
            if k.endswith("_n") and k[:-2] in m:
                continue
            table.add_row(k, _fmt(v), _fmt(m.get(f"{k}_n")) if f"{k}_n" in m else "")
        console.print(table)
        for kind, pairs in (f.get("confusion") or {}).items():
            if not pairs:
                continue
            ct = Table(title=f"worst confusions ({kind})", title_justify="left")
            ct.add_column("gold")
            ct.add_column("predicted")
            ct.add_column("count", justify="right")
            for p in pairs:
                ct.add_row(str(p["gold"]), str(p["predicted"]), str(p["count"]))
            console.print(ct)
        errs = f.get("errors") or []
        if errs:
            console.print(
                f"[red]{len(errs)} error(s)[/red], e.g. {errs[0].get('id')}: {errs[0].get('reason')}"
            )
