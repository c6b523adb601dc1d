"""Coder actors and the ordered, bounded map that feeds them.

Each actor (:class:`CoderWorker`, one CPU) loads spaCy, the gazetteer and the coder once and then
codes batches of Articles with :func:`sitreps.ingest.code_batch`, the very function a plain run
uses, so a Ray run codes exactly as a plain one. :meth:`CoderPool.map` keeps at most
``IN_FLIGHT_PER_ACTOR`` batches per actor outstanding (so a corpus of millions never piles up in
memory: the driver reads the next inputs only when a slot frees) and yields results in input order
(so cross-article merging, which depends on write order, is deterministic). A batch whose actor
dies, or whose task raises, is re-coded article by article on a fresh actor; an article that fails
alone becomes a :class:`Failed` record, never a stopped run.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sitreps.model import Article
from sitreps.store.writer import Coded, Failed

T = TypeVar("T")
IN_FLIGHT_PER_ACTOR = 2
WARM_UP = "Gunmen killed two people in Kano on Monday."


class RayWorkerError(RuntimeError):
    """The coder actors could not start (sitreps, spaCy or the model missing on the cluster)."""


class CoderWorker:
    """The body of one Ray actor: loads the NLP stack once, then codes batch after batch."""

    def __init__(self) -> None:
        from sitreps.extract import article_from_text
        from sitreps.ingest import code_batch

        code_batch([article_from_text(WARM_UP)])  # loads spaCy, gazetteer, actors and lexicon now

    def ready(self) -> tuple[int, str]:
        """(pid, path of the sitreps package): the driver checks it codes with the same code."""
        import sitreps

        return os.getpid(), sitreps.__file__

    def code(self, articles: list[Article], include_all: bool = True) -> list[Coded | Failed]:
        from sitreps.ingest import code_batch

        return code_batch(articles, include_all=include_all)


@dataclass
class _Job(Generic[T]):
    tag: T
    articles: list[Article]
    slot: int = -1
    actor: Any = None
    ref: Any = None


def _reason(exc: BaseException) -> str:
    cause = getattr(exc, "cause", None)
    if isinstance(cause, BaseException):
        return f"{type(cause).__name__}: {cause}"[:500]
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"[:500]


class CoderPool:
    """``workers`` coder actors on the current Ray session (see module docstring)."""

    def __init__(self, workers: int, *, in_flight_per_actor: int = IN_FLIGHT_PER_ACTOR) -> None:
        from sitreps.distributed.session import require_ray

        self._ray = require_ray()
        self._cls = self._ray.remote(num_cpus=1, max_restarts=0)(CoderWorker)
        self.in_flight_per_actor = max(1, in_flight_per_actor)
        self.actors: list[Any] = [self._cls.remote() for _ in range(workers)]
        self.replaced = 0  # actors that died and were replaced
        self.peak_in_flight = 0  # most batches outstanding at once (bounded by the window)
        try:
            self.worker_info = self._ray.get([a.ready.remote() for a in self.actors])
        except self._ray.exceptions.RayError as exc:
            self.close()
            raise RayWorkerError(f"Ray coder workers could not start: {_reason(exc)}") from None

    @property
    def window(self) -> int:
        return self.in_flight_per_actor * len(self.actors)

    def map(
        self, jobs: Iterable[tuple[T, list[Article]]], *, include_all: bool = True
    ) -> Iterator[tuple[T, list[Coded | Failed]]]:
        """Code each ``(tag, articles)`` job; yield ``(tag, results)`` in input order. A job with
        no articles is passed through without a round trip (a resumed run skips stored batches)."""
        pending: deque[_Job[T]] = deque()
        load = [0] * len(self.actors)
        it = iter(jobs)
        more = True
        while True:
            while more and len(pending) < self.window:
                nxt = next(it, None)
                if nxt is None:
                    more = False
                    break
                job = _Job(tag=nxt[0], articles=list(nxt[1]))
                if job.articles:
                    job.slot = min(range(len(load)), key=load.__getitem__)
                    job.actor = self.actors[job.slot]
                    job.ref = job.actor.code.remote(job.articles, include_all)
                    load[job.slot] += 1
                    self.peak_in_flight = max(self.peak_in_flight, sum(load))
                pending.append(job)
            if not pending:
                return
            job = pending.popleft()
            results: list[Coded | Failed] = []
            if job.articles:
                results = self._collect(job, include_all)
                load[job.slot] -= 1
            yield job.tag, results

    def _collect(self, job: _Job[T], include_all: bool) -> list[Coded | Failed]:
        try:
            return self._ray.get(job.ref)
        except self._ray.exceptions.RayError as exc:
            self._revive(job.slot, job.actor, exc)
        out: list[Coded | Failed] = []
        for a in job.articles:  # one by one, so only the article that breaks the worker fails
            actor = self.actors[job.slot]
            try:
                out.extend(self._ray.get(actor.code.remote([a], include_all)))
            except self._ray.exceptions.RayError as exc:
                self._revive(job.slot, actor, exc)
                out.append(Failed(a.source or a.id, "code", f"Ray worker failed: {_reason(exc)}"))
        return out

    def _revive(self, slot: int, actor: Any, exc: BaseException) -> None:
        """Replace the actor in ``slot`` if ``exc`` says it died and nobody replaced it yet."""
        if not isinstance(exc, self._ray.exceptions.RayActorError) or self.actors[slot] is not actor:
            return
        try:
            self._ray.kill(actor)
        except Exception:  # noqa: BLE001 - already gone
            pass
        self.actors[slot] = self._cls.remote()
        self.replaced += 1

    def close(self) -> None:
        for a in self.actors:
            try:
                self._ray.kill(a)
            except Exception:  # noqa: BLE001 - the session may already be down
                pass
        self.actors = []
