"""Write coded articles into the store: idempotent, atomic per batch, merging across articles.

``write_batch`` takes a batch of coded articles (and failures) and commits them in ONE transaction:
a crash loses at most the batch in flight and never leaves an article without its mentions. Each
article is written inside a savepoint, so one article that the database rejects is recorded as a
failure and the rest of the batch still commits. Writers are serialised (SQLite ``BEGIN
IMMEDIATE`` with a busy timeout, a PostgreSQL advisory transaction lock), so the look-up of the
event a new report merges into and the update of that event cannot interleave with another
process doing the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.orm import Session, selectinload

from sitreps.merge.article import VIOLENT_TYPES, build_event
from sitreps.merge.cross import DATE_DAYS, PUBLICATION_SLACK, Report, km, reconcile, same_event
from sitreps.model import Article, Event
from sitreps.store.convert import (
    ROLES,
    actor_values,
    article_from_row,
    event_actor_names,
    event_from_row,
    event_values,
    mention_from_row,
    mention_id,
    mention_values,
    place_values,
    sha1,
)
from sitreps.store.schema import (
    ActorRow,
    ArticleRow,
    EventActor,
    EventRow,
    Failure,
    MentionActor,
    MentionRow,
    Outlet,
    PlaceRow,
)
from sitreps.store.sql import insert_ignore, upsert
from sitreps.store.urls import url_key

log = logging.getLogger("sitreps.store")
_PG_WRITE_LOCK = 0x5174_7266
MAX_CANDIDATES = 500


@dataclass
class Coded:
    """An article and the events ``code_articles`` found in it (with audit mentions)."""

    article: Article
    events: list[Event]


@dataclass
class Failed:
    source: str
    stage: str
    reason: str


@dataclass
class BatchResult:
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0  # counted in-article events written
    merged: int = 0  # of which merged into an event another article reported
    failures: list[Failed] = field(default_factory=list)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# --- look-up tables -------------------------------------------------------------------------


def _outlet_id(s: Session, name: str | None) -> int | None:
    if not name:
        return None
    name = name.strip()[:300]
    insert_ignore(s, Outlet.__table__, {"name": name})
    return s.scalar(select(Outlet.id).where(Outlet.name == name))


def _actor_ids(s: Session, events: list[Event]) -> dict[str, int]:
    actors = {}
    for ev in events:
        for m in ev.mentions:
            for role in ROLES:
                v = getattr(m, role)
                for a in v if isinstance(v, list) else [v]:
                    if a is not None and a.name:
                        actors.setdefault(a.name[:300], {**actor_values(a), "name": a.name[:300]})
    if not actors:
        return {}
    insert_ignore(s, ActorRow.__table__, list(actors.values()))
    rows = s.execute(select(ActorRow.name, ActorRow.id).where(ActorRow.name.in_(list(actors))))
    return dict(rows.all())


def _place_ids(s: Session, events: list[Event]) -> dict[str, int]:
    places = {}
    for ev in events:
        for m in ev.mentions:
            if m.place is not None:
                v = place_values(m.place)
                v["name"] = (v["name"] or "")[:300]
                places.setdefault(v["key"], v)
    if not places:
        return {}
    insert_ignore(s, PlaceRow.__table__, list(places.values()))
    rows = s.execute(select(PlaceRow.key, PlaceRow.id).where(PlaceRow.key.in_(list(places))))
    return dict(rows.all())


# --- failures -------------------------------------------------------------------------------


def record_failure(s: Session, f: Failed) -> None:
    key = sha1(f.source)
    row = {
        "source_key": key,
        "source": f.source,
        "stage": f.stage,
        "reason": f.reason[:2000],
        "attempts": 1,
        "created_at": _now(),
    }
    upsert(
        s,
        Failure.__table__,
        row,
        ["source_key"],
        {
            "stage": f.stage,
            "reason": row["reason"],
            "created_at": row["created_at"],
            "attempts": Failure.__table__.c.attempts + 1,
        },
    )


def _clear_failure(s: Session, source: str | None) -> None:
    if source:
        s.execute(delete(Failure).where(Failure.source_key == sha1(source)))


# --- merging --------------------------------------------------------------------------------


def _report(ev: Event, article: ArticleRow | Article) -> Report:
    pub = article.publisher.name if isinstance(article, ArticleRow) and article.publisher else None
    orig = (
        article.original_source.name if isinstance(article, ArticleRow) and article.original_source else None
    )
    if isinstance(article, Article):
        pub, orig = article.publisher, article.original_source
    return Report(
        event=ev,
        article_id=article.id,
        publisher=pub,
        original_source=orig,
        published=article.published,
        url=article.url,
    )


def _find_match(s: Session, ev: Event, exclude: set[str]) -> str | None:
    """The stored event this in-article event reports, if any (closest in time, then space)."""
    if ev.date is None or ev.date.date is None or not ev.counted:
        return None
    span = max(DATE_DAYS.values()) + PUBLICATION_SLACK
    d: date = ev.date.date
    q = select(EventRow).where(
        EventRow.event_date.between(d - timedelta(days=span), d + timedelta(days=span))
    )
    if ev.event_type in VIOLENT_TYPES:
        q = q.where(EventRow.event_type.in_(sorted(VIOLENT_TYPES)))
    else:
        q = q.where(EventRow.event_type == ev.event_type)
    iso2 = ev.place.iso2.upper() if ev.place and ev.place.iso2 else None
    if iso2:
        q = q.where((EventRow.iso2 == iso2) | EventRow.iso2.is_(None))
    best: tuple[float, float, str] | None = None
    for row in s.scalars(q.limit(MAX_CANDIDATES)):
        if row.id in exclude:
            continue
        cand = event_from_row(row)
        if not same_event(cand, ev):
            continue
        dist = km(cand.place, ev.place) if cand.place and ev.place else None
        key = (abs((row.event_date - d).days), dist if dist is not None else 1e9, row.id)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def _reports_of(s: Session, event_id: str) -> list[Report]:
    """Every article's report of a stored event, rebuilt from its mentions."""
    rows = s.scalars(
        select(MentionRow)
        .where(MentionRow.event_id == event_id, MentionRow.counted.is_(True))
        .options(selectinload(MentionRow.actors))
        .order_by(MentionRow.article_id, MentionRow.position)
    ).all()
    groups: dict[str, list[MentionRow]] = {}
    for m in rows:
        groups.setdefault(m.article_event_id, []).append(m)
    art_ids = {m.article_id for m in rows}
    articles = {a.id: a for a in s.scalars(select(ArticleRow).where(ArticleRow.id.in_(art_ids)))}
    reports = []
    for aeid, ms in groups.items():
        ev = build_event([mention_from_row(m) for m in ms])
        ev.id = aeid
        reports.append(_report(ev, articles[ms[0].article_id]))
    return reports


def _save_event(s: Session, event_id: str, reports: list[Report], now: datetime, exists: bool) -> None:
    merged = reconcile(reports, event_id=event_id)
    head = merged.event.mentions[0] if merged.event.mentions else None
    values = event_values(
        merged.event,
        merged.conflicts,
        mention_id(head) if head else None,
        n_articles=len({r.article_id for r in reports}),
    )
    values["updated_at"] = now
    if exists:
        values.pop("id")
        s.execute(update(EventRow).where(EventRow.id == event_id).values(**values))
        s.execute(delete(EventActor).where(EventActor.event_id == event_id))
    else:
        values["created_at"] = now
        s.execute(EventRow.__table__.insert().values(**values))
    names = event_actor_names(merged.event)
    if names:
        s.execute(
            EventActor.__table__.insert(),
            [{"event_id": event_id, "role": r, "name": n} for r, n in sorted(names)],
        )


# --- articles -------------------------------------------------------------------------------


def article_values(a: Article, publisher_id: int | None, original_id: int | None, now: datetime) -> dict:
    return {
        "id": a.id,
        "url_key": url_key(a.url) if a.url else None,
        "url": a.url,
        "title": a.title,
        "authors": list(a.authors),
        "publisher_id": publisher_id,
        "original_source_id": original_id,
        "published": a.published,
        "published_from": a.published_from,
        "language": a.language,
        "body": a.body,
        "paragraphs": [list(p) for p in a.paragraphs],
        "tags": list(a.tags),
        "source": a.source,
        "format": a.format,
        "country_hint": a.country_hint,
        "n_mentions": 0,
        "n_events": 0,
        "ingested_at": now,
    }


def store_article(s: Session, item: Coded, now: datetime) -> tuple[bool, int, int]:
    """Write one coded article; (stored?, counted events, of which merged). A duplicate (same
    content hash or same canonical URL) is left untouched."""
    a = item.article
    pub_id = _outlet_id(s, a.publisher)
    orig_id = _outlet_id(s, a.original_source)
    if not insert_ignore(s, ArticleRow.__table__, article_values(a, pub_id, orig_id, now)):
        return False, 0, 0
    actor_ids = _actor_ids(s, item.events)
    place_ids = _place_ids(s, item.events)
    touched: dict[str, bool] = {}  # event id -> existed before this article
    new_reports: dict[str, Report] = {}
    assignment: dict[str, str | None] = {}
    n_counted = n_merged = 0
    seen: set[str] = set()
    for i, ev in enumerate(item.events):  # in-article ids can collide when one sentence holds two events
        if ev.id in seen:
            ev.id = sha1(f"{ev.id}:{i}")[:16]
        seen.add(ev.id)
    for ev in item.events:
        if not ev.counted:
            assignment[ev.id] = None
            continue
        n_counted += 1
        match = _find_match(s, ev, exclude=set(touched))
        if match is not None:
            n_merged += 1
            touched[match] = True
            assignment[ev.id] = match
        else:
            touched[ev.id] = False
            new_reports[ev.id] = _report(ev, a)
            assignment[ev.id] = ev.id
    # New events first (mentions reference them), then the mentions, then re-reconcile merges.
    for eid, rep in new_reports.items():
        _save_event(s, eid, [rep], now, exists=False)
    mention_rows, actor_rows, pos = [], [], 0
    for ev in item.events:
        for m in ev.mentions:
            place_id = place_ids.get(place_values(m.place)["key"]) if m.place is not None else None
            row = mention_values(
                m, position=pos, article_event_id=ev.id, event_id=assignment[ev.id], place_id=place_id
            )
            pos += 1
            mention_rows.append(row)
            for role in ROLES:
                v = getattr(m, role)
                for i, actor in enumerate(v if isinstance(v, list) else [v]):
                    if actor is not None and actor.name:
                        span = [actor.span.text, actor.span.start, actor.span.end] if actor.span else None
                        actor_rows.append(
                            {
                                "mention_id": row["id"],
                                "role": role,
                                "position": i,
                                "actor_id": actor_ids[actor.name[:300]],
                                "span": span,
                            }
                        )
    insert_ignore(s, MentionRow.__table__, mention_rows)
    insert_ignore(s, MentionActor.__table__, actor_rows)
    for eid, existed in touched.items():
        if existed:
            _save_event(s, eid, _reports_of(s, eid), now, exists=True)
    s.execute(
        update(ArticleRow)
        .where(ArticleRow.id == a.id)
        .values(n_mentions=len(mention_rows), n_events=n_counted)
    )
    _clear_failure(s, a.source)
    return True, n_counted, n_merged


def _lock(s: Session) -> None:
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_WRITE_LOCK})


def write_batch(engine: Engine, items: list[Coded | Failed]) -> BatchResult:
    """Commit a batch of coded articles and failures in one transaction (see module docstring)."""
    res = BatchResult()
    now = _now()
    with Session(engine) as s, s.begin():
        _lock(s)
        for item in items:
            if isinstance(item, Failed):
                record_failure(s, item)
                res.failed += 1
                res.failures.append(item)
                continue
            sp = s.begin_nested()
            try:
                stored, n_ev, n_merged = store_article(s, item, now)
                sp.commit()
            except Exception as exc:  # one bad article never stops the batch
                sp.rollback()
                log.exception("cannot store %s", item.article.source)
                f = Failed(item.article.source or item.article.id, "store", f"{type(exc).__name__}: {exc}")
                record_failure(s, f)
                res.failed += 1
                res.failures.append(f)
                continue
            if stored:
                res.stored += 1
                res.events += n_ev
                res.merged += n_merged
            else:
                res.duplicates += 1
    return res


def known_articles(engine: Engine, articles: list[Article]) -> set[str]:
    """Ids of the given articles already stored (by content hash or canonical URL): ingest skips
    them before the expensive NLP, which is what makes a re-run after a crash fast."""
    if not articles:
        return set()
    by_key = {url_key(a.url): a.id for a in articles if a.url}
    ids = [a.id for a in articles]
    with Session(engine) as s:
        found = set(s.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(ids))))
        if by_key:
            keys = s.scalars(select(ArticleRow.url_key).where(ArticleRow.url_key.in_(list(by_key))))
            found |= {by_key[k] for k in keys}
    return found



def url_stored(engine: Engine, url: str) -> bool:
    """Whether an article with this canonical URL is stored (feeds are re-read often: a link
    already stored is not fetched again)."""
    with Session(engine) as s:
        return s.scalar(select(ArticleRow.id).where(ArticleRow.url_key == url_key(url)).limit(1)) is not None


__all__ = ["BatchResult", "Coded", "Failed", "article_from_row", "known_articles", "url_stored", "write_batch"]
