"""``GET /articles/{id}`` and ``POST /articles`` (token-protected ingestion of one article)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, Field, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sitreps.api.deps import require_token, session
from sitreps.api.serialize import article_meta, mention_json
from sitreps.model import RawDocument
from sitreps.store.fetch import FetchError, fetch
from sitreps.store.schema import ArticleRow, MentionRow

router = APIRouter()
MAX_TEXT = 5_000_000


class ArticleIn(BaseModel):
    """One article: its ``text`` (html, md or txt) or a ``url`` for the server to fetch."""

    text: str | None = Field(default=None, max_length=MAX_TEXT)
    url: str | None = Field(default=None, max_length=2048, pattern=r"^https?://")
    title: str | None = Field(default=None, max_length=1000)
    published: date | None = None
    format: Literal["html", "md", "txt"] | None = None
    country: str | None = Field(default=None, max_length=100)

    @model_validator(mode="after")
    def _one_source(self) -> ArticleIn:
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of 'text' or 'url'")
        if self.text is not None and not self.text.strip():
            raise ValueError("'text' is empty")
        return self


@router.get("/articles/{article_id}", summary="One article with its text and every mention")
def get_article(article_id: str, s: Annotated[Session, Depends(session)]) -> dict[str, Any]:
    a = s.get(ArticleRow, article_id)
    if a is None:
        raise HTTPException(404, f"no article {article_id!r}")
    mentions = s.scalars(
        select(MentionRow)
        .where(MentionRow.article_id == article_id)
        .options(selectinload(MentionRow.actors))
        .order_by(MentionRow.position)
    ).all()
    out = article_meta(a)
    out.update(
        body=a.body,
        paragraphs=a.paragraphs or [],
        source=a.source,
        format=a.format,
        ingested_at=a.ingested_at.isoformat() if a.ingested_at else None,
        event_ids=sorted({m.event_id for m in mentions if m.event_id}),
        mentions=[mention_json(m) for m in mentions],
    )
    return out


@router.post(
    "/articles",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Ingest one article (requires Authorization: Bearer <SITREPS_TOKEN>)",
    responses={200: {"description": "Already stored"}, 401: {}, 403: {}, 422: {}},
)
def post_article(body: ArticleIn, request: Request, response: Response) -> dict[str, Any]:
    from sitreps.ingest import ingest_one

    if body.url is not None:
        try:
            raw = fetch(body.url, allow_private=request.app.state.allow_private)
        except FetchError as exc:
            raise HTTPException(422, str(exc)) from None
        from sitreps.extract.feeds import looks_like_feed

        if looks_like_feed(raw.content, raw.meta.get("content_type")):
            # one request, one article: a feed's entries are many (and fetched one by one)
            raise HTTPException(422, f"{body.url} is an RSS/Atom feed, not an article: "
                                     "use `sitreps ingest URL` (or --every to poll it)")
        if body.title:
            raw.meta["title"] = body.title
        if body.format:
            raw.format = body.format
    else:
        raw = RawDocument(
            source="POST /articles",
            content=body.text or "",
            format=body.format or "",
            meta={"title": body.title} if body.title else {},
        )
    if body.published is not None:
        raw.published = body.published
        raw.meta["published_from"] = "record"
    if body.country:
        raw.meta["country_hint"] = body.country
    result = ingest_one(request.app.state.write_engine, raw)
    if result.status == "failed":
        raise HTTPException(422, f"not stored: {result.reason}")
    if result.status == "duplicate":
        response.status_code = 200
    return {"article_id": result.article_id, "status": result.status, "event_ids": result.event_ids}
