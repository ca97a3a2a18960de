"""Money and experience as people type them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.parsing import Experience, parse_experience, parse_money, parse_years


@pytest.mark.parametrize(
    "text, pounds",
    [
        ("£90,000", 90_000),
        ("90k", 90_000),
        ("90K", 90_000),
        ("£90k", 90_000),
        ("90 grand", 90_000),
        ("90,000", 90_000),
        ("90000", 90_000),
        ("£92.5k", 92_500),
        ("ninety thousand", 90_000),
        ("seventy grand", 70_000),
        ("95", 95_000),
        ("£1,250,000", 1_250_000),
        ("120 thousand pounds", 120_000),
        ("£100k+", 100_000),
    ],
)
def test_money_forms(text, pounds):
    assert parse_money(text) == pounds


@pytest.mark.parametrize("text", ["", "abc", "£5", "💰💰", "£9,999,999", None, True, "-", "k"])
def test_money_that_is_not_a_salary(text):
    assert parse_money(text) is None


@pytest.mark.parametrize(
    "text, years",
    [
        ("6 years", 6),
        ("seven years", 7),
        ("3 yrs", 3),
        ("3yrs", 3),
        ("10+ years", 10),
        ("2.5 years", 2.5),
        ("two and a half years", 2.5),
        ("a year of experience", 1),
        ("half a year of experience", 0.5),
        ("twenty years", 20),
        ("a decade", 10),
        ("half a decade", 5),
        ("18 months", 1.5),
        ("6 months", 0.5),
    ],
)
def test_years_forms(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["", "many years", "200 years", None, "🙂"])
def test_years_that_are_not_experience(text):
    assert parse_years(text) is None


@settings(deadline=None)
@given(st.one_of(st.text(max_size=300), st.integers(), st.floats(allow_nan=True), st.none()))
def test_parsers_never_raise(value):
    money, years = parse_money(value), parse_years(value)
    assert money is None or 10_000 <= money <= 2_000_000
    assert years is None or 0 <= years <= 60


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("3-5", 3, 5),
        ("0", 0, 0),
        ("8-10", 8, 10),
        ("6 years", 6, 6),
        ("coming up on five years", 4, 5),
        ("nearly 3 yrs", 2, 3),
        ("just under 2 years", 1, 2),
        ("over 5 years", 5, 6),
        ("8+ years", 8, 9),
        ("5-ish years", 5, 5),
        ("two-ish years", 2, 2),
        ("about 4 years", 4, 4),
        ("7 years or so", 7, 7),
        ("almost a decade", 9, 10),
        ("18 months", 1.5, 1.5),
    ],
)
def test_experience_keeps_the_users_hedges(text, low, high):
    experience = parse_experience(text)
    assert (experience.low, experience.high) == (low, high)


def test_experience_since_a_year_counts_to_this_year():
    import datetime

    years = datetime.date.today().year - 2019
    assert parse_experience("since 2019") == Experience(years, years + 1)
    assert parse_experience("since graduating in 2019") == Experience(years, years + 1)
    assert parse_experience("graduated in 2019") == Experience(years, years + 1)


@pytest.mark.parametrize("text", ["", "lots", "5-3", "200 years", None, "3-99", "since 1850"])
def test_experience_that_cannot_be_read(text):
    assert parse_experience(text) is None


@pytest.mark.parametrize(
    "text, amounts, expected",
    [
        ("on 60k, offered 75k", [(3, "60k"), (16, "75k")], (75_000, None, False)),
        ("total 120k, base 90k", [(6, "120k"), (17, "90k")], (90_000, None, False)),
        ("they offered 85-90k", [(13, "85-90k")], (85_000, (85_000, 90_000), False)),
        ("between 80 and 90k", [(8, "80"), (15, "90k")], (80_000, (80_000, 90_000), False)),
        ("120k total comp", [(0, "120k")], (120_000, None, True)),
    ],
)
def test_the_offer_is_picked_from_several_amounts(text, amounts, expected):
    from knowledge.parsing import pick_offer_amount

    assert text[amounts[0][0] :].startswith(amounts[0][1])
    assert pick_offer_amount(text, amounts) == expected


@pytest.mark.parametrize(
    "text, asked, expected",
    [
        ("95", False, (95_000, None)),
        ("they said 85-90", False, (85_000, (85_000, 90_000))),
        ("ninety five", True, (95_000, None)),
        ("ninety five", False, (None, None)),
        (None, True, (None, None)),
    ],
)
def test_a_reply_without_units_is_read_in_thousands(text, asked, expected):
    from knowledge.parsing import reply_amount

    assert reply_amount(text, asked) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("100k currently", 100_000), ("£62k atm", 62_000), ("currently £62k", 62_000), ("offered 100k, now deciding", None)],
)
def test_current_pay_is_cued_before_or_after_the_figure(text, expected):
    from knowledge.parsing import current_amount

    start = text.index(next(word for word in text.split() if word[:1].isdigit() or word[:1] == "£"))
    value = text[start:].split()[0].rstrip(",")
    assert current_amount(text, [(start, value)]) == expected


@pytest.mark.parametrize(
    "text, step", [("and the next one?", 1), ("next level?", 1), ("next lvl?", 1), ("and above that?", 1), ("the level below", -1)]
)
def test_level_steps(text, step):
    from knowledge.parsing import level_step

    assert level_step(text)[0] == step
