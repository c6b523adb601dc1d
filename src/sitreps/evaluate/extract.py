"""Gold task ``extract``: article body extraction scored as the article-extraction-benchmark does.

Each record holds an HTML page (``html_gz_b64``: base64 of the gzipped page, or ``html``), its
``url`` and the gold ``body``; maybe ``title``, ``date``, ``author``. Tokens are ``\\w+`` runs;
per page, true positives / false positives / false negatives over the multiset of token 4-gram
shingles give precision and recall; precision is averaged over the pages with some output and
recall over the pages with some gold text (the benchmark's rule: an empty output has no
precision but zero recall); F1 is taken of the two averages.
"""

from __future__ import annotations

import base64
import gzip
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import Any

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    toks = _TOKEN.findall(text or "")
    if not toks:
        return Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


def shingle_scores(gold: str, pred: str) -> tuple[float | None, float | None]:
    """(precision, recall) of ``pred`` against ``gold``; None where undefined."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    if fp == 0 and fn == 0:
        return (1.0 if p else None), (1.0 if g else None)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def _page(rec: dict) -> bytes | str:
    if rec.get("html_gz_b64"):
        return gzip.decompress(base64.b64decode(rec["html_gz_b64"]))
    return rec.get("html") or ""


def _norm(s: Any) -> str:
    s = unicodedata.normalize("NFKC", str(s or ""))
    return " ".join(re.findall(r"\w+", s.lower()))


def extract_page(rec: dict) -> tuple[str, Any]:
    """(body, article or None) for one record; never raises (a failure is an empty output)."""
    from sitreps.extract import build_article
    from sitreps.model import RawDocument

    try:
        raw = RawDocument(
            source=rec.get("id") or rec.get("url") or "?",
            content=_page(rec),
            format="html",
            url=rec.get("url"),
        )
        art = build_article(raw, check_language=False)  # the benchmark is multilingual
        return art.body, art
    except Exception:
        return "", None


def evaluate_extract(
    records: list[dict], *, on_record: Callable[[dict], None] | None = None, details: bool = False
) -> dict:
    """Shingle P/R/F1 of the extracted bodies (see the module doc), plus title/date/author
    accuracy where the gold gives them (None otherwise). ``details`` adds per-page scores."""
    precisions, recalls = [], []
    per_page: list[dict] = []
    title_hits, date_hits, author_hits = [], [], []
    failures = 0
    t0 = time.perf_counter()
    for rec in records:
        body, art = extract_page(rec)
        if art is None:
            failures += 1
        p, r = shingle_scores(rec.get("body") or "", body)
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
        if rec.get("title"):
            title_hits.append(art is not None and _norm(art.title) == _norm(rec["title"]))
        if rec.get("date"):
            got = art.published.isoformat() if art is not None and art.published else None
            date_hits.append(got == str(rec["date"])[:10])
        if details:
            per_page.append(
                {"id": rec.get("id") or rec.get("url"), "precision": p, "recall": r, "failed": art is None}
            )
        if rec.get("author"):
            gold = rec["author"] if isinstance(rec["author"], list) else [rec["author"]]
            got = {_norm(a) for a in (art.authors if art is not None else [])}
            author_hits.append(bool(got) and {_norm(a) for a in gold} <= got)
        if on_record:
            on_record(rec)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def acc(xs: list[bool]) -> float | None:
        return sum(xs) / len(xs) if xs else None

    out = {
        "n": len(records),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "title_acc": acc(title_hits),
        "date_acc": acc(date_hits),
        "author_acc": acc(author_hits),
        "failures": failures,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    if details:
        out["details"] = per_page
    return out
