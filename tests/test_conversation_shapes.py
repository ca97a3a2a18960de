"""Shapes of conversation found by the fresh QA rounds (qa16d, qa16e), through the real actions: each
test is one failure that was fixed, so it stays fixed."""

import pytest

from actions import actions
from actions.offers_said import packages, picked
from actions.slots import Remembered
from knowledge.case import Case
from knowledge.compensation import OfferTerms
from tests import figures
from tests.helpers import texts, turn

A, B = OfferTerms(label="Offer A", base=78000), OfferTerms(label="Offer B (Brightline)", base=82000)


@pytest.mark.parametrize(
    "text, expected",
    [("draft the email for B please", 1), ("and B?", 1), ("forget A", 0), ("is it a good one", None), ("plan c", None)],
)
def test_a_lettered_offer_is_picked_by_its_letter_alone(text, expected):
    assert picked(text, [A, B]) == expected


def test_offers_given_under_ordinals_one_per_message_are_two_offers():
    slots = Remembered(case=Case(level="senior"))
    first, new = packages("first: London, 108k", "give_details", slots, {}, None, ["london"])
    assert new and [(o.base, o.region) for o in first] == [(108000, "london")]
    both, _ = packages("second: Cambridge, 100k", "give_details", Remembered(case=Case(offers=tuple(first))), {}, None, ["rest_of_uk"])
    assert [(o.base, o.region) for o in both] == [(108000, "london"), (100000, "rest_of_uk")]


async def test_a_devops_engineers_pay_said_in_passing_gets_the_premium():
    _, slots = await turn(actions.ActionFollowUp(), "give_details", "devops eng, 4 years", [("years", "4", "4 years")])
    assert slots["role"] == "devops"
    messages, slots = await turn(actions.ActionCheckOffer(), "check_offer", "pay is 52k", [("amount", "52k", "52k")], slots)
    assert slots["current_salary"] == 52000 and "£57,200 – £65,000" in texts(messages)  # 52k + 10-25%
    messages, _ = await turn(actions.ActionFollowUp(), "nlu_fallback", "whats the mlops uplift for me", [], slots)
    assert "£57,200 – £65,000" in texts(messages)


async def test_a_level_said_not_to_be_the_one_is_dropped():
    slots = {"level": "junior", "region": "rest_of_uk", "offer_amount": 44000, "topic": "offer"}
    said_as = [("level", "mid", "mid"), ("level", "junior", "junior")]
    messages, slots = await turn(actions.ActionFollowUp(), "give_details", "wait I'm applying as mid, not junior", said_as, slots)
    assert slots["level"] == "mid" and figures.span("mid", "rest_of_uk") in texts(messages)


async def test_years_corrected_with_a_bare_number():
    slots = {"years": 5, "region": "rest_of_uk", "topic": "band"}
    messages, slots = await turn(actions.ActionFollowUp(), "nlu_fallback", "well, closer to 6 actually", [], slots)
    assert slots["years"] == 6 and figures.span("senior", "rest_of_uk") in texts(messages)


async def test_after_forgetting_one_offer_it_is_the_one_left():
    offers = [{"label": "the Quantel one", "base": 88000, "bonus_pct": 10}, {"label": "the Orbit one", "base": 95000}]
    slots = {"level": "senior", "region": "rest_of_uk", "offers": offers, "offer_amount": 88000, "topic": "compare_offers"}
    _, slots = await turn(actions.ActionFollowUp(), "nlu_fallback", "forget the Quantel one", [], slots)
    assert [o["label"] for o in slots["offers"]] == ["the Orbit one"] and slots["offer_amount"] == 95000
    messages, _ = await turn(actions.ActionCheckOffer(), "check_offer", "is it fair?", [], slots)
    assert "Checked £95,000 base salary" in texts(messages)


async def test_an_offer_named_after_an_employer_group_is_that_offer():
    offers = [{"label": "the bank one", "base": 118000, "bonus_pct": 20}, {"label": "the scaleup one", "base": 105000}]
    slots = {"level": "senior", "region": "rest_of_uk", "offers": offers, "offer_amount": 118000, "topic": "offer"}
    messages, _ = await turn(
        actions.ActionAnswerEmployer(), "ask_employer_pay", "and the scaleup?", [("employer", "ai_scaleups", "scaleup")], slots
    )
    assert "Checked £105,000 base salary" in texts(messages)


@pytest.mark.parametrize("text", ["the Quantel one: 88k + 10%", "the Orbit one: 95k flat", "98k, no bonus"])
def test_a_package_without_a_component_word_is_still_package_talk(text):
    from knowledge.pay_words import describes_package

    assert describes_package(text)


@pytest.mark.parametrize(
    "label, company",
    [("Offer B (Brightline)", "Brightline"), ("Helix Labs", "Helix Labs"), ("Offer A", None), ("the bank one", None), ("fintech", None)],
)
def test_the_company_an_offers_label_names(label, company):
    from knowledge.offer_text import offered_by

    assert offered_by(label) == company


def test_an_offer_checked_earlier_keeps_the_place_it_was_checked_in():
    slots = Remembered(case=Case(level="mid", region="rest_of_uk", offer_amount=72000))
    offers, _ = packages("the agency one is in London, 75k", "check_offer", slots, {}, "fintech", ["london"], "rest_of_uk")
    assert [(o.label, o.region, o.base) for o in offers] == [("fintech", "rest_of_uk", 72000), ("the agency", "london", 75000)]


async def test_all_levels_asked_after_two_roles_is_every_level():
    slots = {"options": [["junior", "london"], ["mid", "london"]], "region": "london"}
    said_as = [("region", "rest_of_uk", "Leeds")]
    messages, _ = await turn(actions.ActionCompareLevels(), "compare_levels", "show me all levels in Leeds", said_as, slots)
    said = texts(messages)
    assert all(figures.span(level, "rest_of_uk") in said for level in figures.BM.levels)


async def test_a_goodbye_that_carries_a_detail_is_answered_as_the_detail():
    messages, _ = await turn(
        actions.ActionSayGoodbye(),
        "say_goodbye",
        "got a role in Reading in mind",
        [("region", "rest_of_uk", "Reading")],
        {"level": "senior"},
    )
    assert figures.span("senior", "rest_of_uk") in texts(messages)
    messages, _ = await turn(actions.ActionSayGoodbye(), "say_goodbye", "bye!", [], {"level": "senior", "region": "london"})
    assert [m.get("response") for m in messages] == ["utter_goodbye"]


async def test_where_is_that_in_the_band_after_an_offer_is_its_position():
    slots = {"level": "mid", "region": "rest_of_uk", "offer_amount": 75000, "current_salary": 60000, "topic": "offer"}
    messages, _ = await turn(actions.ActionAnswerBand(), "ask_salary_band", "where's that in the band?", [], slots)
    assert f"{figures.pounds(75000)} (your figure) is {figures.percent_up('mid', 'rest_of_uk', 75000)}% of the way up" in texts(messages)


@pytest.mark.parametrize(
    "action, intent, text",
    [
        (actions.ActionCheckOffer(), "check_offer", "offer 1 = 68k + 8% bonus, offer 2 = 74k flat. mid level, Leeds"),
        (actions.ActionAnswerBand(), "ask_salary_band", "97.5k + 10% vs 105k flat, senior in Manchester?"),
    ],
)
async def test_two_packages_in_one_message_are_set_side_by_side_whatever_the_intent(action, intent, text):
    messages, slots = await turn(action, intent, text, [])
    said = texts(messages)
    assert "Per year (your figures)" in said and slots["topic"] == "compare_offers"


async def test_is_the_second_one_fair_and_the_email_asked_loosely_are_answered_from_the_case():
    offers = [{"label": "Offer 1", "base": 95000, "bonus_pct": 12}, {"label": "Offer 2", "base": 90000}]
    slots = {"level": "senior", "region": "rest_of_uk", "offers": offers, "topic": "compare_offers"}
    messages, _ = await turn(actions.ActionFollowUp(), "give_details", "is the second one fair?", [], slots)
    assert "Checked £90,000 base salary" in texts(messages)
    slots = {"level": "mid", "region": "rest_of_uk", "offer_amount": 80000, "current_salary": 72000, "topic": "total_comp"}
    messages, _ = await turn(actions.ActionFollowUp(), "nlu_fallback", "what should the email say then?", [], slots)
    assert "Counter-offer email" in texts(messages) or "Subject: Your offer" in texts(messages)
