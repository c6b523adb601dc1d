"""RawDocument -> Article: decode, parse (HTML or text export), clean, check, date."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

from ..model import Article, RawDocument
from .boilerplate import default_rules
from .dates import check_date, parse_date
from .decode import check_text, to_text
from .errors import ExtractError
from .html import extract_html, html_date
from .language import check_english
from .text import Block, Parsed, cap_paragraphs, clean_body, parse_header, parse_text

logger = logging.getLogger("sitreps.extract")

FORMATS = ("html", "md", "txt")
_SLACK = timedelta(days=1)  # time zones: a page dated tomorrow's date may be crawled today


def sniff_format(text: str) -> str:
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in head or "<p>" in head or "<div" in head
    ):
        return "html"
    return "txt"


def _parse_html(text: str, url: str | None) -> tuple[Parsed, str | None, str | None]:
    """(parsed, declared language, url from the page)."""
    res = extract_html(text, url=url)
    rules = default_rules()
    blocks = [Block(lines=[p]) for p in res.paragraphs]
    # Bylines, date lines and tag lines that trafilatura leaves at the top of the text; the title
    # comes from the page metadata, never from the first line.
    meta, start, rest = parse_header(blocks, rules, allow_title=False)
    body_blocks = blocks[start:]
    if rest and body_blocks:
        body_blocks = [Block(lines=rest)] + body_blocks[1:]
    meta.paragraphs = clean_body(body_blocks, rules, meta)
    meta.paragraphs, truncated = cap_paragraphs(meta.paragraphs)
    meta.truncated = truncated or res.truncated
    meta.title = res.title
    if meta.paragraphs and res.title and _same_text(meta.paragraphs[0], res.title):
        meta.paragraphs = meta.paragraphs[1:]  # the page's <h1> repeats the title
    if res.authors:
        meta.authors = res.authors
    if res.publisher:
        meta.publisher = res.publisher
    d = html_date(res)
    if d is not None:
        meta.published, meta.published_from = d, "metadata"
    return meta, res.language, res.url


def _same_text(a: str, b: str) -> bool:
    norm = lambda s: " ".join(re.findall(r"\w+", s.lower()))  # noqa: E731
    return norm(a) == norm(b) or (len(norm(a)) > 20 and norm(b).startswith(norm(a)))


def build_article(raw: RawDocument, *, check_language: bool = True) -> Article:
    """The work of :func:`to_article`; ``check_language=False`` keeps non-English pages (used by
    the extraction benchmark, which is multilingual)."""
    src = raw.source
    fmt = (raw.format or "").lower()
    if fmt in {"htm", "xhtml"}:
        fmt = "html"
    if fmt == "markdown":
        fmt = "md"
    try:
        text = to_text(raw.content, html=(fmt == "html"), charset=(raw.meta or {}).get("charset"))
    except ExtractError as exc:
        raise ExtractError(exc.reason, src) from None
    if fmt not in FORMATS:
        fmt = sniff_format(text)

    declared_lang, page_url = None, None
    if fmt == "html":
        parsed, declared_lang, page_url = _parse_html(text, raw.url)
    else:
        parsed = parse_text(text, fmt)
    if parsed.truncated:
        logger.warning(
            "%s: input too long, kept its first %d characters of body",
            src,
            len("\n\n".join(parsed.paragraphs)),
        )
    body = "\n\n".join(parsed.paragraphs)
    if not body.strip():
        raise ExtractError("no body text left after removing markup and boilerplate", src)
    try:
        check_text(body)
    except ExtractError as exc:
        raise ExtractError(exc.reason, src) from None

    language = "en"
    if check_language:
        other = check_english(body, declared_lang)
        if other:
            raise ExtractError(f"not English (looks like {other})", src)
    elif declared_lang:
        language = declared_lang

    published, published_from = _pick_date(raw, parsed, src)

    offsets, pos = [], 0
    for p in parsed.paragraphs:
        offsets.append((pos, pos + len(p)))
        pos += len(p) + 2

    meta = raw.meta or {}
    title = meta.get("title") or parsed.title
    return Article(
        id=Article.make_id(body),
        body=body,
        title=title,
        url=raw.url or page_url,
        authors=list(parsed.authors),
        publisher=meta.get("publisher") or parsed.publisher,  # a feed names its outlet
        original_source=parsed.original_source,
        published=published,
        published_from=published_from,
        language=language,
        paragraphs=offsets,
        tags=list(parsed.tags),
        source=src,
        format=fmt,
        country_hint=meta.get("country_hint"),
    )


def _pick_date(raw: RawDocument, parsed: Parsed, src: str) -> tuple[date | None, str]:
    """First plausible date of: override / record, page metadata, dateline. Never today's date,
    never the crawl date; but a page cannot be published after it was crawled, so a date from the
    page past the crawl date (``meta["crawled"]``, web archives) is a misreading and is passed over."""
    crawled = parse_date(str((raw.meta or {}).get("crawled") or "")[:10])
    candidates: list[tuple[date | None, str]] = []
    if raw.published is not None:
        origin = (raw.meta or {}).get("published_from", "record")
        d = raw.published if isinstance(raw.published, date) else parse_date(str(raw.published))
        candidates.append((d, origin if origin in {"override", "record", "feed"} else "record"))
    if parsed.published is not None:
        candidates.append((parsed.published, parsed.published_from or "dateline"))
    for d, origin in candidates:
        ok = check_date(d, src, origin)
        if ok is not None and crawled and origin not in {"override", "record"} and ok > crawled + _SLACK:
            logger.warning("%s: ignoring %s date %s, after the page was crawled (%s)", src, origin, ok, crawled)
            continue
        if ok is not None:
            return ok, origin
    return None, "none"


def to_article(raw: RawDocument) -> Article:
    """A clean :class:`Article` from a :class:`RawDocument`.

    Raises :class:`ExtractError` for unusable input: empty, binary, not decodable, no body text
    left after cleaning, or not English.
    """
    return build_article(raw, check_language=True)


def article_from_text(
    text: str,
    *,
    format: str = "txt",
    published: date | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Article:
    """An Article from a string (html, md or txt): the gold records' ``text`` + ``format``."""
    if isinstance(published, str):
        published = parse_date(published)
    raw = RawDocument(
        source=url or "<text>",
        content=text,
        format=format,
        url=url,
        published=published,
        meta={"title": title} if title else {},
    )
    return to_article(raw)
