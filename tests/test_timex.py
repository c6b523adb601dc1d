"""Time expressions: recognition, TimeML values, event dates, publication dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.evaluate.dates import evaluate_dates
from sitreps.model import EventDate, Timex
from sitreps.timex import event_date, find_timexes, parse_published

PUB = date(2019, 5, 31)  # a Friday
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def one(text: str, published: date | None = PUB) -> Timex:
    found = find_timexes(text, published)
    assert len(found) == 1, found
    return found[0]


def values(text: str, published: date | None = PUB) -> dict[str, tuple[str, str]]:
    return {t.text: (t.type, t.value) for t in find_timexes(text, published)}


# --- find_timexes -----------------------------------------------------------------------------


def test_seed_may_28_is_the_past_not_next_year():
    t = one("Government forces shelled Kafr Nabudah on May 28, killing five.")
    assert (t.text, t.type, t.value) == ("May 28", "DATE", "2019-05-28")


@pytest.mark.parametrize(
    ("text", "expected_text", "typ", "value"),
    [
        ("Rebels attacked on Sunday.", "Sunday", "DATE", "2019-05-26"),
        ("They said Friday that ...", "Friday", "DATE", "2019-05-31"),
        ("It happened yesterday.", "yesterday", "DATE", "2019-05-30"),
        ("Fighting continued today.", "today", "DATE", "2019-05-31"),
        ("Shelling resumed Tuesday night.", "Tuesday night", "DATE", "2019-05-28"),
        ("Clashes erupted last week.", "last week", "DATE", "2019-W21"),
        ("Clashes erupted last month.", "last month", "DATE", "2019-04"),
        ("The plan was approved last April.", "last April", "DATE", "2019-04"),
        ("Earlier this year the town fell.", "Earlier this year", "DATE", "2019"),
        ("They agreed in August 1988.", "August 1988", "DATE", "1988-08"),
        ("The group was founded in 1988.", "1988", "DATE", "1988"),
        ("Dozens died in the past 24 hours.", "the past 24 hours", "DURATION", "PT24H"),
        ("The town fell two years ago.", "two years ago", "DATE", "2017"),
        ("Troops recently left.", "recently", "DATE", "PAST_REF"),
        ("Troops are now in the city.", "now", "DATE", "PRESENT_REF"),
        ("Troops are currently in the city.", "currently", "DATE", "PRESENT_REF"),
        ("Profits fell in the first quarter.", "the first quarter", "DATE", "2019-Q1"),
        ("They must wait at least 30 days.", "at least 30 days", "DURATION", "P30D"),
        ("Protests are held every week.", "every week", "SET", "P1W"),
        ("Protesters met daily.", "daily", "SET", "P1D"),
        ("The attack on 3/4/2021 killed two.", "3/4/2021", "DATE", "2021-03-04"),
        ("The attack on 15/4/2021 killed two.", "15/4/2021", "DATE", "2021-04-15"),
        ("It started on 15 March 2020.", "15 March 2020", "DATE", "2020-03-15"),
        ("It started on March 15, 2020.", "March 15, 2020", "DATE", "2020-03-15"),
        ("It started on 2020-03-15.", "2020-03-15", "DATE", "2020-03-15"),
        ("It started in mid-March.", "mid-March", "DATE", "2019-03"),
        ("Shelling over the weekend killed two.", "the weekend", "DATE", "2019-W21-WE"),
        ("The talks lasted three years.", "three years", "DURATION", "P3Y"),
        ("After a 16-hour flight she landed.", "16-hour", "DURATION", "PT16H"),
        ("They met at 7:15 p.m. on Thursday.", "7:15 p.m.", "TIME", "2019-05-31T19:15"),
        ("It has been so since the 1990s.", "the 1990s", "DATE", "199"),
        ("The war of the 20th century ended.", "the 20th century", "DATE", "19"),
    ],
)
def test_values(text, expected_text, typ, value):
    got = values(text)
    assert got.get(expected_text) == (typ, value), got


def test_future_tense_takes_the_next_occurrence():
    assert one("The offensive will resume on Monday.").value == "2019-06-03"
    assert one("The deadline was extended until June 10.").value == "2019-06-10"
    # same month name, past tense: the most recent past one
    assert one("Talks collapsed in September.").value == "2018-09"
    assert one("Talks will resume in September.").value == "2019-09"


def test_anaphora_quarter_and_year_earlier():
    text = "Profit rose in the third quarter from a year earlier."
    got = values(text, date(1989, 10, 26))
    assert got["the third quarter"] == ("DATE", "1989-Q3")
    assert got["a year earlier"] == ("DATE", "1988-Q3")


def test_no_false_dates_in_numbers_and_words():
    assert find_timexes("He paid $1988 for 2000 troops and may march.", PUB) == []
    assert find_timexes("A second attack killed a quarter of the residents.", PUB) == []


def test_spans_are_exact_substrings():
    text = "On Saturday, April 25, and again last week, over 30 days of fighting."
    for t in find_timexes(text, date(1998, 4, 24)):
        assert text[t.start : t.end] == t.text
    assert values(text, date(1998, 4, 24))["Saturday, April 25"] == ("DATE", "1998-04-25")


def test_without_publication_date_values_stay_unresolved():
    assert one("Clashes on May 28.", None).value == "XXXX-05-28"
    assert one("Clashes on May 28, 2019.", None).value == "2019-05-28"
    assert one("Clashes on Sunday.", None).value == "XXXX-WXX-7"


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.dates(min_value=date(1990, 1, 1))
)
def test_property_month_day_year_resolves_to_itself(d, pub):
    text = f"The attack took place on {MONTH_NAMES[d.month - 1]} {d.day}, {d.year}, officials said."
    t = one(text, pub)
    assert t.type == "DATE" and t.value == d.isoformat()


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from(range(7)))
def test_property_weekday_is_within_the_week_before_publication(pub, wd):
    t = one(f"Rebels shelled the village on {WEEKDAY_NAMES[wd]}.", pub)
    d = date.fromisoformat(t.value)
    assert d.weekday() == wd
    assert pub - timedelta(days=6) <= d <= pub


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 12), st.integers(1, 28)
)
def test_property_month_day_never_far_from_publication(pub, month, day):
    t = one(f"Clashes erupted on {MONTH_NAMES[month - 1]} {day}.", pub)
    d = date.fromisoformat(t.value)
    assert (d.month, d.day) == (month, day)
    assert abs((d - pub).days) <= 366


# --- event_date -------------------------------------------------------------------------------


def test_event_date_day_from_sentence():
    s = "On May 28, government forces shelled Kafr Nabudah."
    assert event_date(s, 0, len(s), PUB) == EventDate(date(2019, 5, 28), 1, "May 28")


def test_event_date_earlier_this_year_is_background():
    s = "Earlier this year, rebels seized the town."
    ed = event_date(s, 0, len(s), PUB)
    assert ed.background and ed.time_precision == 3 and ed.date == date(2019, 1, 1)
    assert not ed.from_publication


def test_event_date_falls_back_to_publication():
    s = "Rebels seized the town."
    ed = event_date(s, 0, len(s), PUB)
    assert ed == EventDate(PUB, 1, None, from_publication=True)
    assert event_date(s, 0, len(s), None).date is None


def test_event_date_week_and_month_precision():
    s = "Rebels seized the town last week."
    ed = event_date(s, 0, len(s), PUB)
    assert (ed.date, ed.time_precision, ed.background) == (date(2019, 5, 20), 2, False)
    s = "Rebels seized the town last month."
    ed = event_date(s, 0, len(s), PUB)
    assert (ed.date, ed.time_precision) == (date(2019, 4, 1), 3)


def test_event_date_uses_span_and_given_timexes():
    text = "It was calm on Monday. Rebels attacked on Wednesday, two days after talks began."
    timexes = find_timexes(text, PUB)
    start = text.index("Rebels")
    ed = event_date(text, start, len(text), PUB, timexes)
    assert ed.date == date(2019, 5, 29) and ed.expression == "Wednesday"


def test_event_date_prefers_attached_date_and_ignores_absurd_ones():
    s = "In 1850 the fort was built; rebels took it on May 2."
    ed = event_date(s, 0, len(s), PUB)
    assert ed.date == date(2019, 5, 2)
    s = "Rebels say they will attack on June 20."
    ed = event_date(s, 0, len(s), PUB)
    assert ed.from_publication and ed.date == PUB


# --- parse_published --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-05-31", date(2019, 5, 31)),
        ("1998-02-27T08:13:00", date(1998, 2, 27)),
        ("May 31, 2019", date(2019, 5, 31)),
        ("31 May 2019", date(2019, 5, 31)),
        ("Published July 5 2016", date(2016, 7, 5)),
        ("Thursday, 31 May 2019 10:00", date(2019, 5, 31)),
        ("05/31/2019", date(2019, 5, 31)),
        ("", None),
        ("no date here", None),
        ("1066-10-14", None),
        ("2999-01-01", None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


# --- evaluation -------------------------------------------------------------------------------


def test_evaluate_dates_counts_overlap_once():
    rec = {
        "task": "dates",
        "id": "t1",
        "text": "Rebels attacked on Friday and again last week.",
        "published": "2013-03-22",
        "timexes": [
            {"start": 19, "end": 25, "text": "Friday", "type": "DATE", "value": "2013-03-22"},
            {"start": 36, "end": 45, "text": "last week", "type": "DATE", "value": "2013-W11"},
        ],
    }
    res = evaluate_dates([rec])
    assert res["n"] == 1 and res["n_timexes"] == 2
    assert res["recognition_f1"] == 1.0
    assert res["value_acc"] == 1.0
    assert res["type_acc"] == 1.0


def test_event_date_weekend_is_its_saturday():
    s = "Two civilians were killed in shelling over the weekend."
    ed = event_date(s, 0, len(s), PUB)
    assert (ed.date, ed.time_precision) == (date(2019, 5, 25), 2)


@pytest.mark.slow
def test_dev_gold_smoke():
    """Runs the scorer over the shared dev set when it is present (figures in the lead's report)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "dates" / "dev.dates.jsonl"
    if not path.exists():
        pytest.skip("dev gold not available")
    recs = [json.loads(line) for line in path.open(encoding="utf-8")]
    res = evaluate_dates(recs)
    assert res["recognition_f1"] >= 0.85
    assert res["value_acc"] >= 0.85


# ---------------------------------------------------------------------------------------------
# Narrative time, anaphoric months, holidays, dashed datelines


def test_yearless_date_continues_the_narrative_year():
    text = "The body was found on Nov. 25, 2019, in a house.\n\nHayton died on Nov. 16, police said."
    assert values(text, date(2022, 1, 28))["Nov. 16"] == ("DATE", "2019-11-16")
    # a range bound or a noun modifier sets no narrative time
    text = "It has doubled its profits since 1980. In September, it announced a deal."
    assert values(text, date(1989, 10, 30))["September"] == ("DATE", "1989-09")


def test_the_previous_month_is_relative_to_the_month_told():
    v = values("He entered prison in January 2012. The previous month, he had been convicted.")
    assert v["The previous month"] == ("DATE", "2011-12")


def test_fixed_day_holidays_as_time_of_a_clause():
    v = values("She was kidnapped and killed on New Year’s Eve.", date(2020, 5, 8))
    assert v["New Year’s Eve"] == ("DATE", "2019-12-31")
    assert "International Women's Day" not in values("Rallies marked International Women's Day.")


def test_dashed_numeric_dates_are_day_first():
    assert one("13-08-2013 Militants killed in Homs").value == "2013-08-13"


def _coded_date(text: str, trigger: str, published: date = PUB) -> date | None:
    from sitreps.nlp import get_nlp

    doc = get_nlp()(text)
    tok = next(t for t in doc if t.text == trigger)
    sent = tok.sent
    return event_date(text, sent.start_char, sent.end_char, published, find_timexes(text, published),
                      doc=doc, trigger_i=tok.i).date


def test_event_date_is_the_date_of_the_triggers_clause():
    text = "Three journalists who were detained on February 27 went on trial on Tuesday."
    assert _coded_date(text, "trial") == date(2019, 5, 28)
    assert _coded_date(text, "detained") == date(2019, 2, 27)


def test_event_date_from_a_frame_opened_earlier_in_the_paragraph():
    text = "In 2014, Rilwan was abducted outside his home. He was never seen again.\n\nPolice arrested two men."
    assert _coded_date(text, "seen") == date(2014, 1, 1)
    assert _coded_date(text, "arrested") == PUB  # a new paragraph: the frame is closed


def test_event_date_reaches_into_clauses_without_a_tense_of_their_own():
    text = "She was arrested at the airport while taking her daughter to see her parents in April 2016."
    assert _coded_date(text, "arrested", date(2021, 3, 8)) == date(2016, 4, 1)
    text = "The junta, which ruled from 1967 to 1974, attacked the strikers."
    assert _coded_date(text, "attacked", date(2020, 11, 28)) == date(2020, 11, 28)


def test_event_noun_that_grounds_another_act_is_not_dated_by_it():
    text = "A Dayton man was found guilty of murder Thursday for the November 2019 shooting deaths of a couple."
    pub = date(2022, 1, 28)
    # the murder had happened by Thursday: a bound, not the verdict's own date beating others
    assert _coded_date(text, "murder", pub) == date(2022, 1, 27)
    assert _coded_date(text, "shooting", pub) == date(2019, 11, 1)


def test_ground_date_is_a_fallback_after_own_date_and_frame():
    pub = date(2021, 9, 20)
    text = "Between June 2020 and May 2021, investigators questioned witnesses about the killings."
    assert _coded_date(text, "killings", pub) == date(2020, 6, 1)
    text = "In 2018, the village was raided. Weeks later, two men were arrested on Monday for the killings."
    assert _coded_date(text, "killings", pub) == date(2018, 1, 1)  # the paragraph's frame first


def test_expressions_off_the_calendar_are_dropped_not_raised():
    """An absurd offset is no date (and must not crash the article it is in)."""
    from sitreps.pipeline import code_text

    text = "Gunmen killed 3 people in Kano 3000000 days ago and 9 more 2500000 weeks ago."
    assert [t.value for t in find_timexes(text, date(2024, 1, 1)) if t.type == "DATE"] == []
    _, events = code_text(text, published=date(2024, 1, 1))
    assert events and events[0].fatalities is not None
