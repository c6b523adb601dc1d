"""Task ``events``: an article in, events out, scored against gold events (EVAL.md).

Matching. An extracted *counted* event matches a gold event when the evidence sentence of any of
its mentions contains the gold ``evidence`` (case-insensitive, whitespace-normalised). A gold
event with ``evidence: null`` is matched to the article's best-matching extracted event not yet
taken by another gold event (most agreeing given fields; ties: highest mention ``score``, then
first); required ones are assigned before optional ones.

Metrics.
- ``event_recall``: required gold events with at least one match / required gold events.
- ``event_precision``: extracted counted events matching a required or optional gold event /
  extracted counted events, over records whose gold is exhaustive, i.e. every gold event there has
  an ``evidence``. Records with null-evidence gold (FA-KES, CEHA, HRDsAttack: one main event per
  article) do not say which other events the article holds, so their extra events are not scored
  (``event_precision_n`` says how many extracted events the figure rests on).
- ``forbidden_hits``: extracted counted events that match a forbidden gold event.
- Field accuracies over matched (required or optional) pairs, each with ``<name>_n``; a field is
  scored only where the gold gives it. For an evidence-matched gold event with several matching
  extracted events the best-agreeing one is scored. ``actor2`` gold given as ``actor2_all`` (all
  acceptable; an empty list means "no actor2"). Fatalities: an unreported toll (None) equals 0.
  ``location_acc_25km``: within 25 km of gold lat/lon; for gold ``geo_precision`` 3 an admin1
  match. ``location_name_acc``: gold ``location`` without coordinates against the predicted
  place's name (or admin2/admin1). ``actor1_class_acc``: gold ``actor_classes.actor1`` (or the
  set's own perpetrator field, see data/eval/actor_classes.yaml) vs the class of our actor1.
- ``article_checks_passed`` / ``article_checks_total`` from the optional ``article`` block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from sitreps.evaluate.compare import (
    Tally,
    actor_matches,
    actor_names_equal,
    admin1_matches,
    contains,
    country_iso2,
    country_matches,
    date_matches,
    fatalities_equal,
    haversine_km,
    norm_ws,
    parse_date,
    place_name_matches,
    plover_norm,
    ratio,
)
from sitreps.model import Article, Event

Coder = Callable[[dict], tuple[Article, list[Event]]]

FIELD_METRICS = (
    "sub_event_type_acc",
    "event_type_acc",
    "plover_acc",
    "actor1_acc",
    "actor2_acc",
    "actor1_class_acc",
    "country_acc",
    "admin1_acc",
    "location_acc_25km",
    "location_name_acc",
    "date_acc",
    "fatalities_acc",
)
UNKNOWN_CLASSES = {"insufficient info", "insufficient information", "unknown", ""}


def pipeline_coder(record: dict) -> tuple[Article, list[Event]]:
    """The real pipeline, the same code path as ``sitreps code``."""
    from sitreps.pipeline import code_text

    return code_text(
        record["text"],
        format=record.get("format") or "txt",
        published=parse_date(record.get("published")),
        country_hint=record.get("country_hint"),
    )


def set_name(record_id: str | None) -> str:
    return str(record_id or "").split("-", 1)[0].lower()


# ----------------------------------------------------------------------------- actor classes


@lru_cache(maxsize=1)
def actor_class_tables() -> dict[str, Any]:
    import yaml

    path = resources.files("sitreps").joinpath("data/eval/actor_classes.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except Exception as exc:  # pragma: no cover - packaging error
        raise RuntimeError(f"cannot read {path}: {exc}") from exc
    tables = {}
    for key, table in data.items():
        rules = []
        for i, rule in enumerate(table.get("classes") or []):
            if "class" not in rule:
                raise ValueError(f"{path}: {key}.classes[{i}] has no 'class'")
            rules.append(
                {
                    "class": rule["class"],
                    "names": {norm_ws(n) for n in rule.get("names") or ()},
                    "patterns": [re.compile(p, re.I) for p in rule.get("patterns") or ()],
                    "inter": set(rule.get("inter") or ()),
                }
            )
        tables[key] = {"gold_field": table.get("gold_field", "actor_classes.actor1"), "rules": rules}
    return tables


def actor_class(set_key: str, actor) -> str | None:
    """The gold set's coarse class of one of our actors (None if no rule applies)."""
    table = actor_class_tables().get(set_key)
    if table is None or actor is None:
        return None
    name = actor.name or ""
    flat = re.sub(r"[-\u2010-\u2015]", " ", name)
    for rule in table["rules"]:
        if rule["names"] and any(actor_names_equal(name, n) for n in rule["names"]):
            return rule["class"]
        if any(p.search(flat) for p in rule["patterns"]):
            return rule["class"]
        if actor.inter is not None and actor.inter in rule["inter"]:
            return rule["class"]
    return None


def gold_actor1_class(set_key: str, gold: dict) -> str | None:
    cls = (gold.get("actor_classes") or {}).get("actor1")
    if cls is None:
        table = actor_class_tables().get(set_key)
        if table and table["gold_field"] != "actor_classes.actor1":
            cls = gold.get(table["gold_field"])
    if cls is None or str(cls).strip().lower() in UNKNOWN_CLASSES:
        return None
    return str(cls)


# ------------------------------------------------------------------------------ field checks


def _place_iso2(event: Event) -> str | None:
    place = event.place
    if place is None:
        return None
    return place.iso2 or country_iso2(place.country)


def field_checks(gold: dict, event: Event, set_key: str = "") -> dict[str, tuple[bool | None, Any, Any]]:
    """name -> (ok or None when the gold does not give the field, gold value, predicted value)."""
    out: dict[str, tuple[bool | None, Any, Any]] = {}
    place = event.place

    def put(name, ok, g, p):
        out[name] = (ok, g, p)

    if gold.get("sub_event_type"):
        p = event.sub_event_type
        put("sub_event_type_acc", norm_ws(p) == norm_ws(gold["sub_event_type"]), gold["sub_event_type"], p)
    if gold.get("event_type"):
        p = event.event_type
        put("event_type_acc", norm_ws(p) == norm_ws(gold["event_type"]), gold["event_type"], p)
    if gold.get("plover"):
        p = event.plover
        put("plover_acc", plover_norm(p) == plover_norm(gold["plover"]), gold["plover"], p)
    p1 = event.actor1.name if event.actor1 else None
    if gold.get("actor1"):
        put("actor1_acc", actor_matches(p1, [gold["actor1"]]), gold["actor1"], p1)
    p2 = event.actor2.name if event.actor2 else None
    if "actor2_all" in gold and isinstance(gold["actor2_all"], list):
        put("actor2_acc", actor_matches(p2, gold["actor2_all"]), gold["actor2_all"], p2)
    elif gold.get("actor2"):
        put("actor2_acc", actor_matches(p2, [gold["actor2"]]), gold["actor2"], p2)
    g_cls = gold_actor1_class(set_key, gold)
    if g_cls is not None and set_key in actor_class_tables():
        p_cls = actor_class(set_key, event.actor1)
        shown = f"{p_cls} [{event.actor1.name}]" if event.actor1 else None  # class and the actor behind it
        put("actor1_class_acc", p_cls == g_cls, g_cls, shown)
    iso2 = _place_iso2(event)
    if gold.get("country"):
        pc = place.country if place else None
        put("country_acc", country_matches(pc, gold["country"], pred_iso2=iso2), gold["country"], pc or iso2)
    admin_gold = [gold["admin1"]] if gold.get("admin1") else list(gold.get("admin1_any") or [])
    admin_iso2 = iso2 or country_iso2(gold.get("country"))
    pa = place.admin1 if place else None
    if admin_gold:
        put("admin1_acc", admin1_matches(pa, admin_gold, admin_iso2), admin_gold, pa)
    if gold.get("geo_precision") == 3 and admin_gold:
        put("location_acc_25km", admin1_matches(pa, admin_gold, admin_iso2), admin_gold, pa)
    elif gold.get("lat") is not None and gold.get("lon") is not None:
        if place is not None and place.lat is not None and place.lon is not None:
            km = haversine_km(gold["lat"], gold["lon"], place.lat, place.lon)
            put("location_acc_25km", km <= 25.0, [gold["lat"], gold["lon"]], [place.lat, place.lon])
        else:
            put("location_acc_25km", False, [gold["lat"], gold["lon"]], None)
    elif gold.get("location"):
        names = [place.name, place.admin2, place.admin1] if place else []
        put(
            "location_name_acc",
            place_name_matches(names, gold["location"]),
            gold["location"],
            place.name if place else None,
        )
    if gold.get("date"):
        pd = event.date.date if event.date else None
        put("date_acc", date_matches(pd, gold["date"]), gold["date"], pd.isoformat() if pd else None)
    if "fatalities" in gold and gold["fatalities"] is not None:
        put(
            "fatalities_acc",
            fatalities_equal(event.fatalities, gold["fatalities"]),
            gold["fatalities"],
            event.fatalities,
        )
    return out


def agreement(gold: dict, event: Event, set_key: str = "") -> int:
    return sum(1 for ok, _, _ in field_checks(gold, event, set_key).values() if ok)


def salience(event: Event) -> float:
    return max((m.score for m in event.mentions), default=0.0)


def _best(gold: dict, candidates: list[int], events: list[Event], set_key: str) -> int | None:
    if not candidates:
        return None
    # max() keeps the first of equal keys: ties -> highest score -> first in order
    return max(candidates, key=lambda i: (agreement(gold, events[i], set_key), salience(events[i])))


def match_events(golds: list[dict], events: list[Event], set_key: str = "") -> dict[str, Any]:
    """Match counted extracted events to gold events.

    Returns ``matches`` (gold index -> all matching event indices), ``pairs`` (gold index -> the
    event index scored for fields), and ``exhaustive``.
    """
    matches: dict[int, list[int]] = {}
    for gi, g in enumerate(golds):
        ev = g.get("evidence")
        if ev:
            matches[gi] = [
                ei for ei, e in enumerate(events) if any(contains(m.evidence.text, ev) for m in e.mentions)
            ]
    taken = {ei for gi, eis in matches.items() if golds[gi].get("status") != "forbidden" for ei in eis}
    order = sorted(
        (gi for gi, g in enumerate(golds) if not g.get("evidence") and g.get("status") != "forbidden"),
        key=lambda gi: golds[gi].get("status") != "required",
    )
    for gi in order:
        free = [ei for ei in range(len(events)) if ei not in taken]
        best = _best(golds[gi], free, events, set_key)
        matches[gi] = [best] if best is not None else []
        if best is not None:
            taken.add(best)
    pairs = {}
    for gi, eis in matches.items():
        if golds[gi].get("status") == "forbidden":
            continue
        best = _best(golds[gi], eis, events, set_key)
        if best is not None:
            pairs[gi] = best
    exhaustive = all(g.get("evidence") for g in golds)
    return {"matches": matches, "pairs": pairs, "exhaustive": exhaustive}


# ---------------------------------------------------------------------------- article checks


def article_checks(gold: dict, article: Article) -> tuple[int, int, list[str]]:
    """(passed, total, failures) for the optional ``article`` block."""
    passed = total = 0
    failures: list[str] = []

    def check(name: str, ok: bool, detail: str) -> None:
        nonlocal passed, total
        total += 1
        if ok:
            passed += 1
        else:
            failures.append(f"{name}: {detail}")

    for key in ("title", "publisher", "original_source"):
        if key in gold:
            got = getattr(article, key, None)
            check(key, norm_ws(got) == norm_ws(gold[key]), f"expected {gold[key]!r}, got {got!r}")
    if "published" in gold:
        got = article.published.isoformat() if article.published else None
        check("published", got == str(gold["published"]), f"expected {gold['published']!r}, got {got!r}")
    if "authors" in gold:
        got = sorted(norm_ws(a) for a in article.authors or [])
        want = sorted(norm_ws(a) for a in gold["authors"] or [])
        check("authors", got == want, f"expected {gold['authors']!r}, got {article.authors!r}")
    body = norm_ws(article.body)
    if gold.get("body_starts_with"):
        check(
            "body_starts_with",
            body.startswith(norm_ws(gold["body_starts_with"])),
            f"body starts {article.body.strip()[:60]!r}",
        )
    if gold.get("body_ends_with"):
        check(
            "body_ends_with",
            body.endswith(norm_ws(gold["body_ends_with"])),
            f"body ends {article.body.strip()[-60:]!r}",
        )
    for bad in gold.get("body_excludes") or []:
        check("body_excludes", norm_ws(bad) not in body, f"body still contains {bad!r}")
    return passed, total, failures


# ---------------------------------------------------------------------------------- evaluate


def _short(text: str | None, n: int = 100) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1] + "\u2026"


def _gold_label(gi: int, g: dict) -> str:
    return g.get("evidence") or f"#{gi}"


def evaluate_events(
    records: Iterable[dict],
    *,
    coder: Coder | None = None,
    on_record: Callable[[dict], None] | None = None,
) -> dict[str, Any]:
    """Score the ``events`` task. ``coder`` defaults to the real pipeline (injectable for tests)."""
    coder = coder or pipeline_coder
    tally = Tally()
    tally.declare(*FIELD_METRICS)
    required = required_hit = 0
    scored_extracted = scored_tp = 0
    forbidden_hits = 0
    extracted_total = 0
    art_passed = art_total = 0
    details: list[dict] = []
    errors: list[dict] = []
    n = 0
    for record in records:
        n += 1
        rid = record.get("id")
        try:
            article, events = coder(record)
            counted = [e for e in events if e.counted]
            golds = [g for g in record.get("events") or [] if isinstance(g, dict)]
            skey = set_name(rid)
            m = match_events(golds, counted, skey)
            detail: dict[str, Any] = {
                "id": rid,
                "matched": [],
                "missing": [],
                "false_positives": [],
                "forbidden": [],
                "field_errors": [],
            }
            extracted_total += len(counted)
            for gi, g in enumerate(golds):
                if g.get("status") == "required":
                    required += 1
                    if m["matches"].get(gi):
                        required_hit += 1
                    else:
                        detail["missing"].append(_gold_label(gi, g))
            good = set()
            for gi, eis in m["matches"].items():
                status = golds[gi].get("status")
                if status == "forbidden":
                    forbidden_hits += len(eis)
                    detail["forbidden"] += [_short(counted[ei].evidence.text) for ei in eis]
                else:
                    good.update(eis)
            if m["exhaustive"]:
                scored_extracted += len(counted)
                scored_tp += len(good)
                detail["false_positives"] = [
                    _short(e.evidence.text) for ei, e in enumerate(counted) if ei not in good
                ]
            for gi, ei in m["pairs"].items():
                g, e = golds[gi], counted[ei]
                detail["matched"].append(
                    {
                        "gold": _gold_label(gi, g),
                        "status": g.get("status"),
                        "event": e.id,
                        "evidence": _short(e.evidence.text),
                    }
                )
                for name, (ok, gv, pv) in field_checks(g, e, skey).items():
                    tally.add(name, ok)
                    if ok is False:
                        detail["field_errors"].append(
                            {"gold_event": _gold_label(gi, g), "field": name, "gold": gv, "predicted": pv}
                        )
            if isinstance(record.get("article"), dict):
                p, t, failures = article_checks(record["article"], article)
                art_passed += p
                art_total += t
                if failures:
                    detail["article_failures"] = failures
            details.append(detail)
        except Exception as exc:  # one bad record never stops the run
            errors.append({"id": rid, "reason": f"{type(exc).__name__}: {exc}"})
        finally:
            if on_record:
                on_record(record)
    recall = ratio(required_hit, required)
    precision = ratio(scored_tp, scored_extracted)
    metrics: dict[str, Any] = {
        "event_recall": recall,
        "event_recall_n": required,
        "event_precision": precision,
        "event_precision_n": scored_extracted,
        "forbidden_hits": forbidden_hits,
        "extracted_events": extracted_total,
    }
    metrics.update(tally.metrics())
    if art_total:
        metrics["article_checks_passed"] = art_passed
        metrics["article_checks_total"] = art_total
    metrics["errors"] = len(errors)
    metrics["details"] = details
    metrics["error_list"] = errors
    return metrics
