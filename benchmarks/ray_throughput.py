"""Throughput of the Ray backend against the plain pipeline and bare spaCy parsing.

    .venv/bin/python benchmarks/ray_throughput.py [--n 200] [--workers 2] [GOLD.jsonl ...]

Same articles as ``benchmarks/throughput.py`` (FA-KES and HRDsAttack dev texts beside the
repository, else the bundled examples repeated), batches of 16 as ``sitreps code`` uses. Prints
articles/s for bare spaCy parsing and the plain pipeline in this process, then for a local Ray with
``--workers`` coder actors (start-up reported apart: Ray plus every actor loading spaCy and the
gazetteer), and checks the Ray run found the same events.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT, load_texts  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    args = ap.parse_args()
    texts = load_texts(args.files or DEFAULT, args.n)

    from sitreps.distributed import coder_pool
    from sitreps.extract import article_from_text
    from sitreps.nlp import get_nlp
    from sitreps.pipeline import code_articles

    articles = [article_from_text(t, format=f if f in ("md", "txt", "html") else "txt") for t, f in texts]
    batches = [articles[i : i + args.batch] for i in range(0, len(articles), args.batch)]
    n = len(articles)

    nlp = get_nlp()
    list(code_articles([article_from_text("Gunmen killed two people in Kano on Monday.")]))  # warm-up
    t0 = time.perf_counter()
    for _ in nlp.pipe((a.body for a in articles), batch_size=args.batch):
        pass
    t_spacy = time.perf_counter() - t0

    t0 = time.perf_counter()
    plain = {a.id: sorted(e.id for e in evs) for a, evs in code_articles(articles, batch_size=args.batch)}
    t_plain = time.perf_counter() - t0

    t0 = time.perf_counter()
    with coder_pool(workers=args.workers) as pool:
        startup = time.perf_counter() - t0
        t0 = time.perf_counter()
        on_ray = {
            r.article.id: sorted(e.id for e in r.events)
            for _i, results in pool.map(enumerate(batches), include_all=False)
            for r in results
            if hasattr(r, "events")
        }
        t_ray = time.perf_counter() - t0
    t_total = t_ray + startup

    print(f"articles: {n}  characters: {sum(len(a.body) for a in articles):,}  batches of {args.batch}")
    print(f"bare spaCy parse     : {t_spacy:7.2f} s  {n / t_spacy:7.1f} articles/s")
    print(f"plain pipeline       : {t_plain:7.2f} s  {n / t_plain:7.1f} articles/s")
    print(f"Ray, {args.workers} workers       : {t_ray:7.2f} s  {n / t_ray:7.1f} articles/s  "
          f"({t_plain / t_ray:.2f}x plain)")
    print(f"Ray incl. start-up   : {t_total:7.2f} s  {n / t_total:7.1f} articles/s  (start-up {startup:.1f} s)")
    print(f"same events as plain : {on_ray == plain}")


if __name__ == "__main__":
    main()
