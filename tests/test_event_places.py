"""Where an event is placed: which of a sentence's places is the scene (sentences of our own)."""

from __future__ import annotations

from datetime import date

from sitreps.pipeline import code_text

PUB = date(2016, 5, 10)


def first_event(text: str):
    _, events = code_text(text, published=PUB)
    evs = [e for e in events if e.counted and e.event_type]
    assert evs, f"no event coded in {text!r}"
    return evs[0]


def test_country_as_agent_is_no_event_place() -> None:
    """"strikes carried out by the United States", "Saudi Arabia funded ...": a government acting."""
    ev = first_event("Airstrikes carried out by the United States killed 9 civilians in northern Syria on Monday.")
    assert ev.place is not None and ev.place.iso2 == "SY"
    ev = first_event("Saudi Arabia paid gunmen who killed three pastors in Uganda last week.")
    assert ev.place is not None and ev.place.iso2 == "UG"
    ev = first_event("Both Qatar and Kuwait sent money to eliminate the opposition and to massacre villagers in Chad.")
    assert ev.place is not None and ev.place.iso2 == "TD"


def test_town_of_x_near_y_is_placed_at_x() -> None:
    """"in the city of X near Y": X is where it happened, Y only a landmark."""
    ev = first_event("Jets bombed a market in the town of Saraqib near Aleppo on Sunday, killing 8 people.")
    assert ev.place is not None and ev.place.admin1 == "Idlib"


def test_country_in_a_group_name_is_no_place() -> None:
    """"Islamic State of Iraq and the Levant" names the group, not where it acted."""
    ev = first_event("The Islamic State of Iraq and the Levant executed 30 tribesmen in Deir ez-Zor province.")
    assert ev.place is not None and ev.place.iso2 == "SY"
    ev = first_event("Fighters of the Islamic State of Iraq and the Levant killed 12 villagers last week.")
    assert ev.place is None or ev.place.iso2 != "IQ"


def test_named_area_of_a_division_is_placed_at_the_area() -> None:
    """"in Mariga local government area of Niger state": the named area, not the state around it."""
    ev = first_event("Bandits kidnapped six farmers in Mariga local government area of Niger state on Friday.")
    assert ev.place is not None and ev.place.name == "Mariga"


def test_area_in_no_country_yields_to_the_paragraph_place() -> None:
    """"along the Euphrates": a river in several countries; the place named just before is the scene."""
    ev = first_event("Kurdish forces hold the city of Raqqa in northern Syria. Jets bombed villages along the "
                     "Euphrates on Monday, killing 12 civilians.")
    assert ev.place is not None and ev.place.iso2 == "SY"


def test_country_that_suffers_is_the_scene() -> None:
    ev = first_event("Chad has seen 14 herders killed by gunmen this month, officials in Cameroon said.")
    assert ev.place is not None and ev.place.iso2 == "TD"


def test_seat_and_acting_country_are_no_scene_but_tell_which_place() -> None:
    """A seat or an acting country is not where the event happened, yet (unlike a metonym, "Moscow
    said") it still tells which of two same-named places the article means."""
    for text in ("The Lebanon-based monitor said gunmen killed four people in Tripoli on Sunday.",
                 "Lebanon deployed troops after gunmen killed four people in Tripoli on Sunday."):
        ev = first_event(text)
        assert ev.place is not None and (ev.place.name, ev.place.iso2) == ("Tripoli", "LB")
