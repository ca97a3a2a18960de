"""Reading offer terms out of free text, including the odd figures that must reach problems() intact."""

import time

import pytest

from knowledge.compensation import OfferTerms, problems, total_comp
from knowledge.offer_text import MAX_TEXT, read_offers

ALIASES = {"deepmind": "deepmind_google", "google deepmind": "deepmind_google", "goldman": "investment_banks"}


def only(text, aliases=None) -> OfferTerms:
    offers = read_offers(text, aliases)
    assert len(offers) == 1, offers
    return offers[0]


def fields(terms: OfferTerms, names):
    return {name: getattr(terms, name) for name in names}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "88k base with a 10% bonus and £15k RSUs a year",
            {"base": 88_000, "bonus_pct": 10, "equity_per_year": 15_000, "equity_yearly_assumed": False},
        ),
        ("base £95,000, bonus 15%, sign-on £10k", {"base": 95_000, "bonus_pct": 15, "sign_on": 10_000, "sign_on_years": None}),
        (
            "120k + 20k equity per year + 10k signing bonus over 2 years",
            {"base": 120_000, "equity_per_year": 20_000, "sign_on": 10_000, "sign_on_years": 2, "bonus_pct": None, "bonus_amount": None},
        ),
        ("equity of 60k over 4 years", {"equity_total": 60_000, "equity_years": 4, "equity_per_year": None, "base": None}),
        ("base 100k, equity of 60k over four years", {"base": 100_000, "equity_total": 60_000, "equity_years": 4}),
        ("60k equity on a 4-year vest, base 100k", {"base": 100_000, "equity_total": 60_000, "equity_years": 4}),
        (  # a question after the package ('worth per year?') is not the equity's period
            "110k base, 20% bonus, 40k sign-on and £120k of equity vesting over 4 years - what's that worth per year?",
            {"base": 110_000, "bonus_pct": 20, "sign_on": 40_000, "equity_total": 120_000, "equity_years": 4, "equity_per_year": None},
        ),
        ("3 year vesting 60k RSUs", {"equity_total": 60_000, "equity_years": 3, "equity_per_year": None}),
        ("60k RSUs a year on a 3 year vest", {"equity_per_year": 60_000, "equity_total": None}),
        ("£10k bonus", {"bonus_amount": 10_000, "base": None}),
        ("bonus 150%", {"bonus_pct": 150}),
        ("-5k equity", {"equity_per_year": -5_000}),
        ("£5m base", {"base": 5_000_000}),
        ("base 90k bonus 10%", {"base": 90_000, "bonus_pct": 10}),
        ("85-90k base", {"base": 85_000}),
        ("I'm on 80k and they offered 95k", {"base": 95_000}),
        ("salary of £92,500 plus a £12k joining bonus", {"base": 92_500, "sign_on": 12_000}),
    ],
)
def test_one_offer(text, expected):
    assert fields(only(text), expected) == expected


def test_the_worked_example_reads_and_totals():
    assert total_comp(only("88k base with a 10% bonus and £15k RSUs a year")).total == 111_800


def test_a_fintech_against_a_scaleup_with_equity_but_no_figure():
    fintech, scaleup = read_offers("two offers: 105k at a fintech vs 98k plus equity at a scaleup")
    assert (fintech.label, fintech.base, fintech.unknown) == ("fintech", 105_000, ())
    assert (scaleup.label, scaleup.base, scaleup.unknown) == ("scaleup", 98_000, ("equity",))
    assert scaleup.equity_per_year is None and scaleup.equity_total is None
    assert [p.field for p in problems(scaleup)] == ["equity"]
    assert problems(fintech) == []


def test_offer_a_and_offer_b():
    a, b = read_offers("offer A 90k base 10% bonus, offer B 85k base £20k RSUs")
    assert fields(a, ["label", "base", "bonus_pct", "equity_per_year"]) == {
        "label": "Offer A",
        "base": 90_000,
        "bonus_pct": 10,
        "equity_per_year": None,
    }
    assert fields(b, ["label", "base", "bonus_pct", "equity_per_year"]) == {
        "label": "Offer B",
        "base": 85_000,
        "bonus_pct": None,
        "equity_per_year": 20_000,
    }
    assert b.equity_yearly_assumed  # no period given: read as yearly, flagged


def test_unlabelled_offers_are_numbered():
    first, second = read_offers("95k base vs 100k base")
    assert (first.label, second.label) == ("Offer 1", "Offer 2")


@pytest.mark.parametrize(
    "text, expected",
    [  # each problem's field, and the odd figure as its message quotes it (None: the message quotes no figure)
        ("£10k bonus", [("base", None)]),
        ("bonus 150%", [("base", None), ("bonus_pct", "A 150% bonus")]),
        ("-5k equity", [("equity_per_year", "(I read -£5,000)"), ("base", None)]),
        ("£5m base", [("base", "A base salary of £5,000,000 a year")]),
        ("90k plus bonus", [("bonus", "You mentioned bonus but not what it is worth")]),
    ],
)
def test_odd_figures_survive_to_problems(text, expected):
    found = problems(only(text))
    assert [p.field for p in found] == [field for field, _ in expected]
    for problem, (_, quoted) in zip(found, expected, strict=True):
        assert quoted is None or quoted in problem.message, problem.message


def test_employer_aliases_come_from_the_caller():
    terms = only("they offered 100k at DeepMind with £30k RSUs over 4 years", ALIASES)
    assert (terms.label, terms.employer, terms.base, terms.equity_total, terms.equity_years) == (
        "DeepMind",
        "deepmind_google",
        100_000,
        30_000,
        4,
    )
    assert only("they offered 100k at DeepMind").employer is None  # no aliases given, no employer guessed
    assert only("115k at Acme Robotics", {"acme robotics": "autonomous_ai"}).employer == "autonomous_ai"


def test_an_employer_named_without_at_still_labels_the_offer():
    terms = only("goldman came back with 110k base and a 20% bonus", ALIASES)
    assert (terms.employer, terms.label, terms.base, terms.bonus_pct) == ("investment_banks", "goldman", 110_000, 20)


def test_offer_labels_and_places_combine():
    a, b = read_offers("Offer A at Google DeepMind: 130k base; offer B at a bank: 125k base, 30% bonus", ALIASES)
    assert (a.label, a.employer, a.base) == ("Offer A (Google DeepMind)", "deepmind_google", 130_000)
    assert (b.label, b.base, b.bonus_pct) == ("Offer B (bank)", 125_000, 30)


@pytest.mark.parametrize("text", ["hello there", "what is the band for a senior in london?", "I have 5 years of experience", ""])
def test_no_offer_reads_as_no_offer(text):
    assert read_offers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        None,
        123,
        b"88k",
        ["88k"],
        "£" * 5000,
        "9" * 5000,
        "-" * 3000,
        "%%% 10% % k k",
        "offer a offer b vs vs versus",
        "1e309k base",
        "£,,,k",
        "−£5k equity",
        "∞k",
    ],
)
def test_never_raises_on_odd_input(text):
    assert isinstance(read_offers(text), list)


def test_long_input_is_capped_and_fast():
    text = "88k base with a 10% bonus and £15k RSUs a year " * 2000
    start = time.perf_counter()
    offers = read_offers(text)
    assert time.perf_counter() - start < 2
    assert MAX_TEXT < len(text) and offers[0].base == 88_000
    assert only(text[:MAX_TEXT]).base == 88_000


@pytest.mark.parametrize(
    "text, places, company",
    [
        ("draft a counter offer email: offered 62k at Acme AI, mid level in leeds", ["leeds"], "Acme AI"),
        ("push back on the 80k from Monzo", [], "Monzo"),
        ("I'm joining Wayve at 90k", [], "Wayve"),
        ("offered 70k at a fintech in London", ["London"], None),
        ("email for a senior role in Leeds", ["Leeds"], None),
        ("write the email, offered 80k by wise", [], None),
        ("can you write me a counter-offer email? Helix Labs offered 90k, senior level, Leeds", ["Leeds"], "Helix Labs"),
        ("They offered me 90k", [], None),
        ("Monzo have offered 95k", [], "Monzo"),
        ("senior in london offered 105k by Helix Labs", ["london"], "Helix Labs"),  # QA round qa21: 'by' dropped the name
        ("they want an answer by Friday", [], None),
    ],
)
def test_the_company_named_for_an_email(text, places, company):
    from knowledge.offer_text import company_named

    assert company_named(text, places) == company


@pytest.mark.parametrize(
    "text, bases, bonuses_pct, equity",
    [
        ("deepmind offered 130k base, 15% bonus and 60k/yr GSUs", [130000], [15], [60000]),
        ("got two offers, mid level in manchester: 70k with 8% bonus vs 76k no bonus", [70000, 76000], [8, None], [None, None]),
        (
            "three offers: 115k + 10%, 100k + £25k equity a year, 105k + 5% bonus",
            [115000, 100000, 105000],
            [10, None, 5],
            [None, 25000, None],
        ),
        ("offer 1 = 95k + 10k bonus, offer 2 = 100k flat. which one", [95000, 100000], [None, None], [None, None]),
        ("base 72k, bonus 6k, no equity. total?", [72000], [None], [None]),
    ],
)
def test_packages_with_negations_several_offers_and_loose_percentages(text, bases, bonuses_pct, equity):
    offers = read_offers(text)
    assert [o.base for o in offers] == bases
    assert [o.bonus_pct for o in offers] == bonuses_pct
    assert [o.equity_per_year for o in offers] == equity
    assert all(o.unknown == () for o in offers), "'no bonus' / 'no equity' is none, not a figure still to ask for"


def test_a_follow_up_changes_part_of_a_remembered_offer():
    from knowledge.offer_text import update_offers

    two = read_offers("offer A 70k base 8% bonus vs offer B 76k no bonus")
    changed = update_offers(
        two, read_offers("what if the first one bumps the bonus to 15%"), "what if the first one bumps the bonus to 15%"
    )
    assert [o.bonus_pct for o in changed] == [15, None] and [o.base for o in changed] == [70000, 76000]
    no_base = read_offers("15% bonus and 20k RSUs a year")
    filled = update_offers(no_base, read_offers("base is 100k"), "base is 100k")
    assert (filled[0].base, filled[0].bonus_pct, filled[0].equity_per_year) == (100000, 15, 20000)
    assert update_offers(two, read_offers("and a new one: 90k"), "and a new one: 90k") is None  # a base of its own: not a change


@pytest.mark.parametrize(
    "text, user, recipient",
    [
        ("draft an email to Sarah at Wise countering their 95k senior offer. I'm Tom, based in Leeds.", "Tom", "Sarah"),
        ("I am Senior, in Leeds, write the email to the recruiter", None, None),
        ("my name is Jo, reply to Priya please", "Jo", "Priya"),
        ("i'm tom, email to sarah", None, None),  # lower case: too unsure to put in an email
    ],
)
def test_names_for_an_email(text, user, recipient):
    from knowledge.offer_text import people_named

    assert people_named(text, ["Leeds"]) == (user, recipient)


@pytest.mark.parametrize(
    "text",
    ["they need an answer by Friday, offered 80k", "a role with Kubernetes at 90k", "I am Happy with the 95k, write the email"],
)
def test_no_company_or_name_is_made_up(text):
    from knowledge.offer_text import company_named, people_named

    assert company_named(text) is None and people_named(text) == (None, None)


def test_an_offer_from_a_place_of_several_words_keeps_its_name():
    offers = read_offers("two offers as a senior in London: 130k at a tier 1 bank vs 120k at DeepMind", ALIASES)
    assert [o.label for o in offers] == ["tier 1 bank", "DeepMind"]


@pytest.mark.parametrize(
    "text, expected",
    [  # issue 17's examples: list labels are labels, never money
        (
            "three offers (1) £64k and a 6% bonus (2) £61k plus £4k bonus (3) £70k, nothing else - which is best?",
            [("Offer 1", 64000, 6, None), ("Offer 2", 61000, None, 4000), ("Offer 3", 70000, None, None)],
        ),
        (
            "Two offers, senior in Leeds. A: £101k base + 8% bonus. B: £96k + £45k RSUs over 3 years",
            [("Offer A", 101000, 8, None), ("Offer B", 96000, None, None)],
        ),
        (
            "(a) £58k flat (b) £55k + 6% bonus (c) £52k + £12k equity over 2 years",
            [("Offer A", 58000, None, None), ("Offer B", 55000, 6, None), ("Offer C", 52000, None, None)],
        ),
    ],
)
def test_listed_offers_are_cut_at_their_labels(text, expected):
    assert [(o.label, o.base, o.bonus_pct, o.bonus_amount) for o in read_offers(text)] == expected


def test_a_pasted_table_is_read_by_its_header():
    text = "offer | base | bonus | equity\n--- | --- | --- | ---\nA | 95k | 10% | -\nB | 90k | - | £60k over 3 yrs"
    first, second = read_offers(text)
    assert (first.label, first.base, first.bonus_pct) == ("Offer A", 95000, 10)
    assert (second.label, second.base, second.equity_total, second.equity_years) == ("Offer B", 90000, 60000, 3)


# --- shapes a fresh coaching round (qa17a/b) found -------------------------------------------------


def test_offers_in_prose_one_and_the_other():
    first, second = read_offers("one pays 70 grand plus a 5 grand sign on, the other pays 74 thousand flat. mid level in Glasgow")
    assert (first.base, first.sign_on, second.base, second.sign_on) == (70_000, 5_000, 74_000, None)


def test_a_table_with_one_column_per_offer():
    text = "| | Company X | Company Y |\n|---|---|---|\n| Base | £85,000 | £90,000 |\n| Bonus | 15% | 5% |\n| RSUs | £40,000 over 4 years | none |"
    x, y = read_offers(text)
    assert (x.label, x.base, x.bonus_pct, x.equity_total, x.equity_years) == ("Company X", 85_000, 15, 40_000, 4)
    assert (y.label, y.base, y.bonus_pct, y.equity_total) == ("Company Y", 90_000, 5, None)


@pytest.mark.parametrize("text", ["is option 2 fair?", "is offer 2 any good", "what about number 3"])
def test_a_label_pointed_at_is_never_money(text):
    assert read_offers(text) == []


def test_a_label_followed_by_its_figure_is_still_read():
    assert [(o.label, o.base) for o in read_offers("offer 1 = 68k + 8%, offer 2 = 74k flat")] == [("Offer 1", 68_000), ("Offer 2", 74_000)]
    assert only("we'd like to offer £82,000 base plus 10% bonus").base == 82_000


def test_total_for_a_package_reads_the_first_figure_as_the_base():
    assert fields(only("total for 105k + 15% bonus + 8k sign on"), ("base", "bonus_pct", "sign_on")) == {
        "base": 105_000,
        "bonus_pct": 15,
        "sign_on": 8_000,
    }
    assert only("total of 120k with 10% bonus").base is None  # a total stated, not asked for


def test_a_span_of_experience_is_never_money():
    assert [o.base for o in read_offers("£60,000 - £70,000 DOE\nExperience: 2-5 years in ML engineering.")] == [60_000]


def test_an_average_over_the_vesting_period_spreads_the_sign_on_over_it():
    text = "95k base, 10% bonus, £40k RSUs over 4 years and a £10k sign-on. what's the yearly average over the vesting period with the sign-on spread?"
    terms = only(text)
    assert (terms.sign_on, terms.sign_on_years) == (10_000, 4)
    assert total_comp(terms).total == 95_000 + 9_500 + 10_000 + 2_500
    assert only("95k base, £40k RSUs over 4 years, 10k sign-on").sign_on_years is None  # not asked: year one only
