"""Country and sector of PLOVER's source and target actors (invented sentences)."""

from __future__ import annotations

import pytest

from sitreps.coding.leaders import leader_country
from sitreps.evaluate.classify import main_predicate
from sitreps.pipeline import code_text


def main_event(text: str):
    _, events = code_text(text, format="txt", published=None)
    ev = main_predicate(events)
    assert ev is not None, text
    return ev


def target(ev):
    return ev.actor2 or ev.target


def test_leader_names_match_whole_words_case_sensitively() -> None:
    assert leader_country("the Bush administration") == "US"
    assert leader_country("President Suharto's government") == "ID"
    assert leader_country("bush fires near the road") is None
    assert leader_country("Putinism") is None


def test_a_named_leader_is_his_countrys_government_whatever_the_focus() -> None:
    ev = main_event("Putin offered to negotiate with the prime minister of Georgia next week.")
    assert ev.actor1 is not None and ev.actor1.iso3 == "RUS" and ev.actor1.sector == "GOV", ev.actor1


def test_be_opposed_to_is_a_stance_of_the_subject() -> None:
    ev = main_event("Turkey is opposed to Swedish mediation in the talks with Greece.")
    assert ev.actor1 is not None and ev.actor1.iso3 == "TUR", ev.actor1
    assert target(ev) is not None and target(ev).iso3 == "SWE", target(ev)


def test_will_not_accept_is_a_rejection() -> None:
    ev = main_event("Jordan will not accept any more refugees from the war.")
    assert ev.plover == "REJECT" and ev.actor1 is not None and ev.actor1.iso3 == "JOR", (ev.plover, ev.actor1)


def test_a_bare_security_council_is_the_uns_but_a_national_one_is_not() -> None:
    from sitreps.coding.actors import get_actor_dictionary

    d = get_actor_dictionary()
    un = d.match("a Security Council statement")
    assert un is not None and un.name == "United Nations", un
    for national in ("the Russian Security Council", "the National Security Council"):
        assert d.match(national) is None, national


def test_a_sector_word_on_a_thing_names_no_actor() -> None:
    ev = main_event("The rebel movement announced it will return weapons and military equipment seized in May from United Nations peacekeepers in Liberia.")
    assert target(ev) is not None and target(ev).sector == "IGO", target(ev)


def test_coordinated_nationalities_share_the_noun() -> None:
    ev = main_event("Police in Kenya have detained dozens of Sierra Leonean and Ghanaian traders, a rights group said.")
    assert target(ev) is not None and target(ev).iso3 == "SLE" and target(ev).sector == "CVL", target(ev)


def test_a_name_particle_is_no_clause_of_the_act() -> None:
    from sitreps.coding.coder import get_coder
    from sitreps.nlp.pipeline import get_nlp

    doc = get_nlp()("Foreign Minister Hans Van den Broek said the talks would go on, and den was closed.")
    coder = get_coder()
    particles = [t for t in doc if t.lower_ == "den"]
    assert coder.targets.name_particle(particles[0]) and not coder.targets.name_particle(particles[1])


def test_the_beneficiary_of_a_purpose_clause_is_the_target_of_aid() -> None:
    ev = main_event("Denmark is ready to send equipment to help protect Jordan if it comes under attack, "
                    "the Danish defence minister said.")
    assert ev.plover in ("AID", "AGREE") and target(ev) is not None and target(ev).iso3 == "JOR", target(ev)


def test_a_staged_protests_purpose_clause_names_its_target() -> None:
    ev = main_event("Thousands of workers across Kenya staged street protests on Sunday to demand wage rises "
                    "by President Moi's government.")
    assert ev.plover == "PROTEST" and target(ev) is not None and target(ev).sector == "GOV", target(ev)


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        pytest.param("Lt. Col. Michel Duval resigned on Monday to allow elections to take place in Haiti.",
                     "HTI", id="a_title_abbreviation_is_no_country_code"),
        pytest.param("President Jonas Mbeka has banned Zambian opposition rallies ahead of the vote.",
                     "ZMB", id="a_person_takes_the_only_country_his_sentence_names"),
        pytest.param("A group of Kenyan diplomats held their first meeting with the new envoy on Monday.",
                     "KEN", id="a_pronoun_owner_of_an_event_noun_is_the_light_verbs_subject"),
        pytest.param("NATO-member Denmark is willing to send equipment to help defend Latvia.",
                     "DNK", id="a_country_modified_by_its_alliance_is_the_country"),
        pytest.param("President Hosni Mubarak was quoted today as saying he would be ready to host talks between the two sides.",
                     "EGY", id="he_in_a_quote_is_the_one_quoted"),
        pytest.param("Rebels in Chad on Tuesday rejected an offer of talks from the capital.",
                     "TCD", id="people_in_a_country_are_of_that_country"),
        pytest.param("A group of Ewe leaders announced yesterday that they are willing to forgive Togolese President Koffi Ameka.",
                     "TGO", id="a_sector_noun_takes_the_only_country_of_its_sentence"),
        pytest.param("Croatian forces were engaged in ethnic cleansing in the region, a rights group said.",
                     "HRV", id="who_is_engaged_in_an_act_does_it"),
        pytest.param("Russian Sukhoi jet raids have destroyed at least four rebel depots since March, officials said.",
                     "RUS", id="a_state_named_on_the_weapon_does_the_act"),
        pytest.param("Nurses from three French charities delivered medicine to the main hospital in Mosul.",
                     "FRA", id="a_generic_noun_takes_the_country_its_from_phrase_names"),
        pytest.param("Doctors from two British charities donated and personally delivered $20,000 worth of drugs to a hospital in Basra.",
                     "GBR", id="a_verbless_root_noun_is_the_subject_of_its_hanging_verb"),
        pytest.param("The Hungarians of northern Romania are demanding cultural autonomy from Romanian authorities.",
                     "ROU", id="a_people_of_a_place_live_there"),
        pytest.param("Former leader Paul Okello has been accused of misusing up to $20 million in public funds, much of it believed to have been stolen, by current Kenyan government officials.",
                     "KEN", id="a_by_phrase_after_a_parenthetical_names_the_accuser"),
    ],
)
def test_source_country(text: str, iso3: str) -> None:
    ev = main_event(text)
    assert ev.actor1 is not None and ev.actor1.iso3 == iso3, ev.actor1


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        pytest.param("Human Rights Watch demanded that the Kenyan government lift the ban on opposition newspapers.",
                     "KEN", id="the_subject_of_a_demanded_act_is_the_target"),
        pytest.param("Spain announced a suspension of rail links with Morocco on Tuesday.",
                     "MAR", id="the_target_can_sit_one_preposition_further_down"),
        pytest.param("Japan has rejected North Korea's latest demand to end the joint exercises.",
                     "PRK", id="a_possessive_country_keeps_its_whole_name"),
        pytest.param("Spain is ready to contribute up to 2,000 troops to a peacekeeping force in Mali, the defence minister said on Friday.",
                     "MLI", id="a_states_own_troops_are_no_target"),
        pytest.param("Portugal on Monday condemned as a grave injustice Angola's expulsion of foreign reporters.",
                     "AGO", id="the_target_can_sit_deep_in_the_clause"),
        pytest.param("Iran has threatened to halt talks on the dam if Egypt goes ahead with the planned diversion of the river.",
                     "EGY", id="the_subject_of_an_embedded_condition_can_be_the_target"),
        pytest.param("Greece will allow 2,000 Syrian Kurd refugees who have lived in Turkey for years to settle on Crete.",
                     "SYR", id="a_nationality_apart_from_its_noun_places_the_people"),
        pytest.param("Thousands of students blocked roads in Lagos in defiance of Ghanaian authorities on Monday.",
                     "GHA", id="in_defiance_of_names_the_target"),
        pytest.param("Iraqi riots against American military policies went on for a third day.",
                     "USA", id="a_demonstration_against_a_states_policies_targets_that_state"),
        pytest.param("Government soldiers overran a Karen guerrilla camp near the Thai frontier on Sunday.",
                     "MMR", id="karen_guerrillas_are_the_karen_rebels_of_myanmar"),
        pytest.param("Croat forces were engaged in ethnic cleansing in Bosnia against the Serb population of the region, according to observers.",
                     "BIH", id="the_people_of_an_anaphoric_province_live_in_the_place_named_before"),
        pytest.param("Prisoners rioted at a jail in Dili on Monday, demanding independence from Indonesian rule.",
                     "IDN", id="a_demand_for_independence_from_a_state_targets_that_state"),
    ],
)
def test_target_country(text: str, iso3: str) -> None:
    ev = main_event(text)
    assert target(ev) is not None and target(ev).iso3 == iso3, target(ev)
