"""Tables (SQLAlchemy 2 ORM): outlets, articles, failures, actors, places, mentions, events.

Why this shape: ``events`` carries flat, indexed copies of the reconciled fields (date, type,
country, admin1, coordinates, actor names, fatalities) so that ``/events`` filters and sorts one
table with composite indexes even at a million rows; ``mentions`` keep every sentence with its
evidence span, and are the ground truth an event is re-reconciled from when a new report arrives.
Unique keys (article content hash, canonical-URL hash, mention id) make ingestion idempotent
under concurrency: inserts are insert-or-ignore and a duplicate is simply not written twice.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Outlet(Base):
    """A publisher or original source ("South Front", "Global Research")."""

    __tablename__ = "outlets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)


class ArticleRow(Base):
    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # Article.id: normalised body hash
    url_key: Mapped[str | None] = mapped_column(String(40), unique=True)  # sha1 of the canonical URL
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list | None] = mapped_column(JSON)
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    original_source_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_from: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    paragraphs: Mapped[list | None] = mapped_column(JSON)
    tags: Mapped[list | None] = mapped_column(JSON)
    source: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(16))
    country_hint: Mapped[str | None] = mapped_column(String(64))
    n_mentions: Mapped[int] = mapped_column(Integer, default=0)
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)

    publisher: Mapped[Outlet | None] = relationship(foreign_keys=[publisher_id], lazy="joined")
    original_source: Mapped[Outlet | None] = relationship(foreign_keys=[original_source_id], lazy="joined")


class Failure(Base):
    """An input that could not be stored, with why; one row per source (the latest attempt)."""

    __tablename__ = "failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_key: Mapped[str] = mapped_column(String(40), unique=True)  # sha1 of source
    source: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(16))  # read | fetch | extract | code | store
    reason: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class FeedRow(Base):
    """A feed that ingest has read: its HTTP validators, so a poll asks "anything new?" (a 304 costs
    no body and no entry is looked at) instead of downloading the whole feed each time."""

    __tablename__ = "feeds"
    url_key: Mapped[str] = mapped_column(String(40), primary_key=True)  # sha1 of the canonical URL
    url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(64))
    entries: Mapped[int] = mapped_column(Integer, default=0)  # entries in the last copy read
    checked_at: Mapped[datetime] = mapped_column(DateTime)  # last request, answered or not modified
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)  # last time it had a new copy


class ActorRow(Base):
    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    inter: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(100))
    iso3: Mapped[str | None] = mapped_column(String(3))
    sector: Mapped[str | None] = mapped_column(String(16))
    known: Mapped[bool] = mapped_column(Boolean, default=True)


class PlaceRow(Base):
    __tablename__ = "places"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # "g:<geonameid>" or a hash of name+point
    geonameid: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    feature: Mapped[str | None] = mapped_column(String(16))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(100))
    iso2: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)


class EventRow(Base):
    """One real-world event (merged across sentences and articles), flat for filtering."""

    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_date: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    event_type: Mapped[str | None] = mapped_column(String(64))
    sub_event_type: Mapped[str | None] = mapped_column(String(64))
    plover: Mapped[str | None] = mapped_column(String(32))
    plover_mode: Mapped[str | None] = mapped_column(String(32))
    actor1: Mapped[str | None] = mapped_column(String(300))
    inter1: Mapped[int | None] = mapped_column(Integer)
    actor2: Mapped[str | None] = mapped_column(String(300))
    inter2: Mapped[int | None] = mapped_column(Integer)
    assoc_actor_1: Mapped[str | None] = mapped_column(Text)
    assoc_actor_2: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(300))
    geonameid: Mapped[int | None] = mapped_column(Integer)
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(100))
    iso2: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    attribution: Mapped[str | None] = mapped_column(Text)
    modality: Mapped[str] = mapped_column(String(16), default="asserted")
    scope: Mapped[str] = mapped_column(String(16), default="incident", server_default="incident")
    n_reports: Mapped[int] = mapped_column(Integer, default=1)
    n_mentions: Mapped[int] = mapped_column(Integer, default=1)
    n_articles: Mapped[int] = mapped_column(Integer, default=1)
    sources: Mapped[list | None] = mapped_column(JSON)
    notes: Mapped[str | None] = mapped_column(Text)
    conflicts: Mapped[dict | None] = mapped_column(JSON)
    provenance: Mapped[dict | None] = mapped_column(JSON)
    data: Mapped[dict | None] = mapped_column(JSON)  # the reconciled actors and place, as JSON
    head_mention_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        # Covers the bbox and fatality filters, so a walk in date order checks them without
        # touching the table (the newest page of a dense box fills after a short walk).
        Index("ix_events_date_id", "event_date", "id", "lat", "lon", "fatalities"),
        Index("ix_events_iso2_date", "iso2", "event_date", "id"),
        Index("ix_events_admin1_date", "admin1", "event_date", "id"),
        Index("ix_events_type_date", "event_type", "event_date", "id"),
        Index("ix_events_sub_date", "sub_event_type", "event_date", "id"),
        Index("ix_events_fatalities", "fatalities"),
        Index("ix_events_lat_lon", "lat", "lon"),
    )


class EventActor(Base):
    """Every actor name an event involves (actor1, actor2 and associates), for the actor filter."""

    __tablename__ = "event_actors"
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), primary_key=True)

    __table_args__ = (Index("ix_event_actors_name", "name", "event_id"),)


class MentionRow(Base):
    """One sentence (or two) that states an event, with its evidence span into the article body."""

    __tablename__ = "mentions"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    article_event_id: Mapped[str] = mapped_column(String(32))  # the in-article event it belongs to
    position: Mapped[int] = mapped_column(Integer)  # order within the article
    counted: Mapped[bool] = mapped_column(Boolean)
    evidence_text: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str | None] = mapped_column(Text)
    trigger_start: Mapped[int | None] = mapped_column(Integer)
    trigger_end: Mapped[int | None] = mapped_column(Integer)
    event_type: Mapped[str | None] = mapped_column(String(64))
    sub_event_type: Mapped[str | None] = mapped_column(String(64))
    plover: Mapped[str | None] = mapped_column(String(32))
    plover_mode: Mapped[str | None] = mapped_column(String(32))
    cameo: Mapped[str | None] = mapped_column(String(16))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    place_qualifier: Mapped[str | None] = mapped_column(String(32))
    place_span: Mapped[list | None] = mapped_column(JSON)  # [text, start, end]
    event_date: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    date_expression: Mapped[str | None] = mapped_column(Text)
    date_from_publication: Mapped[bool] = mapped_column(Boolean, default=False)
    date_background: Mapped[bool] = mapped_column(Boolean, default=False)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_text: Mapped[str | None] = mapped_column(Text)
    injuries: Mapped[int | None] = mapped_column(Integer)
    arrested: Mapped[int | None] = mapped_column(Integer)
    attribution: Mapped[str | None] = mapped_column(Text)
    modality: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16), default="incident", server_default="incident")
    score: Mapped[float] = mapped_column(Float, default=1.0)

    place: Mapped[PlaceRow | None] = relationship(lazy="joined")
    actors: Mapped[list[MentionActor]] = relationship(
        lazy="selectin", order_by="(MentionActor.role, MentionActor.position)", cascade="all, delete-orphan"
    )


class MentionActor(Base):
    """An actor of a mention in one role, with the text span that named it."""

    __tablename__ = "mention_actors"
    mention_id: Mapped[str] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)  # actor1 | assoc_actor_1 | actor2 | ...
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    span: Mapped[list | None] = mapped_column(JSON)  # [text, start, end]

    actor: Mapped[ActorRow] = relationship(lazy="joined")
