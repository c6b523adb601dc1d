"""Database URLs and engines: SQLite by default (``./sitreps.db``, WAL), PostgreSQL by URL.

One function decides the URL (``--db`` > ``SITREPS_DB`` > ``sitreps.db``) so that every command and
the API agree. SQLite connections run in driver autocommit mode and we emit ``BEGIN`` ourselves:
writers take ``BEGIN IMMEDIATE`` so two ingest processes queue on the busy timeout instead of
failing half-way with "database is locked" when a read transaction tries to upgrade to a write.

Switching a fresh file to WAL needs an exclusive lock, and SQLite skips the busy handler when two
connections would deadlock on it (both hold a shared lock, both want the exclusive one): one of them
gets "database is locked" at once. :func:`set_wal` retries that switch until the busy timeout.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_DB = "sitreps.db"
BUSY_TIMEOUT_MS = 60_000


def resolve_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db`` (a URL or a file path), else ``SITREPS_DB``, else ``sitreps.db``.

    ``postgresql://`` and ``postgres://`` URLs are given the psycopg 3 driver."""
    value = db or os.environ.get("SITREPS_DB") or DEFAULT_DB
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    return value


def is_sqlite(url_or_engine: str | Engine) -> bool:
    url = url_or_engine.url if isinstance(url_or_engine, Engine) else make_url(url_or_engine)
    return url.get_backend_name() == "sqlite"


def _locked(err: sqlite3.OperationalError) -> bool:
    msg = str(err).lower()
    return "locked" in msg or "busy" in msg


def set_wal(cur, timeout_s: float = BUSY_TIMEOUT_MS / 1000) -> None:
    """``PRAGMA journal_mode = WAL``, retried with back-off while another connection holds the lock."""
    deadline = time.monotonic() + timeout_s
    delay = 0.005
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if not _locked(err) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def make_engine(url: str, *, write: bool = False) -> Engine:
    """An engine for ``url``; ``write=True`` makes SQLite transactions ``BEGIN IMMEDIATE``."""
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, future=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
    begin = "BEGIN IMMEDIATE" if write else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # pragma: no cover - exercised by every test
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see module docstring)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        set_wal(cur)
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # pragma: no cover
        conn.exec_driver_sql(begin)

    return engine
