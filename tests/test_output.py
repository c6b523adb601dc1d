"""Output formats on hand-made events: CSV columns and formats, GeoJSON validity, JSON shapes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from sitreps.model import Actor, Article, Event, EventDate, EventMention, Place, Span
from sitreps.output import ACLED_COLUMNS, COLUMNS, acled_row, disorder_type, interaction, render
from sitreps.output.regions import acled_region

BODY = "The Syrian Arab Army eliminated an ISIS cell near Palmyra, killing at least 5 ISIS members."
ARTICLE = Article(
    id="art1",
    body=BODY,
    title="SAA near Palmyra",
    url="https://example.org/a",
    publisher="Global Research",
    original_source="South Front",
    published=date(2019, 5, 31),
)


def make_event(eid="ev1", *, place=True, actor2=None, fatalities=5, assoc=None) -> Event:
    m = EventMention(
        article_id="art1",
        evidence=Span(BODY, 0, len(BODY)),
        trigger=Span("eliminated", 21, 31),
        event_type="Battles",
        sub_event_type="Armed clash",
    )
    return Event(
        id=eid,
        mentions=[m],
        event_type="Battles",
        sub_event_type="Armed clash",
        plover="ASSAULT",
        plover_mode="firearms",
        actor1=Actor("Military Forces of Syria (2000-)", inter=1, country="Syria", iso3="SYR"),
        assoc_actor_1=assoc or [],
        actor2=actor2 if actor2 is not None else Actor("Islamic State (Syria)", inter=2, country="Syria"),
        assoc_actor_2=[],
        place=Place(
            "Tadmur",
            geonameid=163345,
            admin1="Homs",
            country="Syria",
            iso2="SY",
            lat=34.56,
            lon=38.28,
            geo_precision=2,
        )
        if place
        else None,
        date=EventDate(date(2019, 5, 30), 1, expression="on Thursday"),
        fatalities=fatalities,
        attribution="reports",
        modality="reported",
        notes="On 30 May 2019, the SAA clashed with IS near Tadmur (Homs). 5 fatalities.",
        article=ARTICLE,
    )


def test_csv_columns_and_formats():
    out = io.StringIO()
    assoc = [Actor("Hezbollah", inter=3), Actor("Military Forces of Iran (1989-)", inter=8)]
    render(
        [
            make_event(assoc=assoc),
            make_event("ev2", place=False, fatalities=None, actor2=Actor("Civilians (Syria)", inter=7)),
        ],
        "csv",
        out,
    )
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    header = rows[0]
    assert header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert len(ACLED_COLUMNS) == 31
    assert header == COLUMNS
    assert header[31:] == [
        "plover",
        "plover_mode",
        "modality",
        "scope",
        "attribution",
        "evidence",
        "evidence_start",
        "evidence_end",
        "trigger",
        "geonameid",
        "article_id",
        "url",
        "n_reports",
    ]
    r = dict(zip(header, rows[1], strict=True))
    assert r["event_id_cnty"].startswith("SYR") and r["scope"] == "incident"
    assert r["event_date"] == "2019-05-30" and r["year"] == "2019" and r["time_precision"] == "1"
    assert r["disorder_type"] == "Political violence"
    assert r["assoc_actor_1"] == "Hezbollah; Military Forces of Iran (1989-)"
    assert r["inter1"] == "1" and r["inter2"] == "2" and r["interaction"] == "12"
    assert r["civilian_targeting"] == ""
    assert r["iso"] == "760" and r["region"] == "Middle East" and r["country"] == "Syria"
    assert r["latitude"] == "34.56" and r["longitude"] == "38.28" and r["geo_precision"] == "2"
    assert r["source"] == "Global Research" and r["fatalities"] == "5"
    assert r["timestamp"].isdigit()
    assert r["evidence_start"] == "0" and r["trigger"] == "eliminated" and r["geonameid"] == "163345"
    r2 = dict(zip(header, rows[2], strict=True))
    assert r2["civilian_targeting"] == "Civilian targeting" and r2["interaction"] == "17"
    assert r2["fatalities"] == "0"  # ACLED writes 0 when no deaths are reported
    assert r2["latitude"] == "" and r2["location"] == ""


def test_small_helpers():
    assert interaction(2, 1) == 12 and interaction(1, None) == 10 and interaction(None, None) is None
    assert interaction(7, 3) == 37
    assert disorder_type("Riots") == "Demonstrations" and disorder_type("Agreement") == ""
    assert disorder_type("Strategic developments") == "Strategic developments"
    assert acled_region("SS") == "Eastern Africa" and acled_region("ng") == "Western Africa"
    assert acled_region("PK") == "South Asia" and acled_region("IR") == "Middle East"
    assert acled_region("UA") == "Europe" and acled_region("AZ") == "Caucasus and Central Asia"
    assert acled_region(None) is None
    assert set(acled_row(make_event())) == set(COLUMNS)


def test_geojson_valid():
    out = io.StringIO()
    render([make_event(), make_event("ev2", place=False)], "geojson", out)
    doc = json.loads(out.getvalue())
    assert doc["type"] == "FeatureCollection" and doc["skipped"] == 1
    assert len(doc["features"]) == 1
    f = doc["features"][0]
    assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
    lon, lat = f["geometry"]["coordinates"]
    assert (lon, lat) == (38.28, 34.56)  # RFC 7946: [longitude, latitude]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert f["properties"]["event_type"] == "Battles" and set(f["properties"]) == set(COLUMNS)


def test_json_and_jsonl():
    out = io.StringIO()
    render([make_event(), make_event("ev2")], "json", out)
    doc = json.loads(out.getvalue())
    assert len(doc["articles"]) == 1 and doc["articles"][0]["id"] == "art1"
    assert "body" not in doc["articles"][0]
    assert [e["id"] for e in doc["events"]] == ["ev1", "ev2"]
    assert doc["events"][0]["article_id"] == "art1" and "article" not in doc["events"][0]
    out = io.StringIO()
    render([make_event(), make_event("ev2")], "jsonl", out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["id"] == "ev1" and first["article"]["title"] == "SAA near Palmyra"


def test_table_fits_100_columns():
    out = io.StringIO()
    render([make_event(), make_event("ev2", place=False)], "table", out)
    text = out.getvalue()
    assert "Armed clash" in text and "Tadmur" in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_unknown_format():
    with pytest.raises(ValueError):
        render([], "xml", io.StringIO())
