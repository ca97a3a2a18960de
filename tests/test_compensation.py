"""Offer arithmetic: totals, band position and the counter rule, with the figures worked out by hand here."""

import math

import pytest

from knowledge.compensation import (
    ASSUMPTION,
    YOUR_FIGURE,
    OfferTerms,
    counter_figure,
    position_in_band,
    problems,
    total_comp,
)
from knowledge.loader import Range, load_benchmark

MID_LONDON = Range(68_000, 100_000)
MID_REST = Range(56_000, 85_000)
STAFF_REST = Range(125_000, 170_000, open_ended=True)


@pytest.fixture(scope="module")
def bm():
    return load_benchmark()


def amounts(tc):
    return {line.name: line.amount for line in tc.lines}


# --- total compensation ---------------------------------------------------------------------


def test_the_worked_example_totals_111_800():
    tc = total_comp(OfferTerms(base=88_000, bonus_pct=10, equity_per_year=15_000))
    assert amounts(tc) == {"Base salary": 88_000, "Bonus": 8_800, "Equity": 15_000}
    assert tc.total == tc.ongoing == 111_800
    assert {line.source for line in tc.lines} == {YOUR_FIGURE}
    assert "10%" in tc.lines[1].how and "£88,000" in tc.lines[1].how
    assert tc.assumptions == ()


def test_equity_given_as_a_total_is_divided_by_its_years():
    tc = total_comp(OfferTerms(base=100_000, equity_total=60_000, equity_years=4))
    assert amounts(tc)["Equity"] == 15_000
    assert tc.total == 115_000
    assert "£60,000" in tc.lines[1].how and "4 years" in tc.lines[1].how


def test_sign_on_spread_over_the_years_given():
    tc = total_comp(OfferTerms(base=120_000, equity_per_year=20_000, sign_on=10_000, sign_on_years=2))
    line = tc.lines[-1]
    assert (line.name, line.amount, line.source) == ("Sign-on bonus", 5_000, YOUR_FIGURE)
    assert "2 years" in line.how
    assert tc.total == 145_000 and tc.ongoing == 140_000
    assert not tc.sign_on_in_year_one_only and tc.assumptions == ()


def test_sign_on_without_years_is_counted_once_in_year_one_as_a_stated_assumption():
    terms = OfferTerms(base=95_000, bonus_pct=15, sign_on=10_000)
    assert problems(terms) == []  # an assumption, not a blocker
    tc = total_comp(terms)
    line = tc.lines[-1]
    assert (line.amount, line.source) == (10_000, ASSUMPTION)
    assert "year one" in line.how
    assert tc.total == 95_000 + 14_250 + 10_000 and tc.ongoing == 109_250
    assert tc.sign_on_in_year_one_only
    assert len(tc.assumptions) == 1 and "year one" in tc.assumptions[0]


def test_equity_with_no_period_is_read_as_yearly_and_says_so():
    tc = total_comp(OfferTerms(base=85_000, equity_per_year=20_000, equity_yearly_assumed=True))
    assert tc.lines[1].source == ASSUMPTION and "yearly" in tc.lines[1].how
    assert tc.total == 105_000 and tc.assumptions


def test_a_cash_bonus_is_taken_as_given():
    tc = total_comp(OfferTerms(base=90_000, bonus_amount=12_000))
    assert amounts(tc)["Bonus"] == 12_000 and tc.total == 102_000


def test_uneven_spreads_round_to_whole_pounds_and_the_lines_still_add_up():
    tc = total_comp(OfferTerms(base=90_000, sign_on=10_000, sign_on_years=3, equity_total=50_000, equity_years=3))
    assert amounts(tc)["Sign-on bonus"] == 3_333 and amounts(tc)["Equity"] == 16_667
    assert tc.total == sum(line.amount for line in tc.lines) == 110_000


@pytest.mark.parametrize(
    "terms, field, shown",
    [
        (OfferTerms(bonus_amount=10_000), "base", None),
        (OfferTerms(base=90_000, bonus_pct=150), "bonus_pct", "150%"),
        (OfferTerms(base=90_000, equity_per_year=-5_000), "equity_per_year", "-£5,000"),
        (OfferTerms(base=-90_000), "base", "-£90,000"),
        (OfferTerms(base=90_000, sign_on=-1_000), "sign_on", "-£1,000"),
        (OfferTerms(base=5_000_000), "base", "£5,000,000"),
        (OfferTerms(base=5_000), "base", "£5,000"),
        (OfferTerms(base=0), "base", "£0"),
        (OfferTerms(base=98_000, unknown=("equity",)), "equity", "equity"),
        (OfferTerms(base=90_000, equity_total=60_000), "equity_years", "£60,000"),
        (OfferTerms(base=90_000, sign_on=10_000, sign_on_years=0), "sign_on_years", "0 years"),
        (OfferTerms(base=90_000, equity_total=60_000, equity_years=40), "equity_years", "40 years"),
        (OfferTerms(base=90_000, bonus_pct=10, bonus_amount=12_000), "bonus_amount", "£12,000"),
        (OfferTerms(base=90_000, equity_per_year=10_000, equity_total=60_000, equity_years=4), "equity_total", "£60,000"),
        (OfferTerms(base=90_000, sign_on=3_000_000), "sign_on", "£3,000,000"),
        (OfferTerms(base=float("nan")), "base", "nan"),
    ],
)
def test_every_problem_blocks_the_total_and_names_the_figure(terms, field, shown):
    found = problems(terms)
    assert field in {p.field for p in found}
    message = next(p.message for p in found if p.field == field)
    if shown:
        assert shown in message
    with pytest.raises(ValueError):
        total_comp(terms)


@pytest.mark.parametrize("base", [10_000, 2_000_000])
def test_the_salary_limits_themselves_are_accepted(base):
    assert problems(OfferTerms(base=base, bonus_pct=100)) == []


# --- band position --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "amount, percent, quarter",
    [
        (76_000, 25, 2),  # on a quarter line: the quarter above, as the offer check says
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
    where = position_in_band(MID_LONDON, amount)
    assert (where.place, where.percent, where.quarter, where.gap) == ("within", percent, quarter, 0)


def test_position_below_and_above_give_the_gap():
    below, above = position_in_band(MID_LONDON, 60_000), position_in_band(MID_LONDON, 110_000)
    assert (below.place, below.gap, below.percent) == ("below", 8_000, None)
    assert (above.place, above.gap, above.open_ended) == ("above", 10_000, False)


def test_above_an_open_ended_band_is_flagged_as_open_ended(bm):
    where = position_in_band(bm.bands[("staff", "london")], 210_000)
    assert (where.place, where.gap, where.open_ended) == ("above", 10_000, True)


# --- counter figure -------------------------------------------------------------------------


def test_below_the_band_counters_at_the_midpoint_and_names_the_floor():
    counter = counter_figure(MID_LONDON, 60_000)
    assert (counter.amount, counter.floor) == (84_000, 68_000)
    assert "£84,000" in counter.rule_text and "£68,000" in counter.rule_text and "midpoint" in counter.rule_text


def test_lower_half_counters_at_the_midpoint():
    assert counter_figure(MID_LONDON, 76_000).amount == 84_000
    assert counter_figure(MID_LONDON, 76_000).floor is None


def test_upper_half_counters_at_the_three_quarter_point():
    counter = counter_figure(MID_LONDON, 88_000)
    assert counter.amount == 92_000 and "three quarters" in counter.rule_text


@pytest.mark.parametrize(
    "band, offer, expected, unrounded",
    [
        (MID_REST, 62_000, 71_000, "£70,500"),  # midpoint 70,500 rounds UP
        (MID_REST, 75_000, 78_000, "£77,750"),  # three-quarter point 77,750 rounds UP
        (STAFF_REST, 130_000, 148_000, "£147,500"),
    ],
)
def test_counters_round_up_to_the_next_thousand_and_say_so(band, offer, expected, unrounded):
    counter = counter_figure(band, offer)
    assert counter.amount == expected
    assert unrounded in counter.rule_text and "rounded up" in counter.rule_text and f"£{expected:,}" in counter.rule_text


@pytest.mark.parametrize("offer", [92_000, 95_000, 100_000, 120_000])
def test_no_higher_base_counter_at_or_past_the_three_quarter_point(offer):
    counter = counter_figure(MID_LONDON, offer)
    assert counter.amount is None
    assert all(word in counter.rule_text for word in ("sign-on", "bonus", "equity"))
    assert "£" not in counter.rule_text


def test_a_counter_is_always_above_the_offer_and_a_whole_thousand(bm):
    for band in bm.bands.values():
        for offer in range(band.low - 20_000, band.high + 20_000, 250):
            counter = counter_figure(band, offer)
            if counter.amount is None:
                assert offer >= band.low + 0.75 * (band.high - band.low)
            else:
                assert counter.amount > offer and counter.amount % 1000 == 0
                assert counter.amount - math.ceil(counter.target) < 1000
