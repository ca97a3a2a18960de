"""The negotiation rules (knowledge/rules.py): where a figure sits in a band, the counter and the floor,
and one answer for one situation across the offer check, the email, the call script and band position.

The position and counter arithmetic is checked on example bands with the figures worked out by hand;
the cross-capability property draws real benchmark bands, with the expected counter worked out here
from the band's ends (tests/figures.py), not by calling the rule under test.
"""

import json
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import answers, negotiation, rules
from knowledge.loader import LEVELS, Range
from knowledge.reply import Reply
from tests import figures

EXAMPLE = Range(68_000, 100_000)  # example bands for hand-worked arithmetic, not read as benchmark figures
EXAMPLE_ODD = Range(56_000, 85_000)  # a midpoint that is not a whole thousand
EXAMPLE_OPEN = Range(125_000, 170_000, open_ended=True)


# --- position --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "amount, percent, quarter",
    [
        (76_000, 25, 2),  # on a quarter line: the quarter above
        (75_000, 22, 1),  # 21.9%: the nearest whole percent
        (68_000, 0, 1),
        (77_000, 28, 2),
        (84_000, 50, 3),
        (88_000, 63, 3),  # 62.5% rounds half up
        (92_000, 75, 4),
        (93_000, 78, 4),
        (100_000, 100, 4),
    ],
)
def test_position_within_the_band(amount, percent, quarter):
    where = rules.position(EXAMPLE, amount)
    assert (where.place, where.percent, where.quarter, where.gap) == ("within", percent, quarter, 0)


def test_position_below_and_above_give_the_gap():
    below, above = rules.position(EXAMPLE, 60_000), rules.position(EXAMPLE, 110_000)
    assert (below.place, below.gap, below.percent, below.quarter) == ("below", 8_000, None, None)
    assert (above.place, above.gap, above.open_ended) == ("above", 10_000, False)


def test_above_an_open_ended_band_is_flagged_and_never_called_off_the_scale():
    where = rules.position(EXAMPLE_OPEN, 180_000)
    assert (where.place, where.gap, where.open_ended) == ("above", 10_000, True)
    phrase = rules.position_phrase(EXAMPLE_OPEN, 180_000, "Staff band")
    assert phrase.startswith("£10,000 above the figure quoted for an open-ended band") and "no ceiling" in phrase


@pytest.mark.parametrize(
    "amount, phrase, cell",
    [
        (60_000, "£8,000 below the bottom of the Mid band (£68,000 – £100,000)", "£8,000 below"),
        (76_000, "25% of the way up the Mid band (£68,000 – £100,000), in its second quarter, below the midpoint", "25% up"),
        (88_000, "63% of the way up the Mid band (£68,000 – £100,000), in its third quarter, above the midpoint", "63% up"),
        (75_000, "22% of the way up the Mid band (£68,000 – £100,000), in its lower quarter", "22% up"),
        (110_000, "£10,000 above the top of the Mid band (£68,000 – £100,000)", "£10,000 above"),
    ],
)
def test_position_wording_says_which_way_and_by_how_much(amount, phrase, cell):
    assert rules.position_phrase(EXAMPLE, amount, "Mid band") == phrase
    assert rules.short_position(EXAMPLE, amount) == cell


# --- counter and floor -----------------------------------------------------------------------


def test_below_the_band_counters_at_the_midpoint_and_names_the_floor():
    counter = rules.counter(EXAMPLE, 60_000)
    assert (counter.case, counter.amount, counter.floor) == ("below", 84_000, 68_000)
    assert "£84,000" in counter.rule_text and "£68,000, is the floor" in counter.rule_text and "midpoint" in counter.rule_text


def test_lower_half_counters_at_the_midpoint_with_the_same_floor():
    counter = rules.counter(EXAMPLE, 76_000)
    assert (counter.case, counter.amount, counter.floor) == ("lower", 84_000, 68_000)


def test_upper_half_counters_at_the_three_quarter_point():
    counter = rules.counter(EXAMPLE, 88_000)
    assert (counter.case, counter.amount) == ("upper", 92_000) and "three quarters" in counter.rule_text


@pytest.mark.parametrize(
    "band, offer, expected, unrounded",
    [
        (EXAMPLE_ODD, 62_000, 71_000, "£70,500"),  # midpoint 70,500 rounds UP
        (EXAMPLE_ODD, 75_000, 78_000, "£77,750"),  # three-quarter point 77,750 rounds UP
        (EXAMPLE_OPEN, 130_000, 148_000, "£147,500"),
    ],
)
def test_counters_round_up_to_the_next_thousand_and_say_so(band, offer, expected, unrounded):
    counter = rules.counter(band, offer)
    assert counter.amount == expected
    assert unrounded in counter.rule_text and "rounded up" in counter.rule_text and f"£{expected:,}" in counter.rule_text


@pytest.mark.parametrize("offer", [92_000, 95_000, 100_000, 120_000])
def test_no_higher_base_counter_at_or_past_the_three_quarter_point(offer):
    counter = rules.counter(EXAMPLE, offer)
    assert (counter.case, counter.amount, counter.floor) == ("none", None, 68_000)
    assert all(word in counter.rule_text for word in ("sign-on", "bonus", "equity"))
    assert "£" not in counter.rule_text


def test_a_counter_is_always_above_the_offer_and_a_whole_thousand():
    for band in figures.BM.bands.values():
        for offer in range(band.low - 20_000, band.high + 20_000, 250):
            counter = rules.counter(band, offer)
            assert counter.floor == band.low == rules.floor(band)
            if counter.amount is None:
                assert offer >= band.low + 0.75 * (band.high - band.low)
            else:
                assert counter.amount > offer and counter.amount % 1000 == 0
                assert counter.amount - math.ceil(counter.target) < 1000


def test_the_offer_check_advice_names_the_counter_first():
    assert rules.counter_advice(EXAMPLE, 60_000).startswith("Counter with £84,000. The offer is below the band")
    assert rules.counter_advice(EXAMPLE, 95_000).startswith("The offer is already at or past the point three quarters")


# --- one situation, one answer ---------------------------------------------------------------

# Every phrase in which a reply states the counter it asks for, or the floor / walk-away point.
_COUNTER_STATED = re.compile(
    r"(?:Counter with|ask for(?: a base salary of)?|could you get to|Could you get to|looking for a base between) (£\d{1,3}(?:,\d{3})*)"
)
_FLOOR_STATED = re.compile(
    r"(£\d{1,3}(?:,\d{3})*), is the floor|lift the base to at least (£\d{1,3}(?:,\d{3})*)"
    r"|clears the bottom of the band for this level, (£\d{1,3}(?:,\d{3})*)"
)


def _text(reply: Reply) -> str:
    return json.dumps(reply.to_json(), ensure_ascii=False)


def _expected_counter(level: str, region: str, offer: int):
    """The rule, worked out here from the band's ends: the midpoint below the band or in its lower half,
    the three-quarter point in the upper half, none at or past it; rounded up to the next thousand."""
    if offer < figures.point(level, region, 0.5):
        return figures.round_up(figures.mid(level, region))
    if offer < figures.point(level, region, 0.75):
        return figures.round_up(figures.point(level, region, 0.75))
    return None


def _stated(pattern: re.Pattern, text: str) -> set:
    return {next(group for group in match.groups() if group) for match in pattern.finditer(text)}


situations = st.tuples(st.sampled_from(LEVELS), st.sampled_from(sorted(figures.BM.regions))).flatmap(
    lambda key: st.tuples(
        st.just(key[0]),
        st.just(key[1]),
        st.integers(max(10_000, figures.low(*key) - 30_000), figures.high(*key) + 30_000),
    )
)


@given(situations)
def test_offer_check_email_and_call_script_state_one_counter_and_one_floor(situation):
    level, region, offer = situation
    bm, expected = figures.BM, _expected_counter(level, region, offer)
    replies = {
        "offer check": _text(answers.offer(bm, offer, [level], region)),
        "email": _text(negotiation.counter_email_reply(bm, level, region, offer)),
        "call script": _text(negotiation.call_script_reply(bm, level, region, offer)),
    }
    for name, text in replies.items():
        counters = _stated(_COUNTER_STATED, text)
        assert counters == ({figures.pounds(expected)} if expected else set()), f"{name} for {situation}: {counters}\n{text}"
        floors = _stated(_FLOOR_STATED, text)
        assert floors <= {figures.pounds(figures.low(level, region))}, f"{name} for {situation}: floor {floors}"
    assert _stated(_FLOOR_STATED, replies["call script"]) == {figures.pounds(figures.low(level, region))}
    for text in (replies["call script"], _text(negotiation.call_script_reply(bm, level, region))):  # never "in the band" above it
        assert not (offer > figures.high(level, region) and "high in the band" in text)
    if offer < figures.low(level, region):  # below the band every answer names the floor
        assert all(_stated(_FLOOR_STATED, text) for text in replies.values()), situation


@given(situations)
def test_the_offer_check_and_band_position_agree_on_where_the_offer_sits(situation):
    level, region, offer = situation
    bm = figures.BM
    check = _text(answers.offer(bm, offer, [level], region))
    position = _text(negotiation.band_position_reply(bm, offer, level, region))
    low, high = figures.low(level, region), figures.high(level, region)
    if offer < low:
        gap = f"{figures.pounds(low - offer)} below the bottom of the"
        assert gap in check and gap in position
    elif offer > high:
        gap = f"{figures.pounds(offer - high)} above"
        assert gap in position and gap in check, (situation, check, position)
    else:
        quarter = min(4, int((offer - low) / (high - low) * 4) + 1)
        said = f"in its {rules.QUARTER_NAMES[quarter]}"
        assert said in check and said in position, (situation, check, position)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("region", sorted(figures.BM.regions))
def test_before_an_offer_the_call_script_asks_for_the_midpoint_rounded_up_like_a_counter(level, region):
    text = _text(negotiation.call_script_reply(figures.BM, level, region))
    assert _stated(_COUNTER_STATED, text) == {figures.pounds(figures.round_up(figures.mid(level, region)))}
    assert _stated(_FLOOR_STATED, text) == {figures.pounds(figures.low(level, region))}
