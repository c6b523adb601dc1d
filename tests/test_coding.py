"""The coder on sentences of our own: types, roles, modality, numbers, merging."""

from __future__ import annotations

from datetime import date

import pytest

from sitreps.coding.roles import act_phrase_objects, event_roles
from sitreps.nlp import get_nlp
from sitreps.pipeline import code_text

PUB = date(2024, 3, 10)


def events_of(text: str, include_all: bool = False, country: str | None = None):
    _, events = code_text(text, published=PUB, country_hint=country, include_all=include_all)
    return events


def only(text: str, **kw):
    evs = [e for e in events_of(text, **kw) if e.counted and e.event_type]
    assert evs, f"no event coded in {text!r}"
    return evs[0]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Syrian government warplanes carried out airstrikes on the town of Maarat al-Numan on Sunday.", "Air/drone strike"),
        ("A US drone strike killed two al-Shabaab commanders near Jilib on Tuesday.", "Air/drone strike"),
        ("Government forces shelled rebel positions in the village overnight.", "Shelling/artillery/missile attack"),
        ("A roadside bomb exploded near a police patrol in Kandahar, killing three officers.", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up at a checkpoint in Mogadishu on Friday, killing six soldiers.", "Suicide bomb"),
        ("Unknown assailants hurled a grenade at a bar in Bujumbura, wounding 12 people.", "Grenade"),
        ("Gunmen abducted 15 farmers in Zamfara state on Monday.", "Abduction/forced disappearance"),
        ("Police arrested 20 opposition supporters in Kampala on Saturday.", "Arrests"),
        ("Hundreds of students protested peacefully in Nairobi on Thursday against fee increases.", "Peaceful protest"),
        ("Police fired tear gas to disperse protesters in Lagos on Monday.", "Protest with intervention"),
        ("Boko Haram fighters killed 12 villagers in Borno state on Saturday.", "Attack"),
        ("Fighting broke out between the army and Islamic State militants near Palmyra, killing 10 fighters.", "Armed clash"),
    ],
)
def test_sub_event_types(text: str, sub: str) -> None:
    assert only(text).sub_event_type == sub


def test_roles_active_passive_and_assoc() -> None:
    ev = only("The Syrian Air Force and the Russian Aerospace Forces conducted airstrikes on rebel positions in Idlib.")
    assert ev.actor1.name.startswith("Military Forces of Syria")
    assert any(a.name.startswith("Military Forces of Russia") for a in ev.assoc_actor_1)
    ev = only("Five civilians were killed by Boko Haram militants in Borno on Sunday.")
    assert "Boko Haram" in ev.actor1.name or "Jama'atu" in ev.actor1.name
    assert ev.actor2 is not None and ev.actor2.inter == 7
    assert ev.fatalities == 5


@pytest.mark.parametrize(
    ("phrase", "n"),
    [("killed at least 5 people", 5), ("killed dozens of people", 12), ("killed tens of people", 10),
     ("killed hundreds of people", 100), ("killed seven people", 7), ("killed 1,200 people", 1200)],
)
def test_fatalities_by_acled_rules(phrase: str, n: int) -> None:
    ev = only(f"Islamic State militants {phrase} in an attack on a village near Raqqa on Sunday.")
    assert ev.fatalities == n


def test_modality_planned_negated_not_counted() -> None:
    text = ("The army is going to launch an offensive against the rebels next week. "
            "There was no fighting in the city on Sunday.")
    assert not [e for e in events_of(text) if e.counted]
    audit = events_of(text, include_all=True)
    assert {e.modality for e in audit} >= {"planned", "negated"}


def test_attribution_according_to() -> None:
    ev = only("According to local sources, gunmen killed three villagers in Kaduna state on Sunday.")
    assert ev.attribution == "local sources"
    assert ev.modality == "reported"


def test_two_sentences_of_one_event_merge() -> None:
    text = ("Syrian troops clashed with Islamic State fighters near Palmyra on Sunday. "
            "The troops killed at least 8 militants, a monitor said.")
    evs = [e for e in events_of(text) if e.counted and e.event_type == "Battles"]
    assert len(evs) == 1
    assert evs[0].fatalities == 8 and len(evs[0].mentions) == 2


def test_non_conflict_news_yields_no_acled_event() -> None:
    text = "The central bank raised interest rates by half a percentage point on Tuesday."
    assert not [e for e in events_of(text) if e.counted and e.event_type]


@pytest.mark.parametrize(
    ("sentence", "n"),
    [("US air strikes killed 50 militants and eight civilians in northern Syria on Tuesday.", 58),
     ("Gunmen killed the wife of a local chief in Wau town on Monday.", 1),
     ("Hundreds dead as fresh airstrikes hit Aleppo on Sunday.", 100)],
)
def test_fatalities_sum_coordination_and_singular_victims(sentence: str, n: int) -> None:
    assert only(sentence).fatalities == n


def test_disasters_and_ordinary_crime_are_not_events() -> None:
    for text in ("A powerful earthquake struck the island on Sunday, killing at least 12 people.",
                 "A gas tank exploded at a chemical plant on Thursday, injuring four workers.",
                 "Police seized counterfeit cosmetics worth millions in a raid on Monday."):
        assert not [e for e in events_of(text) if e.counted and e.event_type], text


def test_weapon_seizure_is_disrupted_weapons_use() -> None:
    ev = only("Security forces discovered a large cache of weapons and ammunition near Tamanrasset on Sunday.")
    assert ev.sub_event_type == "Disrupted weapons use"


def test_demonstrators_are_actor1_and_police_actor2() -> None:
    ev = only("Police fired tear gas to disperse hundreds of protesters in Nairobi on Monday.", country="Kenya")
    assert ev.actor1.name.startswith("Protesters (Kenya)")
    assert ev.actor2.name.startswith("Police Forces of Kenya")


def test_speech_act_around_unrealised_event_is_plover_verbal() -> None:
    evs = [e for e in events_of("Norway's foreign minister said Norway is willing to withdraw its troops from Mali.")
           if e.counted]
    assert any(e.plover == "AGREE" for e in evs)
    evs = [e for e in events_of("The rebels threatened to attack the capital.") if e.counted]
    assert any(e.plover == "THREATEN" for e in evs) and not any(e.event_type for e in evs)


def test_identity_militia_named_by_origin() -> None:
    ev = only("Misseriya militia clashed with Dajo militia in West Kordofan state on 21 June 2022.", country="Sudan")
    assert ev.actor1.name == "Misseriya Ethnic Militia (Sudan)"
    assert ev.actor1.inter == 4


def test_agentless_violence_takes_the_named_perpetrator_of_the_same_kind() -> None:
    text = ("Syrian regime warplanes carried out air strikes on Hasakeh on Friday. "
            "On Saturday, air strikes killed 39 people in Aleppo, a monitor said.")
    evs = [e for e in events_of(text) if e.counted and e.sub_event_type == "Air/drone strike"]
    assert evs and all(e.actor1 is not None and e.actor1.name.startswith("Military Forces of Syria") for e in evs)


def test_aircraft_as_doer_make_an_air_strike() -> None:
    assert only("Saudi jets fired missiles at a village in Arhab district on Saturday, killing three people."
                ).sub_event_type == "Air/drone strike"
    assert only("Turkish jets destroyed weapon depots used by PKK militants in northern Iraq on Sunday."
                ).sub_event_type == "Air/drone strike"


def test_sources_purposes_mandates_and_absences_are_not_events() -> None:
    text = ("The coalition tasked with fighting the Islamic State withdrew from the base on Monday, "
            "and the army entered the town without fighting.")
    counted = [e for e in events_of(text) if e.counted and e.event_type == "Battles"]
    assert not counted
    ev = only("Militants attacked three villages in Borno state on Sunday, killing 30 people, according to vigilantes.")
    assert ev.sub_event_type == "Attack" and ev.fatalities == 30


def test_what_happened_and_what_was_planned_are_two_events() -> None:
    evs = events_of("Police arrested 15 members of an armed group in Addis Ababa on Monday for planning attacks "
                    "on an embassy.", include_all=True)
    assert any(e.counted and e.sub_event_type == "Arrests" for e in evs)
    assert not any(e.counted and e.event_type == "Battles" for e in evs)


def test_sub_clan_militias_are_named_clan_dash_subclan() -> None:
    ev = only("On 25 September 2021, Ayr sub-clan militia clashed with Saleban sub-clan militia, both from "
              "Habar Gedir clan, in Xananburre village (Cadaado, Galgaduud).", country="Somalia")
    assert ev.actor1.name == "Habar Gedir-Ayr Sub-Clan Militia (Somalia)"
    ev = only("An unidentified ethnic militia attacked civilians in a village on Sunday, killing three people.",
              country="Ethiopia")
    assert ev.actor1.name == "Unidentified Ethnic Militia (Ethiopia)"


def test_agent_of_an_event_noun_with_a_participle() -> None:
    ev = only("On 25 December 2023, a drone strike launched by the Ethiopian Air Force hit a church in Oromia, "
              "killing 8 people.", country="Ethiopia")
    assert ev.sub_event_type == "Air/drone strike"
    assert ev.actor1 is not None and ev.actor1.name.startswith("Military Forces of Ethiopia")


def test_victims_of_violence_against_civilians_are_civilians() -> None:
    ev = only("On 30 January 2021, two unidentified gunmen raped a 13 year-old girl near Nertiti.", country="Sudan")
    assert ev.sub_event_type == "Sexual violence"
    assert ev.actor2 is not None and ev.actor2.name == "Civilians (Sudan)"


@pytest.mark.parametrize(
    "text",
    [
        "Al-Qaeda in Yemen claimed responsibility for the attack on the newspaper, saying it was ordered by its leaders.",
        "A Taliban spokesman denied his group was responsible for the attack.",
        "Army officials rejected accusations of bombing a mosque which killed 46 people.",
        "Al-Shabaab is poised to seize upon a golden opportunity after the decision.",
        "The explosion of violence in the capital has the potential to plunge millions into hunger.",
    ],
)
def test_claims_of_responsibility_and_figures_of_speech_are_no_events(text: str) -> None:
    assert not [e for e in events_of(text) if e.counted and e.event_type], text


def test_a_statement_of_blame_lends_its_actor_to_the_event_told_elsewhere() -> None:
    evs = [e for e in events_of(
        "A sarin attack on Khan Sheikhun in Idlib province killed 87 people on Tuesday. "
        "Britain said the Syrian regime was responsible for the attack.") if e.counted and e.event_type]
    assert len(evs) == 1
    assert evs[0].actor1 is not None and "Syria" in evs[0].actor1.name
    assert any(m.modality == "attributed" for m in evs[0].mentions)
    # alone, the same statement is no event
    assert not [e for e in events_of("Britain said the Syrian regime was responsible for the attack.")
                if e.counted and e.event_type]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Eight people were killed in Aleppo on Tuesday when Syrian regime helicopters dropped barrel bombs on the town.",
         "Military Forces of Syria"),
        ("Seven fighters were killed in coalition air strikes near Raqqa in Syria on Monday.", "Global Coalition Against Daesh"),
        ("On 17 March 2023, two militiamen on motorbikes (coded as Darfur communal militia) attacked a vehicle near "
         "Nyala in South Darfur, Sudan.", "Darfur Communal Militia (Sudan)"),
        ("Muslim and Christian students clashed with each other at a high school in Nairobi, Kenya.", "Rioters (Kenya)"),
    ],
)
def test_doers_from_clauses_modifiers_and_coding_notes(text: str, actor1: str) -> None:
    ev = only(text)
    assert ev.actor1 is not None and ev.actor1.name.startswith(actor1), (text, ev.actor1)


def test_a_reported_obligation_is_a_request_of_the_clause_subject() -> None:
    evs = [e for e in events_of("Russia said on Tuesday that Sudan must return a helicopter it seized last week.")
           if e.counted and e.plover == "REQUEST"]
    assert evs, "no REQUEST"
    ev = evs[0]
    assert ev.actor1 is not None and "Russia" in ev.actor1.name
    assert ev.actor2 is not None and "Sudan" in ev.actor2.name


def test_plover_target_falls_back_to_the_place_the_act_points_to() -> None:
    evs = [e for e in events_of("Turkish authorities imposed a curfew in the town of Cizre on Monday.")
           if e.counted and e.plover == "COERCE"]
    assert evs and evs[0].target is not None and evs[0].target.iso3 == "TUR"


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("10 civilians killed 15 injured in rocket attacks on Aleppo on Monday.", 10),
        ("8 persons killed 58 others injured in rocket attacks on Aleppo city on Monday.", 8),
        ("6 Oct 2016 At least 29 people were killed and dozens wounded in a suicide bombing in Azaz.", 29),
    ],
)
def test_headline_counts_keep_killed_and_injured_apart_and_dates_are_no_counts(text: str, dead: int) -> None:
    ev = only(text)
    assert ev.fatalities == dead, (text, ev.fatalities)


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("A double bomb attack in the city of Homs on Monday has claimed the lives of 18 people.", 18),
        ("Three citizens were martyred in a car bomb attack in Homs on Monday.", 3),
    ],
)
def test_more_ways_to_say_killed(text: str, dead: int) -> None:
    assert only(text).fatalities == dead


def test_a_wars_toll_is_no_events_toll() -> None:
    from sitreps.coding.lexicon import get_lexicon
    from sitreps.coding.numbers import deaths_in
    from sitreps.nlp import get_nlp

    doc = get_nlp()("The regime has been fighting an uprising for more than two years that has killed "
                    "more than 100,000 people.")
    assert deaths_in(next(iter(doc.sents)), get_lexicon().words) == (None, None)


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        ("Eleven people were killed in Yirol, South Sudan, on Sunday during tribal clashes between the Nuer and "
         "Dinka.", "Nuer Ethnic Militia (South Sudan)", "Dinka Ethnic Militia (South Sudan)"),
        ("Clan clashes broke out in Beledweyne, Somalia, between Gaaljecel and Jajele militias on Monday.",
         "Gaaljecel Clan Militia (Somalia)", "Jajele Clan Militia (Somalia)"),
    ],
)
def test_communal_clashes_are_fought_by_the_named_communities_militias(text, actor1, actor2) -> None:
    ev = only(text)
    assert ev.actor1 is not None and ev.actor1.name == actor1, ev.actor1
    assert ev.actor2 is not None and ev.actor2.name == actor2, ev.actor2


def test_victims_of_fighting_do_not_make_it_a_mob() -> None:
    evs = [e for e in events_of("Soldiers clashed with armed men near Djibo on Monday. At least 14 people were "
                                "killed in the fighting, including three soldiers.") if e.counted and e.event_type]
    assert evs and all(e.sub_event_type != "Mob violence" for e in evs), [e.sub_event_type for e in evs]


@pytest.mark.parametrize(
    "text",
    [
        "The blogger Ali Hassan disappeared in Juba on 3 March after criticising the governor.",
        "The activist went missing in Harare on Friday.",
        "The lawyer was taken from his home in Lusaka by plainclothes officers on 4 March.",
    ],
)
def test_disappearances_of_people_are_abductions(text: str) -> None:
    assert only(text).sub_event_type == "Abduction/forced disappearance"


@pytest.mark.parametrize(
    "text",
    ["The funds disappeared from the ministry's account in 2019.",
     "The soldiers took the documents from the house."],
)
def test_things_that_vanish_are_no_abduction(text: str) -> None:
    assert not [e for e in events_of(text) if e.sub_event_type == "Abduction/forced disappearance"]


def test_found_dead_is_a_killing() -> None:
    assert only("The journalist was found dead in his car in Kisumu on Monday.").event_type == "Violence against civilians"


def test_factive_verb_does_not_negate_its_complement() -> None:
    ev = only("Activists will never forget how soldiers killed the editor in Bamako in 2015.")
    assert ev.modality == "asserted" and ev.date.date.year == 2015
    audit = events_of("Soldiers did not kill the editor in Bamako.", include_all=True)
    assert all(not e.counted for e in audit if e.event_type)


def test_weapon_word_naming_a_base_is_no_instrument() -> None:
    ev = only("Gunmen murdered the editor in Colombo, 100 metres from an air force checkpoint.")
    assert ev.sub_event_type == "Attack"


def test_seat_of_an_organisation_is_no_event_place() -> None:
    ev = only("Two reporters for a Poland-based channel were beaten by police in Minsk on Monday.")
    assert ev.place is not None and ev.place.country == "Belarus"
    ev = only("Judges based in London heard that soldiers killed a woman in Belfast in 1972.")
    assert ev.place is not None and ev.place.name == "Belfast"


# ---------------------------------------------------------------- doers named outside the subject


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # the act noun tagged as a verb after "in" still carries its doer
        ("At least 9 villagers were killed in US-led coalition strikes east of Deir Ezzor.", "Global Coalition Against Daesh"),
        # the doer is the object of "in" when the parser splits the act noun off
        ("At least 9 villagers were killed in US-led coalitions strikes east of Deir Ezzor.", "Global Coalition Against Daesh"),
        # "killed during an operation by X"
        ("Twelve militants were killed on Monday during a military operation by the Syrian Arab Army near Palmyra.",
         "Military Forces of Syria (2000-)"),
        # the victims' opponents in a clash
        ("At least 14 rebels were killed in clashes with regime troops near Hama.", "Military Forces of Syria (2000-)"),
        # a singular noun on the act names its doers
        ("Four people were killed by rebel shelling on the town of Mhardeh.", "Opposition Rebels (Syria)"),
        # "war planes" are military aircraft of the demonym's state
        ("Syrian war planes bombed the town of Saraqeb on Monday.", "Military Forces of Syria (2000-)"),
        # a possessive that lost its apostrophe
        ("Eleven civilians were killed when Assads air force bombed the town of Kafr Nabl.", "Military Forces of Syria (2000-)"),
    ],
)
def test_doer_outside_the_subject(text, actor1):
    ev = only(text, country="Syria")
    assert ev.actor1 is not None and ev.actor1.name == actor1


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        # the passive verb's own "during" phrase: the act noun's "by" object
        ("Twelve militants were killed on Monday during a military operation by the Syrian Arab Army near Palmyra.",
         "Army"),
        # the "in" phrase hangs on the later conjunct ("... and 30 hurt in X"): a name on the act noun
        ("At least 11 people were killed and 30 hurt on Monday in a rebel mortar attack on Aleppo.", "rebel"),
        # a comma-less toll headline: the act the wounded were injured in
        ("14 people killed 22 others injured in ISIS car bomb in Manbij", "ISIS"),
    ],
)
def test_passive_doer_is_read_off_the_act_of_an_in_or_during_phrase(text, doer):
    killed = next(t for t in get_nlp()(text) if t.lower_ == "killed")
    assert [a.text for a in event_roles(killed, set()).agents] == [doer]


def test_act_phrase_objects_keeps_the_nouns_of_in_and_during_unless_told_otherwise():
    killed = next(t for t in get_nlp()("Nine villagers were killed in Aleppo in coalition air strikes during a raid.")
                  if t.lower_ == "killed")
    assert [p.text for p in act_phrase_objects(killed)] == ["strikes", "raid"]  # "Aleppo" is no act
    assert [p.text for p in act_phrase_objects(killed, {"in"}, keep=lambda p: True)] == ["Aleppo", "strikes"]


def test_vehicle_bomber_is_a_suicide_bomb_not_an_air_strike():
    ev = only("A truck bomber killed at least 11 people at a market in Azaz on Friday.", country="Syria")
    assert ev.sub_event_type == "Suicide bomb"


def test_same_count_told_twice_in_one_sentence_is_not_summed():
    # a headline run into its lead without a full stop
    ev = only("Seven soldiers killed in rebel ambush Reuters Monday At least seven soldiers were killed in a "
              "rebel ambush near Daraa.", country="Syria")
    assert ev.fatalities == 7


def test_report_toll_is_the_leads_not_the_largest():
    # a later, larger figure of another strike told alongside is not this event's toll
    text = ("At least 6 civilians were killed on Friday in air strikes on the town of Atarib. "
            "A day earlier air strikes on the same town killed 40 people.")
    evs = [e for e in events_of(text, country="Syria") if e.counted and e.fatalities]
    assert evs and evs[0].fatalities == 6


def test_undated_lead_and_a_weeks_older_dated_report_stay_apart():
    text = ("Air strikes killed 5 civilians in the town of Atarib, activists said. "
            "On February 20 air strikes on Atarib killed 30 people.")
    evs = [e for e in events_of(text, country="Syria") if e.counted and e.fatalities]
    assert sorted(e.fatalities for e in evs) == [5, 30]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # an all-caps "AS" before a noun is Al Shabaab's acronym, not the conjunction
        ("AS fighters killed three herders near Afgooye on Monday.", "Al Shabaab"),
        ("ASWJ fighters attacked a police post in Guriceel, Somalia, on Monday.", "ASWJ: Ahlu Sunna Wal Jamaa"),
        # ACLED notes say how they code a described actor
        ("An unknown armed group (likely to be either SSPDF given their presence in the area and their earlier "
         "operations, and coded as such) looted a village in Unity state.", "Military Forces of South Sudan (2011-)"),
        ("A gunman from Reer Hassan sub-clan killed a trader in Galkayo on Monday.",
         "Reer Hassan Sub-Clan Militia (Somalia)"),
        ("Armed men from the same clan clashed near Galkayo over land.", "Unidentified Clan Militia (Somalia)"),
    ],
)
def test_somali_and_acled_note_actors(text, actor1) -> None:
    ev = only(text)
    assert ev.actor1 is not None and ev.actor1.name == actor1, ev.actor1


def test_named_actors_place_a_village_in_their_country() -> None:
    ev = only("Janjaweed militiamen attacked a village in Tawila locality, North Darfur.")
    assert ev.place is not None and ev.place.iso2 == "SD", ev.place


def test_ied_acronyms_and_setting_on_fire() -> None:
    ev = only("A UVIED planted by Al Shabaab detonated near a police station in Mogadishu on Monday.")
    assert ev.sub_event_type == "Remote explosive/landmine/IED" and "Shabaab" in ev.actor1.name
    assert only("A VBIED exploded at a checkpoint in Baidoa, killing four soldiers.").sub_event_type == (
        "Remote explosive/landmine/IED")
    assert only("Angry youths set on fire a market in Juba on Tuesday.").sub_event_type == "Looting/property destruction"
    assert only("Militants set alight a church in the town on Sunday.").sub_event_type == "Looting/property destruction"


@pytest.mark.parametrize(
    "text",
    [
        # a date line glued to a headline is no actor
        "Fri Mar 8 2024 Air strikes kill 9 in Idlib, a monitor said.",
        "Thursday 14 Jul 2016 Air strikes kill 11 including children in Idlib, a monitor said.",
    ],
)
def test_date_lines_are_no_actors(text: str) -> None:
    evs = [e for e in events_of(text, country="Syria") if e.counted and e.event_type]
    assert evs and all(e.actor1 is None or e.actor1.known for e in evs)


def test_counted_victims_of_a_toll_headline_are_no_doer() -> None:
    for text in ("5 people killed 12 others injured in rocket attacks on Hama city.",
                 "At least 6 rescuers killed in airstrike on Saraqeb in Idlib."):
        ev = only(text, country="Syria")
        assert ev.actor1 is None or not ev.actor1.name.startswith("Civilians"), text


def test_bombardment_doer_carries_over_between_air_strikes_and_missile_strikes() -> None:
    text = ("Syrian government warplanes bombed the town of Saraqeb on Friday. "
            "On Saturday missile strikes killed 11 people in the town of Kafr Nabl, a monitor said.")
    evs = [e for e in events_of(text, country="Syria") if e.counted and e.fatalities == 11]
    assert evs and evs[0].actor1 is not None and evs[0].actor1.name.startswith("Military Forces of Syria")


def test_so_called_names_the_group_that_follows() -> None:
    ev = only("Terrorists of the so called Jaish al-Islam shelled residential neighborhoods in Douma.",
              country="Syria")
    assert ev.actor1 is not None and ev.actor1.name == "Jaysh al Islam"


def test_possessive_without_apostrophe_and_lower_case_articles() -> None:
    from sitreps.coding.resolve import ActorResolver

    r = ActorResolver()
    assert r._country_government("al") is None and r._country_government("az") is None
    assert r._country_government("Syria") is not None
    ev = only("The Syrian armys air force bombed the town of Saraqeb on Monday.", country="Syria")
    assert ev.actor1 is not None and ev.actor1.name.startswith("Military Forces of Syria")


def test_definite_undated_mention_joins_the_earlier_dated_act():
    # "the kidnapping" refers back to the dated act; publication is no date of its own
    text = ("Gunmen kidnapped 40 villagers near Gusau on February 20. Residents fled while the attackers "
            "were carrying out the kidnapping, witnesses said.")
    evs = [e for e in events_of(text, country="Nigeria") if e.counted and e.event_type]
    assert len(evs) == 1 and evs[0].date is not None and evs[0].date.date == date(2024, 2, 20)


def test_anaphoric_mention_may_name_other_victims_of_the_act():
    text = "Gunmen kidnapped three soldiers near Gusau on February 20. The gunmen shot a policeman while conducting the abduction."
    evs = [e for e in events_of(text, country="Nigeria") if e.counted
           and e.sub_event_type == "Abduction/forced disappearance"]
    assert len(evs) == 1 and evs[0].date is not None and evs[0].date.date == date(2024, 2, 20)


@pytest.mark.parametrize("text", ["The junta has killed independent journalism.",
                                  "Critics say the new law killed democracy in the country."])
def test_killing_an_abstract_noun_is_a_figure_of_speech(text):
    assert not [e for e in events_of(text) if e.counted and e.event_type]


def test_definite_act_with_its_complement_is_a_first_mention():
    # "the killing of two activists" introduces its act; it does not refer back to the dated one
    text = ("Gunmen kidnapped 40 villagers near Gusau on February 20. A video released on Sunday shows "
            "the kidnapping of two aid workers near Gusau.")
    evs = [e for e in events_of(text, country="Nigeria") if e.counted and e.event_type]
    assert len(evs) == 2


def test_rampant_killings_are_a_kind_of_events_not_one():
    text = "Critics point to rampant killings by security agents across the country."
    assert not [e for e in events_of(text, country="Nigeria") if e.counted and e.event_type]


def test_a_plural_act_without_a_habitual_adjective_is_still_counted():
    text = "Police said the killings of five villagers in Gusau on Monday were carried out by gunmen."
    assert [e for e in events_of(text, country="Nigeria") if e.counted and e.event_type]


@pytest.mark.parametrize("text", [
    "Police detained four reporters in Lagos on Friday while they were covering a protest against fuel prices.",
    "Soldiers arrested two photographers filming a demonstration in Khartoum on Monday.",
])
def test_arrest_of_people_covering_a_protest_is_its_own_event(text):
    subs = {e.sub_event_type for e in events_of(text) if e.counted}
    assert "Arrests" in subs


def test_the_operation_takes_the_date_an_earlier_mention_gave_it():
    text = ("The warrants were used in the Jan. 14, 2024 operation by soldiers in Marawi. "
            "Soldiers later returned to the area.\n\n"
            "Five farmers were killed by soldiers during the operation, relatives said.")
    evs = [e for e in events_of(text) if e.counted and e.event_type == "Violence against civilians"]
    assert evs and evs[0].date.date == date(2024, 1, 14)


def test_a_day_within_the_month_told_earlier_is_the_same_event():
    text = ("Soldiers killed six villagers in a raid on Marawi in January 2024. "
            "The six villagers were killed by soldiers in Marawi on Jan. 14, 2024.")
    evs = [e for e in events_of(text) if e.counted and e.event_type == "Violence against civilians"]
    assert len(evs) == 1 and evs[0].date.date == date(2024, 1, 14)


def test_weapons_held_are_no_instrument():
    ev = only("Soldiers killed three farmers in Marawi on Monday and arrested two others for illegal "
              "possession of firearms and explosives.")
    assert ev.event_type == "Violence against civilians"


@pytest.mark.parametrize("text", [
    "A weapons cache containing hand grenades has been discovered in a village near Mosul.",
    "The commandos destroyed 12 IEDs and 3 mortars in Helmand on Monday.",
])
def test_weapon_named_as_seized_object_is_no_attack(text: str) -> None:
    subs = {e.sub_event_type for e in events_of(text) if e.counted and e.event_type}
    assert subs == {"Disrupted weapons use"}, text


def test_later_explosion_of_an_accident_is_the_same_accident() -> None:
    text = ("Six workers were injured when a boiler at a textile factory exploded in Dhaka on Monday. "
            "The explosion took place in the dyeing section, officials said.")
    assert not [e for e in events_of(text) if e.counted and e.event_type]


@pytest.mark.parametrize("text", [
    "Hundreds of protesters blocked main roads in Lagos on Monday to demand lower fuel prices.",
    "Demonstrators shut down the highway near Amritsar on Friday, demanding higher crop prices.",
])
def test_road_blocking_demonstration_is_violent(text: str) -> None:
    subs = {e.sub_event_type for e in events_of(text) if e.counted and e.event_type}
    assert "Violent demonstration" in subs, text


def test_found_weapons_in_reduced_relative_are_disrupted_weapons_use() -> None:
    ev = only("Soldiers discovered a large amount of ammunition believed to belong to the rebels in Kidal on Monday.")
    assert ev.sub_event_type == "Disrupted weapons use"


def test_aircraft_fired_on_is_the_target_not_the_weapon() -> None:
    ev = only("Gunmen opened fire on a passenger plane as it landed in Juba on Sunday, one of the plane's crew said.")
    assert ev.sub_event_type != "Air/drone strike"


@pytest.mark.parametrize("text", [
    "Ten Iranian diplomats were expelled by France after a bomb attack on an opposition rally in Paris.",
    "The EU imposed a new round of sanctions on Minsk on Monday over the shooting of protesters.",
])
def test_violence_given_as_cause_of_a_diplomatic_act_is_not_the_main_event(text: str) -> None:
    from sitreps.evaluate.classify import most_salient

    ev = most_salient(events_of(text))
    assert ev is not None and ev.event_type is None, text


@pytest.mark.parametrize("text", [
    "Thousands of women rallied in Nairobi on Saturday against police violence.",
    "Students demonstrated in Dakar on Monday to condemn violence against women.",
])
def test_what_a_protest_is_against_is_not_its_conduct(text: str) -> None:
    subs = {e.sub_event_type for e in events_of(text) if e.counted and e.event_type}
    assert subs == {"Peaceful protest"}, text


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Gunmen killed four traders near Garissa on Tuesday, police said.", "incident"),
        ("Nearly 200 people have been killed in Darfur since the fighting began in April.", "aggregate"),
        ("Militiamen killed dozens of civilians in three villages of Ituri, a rights group said.", "aggregate"),
        ("The UN envoy strongly condemned the killing of two aid workers in Bor on Monday.", "statement"),
        ("Gunmen killed two aid workers in Bor on Monday, an attack the UN envoy condemned.", "incident"),
    ],
)
def test_the_coder_marks_summaries_and_statements(text: str, scope: str) -> None:
    """Users get the mark the relevance score reads: what a mention reports (coding/scope.py)."""
    ev = only(text)
    assert ev.mentions[0].scope == scope
    assert ev.scope == scope


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        pytest.param("12 Killed in Russian Airstrikes on Market in Idlib",
                     "Military Forces of Russia", id="headline_participle_killed_in_named_strikes_takes_their_doer"),
        pytest.param("Five people were killed on Monday when bombs were dropped by regime forces on the town of Saraqeb.",
                     "Military Forces of Syria", id="passive_when_clause_by_agent_names_the_doer"),
        pytest.param("14 people killed 22 others injured in ISIS car bomb in Manbij",
                     "Islamic State", id="comma_less_toll_headline_takes_the_named_doer_of_the_act"),
        pytest.param("Activists said the president's forces killed 40 people in Douma on Friday.",
                     "Military Forces of Syria", id="the_presidents_forces_are_the_state_military"),
        pytest.param("A rebel mortar attack killed nine people in Aleppo on Tuesday.",
                     "Opposition Rebels", id="adjective_tagged_rebel_on_an_act_noun_names_the_doer"),
        pytest.param("At least 11 people were killed and 30 hurt on Monday in a rebel mortar attack on Aleppo.",
                     "Opposition Rebels", id="passive_toll_with_the_in_phrase_on_the_wounded_conjunct_takes_its_doer"),
    ],
)
def test_doer_named_outside_the_subject_in_syrian_reports(text: str, actor1: str) -> None:
    ev = only(text, country="Syria")
    assert ev.actor1 is not None and ev.actor1.name.startswith(actor1)
