"""HTML pages: body paragraphs and metadata with trafilatura.

Size: a cheap linear pre-clean drops ``<script>``, ``<style>``, ``<svg>``, ``<noscript>``,
``<template>``, ``<iframe>`` and comments; what is left is cut at ``MAX_HTML_CHARS`` (2 million
characters, ten times the largest cleaned news page of the extraction benchmark) before parsing,
so a 50 MB page costs a few seconds, not minutes. Files over ``sources.MAX_FILE_BYTES`` are not
read at all.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from .dates import parse_date

logger = logging.getLogger("sitreps.extract")

MAX_HTML_CHARS = 2_000_000
_DROP_OPEN = re.compile(r"<(script|style|svg|noscript|template|iframe|object)\b|<!--", re.I)
_CLOSE = {
    name: re.compile(rf"</{name}\s*>", re.I)
    for name in ("script", "style", "svg", "noscript", "template", "iframe", "object")
}
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?""", re.I)
_OG_LOCALE = re.compile(
    r"""<meta[^>]+property\s*=\s*["']og:locale["'][^>]+content\s*=\s*["']([A-Za-z]{2,3})""", re.I
)


@dataclass
class HtmlResult:
    paragraphs: list[str]
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date_text: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    truncated: bool = False


def preclean(html: str, limit: int = MAX_HTML_CHARS) -> tuple[str, bool]:
    """Drop scripts, styles, inline SVG and comments in one linear pass; cap the result."""
    out: list[str] = []
    size = 0
    pos = 0
    n = len(html)
    while pos < n and size <= limit:
        m = _DROP_OPEN.search(html, pos)
        if not m:
            out.append(html[pos:])
            size += n - pos
            break
        out.append(html[pos : m.start()])
        size += m.start() - pos
        if m.group(0) == "<!--":
            end = html.find("-->", m.end())
            pos = n if end < 0 else end + 3
        else:
            close = _CLOSE[m.group(1).lower()].search(html, m.end())
            pos = n if close is None else close.end()
    text = "".join(out)
    if len(text) > limit:
        return text[:limit], True
    return text, False


def declared_language(html: str) -> str | None:
    head = html[:20000]
    m = _HTML_LANG.search(head) or _OG_LOCALE.search(head)
    return m.group(1).lower() if m else None


def extract_html(html: str, url: str | None = None) -> HtmlResult:
    """Body paragraphs and metadata of an HTML page. Never raises for odd markup: a page with no
    extractable text gives no paragraphs."""
    import trafilatura

    cleaned, truncated = preclean(html)
    if truncated:
        logger.warning("HTML page of %d characters cut to %d before parsing", len(html), MAX_HTML_CHARS)
    lang = declared_language(cleaned)
    doc = None
    for kwargs in ({"favor_precision": True}, {"favor_recall": True}):
        try:
            doc = trafilatura.bare_extraction(
                cleaned,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                deduplicate=False,
                **kwargs,
            )
        except Exception as exc:  # trafilatura/lxml on pathological markup
            logger.warning("trafilatura failed (%s): %s", kwargs, exc)
            doc = None
        if doc is not None and (getattr(doc, "text", None) or "").strip():
            break
    res = HtmlResult(paragraphs=[], language=lang, truncated=truncated)
    if doc is None:
        res.paragraphs = _fallback_text(cleaned)
        return res
    text = getattr(doc, "text", None) or ""
    res.paragraphs = [" ".join(p.split()) for p in text.split("\n") if p.strip()]
    if not res.paragraphs:
        res.paragraphs = _fallback_text(cleaned)
    res.title = _clean(getattr(doc, "title", None))
    author = _clean(getattr(doc, "author", None))
    if author:
        res.authors = [a.strip() for a in re.split(r";|\s+and\s+", author) if a.strip()]
    res.date_text = _clean(getattr(doc, "date", None))
    res.publisher = _clean(getattr(doc, "sitename", None))
    res.url = _clean(getattr(doc, "url", None)) or url
    doc_lang = _clean(getattr(doc, "language", None))
    if doc_lang:
        res.language = doc_lang.split("-")[0].lower()
    return res


def _fallback_text(html: str) -> list[str]:
    """Last resort when trafilatura finds no article: the page's visible text, paragraph-wise."""
    try:
        import trafilatura

        text = trafilatura.html2txt(html) or ""
    except Exception:
        return []
    lines = [" ".join(p.split()) for p in re.split(r"\n+", text)]
    return [ln for ln in lines if len(ln.split()) >= 8]  # prose only, not menus


def _clean(value) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def html_date(res: HtmlResult):
    return parse_date(res.date_text) if res.date_text else None
