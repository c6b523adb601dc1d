"""Start or join Ray quietly for one command, and stop what we started.

Why quiet: a CLI that prints Ray's dashboard banner, auth-token warnings and worker logs buries its
own progress and summary. Worker output stays in Ray's session logs (``/tmp/ray/session_*/logs``);
what matters to the user (an article that failed) comes back as a failure record.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

INSTALL_HINT = "pip install 'sitreps[ray]'"


class RayUnavailable(RuntimeError):
    """Ray is not installed, or the cluster cannot be reached or used."""


def require_ray() -> ModuleType:
    try:
        import ray
    except ImportError:
        raise RayUnavailable(f"Ray is not installed; install the extra: {INSTALL_HINT}") from None
    return ray


@contextmanager
def ray_session(address: str | None = None, workers: int | None = None) -> Iterator[int]:
    """Yield how many coder actors to start. Without ``address`` (or ``$RAY_ADDRESS``) start a local
    Ray with ``workers`` CPUs (default: this machine's); with one, join that cluster (default: one
    actor per CPU it has). A Ray already initialised in this process is used and left running."""
    ray = require_ray()
    address = address or os.environ.get("RAY_ADDRESS") or None
    if workers is not None and workers < 1:
        raise RayUnavailable(f"--workers must be at least 1, not {workers}")
    started = False
    if not ray.is_initialized():
        quiet = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
        try:
            if address:
                ray.init(address=address, **quiet)
            else:
                ray.init(num_cpus=workers or os.cpu_count() or 1, **quiet)
        except Exception as exc:  # ConnectionError, ValueError, RuntimeError: all mean "no Ray here"
            where = f"the Ray cluster at {address}" if address else "a local Ray"
            raise RayUnavailable(f"cannot start or join {where}: {type(exc).__name__}: {exc}") from None
        started = True
    try:
        cpus = int(ray.cluster_resources().get("CPU", 0))
        n = workers or max(cpus, 1)
        if n > cpus:
            raise RayUnavailable(
                f"{n} worker(s) need {n} CPUs but the Ray cluster has {cpus}; pass --workers {max(cpus, 1)}"
            )
        yield n
    finally:
        if started:
            ray.shutdown()
