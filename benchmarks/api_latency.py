"""API latency on a million events, and ingest throughput against ``sitreps code``.

1. Loads N (default 1,000,000) synthetic events into a fresh SQLite file with Core ``executemany``:
   skewed over 20 countries (Zipf-like weights), their admin1 units and coordinates around real
   country centres, ACLED types in roughly ACLED's proportions, dates over 2018-2024 weighted to
   recent years, fatalities mostly 0 with a long tail, 2-3 actors per event.
2. Starts ``sitreps serve`` on it and times five typical ``/events`` queries over HTTP (keep-alive),
   with varying parameter values, reporting p50/p95 (goal: p95 <= 50 ms).
3. Ingest throughput: the same generated articles through ``code_articles`` (what ``sitreps code``
   runs) and through ``sitreps.ingest.ingest`` into a fresh SQLite file, in one process (one core),
   articles/s each and the ratio.

    .venv/bin/python benchmarks/api_latency.py [--events 1000000] [--requests 200] [--articles 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

COUNTRIES = [  # iso2, name, lat, lon, admin1 units, weight
    ("UA", "Ukraine", 49.0, 32.0, ["Donetsk", "Kharkiv", "Zaporizhia", "Kherson", "Luhansk"], 30),
    ("SY", "Syria", 35.0, 38.5, ["Idlib", "Aleppo", "Deir ez-Zor", "Hama", "Homs", "Daraa"], 14),
    ("MX", "Mexico", 23.0, -102.0, ["Guerrero", "Michoacan", "Jalisco", "Guanajuato"], 9),
    ("NG", "Nigeria", 9.5, 8.0, ["Borno", "Zamfara", "Kaduna", "Benue", "Lagos"], 7),
    ("MM", "Myanmar", 21.0, 96.0, ["Sagaing", "Magway", "Shan", "Kachin"], 7),
    ("IN", "India", 22.0, 79.0, ["Manipur", "Punjab", "Jammu and Kashmir", "West Bengal"], 5),
    ("PK", "Pakistan", 30.0, 70.0, ["Khyber Pakhtunkhwa", "Balochistan", "Punjab", "Sindh"], 4),
    ("SD", "Sudan", 15.0, 30.0, ["Khartoum", "North Darfur", "West Darfur", "Gezira"], 4),
    ("CD", "Democratic Republic of Congo", -2.0, 28.0, ["North Kivu", "South Kivu", "Ituri"], 3),
    ("BF", "Burkina Faso", 12.3, -1.5, ["Sahel", "Nord", "Est", "Centre-Nord"], 3),
    ("ML", "Mali", 15.0, -2.0, ["Mopti", "Gao", "Menaka", "Timbuktu"], 2),
    ("SO", "Somalia", 4.0, 45.5, ["Banadir", "Lower Shabelle", "Bay", "Hiraan"], 2),
    ("YE", "Yemen", 15.5, 45.0, ["Taizz", "Marib", "Al Hudaydah", "Sanaa"], 2),
    ("IQ", "Iraq", 33.5, 43.5, ["Kirkuk", "Nineveh", "Anbar", "Baghdad"], 1),
    ("AF", "Afghanistan", 34.0, 66.0, ["Kandahar", "Helmand", "Kabul", "Nangarhar"], 1),
    ("ET", "Ethiopia", 9.0, 39.0, ["Amhara", "Oromia", "Tigray"], 1),
    ("CM", "Cameroon", 5.5, 12.0, ["Northwest", "Southwest", "Far North"], 1),
    ("MZ", "Mozambique", -13.0, 39.5, ["Cabo Delgado", "Niassa"], 1),
    ("KE", "Kenya", 0.5, 37.5, ["Nairobi", "Kisumu", "Mombasa"], 1),
    ("BR", "Brazil", -12.0, -50.0, ["Rio de Janeiro", "Sao Paulo", "Bahia"], 2),
]
TYPES = [  # event_type, sub_event_type, weight
    ("Protests", "Peaceful protest", 30), ("Protests", "Protest with intervention", 3),
    ("Battles", "Armed clash", 15), ("Explosions/Remote violence", "Shelling/artillery/missile attack", 18),
    ("Explosions/Remote violence", "Air/drone strike", 8), ("Explosions/Remote violence", "Remote explosive/landmine/IED", 2),
    ("Violence against civilians", "Attack", 10), ("Violence against civilians", "Abduction/forced disappearance", 2),
    ("Riots", "Violent demonstration", 4), ("Riots", "Mob violence", 3),
    ("Strategic developments", "Arrests", 2), ("Strategic developments", "Looting/property destruction", 2),
]  # fmt: skip
ACTORS = ["Military Forces of {c}", "Police Forces of {c}", "Protesters ({c})", "Civilians ({c})",
          "Unidentified Armed Group ({c})", "Rioters ({c})"]  # fmt: skip
START, DAYS = date(2018, 1, 1), 7 * 365


def synth(n: int, seed: int = 7):
    rnd = random.Random(seed)
    cw = [c[5] for c in COUNTRIES]
    tw = [t[2] for t in TYPES]
    now = datetime.now(UTC).replace(tzinfo=None)
    for i in range(n):
        iso2, cname, clat, clon, admins, _ = rnd.choices(COUNTRIES, cw)[0]
        etype, sub, _ = rnd.choices(TYPES, tw)[0]
        d = START + timedelta(days=int(DAYS * rnd.random() ** 0.6))
        a1 = rnd.choice(ACTORS).format(c=cname)
        a2 = rnd.choice(ACTORS).format(c=cname) if rnd.random() < 0.6 else None
        fat = 0 if rnd.random() < 0.65 else int(rnd.paretovariate(1.2))
        admin1 = rnd.choice(admins)
        yield {
            "id": f"{i:016x}", "event_date": d, "time_precision": rnd.choices([1, 2, 3], [85, 10, 5])[0],
            "event_type": etype, "sub_event_type": sub, "plover": None, "plover_mode": None,
            "actor1": a1, "inter1": 1, "actor2": a2, "inter2": 7 if a2 else None, "assoc_actor_1": None,
            "assoc_actor_2": None, "location": f"{admin1} town {rnd.randrange(40)}", "geonameid": None,
            "admin1": admin1, "admin2": None, "country": cname, "iso2": iso2,
            "lat": clat + rnd.gauss(0, 2), "lon": clon + rnd.gauss(0, 2), "geo_precision": rnd.choice([1, 1, 2, 3]),
            "fatalities": fat, "attribution": None, "modality": "asserted", "n_reports": 1, "n_mentions": 1,
            "n_articles": 1, "sources": ["Synthetic Wire"], "notes": f"On {d:%d %B %Y}, {a1} event in {admin1} ({cname}).",
            "conflicts": {}, "provenance": {}, "data": None, "head_mention_id": None, "created_at": now, "updated_at": now,
        }  # fmt: skip


def load(db: Path, n: int) -> float:
    from sitreps.store import open_engine
    from sitreps.store.schema import EventActor, EventRow

    engine = open_engine(str(db), write=True)
    t0 = time.perf_counter()
    batch: list[dict] = []
    with engine.begin() as conn:
        for row in synth(n):
            batch.append(row)
            if len(batch) == 50_000:
                _flush(conn, batch, EventRow, EventActor)
                batch = []
        _flush(conn, batch, EventRow, EventActor)
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return time.perf_counter() - t0


def _flush(conn, batch, EventRow, EventActor) -> None:
    if not batch:
        return
    conn.execute(EventRow.__table__.insert(), batch)
    actors = [{"event_id": r["id"], "role": "actor1", "name": r["actor1"]} for r in batch]
    actors += [{"event_id": r["id"], "role": "actor2", "name": r["actor2"]} for r in batch if r["actor2"]]
    conn.execute(EventActor.__table__.insert(), actors)


def queries(rnd: random.Random):
    """Five typical dashboard/API queries with varying values."""
    c = rnd.choice(COUNTRIES)
    y = rnd.randrange(2018, 2025)
    m = rnd.randrange(1, 12)
    return {
        "latest page": {"limit": 100},
        "country, newest": {"country": c[0], "limit": 100},
        "type + date range": {"event_type": rnd.choice(["Battles", "Protests", "Riots"]),
                              "start": f"{y}-{m:02d}-01", "end": f"{y}-{m + 1:02d}-01", "limit": 100},
        "bbox + min fatalities": {"bbox": f"{c[3] - 3},{c[2] - 3},{c[3] + 3},{c[2] + 3}", "min_fatalities": 1,
                                  "limit": 100},
        "actor + country + admin1": {"actor": f"Military Forces of {c[1]}", "country": c[0], "admin1": rnd.choice(c[4]),
                                     "limit": 50},
    }  # fmt: skip


def latency(db: Path, n_requests: int) -> dict[str, tuple[float, float]]:
    from sitreps.store.testing import serving

    rnd = random.Random(11)
    times: dict[str, list[float]] = {}
    with serving(str(db)) as base, httpx.Client(base_url=base, timeout=60) as client:
        for params in queries(rnd).values():  # warm-up
            client.get("/events", params=params).raise_for_status()
        for _ in range(n_requests):
            for name, params in queries(rnd).items():
                t0 = time.perf_counter()
                r = client.get("/events", params=params)
                times.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
    return {k: (statistics.median(v), statistics.quantiles(v, n=20)[18]) for k, v in times.items()}


def throughput(n_articles: int) -> tuple[float, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.test_ingest import make_articles

    from sitreps.extract import iter_documents, to_article
    from sitreps.ingest import ingest
    from sitreps.pipeline import code_articles
    from sitreps.store import open_engine

    with tempfile.TemporaryDirectory() as tmp:
        src = make_articles(Path(tmp) / "in", n=n_articles)
        list(code_articles([to_article(d) for d in iter_documents([str(src)])][:4]))  # load models
        t0 = time.perf_counter()
        arts = [to_article(d) for d in iter_documents([str(src)])]
        n_ev = sum(len(evs) for _, evs in code_articles(arts))
        code_rate = n_articles / (time.perf_counter() - t0)
        engine = open_engine(str(Path(tmp) / "t.db"), write=True)
        t0 = time.perf_counter()
        st = ingest(engine, [str(src)])
        ingest_rate = st.stored / (time.perf_counter() - t0)
        assert st.stored == n_articles, st
        print(f"  ({n_ev} events coded; ingest stored {st.events} counted events, {st.merged} merged)")
    return code_rate, ingest_rate


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--db", type=Path, default=None, help="Reuse this file if it exists (skips the load).")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if not db.exists():
            secs = load(db, args.events)
            print(
                f"loaded {args.events:,} events in {secs:.0f}s ({args.events / secs:,.0f}/s), "
                f"{db.stat().st_size / 2**20:.0f} MiB"
            )
        print(f"/events latency over HTTP, {args.requests} requests each (ms):")
        for name, (p50, p95) in latency(db, args.requests).items():
            print(f"  {name:28s} p50 {p50:6.1f}  p95 {p95:6.1f}  {'ok' if p95 <= 50 else 'OVER 50 ms'}")
    code_rate, ingest_rate = throughput(args.articles)
    print(
        f"throughput on {args.articles} generated articles, one process: sitreps code {code_rate:.1f} articles/s, "
        f"sitreps ingest {ingest_rate:.1f} articles/s ({ingest_rate / code_rate:.0%} of code)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
