"""Request-scoped pieces: a database session per request and the bearer-token check.

Why a token and not open writes: ``POST /articles`` makes the server run the NLP chain and,
with a URL, fetch a page; left open it is a free worker for anyone. With no ``SITREPS_TOKEN``
configured the write endpoints are disabled (403), and a wrong token is a 401.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

from fastapi import Header, HTTPException, Request
from sqlalchemy.orm import Session


def session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as s:
        yield s


def require_token(request: Request, authorization: str | None = Header(default=None)) -> None:
    token: str | None = request.app.state.token
    if not token:
        raise HTTPException(
            403, "write endpoints are disabled: set SITREPS_TOKEN on the server to enable them"
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})
