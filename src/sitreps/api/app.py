"""The FastAPI application: ``create_app(db)``; ``sitreps serve`` runs it with uvicorn.

OpenAPI docs at ``/docs`` are the reference. Reads use one engine, writes (``POST /articles``)
another whose SQLite transactions are ``BEGIN IMMEDIATE`` (see ``store.engine``).
"""

from __future__ import annotations

import os

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from sitreps import __version__
from sitreps.api import articles, events
from sitreps.store import open_engine
from sitreps.store.query import FilterError


def create_app(db: str | None = None, *, token: str | None = None, allow_private: bool = False) -> FastAPI:
    """An app on ``db`` (URL or path; default ``SITREPS_DB`` or ``./sitreps.db``). The write token
    defaults to ``SITREPS_TOKEN``; without one, write endpoints are disabled."""
    app = FastAPI(
        title="sitreps",
        version=__version__,
        description="Conflict events coded from news, ACLED-style, with the evidence for every field.",
    )
    app.state.engine = open_engine(db)
    app.state.write_engine = open_engine(db, write=True, migrate=False)
    app.state.token = token if token is not None else (os.environ.get("SITREPS_TOKEN") or None)
    app.state.allow_private = allow_private

    @app.exception_handler(FilterError)
    async def _bad_filter(_request: Request, exc: FilterError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(events.router, tags=["events"])
    app.include_router(articles.router, tags=["articles"])
    app.include_router(__import__("sitreps.web", fromlist=["router"]).router)  # the dashboard at /
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory sitreps.api.app:app_from_env`` (reads SITREPS_DB, SITREPS_TOKEN,
    SITREPS_ALLOW_PRIVATE)."""
    return create_app(None, allow_private=os.environ.get("SITREPS_ALLOW_PRIVATE") == "1")
