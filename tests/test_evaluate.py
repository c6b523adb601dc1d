"""Metric functions on hand-made events and hand-made gold (no pipeline, no spaCy)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sitreps.coding.scope import mention_scope
from sitreps.evaluate.classify import evaluate_classify, is_relevant, most_salient
from sitreps.evaluate.compare import (
    actor_matches,
    admin1_matches,
    classification_report,
    country_matches,
    date_matches,
    fatalities_equal,
    plover_norm,
)
from sitreps.evaluate.events import actor_class, article_checks, evaluate_events, match_events
from sitreps.evaluate.runner import print_tables, run_eval, strip_details
from sitreps.model import Actor, Article, Event, EventDate, EventMention, Place, Span

TEXT = (
    "The Syrian Arab Army eliminated an ISIS cell near Palmyra. "
    "ISIS fighters are still hiding in the desert. "
    "Russian jets conducted airstrikes on Idlib."
)


def mention(sentence: str, score: float = 1.0, modality: str = "asserted") -> EventMention:
    start = TEXT.find(sentence)
    return EventMention(
        article_id="a1",
        evidence=Span(sentence, start, start + len(sentence)),
        trigger=Span(sentence.split()[0], start, start + 1),
        event_type=None,
        sub_event_type=None,
        modality=modality,
        score=score,
    )


def event(
    eid: str,
    sentence: str,
    *,
    sub: str | None = "Armed clash",
    etype: str | None = "Battles",
    plover: str | None = "ASSAULT",
    actor1: Actor | None = None,
    actor2: Actor | None = None,
    place: Place | None = None,
    day: date | None = date(2019, 5, 31),
    fatalities: int | None = None,
    score: float = 1.0,
    modality: str = "asserted",
) -> Event:
    return Event(
        id=eid,
        mentions=[mention(sentence, score, modality)],
        event_type=etype,
        sub_event_type=sub,
        plover=plover,
        plover_mode=None,
        actor1=actor1,
        assoc_actor_1=[],
        actor2=actor2,
        assoc_actor_2=[],
        place=place,
        date=EventDate(day, 1) if day else None,
        fatalities=fatalities,
        attribution=None,
        modality=modality,
    )


SAA = Actor("Military Forces of Syria (2000-)", inter=1, country="Syria", iso3="SYR", sector="MIL")
RUS = Actor("Military Forces of Russia (2000-)", inter=8, country="Russia", iso3="RUS", sector="MIL")
IS = Actor("Islamic State (Syria)", inter=2, country="Syria", iso3="SYR")
TADMUR = Place(
    "Tadmur", admin1="Homs Governorate", country="Syria", iso2="SY", lat=34.56, lon=38.27, geo_precision=2
)


def coder_for(events: list[Event], article: Article | None = None):
    art = article or Article(id="a1", body=TEXT)

    def coder(record):
        return art, events

    return coder


# --------------------------------------------------------------------------- compare helpers


def test_actor_leniency():
    assert actor_matches("Military Forces of Syria (2000-)", ["Military Forces of Syria"])
    assert actor_matches("Military Forces of Syria (2000-)", ["Military Forces of Syria (2000-)"])
    assert actor_matches("Police Forces of Nigeria (2015-2023)", ["Police Forces of Nigeria (1999-2015)"])
    assert actor_matches("Islamic State (Syria)", ["Islamic State"])
    assert not actor_matches("Islamic State (Iraq)", ["Islamic State (Syria)"])
    assert not actor_matches("Military Forces of Iraq (2014-)", ["Military Forces of Syria"])
    assert actor_matches("Women (Sudan)", ["Civilians (Sudan)", "Women (Sudan)"])
    assert actor_matches(None, [])  # "no actor2" expected and none predicted
    assert not actor_matches("Civilians (Sudan)", [])
    assert not actor_matches(None, ["Civilians (Sudan)"])
    # ACLED fields that carry an associated actor after "; "
    assert actor_matches("Protesters (Ethiopia)", ["Protesters (Ethiopia); Students (Ethiopia)"])


def test_country_and_admin1():
    assert country_matches("China", "People's Republic of China")
    assert country_matches("Syria", "Syria", pred_iso2="SY")
    assert country_matches("India", "Greece and India")
    assert not country_matches("Iraq", "Syria")
    assert not country_matches(None, "Syria")
    assert admin1_matches("Homs Governorate", ["Homs"], "SY")
    assert admin1_matches("Al-Hasakah", ["Hasakeh"], "SY")
    assert admin1_matches("Ar Raqqah", ["Ar-Raqqah"], "SY")
    assert admin1_matches("Dayr az Zawr", ["Deir ez-Zor"], "SY")
    assert admin1_matches("Raqqa", ["Ar-Raqqah"], "SY")
    assert admin1_matches("Idlib", ["Hama", "Idlib"], "SY")
    assert not admin1_matches("Hama", ["Homs"], "SY")
    assert not admin1_matches(None, ["Homs"], "SY")


def test_date_precision_and_fatalities_and_plover():
    assert date_matches(date(2016, 3, 4), "2016")
    assert date_matches(date(2016, 3, 4), "2016-03")
    assert date_matches(date(2016, 3, 4), "2016-03-04")
    assert not date_matches(date(2016, 3, 5), "2016-03-04")
    assert not date_matches(date(2017, 3, 4), "2016")
    assert not date_matches(None, "2016")
    assert fatalities_equal(None, 0) and fatalities_equal(5, 5) and not fatalities_equal(None, 5)
    assert plover_norm("FIGHT") == "ASSAULT" and plover_norm("disapprove") == "ACCUSE"
    assert plover_norm("DEMAND") == "REQUEST" and plover_norm("INVESTIGATE") == "ACCUSE"


def test_classification_report_tiny_confusion():
    pairs = [("a", "a"), ("a", "a"), ("a", "b"), ("b", "b"), ("c", "none")]
    rep = classification_report(pairs)
    assert rep["accuracy"] == 0.6
    # F1: a = 2*(1*2/3)/(1+2/3) = 0.8; b = 2*(.5*1)/1.5 = 0.6667; c = 0; none = 0
    assert rep["macro_f1"] == pytest.approx((0.8 + 2 / 3) / 4, abs=1e-4)
    assert rep["weighted_f1"] == pytest.approx((0.8 * 3 + 2 / 3 * 1) / 5, abs=1e-4)
    assert rep["confusion"][0]["count"] == 1
    assert classification_report([])["accuracy"] is None


# ------------------------------------------------------------------------------ events task

GOLD = {
    "task": "events",
    "id": "seed-x",
    "text": TEXT,
    "format": "txt",
    "published": "2019-05-31",
    "events": [
        {
            "status": "required",
            "evidence": "eliminated an ISIS cell",
            "sub_event_type": "Armed clash",
            "event_type": "Battles",
            "plover": "FIGHT",
            "actor1": "Military Forces of Syria",
            "actor2": "Islamic State",
            "country": "Syria",
            "admin1": "Homs",
            "lat": 34.5624,
            "lon": 38.28402,
            "geo_precision": 2,
            "date": "2019-05-31",
            "fatalities": 0,
        },
        {"status": "forbidden", "evidence": "are still hiding in the desert"},
        {
            "status": "required",
            "evidence": "conducted airstrikes",
            "sub_event_type": "Air/drone strike",
            "admin1_any": ["Hama", "Idlib"],
            "geo_precision": 3,
        },
    ],
}


def test_events_recall_precision_forbidden_and_fields():
    e1 = event(
        "e1",
        "The Syrian Arab Army eliminated an ISIS cell near Palmyra.",
        actor1=SAA,
        actor2=IS,
        place=TADMUR,
    )
    e2 = event("e2", "ISIS fighters are still hiding in the desert.")
    e3 = event("e3", "ISIS fighters are still hiding in the desert.", modality="planned")  # not counted
    m = evaluate_events([GOLD], coder=coder_for([e1, e2, e3]))
    assert m["event_recall"] == 0.5 and m["event_recall_n"] == 2
    assert m["event_precision"] == 0.5 and m["event_precision_n"] == 2  # e2 is a false positive
    assert m["forbidden_hits"] == 1
    for key in (
        "sub_event_type_acc",
        "event_type_acc",
        "plover_acc",
        "actor1_acc",
        "actor2_acc",
        "country_acc",
        "admin1_acc",
        "location_acc_25km",
        "date_acc",
        "fatalities_acc",
    ):
        assert m[key] == 1.0, key
        assert m[f"{key}_n"] == 1
    assert m["actor1_class_acc"] is None and m["actor1_class_acc_n"] == 0
    d = m["details"][0]
    assert d["missing"] == ["conducted airstrikes"]
    assert len(d["false_positives"]) == 1 and len(d["forbidden"]) == 1
    json.dumps(m)  # JSON-ready


def test_events_field_errors_and_geo_precision_3():
    place = Place("Idlib", admin1="Idlib", country="Syria", iso2="SY", lat=35.9, lon=36.6, geo_precision=3)
    e1 = event(
        "e1",
        "The Syrian Arab Army eliminated an ISIS cell near Palmyra.",
        actor1=RUS,
        actor2=IS,
        sub="Attack",
        place=Place("Hama", admin1="Hama", country="Syria", iso2="SY", lat=35.13, lon=36.75),
        fatalities=3,
        day=date(2019, 5, 30),
    )
    e3 = event(
        "e3",
        "Russian jets conducted airstrikes on Idlib.",
        sub="Air/drone strike",
        etype="Explosions/Remote violence",
        place=place,
    )
    m = evaluate_events([GOLD], coder=coder_for([e1, e3]))
    assert m["event_recall"] == 1.0 and m["event_precision"] == 1.0 and m["forbidden_hits"] == 0
    assert m["sub_event_type_acc"] == 0.5 and m["sub_event_type_acc_n"] == 2
    assert m["actor1_acc"] == 0.0 and m["actor2_acc"] == 1.0
    assert m["location_acc_25km"] == 0.5 and m["location_acc_25km_n"] == 2  # admin1 match for e3
    assert m["admin1_acc"] == 0.5 and m["date_acc"] == 0.0 and m["fatalities_acc"] == 0.0
    fields = {fe["field"] for fe in m["details"][0]["field_errors"]}
    assert {"actor1_acc", "date_acc", "fatalities_acc", "sub_event_type_acc"} <= fields


def test_null_evidence_best_match_and_actor_classes():
    rec = {
        "task": "events",
        "id": "fakes-1",
        "text": TEXT,
        "format": "txt",
        "published": "2019-05-31",
        "events": [
            {
                "status": "required",
                "evidence": None,
                "country": "Syria",
                "admin1": "Idlib",
                "sub_event_type": "Air/drone strike",
                "actor_classes": {"actor1": "syrian government or russian troops"},
            }
        ],
    }
    e1 = event("e1", "The Syrian Arab Army eliminated an ISIS cell near Palmyra.", actor1=SAA, score=0.9)
    e3 = event(
        "e3",
        "Russian jets conducted airstrikes on Idlib.",
        sub="Air/drone strike",
        actor1=RUS,
        place=Place("Idlib", admin1="Idlib", country="Syria", iso2="SY"),
        score=0.5,
    )
    m = evaluate_events([rec], coder=coder_for([e1, e3]))
    assert m["event_recall"] == 1.0
    assert m["details"][0]["matched"][0]["event"] == "e3"  # most agreeing fields beats higher score
    assert m["actor1_class_acc"] == 1.0
    assert m["event_precision"] is None  # null-evidence gold is not exhaustive
    # ties on agreement -> highest score
    golds = [{"status": "required", "evidence": None}]
    assert match_events(golds, [e3, e1])["pairs"][0] == 1
    assert actor_class("fakes", IS) == "isis"
    assert actor_class("fakes", Actor("Hayat Tahrir al-Sham", inter=2)) == "al-nusra front"
    assert actor_class("fakes", Actor("Syrian Democratic Forces", inter=2)) == "self administration forces"
    assert actor_class("fakes", Actor("Military Forces of the United States (2017-2021)", inter=8)) == (
        "international coalition forces"
    )
    assert actor_class("fakes", Actor("Free Syrian Army", inter=2)) == "armed opposition groups"
    assert actor_class("fakes", Actor("Some Other Rebels", inter=2)) == "armed opposition groups"
    assert actor_class("fakes", Actor("Civilians (Syria)", inter=7)) is None
    assert actor_class("hrdsattack", Actor("Police Forces of Nigeria (2015-2023)", inter=1)) == "state actor"


def test_article_checks():
    art = Article(
        id="a",
        body="The Syrian Arab Army eliminated an ISIS cell. ... not interested in de-escalation.\n",
        title="Syrian Army Cracks Down",
        publisher="Global Research",
        authors=["South Front"],
        published=date(2019, 5, 31),
        original_source=None,
    )
    gold = {
        "title": "Syrian Army Cracks Down",
        "published": "2019-05-31",
        "authors": ["South Front"],
        "publisher": "Global Research",
        "original_source": "South Front",
        "body_starts_with": "The Syrian Arab Army (SAA)",
        "body_ends_with": "in de-escalation.",
        "body_excludes": ["PayPal", "ISIS cell"],
    }
    passed, total, failures = article_checks(gold, art)
    assert total == 9 and passed == 6
    assert any(f.startswith("original_source") for f in failures)
    assert any("ISIS cell" in f for f in failures)


def test_bad_record_is_counted_not_raised():
    def coder(record):
        if record["id"] == "bad":
            raise ValueError("boom")
        return Article(id="a", body=TEXT), []

    m = evaluate_events(
        [{"id": "bad", "text": "x", "events": []}, {"id": "ok", "text": "y", "events": []}], coder=coder
    )
    assert m["errors"] == 1 and m["error_list"][0]["id"] == "bad"
    assert m["event_recall"] is None and m["event_recall_n"] == 0


# ---------------------------------------------------------------------------- classify task


def test_classify_acled_plover_relevance():
    strike = event(
        "s",
        "Russian jets conducted airstrikes on Idlib.",
        sub="Air/drone strike",
        etype="Explosions/Remote violence",
        plover="FIGHT",
        actor1=RUS,
        actor2=IS,
        fatalities=2,
        score=0.9,
    )
    clash = event("c", "The Syrian Arab Army eliminated an ISIS cell near Palmyra.", score=0.4)
    outputs = {"1": [clash, strike], "2": [], "3": [strike], "4": []}

    def coder(record):
        return Article(id="a", body=record["text"]), outputs[record["id"]]

    recs = [
        {
            "task": "classify",
            "id": "1",
            "text": "t",
            "label": {"acled": "Air/drone strike", "acled_event_type": "Explosions/Remote violence"},
        },
        {"task": "classify", "id": "2", "text": "t", "label": {"acled": None}},
        {
            "task": "classify",
            "id": "3",
            "text": "t",
            "label": {"plover": "ASSAULT", "mode": "aerial"},
            "source": [{"text": "Russia", "country": "RUS", "sector": "MIL"}],
            "target": [{"text": "ISIS", "country": "SYR", "sector": "REB"}],
            "dead": 2,
        },
        {"task": "classify", "id": "4", "text": "t", "label": {"relevant": False}},
    ]
    m = evaluate_classify(recs, coder=coder)
    assert m["acled_accuracy"] == 1.0 and m["acled_n"] == 2 and m["accuracy"] == 1.0
    assert m["event_type_acc"] == 1.0
    assert m["plover_accuracy"] == 1.0
    assert m["mode_acc"] == 0.0
    assert m["source_country_acc"] == 1.0 and m["target_country_acc"] == 1.0
    assert m["source_sector_acc"] == 1.0 and m["target_sector_acc"] == 0.0
    assert m["dead_acc"] == 1.0
    assert m["relevant_n"] == 1 and m["relevant_recall"] is None and m["relevant_accuracy"] == 1.0
    assert most_salient([clash, strike]) is strike
    assert is_relevant([strike]) and not is_relevant([event("x", "x", etype="Strategic developments")])


# ------------------------------------------------------------------------------------ runner


def test_run_eval_never_crashes(tmp_path, monkeypatch):
    import sitreps.evaluate.runner as runner

    path = tmp_path / "g.jsonl"
    lines = [
        json.dumps({"task": "events", "id": "seed-1", "text": TEXT, "events": []}),
        "{not json",
        json.dumps({"task": "nosuchtask", "id": "z"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def fake_events(records, *, on_record=None):
        return evaluate_events(records, coder=coder_for([]), on_record=on_record)

    monkeypatch.setitem(runner.EVALUATORS, "events", ("tests_fake", "evaluate"))
    import sys
    import types

    mod = types.ModuleType("tests_fake")
    mod.evaluate = fake_events
    monkeypatch.setitem(sys.modules, "tests_fake", mod)
    summary = run_eval([str(path)], progress=False)
    files = summary["files"]
    assert [f["task"] for f in files] == ["events", "nosuchtask"]
    assert files[0]["n"] == 1 and files[0]["metrics"]["errors"] == 1  # the invalid JSON line
    assert files[0]["metrics"]["event_recall"] is None
    assert files[1]["metrics"]["errors"] == 1
    slim = strip_details(summary)
    assert "details" not in slim["files"][0] and "details" in summary["files"][0]
    json.dumps(slim)
    from rich.console import Console

    console = Console(record=True, width=120)
    print_tables(summary, console)
    assert "event_recall" in console.export_text()


def test_relevance_needs_the_event_in_the_lead():
    from sitreps.pipeline import code_text

    lead = "Gunmen killed five farmers in a village near Kismayo on Monday, officials said.\n\n"
    filler = ("The country has faced years of drought and rising food prices, and aid agencies say "
              "millions of people need help to get through the coming dry season.\n\n")
    art, evs = code_text(lead + filler)
    assert is_relevant(evs, art)
    art, evs = code_text(filler + lead)
    assert not is_relevant(evs, art)
    assert is_relevant(evs)  # without the article, any specific event counts


def test_regime_periods_are_ignored_wherever_acled_writes_them():
    from sitreps.evaluate.compare import actor_names_equal

    assert actor_names_equal("Police Forces of Ethiopia (2021-) Amhara Regional Special Forces",
                             "Police Forces of Ethiopia (2018-2023) Amhara Regional Special Forces")
    assert not actor_names_equal("Police Forces of Ethiopia (2021-) Amhara Regional Special Forces",
                                 "Police Forces of Ethiopia (2018-2023) Oromia Regional Special Forces")


def _lead_event(sentence: str, sub: str = "Attack", etype: str = "Violence against civilians",
                trigger: str = "x") -> Event:
    """An event told once, at the start of a one-paragraph article, its scope marked as the coder
    marks it (coding/scope.py)."""
    ev = event("r", sentence, sub=sub, etype=etype)
    k = max(sentence.find(trigger), 0)
    ev.mentions = [EventMention(article_id="a1", evidence=Span(sentence, 0, len(sentence)),
                                trigger=Span(trigger, k, k + len(trigger)), event_type=etype, sub_event_type=sub,
                                scope=mention_scope(sentence, k))]
    return ev


def test_relevance_reads_summaries_as_aggregates():
    incident = "Gunmen killed four traders near Garissa on Tuesday, police said."
    assert is_relevant([_lead_event(incident)])
    for summary in (
        "Militiamen killed dozens of civilians and looted shops in three villages last year, a rights group said.",
        "Soldiers committed murder and torture across the province, a court heard.",
        "Rebels killed civilians in two towns, the group said in a new report released today.",
        "The group listed examples of killings and detentions by the police.",
        "Nearly 200 people have been killed since the fighting began in April.",
    ):
        assert not is_relevant([_lead_event(summary)]), summary
    # Counting from a day or two ago is one ongoing battle, not a summary.
    assert is_relevant([_lead_event("Heavy gunfire has rocked the city since Saturday.", "Armed clash", "Battles")])
    assert not is_relevant([_lead_event("Heavy gunfire has rocked the city since March.", "Armed clash", "Battles")])


def test_relevance_judges_each_mention_in_the_lead():
    summary = "A wave of killings has hit the region, the agency said."
    incident = "On Monday, gunmen shot dead a teacher in the market."
    body = summary + "\n\n" + "Officials worried about the future of the region and the aid it needs." * 3 + "\n\n"
    text = body + incident
    art = Article(id="a", body=text, paragraphs=[(0, len(summary)), (len(summary) + 2, len(body) - 2),
                                                 (len(body), len(text))])
    ev = _lead_event(summary)
    start = text.index(incident)
    ev.mentions.append(EventMention(article_id="a1", evidence=Span(incident, start, start + len(incident)),
                                    trigger=Span("x", start, start + 1), event_type=None, sub_event_type=None))
    # The lead only summarises; the incident the event merged with is told far below it.
    art.paragraphs = [(0, len(body) - 2), (len(body), len(text))]
    assert not is_relevant([ev], art)
    assert is_relevant([ev])  # without the article every mention counts


def test_relevance_counts_looting_and_destruction():
    burn = _lead_event("Militants burned down a church in the town on Sunday.", "Looting/property destruction",
                       "Strategic developments")
    assert is_relevant([burn])
    assert not is_relevant([_lead_event("Police arrested a journalist on Sunday.", "Arrests",
                                        "Strategic developments")])


def test_relevance_skips_what_a_statement_condemns():
    condemned = "The UN envoy strongly condemned the killing of two aid workers in the county."
    assert not is_relevant([_lead_event(condemned, trigger="killing")])
    told = "Gunmen killed two aid workers in the county, an attack the UN envoy condemned."
    assert is_relevant([_lead_event(told, trigger="killed")])
