"""The feeds ingest has read, and their HTTP validators: polling a feed every few minutes asks the
server "anything new since this ETag / Last-Modified?" and a 304 costs no body at all.

Validators are saved only by :meth:`FeedLog.save`, which ingest calls after every batch of the run is
written: if a run dies between reading a feed and storing its entries, the next run reads the feed
again instead of being told "not modified" and never seeing those entries.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sitreps.store.schema import FeedRow
from sitreps.store.urls import url_key as _key


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class FeedLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._pending: dict[str, dict] = {}

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(etag, last_modified) of the copy of ``url`` last read, if it was read as a feed."""
        with Session(self.engine) as s:
            row = s.get(FeedRow, _key(url))
            return (row.etag, row.last_modified) if row else (None, None)

    def read(self, url: str, etag: str | None, last_modified: str | None, entries: int) -> None:
        now = _now()
        self._pending[_key(url)] = {"url": url, "etag": etag, "last_modified": last_modified, "entries": entries,
                                    "checked_at": now, "changed_at": now}

    def unchanged(self, url: str) -> None:
        self._pending.setdefault(_key(url), {"url": url, "checked_at": _now()})

    def save(self) -> None:
        """Write what this run learnt (see the module docstring for why only now)."""
        for key, values in self._pending.items():
            for _attempt in range(2):  # two processes may insert the same new feed at once
                try:
                    with Session(self.engine) as s, s.begin():
                        row = s.get(FeedRow, key)
                        if row is None:
                            s.add(FeedRow(url_key=key, **{"entries": 0, **values}))
                        else:
                            for k, v in values.items():
                                setattr(row, k, v)
                    break
                except IntegrityError:
                    continue
        self._pending.clear()

    def rows(self) -> list[FeedRow]:
        with Session(self.engine) as s:
            return list(s.scalars(select(FeedRow).order_by(FeedRow.url)))
