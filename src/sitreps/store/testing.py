"""Helpers for tests of the store and the API against real databases and a real server.

A throwaway PostgreSQL database per test module (``CREATE DATABASE sitreps_test_<random>`` on
``SITREPS_TEST_PG``, default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``), dropped
afterwards; a free loopback port; the ``sitreps`` command line as a subprocess.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
from sqlalchemy.engine import make_url

ADMIN_URL = os.environ.get("SITREPS_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SITREPS = [sys.executable, "-c", "from sitreps.cli import app; app(prog_name='sitreps')"]


class NoPostgres(RuntimeError):
    """No PostgreSQL server answered at ADMIN_URL."""


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _admin_conn():
    import psycopg

    u = make_url(ADMIN_URL)
    try:
        return psycopg.connect(
            host=u.host or "127.0.0.1",
            port=u.port or 5432,
            user=u.username or "postgres",
            password=u.password,
            dbname=u.database or "postgres",
            autocommit=True,
            connect_timeout=5,
        )
    except psycopg.OperationalError as exc:
        raise NoPostgres(f"no PostgreSQL server at {u.host}:{u.port or 5432} ({exc})") from None


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A fresh, empty database; yields its SQLAlchemy URL and drops it at the end."""
    name = f"sitreps_test_{secrets.token_hex(6)}"
    with _admin_conn() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with _admin_conn() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300, stdin: str | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SITREPS, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin,
        env={**os.environ, **(env or {})},
    )


@contextlib.contextmanager
def serving(
    db: str, *, token: str | None = None, startup: float = 60, allow_private: bool = False
) -> Iterator[str]:
    """``sitreps serve --db DB`` on a free loopback port; yields the base URL."""
    port = free_port()
    env = {**os.environ}
    env.pop("SITREPS_TOKEN", None)
    if token:
        env["SITREPS_TOKEN"] = token
    proc = subprocess.Popen(
        [*SITREPS, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port),
         *(["--allow-private"] if allow_private else [])],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"sitreps serve exited with {proc.returncode}: {proc.stdout.read()}")
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("sitreps serve did not start in time")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
