"""Throughput of the full pipeline against bare spaCy parsing of the same articles.

    .venv/bin/python benchmarks/throughput.py [--n 200] [GOLD.jsonl ...]

Articles come from the given JSON Lines files (records with ``text``), by default the FA-KES and
HRDsAttack dev sets beside the repository, else the bundled examples repeated. Prints articles/s
and characters/s for both, the ratio (pipeline time / spaCy time) and the peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT.parent / "shared/data/fakes/dev.events.jsonl", ROOT.parent / "shared/data/hrdsattack/dev.events.jsonl"]


def load_texts(paths: list[Path], n: int) -> list[tuple[str, str]]:
    out = []
    for p in paths:
        if not p.exists():
            continue
        for line in p.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec.get("text"):
                out.append((rec["text"], rec.get("format", "txt")))
    if not out:
        out = [(f.read_text(encoding="utf-8"), f.suffix.lstrip(".")) for f in sorted((ROOT / "examples").glob("*.*"))
               if f.suffix in (".md", ".txt")]
    while len(out) < n:
        out += out
    return out[:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    texts = load_texts(args.files or DEFAULT, args.n)

    from sitreps.extract import article_from_text
    from sitreps.geo import get_gazetteer
    from sitreps.nlp import get_nlp
    from sitreps.pipeline import code_articles

    t0 = time.perf_counter()
    nlp = get_nlp()
    get_gazetteer()
    code_articles_warm = list(code_articles([article_from_text("Gunmen killed two people in Kano on Monday.")]))
    startup = time.perf_counter() - t0
    articles = [article_from_text(t, format=f if f in ("md", "txt", "html") else "txt") for t, f in texts]
    chars = sum(len(a.body) for a in articles)

    t0 = time.perf_counter()
    for _ in nlp.pipe((a.body for a in articles), batch_size=16):
        pass
    t_spacy = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_events = sum(len(evs) for _, evs in code_articles(articles))
    t_full = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"articles: {len(articles)}  characters: {chars:,}  events: {n_events}  (warm-up {len(code_articles_warm)})")
    print(f"start-up (model + gazetteer + actors): {startup:.2f} s")
    print(f"bare spaCy parse : {t_spacy:7.2f} s  {len(articles) / t_spacy:7.1f} articles/s  {chars / t_spacy:9,.0f} chars/s")
    print(f"sitreps pipeline : {t_full:7.2f} s  {len(articles) / t_full:7.1f} articles/s  {chars / t_full:9,.0f} chars/s")
    print(f"ratio pipeline / spaCy: {t_full / t_spacy:.2f}x   peak RSS: {rss:,.0f} MB")


if __name__ == "__main__":
    main()
