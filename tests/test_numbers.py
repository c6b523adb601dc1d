"""Death counts a sentence states (coding/numbers.py): date lines, rising tolls, coordinated victims."""

from __future__ import annotations

import pytest

from sitreps.coding.lexicon import get_lexicon
from sitreps.coding.numbers import deaths_in
from sitreps.nlp import get_nlp


def dead(text: str) -> int | None:
    doc = get_nlp()(text)
    return deaths_in(next(iter(doc.sents)), get_lexicon().words)[0]


@pytest.mark.parametrize(
    ("text", "n"),
    [
        # a day next to a month is a date, not a count
        ("Wed 3 Mar 2021 Gunmen Dead in Raid on Village Near Kobani.", None),
        ("Militants killed 4 people on 3 May.", 4),
        # tolls that rise, however far the rise verb is from the toll word
        ("Death Toll in Car Bomb Attack Near Market in Northern Town Climbs to 45 After Night.", 45),
        ("The death toll from the blast has risen to 31, a medic said.", 31),
        ("The number of soldiers killed in the attack on the checkpoint has risen to 14.", 14),
        # a toll the report itself replaces
        ("The previous death toll was 8.", None),
        # a date line glued to the lead is not a victim
        ("Date of publication 3 March 2019 Four farmers and two herders were killed in an ambush.", 6),
        # coordinated victims add up, unless the later ones are among the earlier
        ("Four rescue workers and seven children killed in shelling", 11),
        ("At least 12 civilians and four children were killed in the raids.", 12),
        ("The shelling killed two firefighters while five children were also killed.", 7),
    ],
)
def test_death_counts(text: str, n: int | None) -> None:
    assert dead(text) == n


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # a town after a preposition is no doer, though parsed as the subject of the participle
        ("Regime helicopters dropped barrel bombs on Douma killing 7 people.", "Military Forces of Syria (2000-)"),
        # an act noun as subject is done by its "by" object, not by the place parsed as a second subject
        ("A fierce push by the Syrian army to retake the last rebel pocket near the city of Homs killed 11 people.",
         "Military Forces of Syria (2000-)"),
    ],
)
def test_doers_of_participles_and_act_nouns(text: str, actor1: str) -> None:
    from sitreps.pipeline import code_text

    _, events = code_text(text)
    violent = [e for e in events if e.fatalities]
    assert violent and violent[0].actor1 is not None and violent[0].actor1.name == actor1, violent[0].actor1
