"""Offer arithmetic: totals and the problems that block them, with the figures worked out by hand here
(band position and the counter rule: tests/test_rules.py)."""

import pytest

from knowledge.compensation import (
    ASSUMPTION,
    YOUR_FIGURE,
    OfferTerms,
    problems,
    total_comp,
)


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
