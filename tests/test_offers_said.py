"""Offers over several messages (actions/offers_said.py): a named offer is added beside the others,
the same name restates that offer, a correction changes the one offer, and a later question picks
one out by ordinal, label or name (or all of them)."""

import pytest

from actions.offers_said import every_offer, needs_a_choice, packages, picked
from actions.slots import Remembered
from knowledge.case import Case
from knowledge.compensation import OfferTerms

BANK = OfferTerms(label="the bank one", base=115000, bonus_pct=20)
STARTUP = OfferTerms(label="the startup", base=100000, equity_total=80000, equity_years=4)


def _read(text, offers=(), offer_amount=None, topic=None, intent="give_details", earlier=None, places=()):
    slots = Remembered(case=Case(offers=tuple(offers), offer_amount=offer_amount), topic=topic)
    return packages(text, intent, slots, {}, earlier, places)


def test_a_second_named_offer_is_added_not_swapped_in():
    offers, new = _read("the startup is 100k + 80k options over 4 yrs", [BANK], topic="total_comp")
    assert new and [o.label for o in offers] == ["the bank one", "the startup"]
    assert offers[1].equity_total == 80000 and offers[1].equity_years == 4


def test_lettered_offers_one_per_message_after_a_check():
    offers, _ = _read("B: 95k + 5% bonus", offer_amount=90000, topic="offer")
    assert [(o.label, o.base) for o in offers] == [("Offer A", 90000), ("Offer B", 95000)]
    offers, _ = _read("C: 85k + 10k sign-on", offers, topic="total_comp")
    assert [o.label for o in offers] == ["Offer A", "Offer B", "Offer C"] and offers[2].sign_on == 10000


def test_named_companies_with_bare_bases_make_two_offers():
    offers, new = _read("Globex offered 74k", offer_amount=70000, topic="offer", earlier="Acme")
    assert new and [(o.label, o.base) for o in offers] == [("Acme", 70000), ("Globex", 74000)]


def test_the_same_name_restates_that_offer():
    offers, _ = _read("the bank one: 120k + 20% bonus", [BANK, STARTUP], topic="compare_offers")
    assert [(o.label, o.base) for o in offers] == [("the bank one", 120000), ("the startup", 100000)]


def test_a_corrected_base_keeps_the_rest_of_the_package():
    offers, _ = _read("no, base is 110", [OfferTerms(base=100000, bonus_pct=15)], topic="total_comp")
    assert [(o.base, o.bonus_pct) for o in offers] == [(110000, 15)]


def test_a_plain_base_with_no_name_still_asks_nothing_new():
    offers, new = _read("they offered 80k", offer_amount=70000, topic="offer")
    assert (offers, new) == ([], False)  # not package talk: the offer check takes the figure


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what's the bank one worth a year?", 0),
        ("is the startup fair?", 1),
        ("write the email for the second one", 1),
        ("offer A please", 0),
        ("the first one", 0),
        ("write the email", None),
        ("the bank or the startup?", None),  # two named: not one
    ],
)
def test_a_question_picks_one_offer(text, expected):
    assert picked(text, [BANK, STARTUP]) == expected


def test_both_and_each_mean_every_offer():
    assert every_offer("are both fair?", [BANK, STARTUP]) and every_offer("how does each sit in its band", [BANK, STARTUP])
    assert not every_offer("are both fair?", [BANK])


def test_which_offer_is_asked_only_when_it_could_be_either():
    offers = [BANK, STARTUP]
    assert needs_a_choice(offers, None, False, None, "compare_offers", None)
    assert not needs_a_choice(offers, 0, False, None, "compare_offers", None)  # picked
    assert not needs_a_choice(offers, None, True, None, "compare_offers", None)  # both
    assert not needs_a_choice(offers, None, False, 90000, "compare_offers", None)  # a figure of its own
    assert not needs_a_choice(offers, None, False, None, "offer", 115000)  # continuing the check of the bank one
    assert not needs_a_choice([BANK], None, False, None, None, None)


async def test_forget_that_offer_drops_the_one_named_and_keeps_the_rest():
    from actions import actions
    from actions.slots import offers_to_slot
    from tests.helpers import run, texts

    slots = {"offers": offers_to_slot([BANK, STARTUP]), "offer_amount": 100000}
    messages, changes = await run(actions.ActionStartOver(), "start_over", [], slots, "scrap the bank one, they withdrew it")
    assert "dropped the bank one: £115,000 base" in texts(messages) and "the startup: £100,000 base" in texts(messages)
    assert [o["label"] for o in changes["offers"]] == ["the startup"] and changes["offer_amount"] == 100000
    messages, changes = await run(actions.ActionStartOver(), "start_over", [], {"offer_amount": 90000}, "forget that offer")
    assert changes["offer_amount"] is None and changes["offers"] is None and "No offers are left" in texts(messages)
    messages, changes = await run(actions.ActionStartOver(), "start_over", [], slots, "forget everything")
    assert changes == {"pending": "start_over"}  # everything: asked first, as before


@pytest.mark.parametrize(
    "text, places, expected",
    [
        ("option A is Sheffield, 63k", ["rest_of_uk"], [("Option A", "rest_of_uk")]),
        ("115k in London vs 100k in Leeds", ["london", "rest_of_uk"], [("Offer 1", "london"), ("Offer 2", "rest_of_uk")]),
        ("115k vs 100k, I live in Leeds", ["rest_of_uk"], [("Offer 1", None), ("Offer 2", None)]),  # one place, two offers: whose?
    ],
)
def test_a_place_named_for_each_offer_is_that_offers_place(text, places, expected):
    offers, _ = _read(text, topic="compare_offers", places=places)
    assert [(o.label, o.region) for o in offers] == expected


def test_option_b_is_added_beside_option_a_not_taken_for_it():
    offers, _ = _read(
        "option B is London, 79k",
        [OfferTerms(label="Option A", base=63000, region="rest_of_uk")],
        topic="compare_offers",
        places=["london"],
    )
    assert [(o.label, o.region, o.base) for o in offers] == [("Option A", "rest_of_uk", 63000), ("Option B", "london", 79000)]
