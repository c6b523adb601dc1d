"""Optional Ray backend: the driver reads, extracts and stores; Ray actors parse and code.

``pip install 'sitreps[ray]'``. :func:`coder_pool` starts (or joins) Ray and a pool of coder actors
for one command and tears both down at the end; :class:`CoderPool.map` codes batches in input order
with a bounded number of batches in flight.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sitreps.distributed.pool import IN_FLIGHT_PER_ACTOR, CoderPool, CoderWorker, RayWorkerError
from sitreps.distributed.session import INSTALL_HINT, RayUnavailable, ray_session, require_ray


@contextmanager
def coder_pool(address: str | None = None, workers: int | None = None) -> Iterator[CoderPool]:
    """Ray (local with ``workers`` CPUs, or the cluster at ``address``) and ``workers`` coder actors."""
    with ray_session(address, workers) as n:
        pool = CoderPool(n)
        try:
            yield pool
        finally:
            pool.close()


__all__ = [
    "IN_FLIGHT_PER_ACTOR",
    "INSTALL_HINT",
    "CoderPool",
    "CoderWorker",
    "RayUnavailable",
    "RayWorkerError",
    "coder_pool",
    "ray_session",
    "require_ray",
]
