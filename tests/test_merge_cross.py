"""Cross-article merging (``sitreps.merge.cross``): pure functions on hand-built reports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sitreps.merge.article import build_event
from sitreps.merge.cross import (
    Report,
    dates_compatible,
    independent_groups,
    merge_reports,
    near_duplicate,
    places_compatible,
    reconcile,
    same_event,
    types_compatible,
)
from sitreps.model import Actor, EventDate, EventMention, Place, Span

PAIRS = Path(__file__).parent / "fixtures" / "merge" / "pairs.jsonl"
SAA = Actor("Military Forces of Syria (2000-)", inter=1, iso3="SYR", sector="MIL")
ISIS = Actor("Islamic State (Syria)", inter=2, sector="REB")
HTS = Actor("Hayat Tahrir al-Sham", inter=2, sector="REB")
TADMUR = Place(
    "Tadmur",
    geonameid=170017,
    admin1="Homs",
    country="Syria",
    iso2="SY",
    lat=34.56,
    lon=38.28,
    geo_precision=1,
)


def place(
    name: str, lat: float, lon: float, prec: int = 1, admin1: str = "Homs", gid: int | None = None
) -> Place:
    return Place(
        name, geonameid=gid, admin1=admin1, country="Syria", iso2="SY", lat=lat, lon=lon, geo_precision=prec
    )


def mention(
    article: str,
    text: str,
    *,
    sub: str = "Armed clash",
    etype: str = "Battles",
    a1=SAA,
    a2=ISIS,
    where: Place | None = TADMUR,
    when: date = date(2019, 5, 31),
    prec: int = 1,
    fatalities: int | None = None,
    modality: str = "asserted",
) -> EventMention:
    return EventMention(
        article_id=article,
        evidence=Span(text, 0, len(text)),
        trigger=Span("killed", 0, 6),
        event_type=etype,
        sub_event_type=sub,
        actor1=a1,
        actor2=a2,
        place=where,
        date=EventDate(when, prec),
        fatalities=fatalities,
        modality=modality,
    )


def report(
    article: str, text: str, *, publisher: str | None = None, original: str | None = None, **kw
) -> Report:
    ev = build_event([mention(article, text, **kw)])
    return Report(
        event=ev,
        article_id=article,
        publisher=publisher,
        original_source=original,
        published=date(2019, 6, 1),
    )


def test_types_generic_subtype_refines() -> None:
    assert types_compatible("Battles", "Armed clash", "Battles", "Armed clash")
    assert types_compatible(
        "Violence against civilians", "Attack", "Explosions/Remote violence", "Air/drone strike"
    )
    assert not types_compatible(
        "Explosions/Remote violence",
        "Air/drone strike",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert not types_compatible("Protests", "Peaceful protest", "Battles", "Armed clash")


def test_place_distance_fits_precision() -> None:
    a = place("A", 34.56, 38.28)
    assert places_compatible(a, place("B", 34.56, 38.37))  # ~8 km
    assert not places_compatible(a, place("C", 34.56, 38.50))  # ~20 km apart, both towns
    assert places_compatible(a, place("C", 34.56, 38.50, prec=2))  # "near C": 50 km
    assert places_compatible(place("Homs region", 34.7, 37.0, prec=3), a)  # same admin1
    assert not places_compatible(place("Hama region", 35.1, 36.7, prec=3, admin1="Hama"), a)
    assert places_compatible(None, a)


def test_date_window_fits_time_precision() -> None:
    d = EventDate(date(2019, 5, 31), 1)
    assert dates_compatible(d, EventDate(date(2019, 6, 1), 1))
    assert not dates_compatible(d, EventDate(date(2019, 6, 3), 1))
    assert dates_compatible(d, EventDate(date(2019, 6, 5), 2))
    assert dates_compatible(d, EventDate(date(2019, 6, 25), 3))
    assert not dates_compatible(d, EventDate(date(2019, 7, 5), 3))
    assert dates_compatible(d, EventDate(date(2019, 6, 2), 1, from_publication=True))


def test_same_event_needs_compatible_actors() -> None:
    a = report("a", "The SAA killed 5 ISIS members near Palmyra.")
    b = report("b", "Syrian troops clashed with IS fighters east of Palmyra.")
    c = report("c", "Syrian troops clashed with HTS fighters east of Palmyra.", a1=HTS, a2=None)
    d = report("d", "Fighting was reported east of Palmyra.", a1=None, a2=None)
    assert same_event(a.event, b.event)
    assert not same_event(a.event, c.event)  # no shared actor
    assert same_event(a.event, d.event)  # one side names nobody


def test_uncounted_never_merges() -> None:
    a = report("a", "The SAA killed 5 ISIS members near Palmyra.")
    b = report("b", "The SAA is going to attack ISIS near Palmyra.", modality="planned")
    assert not same_event(a.event, b.event)


def test_cross_posts_and_copies_are_not_independent() -> None:
    text = "The Syrian Arab Army eliminated an ISIS cell near Palmyra, killing at least 5 militants."
    orig = report("a", text, publisher="South Front")
    cross = report("b", text + " ", publisher="Global Research", original="South Front")
    wire_copy = report(
        "c",
        "The Syrian Arab Army eliminated an ISIS cell near Palmyra, killing at least 5 militants",
        publisher="Daily Example",
    )
    other = report(
        "d",
        "Government troops killed seven Islamic State fighters in the desert near Tadmur.",
        publisher="Another Outlet",
        fatalities=7,
    )
    assert near_duplicate(orig.event.mentions[0].evidence.text, wire_copy.event.mentions[0].evidence.text)
    groups = independent_groups([orig, cross, wire_copy, other])
    assert sorted(len(g) for g in groups) == [1, 3]


def test_reconcile_conservative_fatalities_and_conflicts() -> None:
    a = report(
        "a", "The SAA killed at least 5 ISIS members near Palmyra.", publisher="South Front", fatalities=5
    )
    b = report(
        "b", "Seven IS fighters died in clashes with the army near Tadmur.", publisher="SANA", fatalities=7
    )
    c = report(
        "c",
        "ISIS said it killed 20 soldiers near Palmyra.",
        publisher="Amaq",
        fatalities=20,
        modality="claimed",
    )
    m = reconcile([a, b, c])
    assert m.event.fatalities == 5
    assert m.conflicts["fatalities"] == [5, 7, 20]
    assert m.event.n_reports == 3
    assert m.event.sources == ["South Front", "SANA", "Amaq"]
    assert "5 reported fatalities" in m.event.notes and "Tadmur" in m.event.notes
    # A party's own claim is used only when nothing else gives a figure.
    assert reconcile([c]).event.fatalities == 20


def test_merge_reports_keeps_other_days_and_towns_apart() -> None:
    reports = [
        report("a", "The SAA killed 5 ISIS members near Palmyra.", publisher="X", fatalities=5),
        report("b", "Army and IS clashed in Tadmur; seven dead.", publisher="Y", fatalities=7),
        report("c", "New clashes near Palmyra four days later.", publisher="Z", when=date(2019, 6, 4)),
        report("d", "Clashes in Al-Qaryatayn.", publisher="W", where=place("Al-Qaryatayn", 34.23, 37.24)),
    ]
    merged = merge_reports(reports)
    assert len(merged) == 3
    big = max(merged, key=lambda m: len(m.reports))
    assert {r.article_id for r in big.reports} == {"a", "b"} and big.event.fatalities == 5


def test_pairs_fixture_is_well_formed() -> None:
    lines = PAIRS.read_text(encoding="utf-8").splitlines()
    header = [ln for ln in lines if ln.startswith("#")]
    assert header, "the file starts with a header saying how the pairs were built"
    pairs = [json.loads(ln) for ln in lines if ln.strip() and not ln.startswith("#")]
    assert len(pairs) >= 40
    assert {p["label"] for p in pairs} == {"same", "different"}
    for p in pairs:
        for side in ("a", "b"):
            assert p[side]["text"].strip() and date.fromisoformat(p[side]["published"])
