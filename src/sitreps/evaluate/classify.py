"""Task ``classify``: a snippet in, its most salient event's category out (EVAL.md).

The snippet is coded by the real pipeline (``code_text(text, format="txt", published=None)``);
the prediction is its most salient counted event: highest mention ``score``, ties by order; or
none. A file may mix label kinds; each set of metrics is computed over the records that have
that kind of label:

- ACLED (``label.acled``: a sub-event type, or null = no event): ``acled_accuracy``,
  ``acled_macro_f1``, ``acled_weighted_f1`` over all labels including "none"; the worst
  (gold, predicted) pairs in ``confusion``; ``event_type_acc`` where ``label.acled_event_type``
  is given ("none" for non-events).
- PLOVER (``label.plover``, 0.8 names; older names mapped: FIGHT->ASSAULT, DEMAND->REQUEST,
  DISAPPROVE/INVESTIGATE->ACCUSE): ``plover_accuracy``/``plover_macro_f1``/``plover_weighted_f1``
  ("none" when no event), ``mode_acc`` where gold gives a mode, ``source_country_acc`` /
  ``target_country_acc`` (gold ``source[0].country`` ISO3 vs our actor1 / actor2, compared through
  the country lookup), ``source_sector_acc`` / ``target_sector_acc`` (equal, or our 3-letter
  sector is the start of gold's compound code: REL ~ RELCHR), ``dead_acc`` (fatalities; None = 0),
  ``injured_acc`` (largest injury count among the event's mentions; None = 0).
- Relevance (``label.relevant``, CEHA): predicted relevant = at least one counted event whose
  ACLED event type is political violence or a demonstration, i.e. anything but "Strategic
  developments" (save looting/property destruction), reported in the text's lead paragraph and
  not as an aggregate or what a statement condemns (a mention's ``scope``, coding/scope.py; the
  snippet is a report of a conflict event, see ``is_relevant``);
  ``relevant_precision``,
  ``relevant_recall``, ``relevant_f1`` with "relevant" as the positive class, and
  ``relevant_accuracy``.

The unprefixed ``accuracy``/``macro_f1``/``weighted_f1`` repeat the first kind present in the
file, in the order ACLED, PLOVER, relevance (so a single-kind file reads naturally).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sitreps.coding.scope import INCIDENT
from sitreps.evaluate.compare import (
    Tally,
    classification_report,
    country_iso2,
    f1,
    fatalities_equal,
    norm_ws,
    plover_norm,
    ratio,
)
from sitreps.model import Article, Event

Coder = Callable[[dict], tuple[Article, list[Event]]]
NONE = "none"


def pipeline_coder(record: dict) -> tuple[Article, list[Event]]:
    from sitreps.pipeline import code_text

    return code_text(record["text"], format="txt", published=None)


def most_salient(events: list[Event]) -> Event | None:
    best, best_score = None, None
    for e in events:
        if not e.counted:
            continue
        s = max((m.score for m in e.mentions), default=0.0)
        if best_score is None or s > best_score:
            best, best_score = e, s
    return best


def main_predicate(events: list[Event]) -> Event | None:
    """PLOVER codes a sentence's main predicate ("Albania denounced Serbia's suppression of ..." is
    ACCUSE, not the suppression): the counted event whose trigger sits highest in the parse, then
    the most salient."""
    best, key = None, None
    for e in events:
        if not e.counted or not e.plover:
            continue
        k = min(((m.depth, -m.score) for m in e.mentions), default=(99, 0.0))
        if key is None or k < key:
            best, key = e, k
    return best


# ACLED files looting and property destruction under "Strategic developments", but they are acts of
# violence against property that conflict monitoring reports ("militants burned down a church").
VIOLENT_DEVELOPMENTS = {"Looting/property destruction"}


LEAD_MIN_CHARS = 120  # shorter opening paragraphs are captions, kickers or headlines


def lead_end(article: Article | None) -> int | None:
    """End offset of the article's lead: its first paragraph, skipping short caption/kicker lines
    ("Photo of ...", "Home News ...") that precede it. None when the article has no paragraphs."""
    if article is None or not article.paragraphs:
        return None
    end = None
    for start, end in article.paragraphs:
        if end - start >= LEAD_MIN_CHARS:
            break
    return end


def is_relevant(events: list[Event], article: Article | None = None) -> bool:
    """Relevant to conflict monitoring: the text reports at least one specific violent or protest
    event, i.e. not only background ("earlier this year") or aggregates ("330 killed since ..."),
    and (news-writing convention) reports it in its lead: a report about an incident opens with
    it, while an article that mentions incidents further down is about something else (a
    humanitarian appeal, a trial, an overview of a war), and not as what a statement condemns.
    Mentions are judged one by one: an overview that opens with a summary ("a wave of rapes") is
    not made specific by an incident the same event merges with further down."""
    end = lead_end(article)
    for e in events:
        if not (e.counted and e.event_type and not (e.date and e.date.background)):
            continue
        if e.event_type == "Strategic developments" and e.sub_event_type not in VIOLENT_DEVELOPMENTS:
            continue
        if any((end is None or m.evidence.start < end) and m.scope == INCIDENT for m in e.mentions):
            return True
    return False


def _actor_iso2(actor) -> str | None:
    if actor is None:
        return None
    return country_iso2(actor.iso3) or country_iso2(actor.country)


def _transnational_code(actor) -> str | None:
    """CAMEO/PLOVER's codes for actors of no country: IGO (international organisations, which the
    PLOVER records also use for NGOs) and IMG (international militarised groups such as al-Qaeda)."""
    if actor is None or actor.iso3 or actor.country:
        return None
    if actor.sector in ("IGO", "NGO"):
        return "IGO"
    if actor.known and actor.inter in (2, 3, 4):
        return "IMG"
    return None


def _sector_ok(pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    p, g = pred.strip().upper(), gold.strip().upper()
    return p == g or (len(p) >= 3 and g.startswith(p)) or (len(g) >= 3 and p.startswith(g))


def _first(entities: Any) -> dict:
    if isinstance(entities, list) and entities and isinstance(entities[0], dict):
        return entities[0]
    return {}


def evaluate_classify(
    records: Iterable[dict],
    *,
    coder: Coder | None = None,
    on_record: Callable[[dict], None] | None = None,
) -> dict[str, Any]:
    coder = coder or pipeline_coder
    acled_pairs: list[tuple[str, str]] = []
    plover_pairs: list[tuple[str, str]] = []
    rel_pairs: list[tuple[bool, bool]] = []
    tally = Tally()
    details: list[dict] = []
    errors: list[dict] = []
    for record in records:
        rid = record.get("id")
        try:
            label = record.get("label") or {}
            article, events = coder(record)
            ev = most_salient(events)
            d: dict[str, Any] = {"id": rid}
            if "acled" in label:
                gold = label["acled"] or NONE
                pred = (ev.sub_event_type if ev else None) or NONE
                acled_pairs.append((gold, pred))
                d["acled"] = [gold, pred]
                if "acled_event_type" in label:
                    g_et = label["acled_event_type"] or NONE
                    p_et = (ev.event_type if ev else None) or NONE
                    tally.add("event_type_acc", norm_ws(g_et) == norm_ws(p_et))
            if "plover" in label:
                ev = main_predicate(events) or ev
                gold = plover_norm(label["plover"]) or NONE
                pred = plover_norm(ev.plover if ev else None) or NONE
                plover_pairs.append((gold, pred))
                d["plover"] = [gold, pred]
                if label.get("mode"):
                    pm = ev.plover_mode if ev else None
                    tally.add("mode_acc", norm_ws(pm) == norm_ws(label["mode"]))
                for side, actor in (
                    ("source", ev.actor1 if ev else None),
                    ("target", (ev.actor2 or ev.target) if ev else None),
                ):
                    ent = _first(record.get(side))
                    g_country = ent.get("country")
                    if g_country:
                        g_iso2 = country_iso2(g_country)
                        p_iso2 = _actor_iso2(actor)
                        if g_iso2:
                            ok = p_iso2 is not None and p_iso2 == g_iso2
                        else:  # IGO/NGO/IMG and other non-country codes
                            ok = actor is not None and (norm_ws(actor.iso3) == norm_ws(g_country)
                                                        or _transnational_code(actor) == g_country.upper())
                        tally.add(f"{side}_country_acc", ok)
                        if not ok:  # what --details shows: gold, then our country (or actor)
                            d[f"{side}_country"] = [g_country, _actor_iso2(actor) or (actor.name if actor else None)]
                    if ent.get("sector"):
                        tally.add(
                            f"{side}_sector_acc", _sector_ok(actor.sector if actor else None, ent["sector"])
                        )
                if record.get("dead") is not None:
                    tally.add("dead_acc", fatalities_equal(ev.fatalities if ev else None, record["dead"]))
                if record.get("injured") is not None:
                    inj = (
                        max((m.injuries for m in ev.mentions if m.injuries is not None), default=None)
                        if ev
                        else None
                    )
                    tally.add("injured_acc", fatalities_equal(inj, record["injured"]))
            if "relevant" in label and label["relevant"] is not None:
                pred_rel = is_relevant(events, article)
                rel_pairs.append((bool(label["relevant"]), pred_rel))
                d["relevant"] = [bool(label["relevant"]), pred_rel]
            details.append(d)
        except Exception as exc:  # one bad record never stops the run
            errors.append({"id": rid, "reason": f"{type(exc).__name__}: {exc}"})
        finally:
            if on_record:
                on_record(record)

    metrics: dict[str, Any] = {}
    confusion: dict[str, list] = {}
    primary = None
    for kind, pairs in (("acled", acled_pairs), ("plover", plover_pairs)):
        if not pairs:
            continue
        rep = classification_report(pairs)
        for k in ("accuracy", "macro_f1", "weighted_f1"):
            metrics[f"{kind}_{k}"] = rep[k]
        metrics[f"{kind}_n"] = rep["n"]
        confusion[kind] = rep["confusion"]
        primary = primary or kind
    if rel_pairs:
        tp = sum(1 for g, p in rel_pairs if g and p)
        fp = sum(1 for g, p in rel_pairs if not g and p)
        fn = sum(1 for g, p in rel_pairs if g and not p)
        prec, rec = ratio(tp, tp + fp), ratio(tp, tp + fn)
        metrics["relevant_precision"] = prec
        metrics["relevant_recall"] = rec
        metrics["relevant_f1"] = f1(prec, rec)
        rep = classification_report([(str(g).lower(), str(p).lower()) for g, p in rel_pairs])
        metrics["relevant_accuracy"] = rep["accuracy"]
        metrics["relevant_macro_f1"] = rep["macro_f1"]
        metrics["relevant_weighted_f1"] = rep["weighted_f1"]
        metrics["relevant_n"] = len(rel_pairs)
        confusion.setdefault("relevant", rep["confusion"])
        primary = primary or "relevant"
    if primary:
        for k in ("accuracy", "macro_f1", "weighted_f1"):
            metrics[k] = metrics[f"{primary}_{k}"]
    else:
        metrics.update({"accuracy": None, "macro_f1": None, "weighted_f1": None})
    metrics.update(tally.metrics())
    metrics["errors"] = len(errors)
    metrics["confusion"] = confusion
    metrics["details"] = details
    metrics["error_list"] = errors
    return metrics
