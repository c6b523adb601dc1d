"""PLOVER event types of diplomatic and defiance frames (invented sentences)."""

from __future__ import annotations

from sitreps.evaluate.classify import main_predicate
from sitreps.pipeline import code_text


def main_event(text: str):
    _, events = code_text(text, format="txt", published=None)
    return main_predicate(events)


def test_defying_a_norm_is_a_rejection_of_whoever_set_it() -> None:
    ev = main_event("Opposition activists in Cairo defied a curfew imposed by the Egyptian army.")
    assert ev is not None and ev.plover == "REJECT", ev
    tgt = ev.actor2 or ev.target
    assert tgt is not None and tgt.iso3 == "EGY", tgt


def test_a_broken_truce_is_no_defiance_of_a_norm() -> None:
    ev = main_event("Rebels violated the ceasefire near Goma.")
    assert ev is None or ev.plover != "REJECT", ev


def test_welcoming_a_visitor_is_hosting_welcoming_a_decision_is_support() -> None:
    ev = main_event("The Kenyan president welcomed the Ethiopian prime minister in Nairobi on Monday.")
    assert ev is not None and ev.plover == "CONSULT", ev
    ev = main_event("The Kenyan president gave a warm welcome to Ethiopian leader Abiy Ahmed.")
    assert ev is not None and ev.plover == "CONSULT", ev
    tgt = ev.actor2 or ev.target
    assert tgt is not None and tgt.iso3 == "ETH", tgt
    ev = main_event("Germany welcomed the decision of the court.")
    assert ev is not None and ev.plover == "SUPPORT", ev


def test_deploying_peacekeepers_is_aid_deploying_troops_a_show_of_force() -> None:
    ev = main_event("The deployment of UN peacekeeping troops has arrived in Haiti.")
    assert ev is not None and ev.plover == "AID", ev
    assert ev.actor1 is not None and ev.actor1.sector == "IGO", ev.actor1
    ev = main_event("The army deployed troops near the border.")
    assert ev is not None and ev.plover == "MOBILIZE", ev


def test_the_of_phrase_of_a_movement_noun_is_who_moves() -> None:
    ev = main_event("The withdrawal of Israeli troops from southern Lebanon began on Monday.")
    assert ev is not None and ev.actor1 is not None and ev.actor1.iso3 == "ISR", ev.actor1


def test_signing_a_treaty_accord_or_pact_is_an_agreement_between_the_signatories() -> None:
    for text in ("Kenya and Uganda signed a treaty in Kampala on Friday.",
                 "The rebels and the government signed a peace accord in Addis Ababa.",
                 "Chad and Niger signed a new pact on Monday."):
        ev = main_event(text)
        assert ev is not None and ev.plover == "AGREE", (text, ev)
    ev = main_event("Kenya and Uganda signed a treaty in Kampala on Friday.")
    assert ev.actor1.iso3 == "KEN" and (ev.actor2 or ev.target).iso3 == "UGA", ev
    ev = main_event("The foreign ministers of Peru and Chile met in Lima on Tuesday.")
    assert ev is not None and ev.plover == "CONSULT", ev
    # a party acting with an ally on a third is no mutual act
    ev = main_event("Russia and Syria bombed rebel positions in Idlib.")
    assert ev is not None and ev.assoc_actor_1, ev
    assert (ev.actor2 or ev.target) is None or (ev.actor2 or ev.target).name != ev.assoc_actor_1[0].name, ev
