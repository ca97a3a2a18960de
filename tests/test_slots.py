"""Slots read back from the tracker are parsed into typed values (actions/slots.py): a bad or old shape is
dropped with a log line that names the slot but never its value, and no capability crashes on it."""

import logging

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import BENCHMARK
from actions.details import read_details
from actions.registry import REGISTRY
from actions.slots import CASE_SLOTS, Remembered, remembered
from knowledge.case import Case
from knowledge.compensation import OfferTerms
from tests.helpers import tracker

# Drawn by the property test on a fresh clone's CI run: a remembered offer whose label is a number
# made knowledge/negotiation.py's _offer_name call int.lower() and raise AttributeError.
NUMBER_LABEL = {"offers": [{"base": 0, "bonus_pct": 0, "label": 1}], "topic": "compare_offers"}


@pytest.mark.parametrize("topic", sorted(REGISTRY))
def test_an_offer_with_a_number_for_a_label_is_dropped_not_a_crash(topic, caplog):
    dispatcher = CollectingDispatcher()
    with caplog.at_level(logging.WARNING, logger="actions.slots"):
        details = read_details(tracker("give_details", [], NUMBER_LABEL, "which is better?"), BENCHMARK)
        REGISTRY[topic].run(BENCHMARK, details, dispatcher)
    assert details.offers == [] and dispatcher.messages
    assert "slot offers held a dict Payband cannot use; dropped" in caplog.text


def test_well_formed_slots_come_back_typed():
    slots = {
        "level": "senior",
        "years": 6,
        "years_to": 7.5,
        "region": "london+rest_of_uk",
        "offer_amount": 95000.0,
        "devops_salary": 70000,
        "role": "devops",
        "current_salary": 64000.0,
        "topic": "offer",
        "pending": "region",
        "offers": [{"label": "Offer A", "base": 100000, "bonus_pct": 10, "unknown": ["equity"], "equity_yearly_assumed": True}],
    }
    assert remembered(tracker("give_details", [], slots), BENCHMARK) == Remembered(
        Case(
            level="senior",
            years=6.0,
            years_to=7.5,
            region="london+rest_of_uk",
            role="devops",
            current_salary=64000,
            offer_amount=95000,
            devops_salary=70000,
            offers=(OfferTerms(label="Offer A", base=100000, bonus_pct=10, unknown=("equity",), equity_yearly_assumed=True),),
        ),
        topic="offer",
        pending="region",
    )


@pytest.mark.parametrize(
    "slot, value",
    [
        ("level", "grandmaster"),
        ("level", 3),
        ("years", "six"),
        ("years", float("nan")),
        ("years_to", True),
        ("region", "paris"),
        ("region", ["london"]),
        ("offer_amount", "95k"),
        ("offer_amount", 1e12),
        ("devops_salary", {"a": 1}),
        ("topic", "drop table; --"),
        ("pending", "everything"),
        ("role", "astronaut"),
        ("current_salary", "62k"),
        ("offers", "100k"),
        ("offers", [{"base": "100k"}]),
        ("offers", [{"label": ["x"]}]),
        ("offers", [{"unknown": [1]}]),
        ("offers", [["base", 100000]]),
    ],
)
def test_each_bad_shape_is_dropped_with_a_log_line_that_hides_the_value(slot, value, caplog):
    with caplog.at_level(logging.WARNING, logger="actions.slots"):
        read = remembered(tracker("give_details", [], {slot: value}), BENCHMARK)
    assert getattr(read.case if slot in CASE_SLOTS else read, slot) in (None, ())
    assert f"slot {slot} held a" in caplog.text and "dropped" in caplog.text
    assert str(value) not in caplog.text


def test_of_several_stored_offers_only_the_bad_one_is_dropped(caplog):
    offers = [{"label": "Offer A", "base": 90000}, {"label": 2, "base": 80000}, {"label": "Offer C", "base": 85000}]
    read = remembered(tracker("give_details", [], {"offers": offers}), BENCHMARK)
    assert [o.label for o in read.case.offers] == ["Offer A", "Offer C"]


def test_an_offers_place_comes_back_only_while_it_is_a_band_region(caplog):
    offers = [{"label": "Option A", "base": 63000, "region": "rest_of_uk"}, {"label": "Option B", "base": 79000, "region": "atlantis"}]
    read = remembered(tracker("give_details", [], {"offers": offers}), BENCHMARK)
    assert [(o.label, o.region) for o in read.case.offers] == [("Option A", "rest_of_uk"), ("Option B", None)]
