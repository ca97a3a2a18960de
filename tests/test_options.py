"""Roles weighed side by side (actions/options_said.py): two roles named, or a level and the next one,
become the options; 'the latter' picks one, 'how do those two compare?' sets them side by side."""

import pytest

from actions import actions
from actions.options_said import every_option, option_picked, weighed
from tests import figures
from tests.helpers import texts, turn

BM = figures.BM
STAFF_BRISTOL, SENIOR_LONDON = ("staff", "rest_of_uk"), ("senior", "london")


@pytest.mark.parametrize(
    "levels, places, place, stepped_from, expected",
    [
        (["staff", "senior"], ["rest_of_uk", "london"], None, None, (STAFF_BRISTOL, SENIOR_LONDON)),
        (["junior", "mid"], ["rest_of_uk"], "rest_of_uk", None, (("junior", "rest_of_uk"), ("mid", "rest_of_uk"))),
        (["senior"], ["london", "rest_of_uk"], None, None, (SENIOR_LONDON, ("senior", "rest_of_uk"))),
        (["mid"], ["rest_of_uk"], "rest_of_uk", "junior", (("junior", "rest_of_uk"), ("mid", "rest_of_uk"))),
        (["senior"], [], "london", None, ()),  # one role: the user has moved on
        ([], ["london"], "london", None, None),  # a place alone leaves them
    ],
)
def test_what_a_message_weighs(levels, places, place, stepped_from, expected):
    assert weighed(levels, places, place, stepped_from) == expected


def test_a_new_level_or_place_alone_carries_the_options_over():
    places_weighed = (("senior", "london"), ("senior", "rest_of_uk"))
    assert weighed(["staff"], [], None, None, places_weighed) == (("staff", "london"), ("staff", "rest_of_uk"))
    levels_weighed = (("junior", "london"), ("mid", "london"))
    assert weighed([], ["rest_of_uk"], "rest_of_uk", None, levels_weighed) == (("junior", "rest_of_uk"), ("mid", "rest_of_uk"))
    assert weighed(["staff"], [], "london", None, (STAFF_BRISTOL, SENIOR_LONDON)) == ()  # two of each: a new role, not a carry-over


@pytest.mark.parametrize(
    "text, picked",
    [("give me the band for the latter", (1, "latter")), ("the former", (0, "former")), ("what about the first one", (0, "first"))],
)
def test_one_option_picked(text, picked):
    assert option_picked(text, [STAFF_BRISTOL, SENIOR_LONDON]) == picked


def test_every_option_and_none_with_one():
    assert every_option("how do those two compare?", [STAFF_BRISTOL, SENIOR_LONDON])
    assert not every_option("how do those two compare?", [STAFF_BRISTOL])
    assert option_picked("the latter", [STAFF_BRISTOL]) is None


async def _weigh():
    said_as = [
        ("level", "staff", "staff"),
        ("region", "rest_of_uk", "Bristol"),
        ("level", "senior", "senior"),
        ("region", "london", "London"),
    ]
    return await turn(actions.ActionAnswerBand(), "ask_salary_band", "I'm weighing staff in Bristol or senior in London", said_as)


async def test_two_roles_named_are_set_side_by_side_and_settle_nothing_yet():
    messages, slots = await _weigh()
    said = texts(messages)
    assert figures.span("senior", "london") in said and figures.span("staff", "rest_of_uk") in said
    assert figures.span("senior", "rest_of_uk") not in said and figures.span("staff", "london") not in said
    assert (slots["level"], slots["region"]) == (None, None)  # neither role is the user's yet


async def test_two_levels_and_a_figure_is_still_an_offer_check():
    said_as = [("level", "mid", "mid"), ("level", "senior", "senior"), ("region", "london", "London"), ("amount", "90k", "90k")]
    messages, _ = await turn(actions.ActionCheckOffer(), "check_offer", "is 90k fair for mid or senior in London?", said_as)
    assert "Checked £90,000 base salary" in texts(messages)


async def test_the_latter_is_the_second_role_weighed():
    _, slots = await _weigh()
    assert slots["options"] == [["staff", "rest_of_uk"], ["senior", "london"]]
    messages, slots = await turn(actions.ActionAnswerBand(), "ask_salary_band", "give me the band for the latter", [], slots)
    said = texts(messages)
    assert figures.span("senior", "london") in said and figures.span("staff", "rest_of_uk") not in said
    assert "'latter' as Senior in London" in said
    assert (slots["level"], slots["region"]) == SENIOR_LONDON


async def test_those_two_are_set_side_by_side_whatever_the_intent():
    _, slots = await _weigh()
    messages, _ = await turn(actions.ActionCompareOffers(), "compare_offers", "how do those two compare?", [], slots)
    said = texts(messages)
    staff, senior = BM.bands[STAFF_BRISTOL], BM.bands[SENIOR_LONDON]
    assert figures.span("senior", "london") in said and figures.span("staff", "rest_of_uk") in said
    assert figures.span("senior", "rest_of_uk") not in said  # only the two roles weighed, not every pairing
    bigger, smaller = ("Staff in Rest of UK", "Senior in London") if staff.low > senior.low else ("Senior in London", "Staff in Rest of UK")
    assert f"At the bottom of the band, {bigger} pays {figures.pounds(abs(staff.low - senior.low))} more than {smaller}" in said


async def test_a_level_and_the_next_one_are_the_two_compared():
    said_as = [("level", "junior", "junior"), ("region", "rest_of_uk", "leeds")]
    _, slots = await turn(actions.ActionAnswerBand(), "ask_salary_band", "junior pay in leeds?", said_as)
    _, slots = await turn(actions.ActionFollowUp(), "give_details", "and the next level?", [], slots)
    assert slots["options"] == [["junior", "rest_of_uk"], ["mid", "rest_of_uk"]]
    messages, _ = await turn(actions.ActionFollowUp(), "give_details", "how do those two compare?", [], slots)
    said = texts(messages)
    assert figures.span("junior", "rest_of_uk") in said and figures.span("mid", "rest_of_uk") in said
    assert figures.span("mid", "london") not in said
