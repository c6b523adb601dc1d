"""Score the ``geoparse`` gold task (GeoWebNews, TR-News): recognition P/R/F1 and resolution errors.

Measures as in Gritta, Pilehvar and Collier, "A Pragmatic Guide to Geoparsing Evaluation" (2019):
accuracy within 161 km, median and mean error in km, and the AUC of the log error curve
(errors as log(1 + km) / log(20039), area by the trapezoid rule over the sorted errors; 0 is perfect,
lower is better). Errors are measured over the gold toponyms that the system recognised (a predicted
span overlapping the gold span); a recognised toponym without coordinates counts as the maximum error.

Recognition behaviour is set by flags, not by record: both gold sets keep demonyms ("Russian" is
Russia) and metonymic / embedded uses ("Moscow said", "European Commission"), so demonyms are on
and metonyms are kept.
"""

from __future__ import annotations

import math
import statistics
import time
from typing import Any

MAX_KM = 20039.0  # half the circumference of the earth


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def log_error_auc(errors: list[float]) -> float:
    if not errors:
        return float("nan")
    ys = sorted(math.log1p(e) / math.log(MAX_KM) for e in errors)
    if len(ys) == 1:
        return ys[0]
    area = sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1))
    return area / (len(ys) - 1)


def evaluate_geoparse(
    records: list[dict], include_demonyms: bool = True, details: bool = False
) -> dict[str, Any]:
    from sitreps.geo import geoparse
    from sitreps.nlp import get_nlp

    nlp = get_nlp()
    t0 = time.perf_counter()
    texts = [r["text"] for r in records]
    tp_pred = n_pred = 0
    n_gold = n_found = 0
    errors: list[float] = []
    misses: list[dict] = []
    for rec, doc in zip(records, nlp.pipe(texts, batch_size=16), strict=True):
        places = geoparse(
            rec["text"], doc=doc, country_hint=rec.get("country_hint"), include_demonyms=include_demonyms
        )
        spans = [(p.span.start, p.span.end, p) for p in places if p.span is not None]
        gold = rec.get("toponyms") or []
        n_pred += len(spans)
        for s, e, _p in spans:
            if any(s < g["end"] and e > g["start"] for g in gold):
                tp_pred += 1
        for g in gold:
            n_gold += 1
            hit = [p for s, e, p in spans if s < g["end"] and e > g["start"]]
            if not hit:
                if details:
                    misses.append(
                        {"id": rec.get("id"), "name": g["name"], "kind": "missed", "type": g.get("type")}
                    )
                continue
            n_found += 1
            p = hit[0]
            if p.lat is None or g.get("lat") is None:
                err = MAX_KM
            else:
                err = haversine_km(p.lat, p.lon, float(g["lat"]), float(g["lon"]))
            errors.append(err)
            if details and err > 161:
                misses.append(
                    {
                        "id": rec.get("id"),
                        "name": g["name"],
                        "kind": "far",
                        "km": round(err),
                        "got": p.name,
                        "got_cc": p.iso2,
                        "got_feature": p.feature,
                        "gold_id": g.get("geonameid"),
                        "type": g.get("type"),
                    }
                )
    elapsed = time.perf_counter() - t0
    prec = tp_pred / n_pred if n_pred else 0.0
    rec_ = n_found / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec_ / (prec + rec_) if prec + rec_ else 0.0
    out: dict[str, Any] = {
        "n": len(records),
        "n_toponyms": n_gold,
        "n_predicted": n_pred,
        "recognition_precision": round(prec, 4),
        "recognition_recall": round(rec_, 4),
        "recognition_f1": round(f1, 4),
        "acc_161km": round(sum(e <= 161 for e in errors) / len(errors), 4) if errors else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        "mean_km": round(statistics.fmean(errors), 1) if errors else None,
        "auc": round(log_error_auc(errors), 4) if errors else None,
        "seconds": round(elapsed, 2),
    }
    if details:
        out["errors"] = misses
    return out
