"""Negotiation replies: the figures they state, how they label them, and that no figure is invented.

`assert_grounded` pulls every £ figure out of a reply and checks it against figures this file
allows by hand: the benchmark's own, the user's, and ones worked out here from those. Benchmark
figures come from tests/figures.py (the data file), and offers meant to sit at a place in a band
(below it, a quarter of the way up, in its upper half) are worked out from that band's ends.
"""

import itertools
import math
import re
from dataclasses import replace

import pytest

from knowledge.compensation import OfferTerms
from knowledge.loader import LEVELS, load_benchmark
from knowledge.negotiation import (
    EMAIL_REASONS,
    band_position_reply,
    call_script_reply,
    compare_offers_reply,
    counter_email_reply,
    total_comp_reply,
)
from knowledge.offer_text import read_offers
from tests import figures

REGION_KEYS = list(load_benchmark().regions)  # from the data file, so a new region is covered without editing this test
POUNDS = re.compile(r"£(\d{1,3}(?:,\d{3})*)(?![\d,])")
GAP = 8_000  # how far below the bottom of a band the low offers here sit
MID_LONDON = ("mid", "london")


@pytest.fixture(scope="module")
def bm():
    return load_benchmark()


# --- helpers --------------------------------------------------------------------------------


def strings(value):
    """Every string inside a reply's JSON: text, table cells, bullet items, draft, chart labels."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def everything(reply) -> str:
    return "\n".join(strings(reply.to_json()))


def pound_figures(reply) -> set:
    return {int(match.replace(",", "")) for match in POUNDS.findall(everything(reply))}


def benchmark_figures(bm) -> set:
    found = {band.low for band in bm.bands.values()} | {band.high for band in bm.bands.values()}
    found |= {g.pay.low for g in bm.employers.values()} | {g.pay.high for g in bm.employers.values()}
    return found | {bm.average_mid_level.low, bm.average_mid_level.high}


def band_points(band) -> set:
    """Points of a band the counter rule may name: its midpoint and three-quarter point, as is and rounded up to £1,000."""
    mid, three_q = (band.low + band.high) / 2, band.low + 0.75 * (band.high - band.low)
    return {band.low, band.high, round(mid), round(three_q), math.ceil(mid / 1000) * 1000, math.ceil(three_q / 1000) * 1000}


def band_gaps(level, region, *amounts) -> set:
    """How far each amount outside the band lies from its nearer end: the gap a reply may state."""
    band = figures.band(level, region)
    return {band.low - a for a in amounts if a < band.low} | {a - band.high for a in amounts if a > band.high}


def assert_grounded(reply, allowed: set) -> None:
    invented = pound_figures(reply) - set(allowed)
    assert not invented, f"£ figures that are neither benchmark nor derived from the user's: {sorted(invented)}\n{everything(reply)}"


def parts_of(reply, kind):
    return [part.data for part in reply.parts if part.type == kind]


def texts(reply) -> list:
    return [data["text"] for data in parts_of(reply, "text")]


def row(table, name):
    return next(cells for cells in table["rows"] if cells[0] == name)


def test_the_figure_helper_catches_an_invented_figure(bm):
    base = next(amount for amount in itertools.count(88_000, 1_000) if amount not in benchmark_figures(bm))
    reply = total_comp_reply(bm, OfferTerms(base=base))
    assert base in pound_figures(reply)
    with pytest.raises(AssertionError):
        assert_grounded(reply, benchmark_figures(bm))  # the base is the user's, not the benchmark's


# --- total compensation ---------------------------------------------------------------------


def test_total_comp_reply_for_the_worked_example(bm):
    reply = total_comp_reply(bm, read_offers("88k base with a 10% bonus and £15k RSUs a year")[0], "mid", "london")
    (table,) = parts_of(reply, "table")
    assert table["headers"] == ["Component", "Per year", "Where it comes from"]
    assert row(table, "Total a year")[1] == "£111,800"
    assert [row(table, name)[1] for name in ("Base salary", "Bonus", "Equity")] == ["£88,000", "£8,800", "£15,000"]
    assert all(cells[2].startswith("your figure") for cells in table["rows"][:-1])
    assert "£111,800" in texts(reply)[0]
    base_line = next(t for t in texts(reply) if "base band" in t)
    assert "£88,000" in base_line and f"{figures.percent_up('mid', 'london', 88_000)}% of the way up" in base_line
    assert figures.span("mid", "london") in base_line
    assert "£111,800" not in base_line  # a total is never set against a base band
    assert any("total compensation" in t.lower() and "£111,800" in t for t in texts(reply))
    holding = [g for g in bm.employers.values() if g.pay.low <= 111_800 <= g.pay.high]
    assert len(holding) == len(bm.employers), "the worked example's total is meant to sit inside every employer group's range"
    assert any(f"all {len(holding)} employer groups" in t for t in texts(reply))  # inside every group's range: counted, not listed
    assert "base salary" in parts_of(reply, "note")[0]["text"] and "total compensation" in parts_of(reply, "note")[0]["text"]
    counter = figures.counter("mid", "london", 88_000)  # the same counter as the offer check gives
    assert f"Counter with £{counter:,}" in base_line
    assert_grounded(reply, benchmark_figures(bm) | {88_000, 8_800, 15_000, 111_800, counter})


def test_total_comp_reply_against_a_named_employer_leaves_sign_on_aside(bm):
    terms = OfferTerms(label="DeepMind", employer="deepmind_google", base=120_000, equity_total=60_000, equity_years=4, sign_on=10_000)
    reply = total_comp_reply(bm, terms, "senior", "london")
    (table,) = parts_of(reply, "table")
    assert row(table, "Total, year one")[1] == "£145,000" and row(table, "Total without sign-on")[1] == "£135,000"
    assert "stated assumption" in row(table, "Sign-on bonus")[2] and "year one" in row(table, "Sign-on bonus")[2]
    assert any(t.startswith("Assumption:") and "year one" in t for t in texts(reply))
    employer_line = next(t for t in texts(reply) if bm.employers["deepmind_google"].name in t)
    assert "£135,000" in employer_line and f"{figures.employer_span('deepmind_google')} total compensation" in employer_line
    assert f"{figures.percent_in(figures.employer('deepmind_google'), 135_000)}%" in employer_line
    allowed = benchmark_figures(bm) | band_gaps("senior", "london", 120_000) | {figures.counter("senior", "london", 120_000) or 0}
    assert_grounded(reply, allowed | {120_000, 60_000, 15_000, 10_000, 145_000, 135_000})


def test_a_range_quoted_plus_equity_is_compared_without_the_equity(bm):
    reply = total_comp_reply(bm, OfferTerms(employer="ai_scaleups", base=100_000, equity_per_year=30_000))
    employer_line = next(t for t in texts(reply) if bm.employers["ai_scaleups"].name in t)
    assert "£100,000" in employer_line and "without equity" in employer_line and "£130,000" not in employer_line
    assert_grounded(reply, benchmark_figures(bm) | {100_000, 30_000, 130_000})


def test_without_an_employer_the_reply_names_the_groups_whose_range_holds_the_total(bm):
    total = min(g.pay.low for g in bm.employers.values()) + 5_000  # inside the ranges that start lowest, not all of them
    reply = total_comp_reply(bm, OfferTerms(base=total))
    line = next(t for t in texts(reply) if "employer groups" in t)
    holding = [g.name for g in bm.employers.values() if g.pay.low <= total <= g.pay.high]
    assert holding and len(holding) < len(bm.employers) and all(name in line for name in holding)
    assert not any(g.name in line for g in bm.employers.values() if g.name not in holding)
    assert not any("band" in t for t in texts(reply))  # no level or region given: no band
    assert_grounded(reply, benchmark_figures(bm) | {total})


@pytest.mark.parametrize(
    "terms, allowed",
    [
        ("£10k bonus", {10_000}),
        (OfferTerms(base=90_000, bonus_pct=150), {90_000}),
        (OfferTerms(base=90_000, equity_per_year=-5_000), {90_000, 5_000}),
        ("£5m base", {5_000_000}),
        ("98k plus equity at a scaleup", {98_000}),
    ],
)
def test_problems_give_questions_and_no_total(bm, terms, allowed):
    if isinstance(terms, str):  # read here, not at collection, so a parser failure is a test failure
        (terms,) = read_offers(terms)
    reply = total_comp_reply(bm, terms)
    assert parts_of(reply, "table") == [] and parts_of(reply, "bullets")
    assert "Total" not in everything(reply)
    assert_grounded(reply, allowed)  # not even a benchmark figure: nothing is compared yet


# --- band position --------------------------------------------------------------------------


def test_band_position_reply_a_quarter_of_the_way_up(bm):
    amount = figures.point(*MID_LONDON, 0.25)
    reply = band_position_reply(bm, amount, ["mid"], "london")
    assert texts(reply)[0] == (
        f"{figures.pounds(amount)} (your figure) is 25% of the way up the Mid-level MLOps Engineer band for London "
        f"({figures.span(*MID_LONDON)}), in its second quarter, below the midpoint."
    )
    (chart,) = parts_of(reply, "chart")
    assert chart["chart"]["marker"]["value"] == round(amount)
    assert [(b["low"], b["high"]) for g in chart["chart"]["groups"] for b in g["bars"]] == [
        (figures.low(*MID_LONDON), figures.high(*MID_LONDON))
    ]
    assert "Base salary" in chart["chart"]["caption"]
    assert_grounded(reply, benchmark_figures(bm) | {amount})


@pytest.mark.parametrize(
    "amount, levels, region, fragments, derived",
    [
        (figures.low("mid", "london") - GAP, ["mid"], "london", [f"{figures.pounds(GAP)} below the bottom"], {GAP}),
        (figures.high("mid", "london") + 10_000, ["mid"], "london", [f"{figures.pounds(10_000)} above the top"], {10_000}),
        (
            figures.high("staff", "london") + 10_000,
            ["staff"],
            "london",
            [f"{figures.pounds(10_000)} above the figure quoted for an open-ended band", "no ceiling"],
            {10_000},
        ),
    ],
    ids=["below", "above", "above an open-ended band"],
)
def test_band_position_reply_below_and_above(bm, amount, levels, region, fragments, derived):
    reply = band_position_reply(bm, amount, levels, region)
    assert len(texts(reply)) == len(levels)
    assert all(fragment in everything(reply) for fragment in fragments)
    assert_grounded(reply, benchmark_figures(bm) | {amount} | derived)


def test_band_position_reply_on_the_boundary_between_two_bands(bm):
    amount = figures.high("mid", "london")
    assert amount == figures.low("senior", "london"), "the mid band's top is meant to be the senior band's bottom"
    reply = band_position_reply(bm, amount, ["mid", "senior"], "london")
    assert len(texts(reply)) == 2
    assert all(fragment in everything(reply) for fragment in ["100% of the way up", "0% of the way up"])
    assert_grounded(reply, benchmark_figures(bm) | {amount})


def test_band_position_reply_refuses_a_figure_it_cannot_place(bm):
    reply = band_position_reply(bm, 5_000_000, ["mid"], "london")
    assert parts_of(reply, "chart") == [] and "£5,000,000" in texts(reply)[0]


# --- comparing offers -----------------------------------------------------------------------


def test_compare_a_fintech_with_a_scaleup_whose_equity_has_no_figure(bm):
    fintech = figures.high(*MID_LONDON) + 5_000  # above the band
    scaleup = fintech - 7_000  # high in it
    offers = read_offers(f"two offers: {figures.k(fintech)} at a fintech vs {figures.k(scaleup)} plus equity at a scaleup")
    reply = compare_offers_reply(bm, offers, ["mid"], "london")
    (table,) = parts_of(reply, "table")
    assert table["headers"][1:] == ["fintech", "scaleup"]
    assert row(table, "Total a year")[1:] == [figures.pounds(fintech), "can't total yet"]
    assert row(table, "Equity a year")[2] == "mentioned, no figure"
    assert row(table, "Base vs Mid-level MLOps Engineer band")[1:] == [
        f"{figures.pounds(5_000)} above",
        f"{figures.percent_up(*MID_LONDON, scaleup)}% up",
    ]
    verdict = next(t for t in texts(reply) if t.startswith("Verdict"))
    assert f"The fintech offer pays {figures.pounds(7_000)} more a year in base salary than the scaleup offer" in verdict
    assert f"equity would have to be worth more than {figures.pounds(7_000)} a year" in verdict
    assert any("equity" in t and "worth" in t for t in texts(reply) if t.startswith("The scaleup offer:"))
    assert_grounded(reply, benchmark_figures(bm) | {fintech, scaleup, 7_000, 5_000})


def test_compare_offer_a_and_b(bm):
    offers = read_offers("offer A 90k base 10% bonus, offer B 85k base £20k RSUs")
    reply = compare_offers_reply(bm, offers, "mid", "rest_of_uk")
    (table,) = parts_of(reply, "table")
    assert row(table, "Total a year")[1:] == ["£99,000", "£105,000"]
    assert row(table, "Bonus")[1] == "10% = £9,000"
    verdict = next(t for t in texts(reply) if t.startswith("Verdict"))
    assert "Offer A pays £5,000 more a year in base salary than Offer B" in verdict
    assert "Offer B is worth £6,000 more a year in total than Offer A" in verdict
    assert "sign-on" not in verdict  # neither has one
    assert any("read as a yearly figure" in t for t in texts(reply))  # B's equity period was assumed
    allowed = benchmark_figures(bm) | band_gaps("mid", "rest_of_uk", 90_000, 85_000)
    assert_grounded(reply, allowed | {90_000, 9_000, 99_000, 85_000, 20_000, 105_000, 5_000, 6_000})


def test_compare_with_sign_on_sets_it_aside(bm):
    offers = [OfferTerms(label="A", base=100_000, sign_on=20_000), OfferTerms(label="B", base=104_000)]
    reply = compare_offers_reply(bm, offers, ["senior"], "london")
    (table,) = parts_of(reply, "table")
    assert row(table, "Total, year one")[1:] == ["£120,000", "£104,000"]
    assert not [cells for cells in table["rows"] if cells[0] == "Total a year"]  # a one-off sign-on makes it a year-one total
    assert row(table, "Total without sign-on")[1:] == ["£100,000", "£104,000"]
    verdict = next(t for t in texts(reply) if t.startswith("Verdict"))
    assert "Leaving sign-on aside, the B offer is worth £4,000 more a year" in verdict
    allowed = benchmark_figures(bm) | band_gaps("senior", "london", 100_000, 104_000)
    assert_grounded(reply, allowed | {100_000, 20_000, 104_000, 120_000, 4_000})


def test_compare_names_the_missing_base_and_does_not_total_it(bm):
    offers = [OfferTerms(label="Offer A", bonus_amount=10_000), OfferTerms(label="Offer B", base=90_000)]
    reply = compare_offers_reply(bm, offers, ["mid"], "london")
    (table,) = parts_of(reply, "table")
    assert row(table, "Base salary")[1] == "not given" and row(table, "Total a year")[1] == "can't total yet"
    assert any(t.startswith("Offer A:") and "base salary" in t for t in texts(reply))
    assert "more a year" not in everything(reply)
    assert_grounded(reply, benchmark_figures(bm) | band_gaps("mid", "london", 90_000) | {10_000, 90_000})


def test_compare_sets_each_total_against_its_own_employer_group(bm):
    offers = [
        OfferTerms(label="Bank", employer="investment_banks", base=110_000, bonus_pct=20),
        OfferTerms(label="Scaleup", employer="ai_scaleups", base=115_000, equity_per_year=25_000),
    ]
    reply = compare_offers_reply(bm, offers, ["senior"], "london")
    bank = next(t for t in texts(reply) if t.startswith("The Bank offer:"))
    scaleup = next(t for t in texts(reply) if t.startswith("The Scaleup offer:"))
    assert bm.employers["investment_banks"].name in bank and "£132,000" in bank and "total compensation" in bank
    assert bm.employers["ai_scaleups"].name in scaleup and "£115,000" in scaleup and "without equity" in scaleup
    verdict = next(t for t in texts(reply) if t.startswith("Verdict"))
    assert "£5,000 more a year in base salary" in verdict and "£8,000 more a year in total" in verdict
    assert "makes up for its lower base" not in verdict  # the scaleup leads on both
    allowed = benchmark_figures(bm) | band_gaps("senior", "london", 110_000, 115_000)
    assert_grounded(reply, allowed | {110_000, 22_000, 132_000, 115_000, 25_000, 140_000, 5_000, 8_000})


def test_compare_with_fewer_than_two_offers(bm):
    assert "couldn't find an offer" in everything(compare_offers_reply(bm, [], ["mid"], "london"))
    single = compare_offers_reply(bm, [OfferTerms(base=90_000)], ["mid"], "london")
    assert "one offer" in texts(single)[0] and parts_of(single, "table")


# --- counter email --------------------------------------------------------------------------


def draft_of(reply) -> str:
    (draft,) = parts_of(reply, "draft")
    return draft["text"]


def test_counter_email_with_every_detail_given(bm):
    offer = figures.low("mid", "rest_of_uk") + 6_000  # in the band's lower half
    target, ask = figures.mid("mid", "rest_of_uk"), figures.counter("mid", "rest_of_uk", offer)
    reply = counter_email_reply(bm, "mid", "rest_of_uk", offer, employer_name="Acme AI", user_name="Sam Patel")
    body = draft_of(reply)
    assert body.splitlines()[0] == "Subject: Your offer for the Mid-level MLOps Engineer role at Acme AI"
    assert "[Company]" not in body and "[Your name]" not in body
    assert "Acme AI" in body and body.rstrip().endswith("Sam Patel")
    assert "[Hiring manager]" in body  # never given, so still a placeholder
    assert f"ask for a base salary of {figures.pounds(ask)}" in body and "Thank you" in body
    kinds = [part.type for part in reply.parts]
    assert kinds.index("text") < kinds.index("draft")
    how = texts(reply)[0]
    assert f"{figures.pounds(offer)} (your figure)" in how and figures.pounds(target) in how and figures.pounds(ask) in how
    assert ("rounded up" in how) if ask != target else ("already a round thousand" in how)  # the midpoint, rounded up to £1,000
    assert_grounded(reply, benchmark_figures(bm) | {offer, target, ask})


def test_counter_email_uses_placeholders_only_for_what_is_missing(bm):
    offer = figures.point(*MID_LONDON, 0.25)
    body = draft_of(counter_email_reply(bm, "mid", "london", offer))
    assert "[Company]" in body and "[Your name]" in body and "[Hiring manager]" in body
    named = draft_of(counter_email_reply(bm, "mid", "london", offer, employer_name="Wayve"))
    assert "[Company]" not in named and "Wayve" in named and "[Your name]" in named


@pytest.mark.parametrize(
    "offer, keys",
    [
        (figures.low(*MID_LONDON) - GAP, ["benchmark_ml_engineering", "show_ml_value"]),
        (figures.point(*MID_LONDON, 0.25), ["show_ml_value", "benchmark_ml_engineering"]),
        (figures.point(*MID_LONDON, 0.625), ["show_ml_value", "gpu_experience", "benchmark_ml_engineering"]),
        (figures.thousand(figures.point(*MID_LONDON, 0.9)), ["show_ml_value"]),
    ],
    ids=["below the band", "lower half", "upper half", "past three quarters"],
)
def test_counter_email_reasons_come_from_tips_that_fit_in_its_own_words(bm, offer, keys):
    reply = counter_email_reply(bm, "mid", "london", offer)
    body = draft_of(reply)
    assert [key for key in EMAIL_REASONS if EMAIL_REASONS[key] in body] == sorted(keys, key=list(EMAIL_REASONS).index)
    assert all(bm.tips[key].title in everything(reply) for key in keys)
    for tip in bm.tips.values():  # drawn from the tips, never copied from them
        for sentence in re.split(r"(?<=[.!?])\s+", tip.advice):
            assert sentence not in body
    assert str(bm.source["note"]) not in body


def test_counter_email_below_the_band_names_the_floor_before_the_draft(bm):
    offer = figures.low(*MID_LONDON) - GAP
    ask = figures.counter(*MID_LONDON, offer)
    reply = counter_email_reply(bm, "mid", "london", offer)
    assert figures.pounds(figures.low(*MID_LONDON)) in texts(reply)[0] and "floor" in texts(reply)[0]
    assert f"{figures.pounds(GAP)} below" in texts(reply)[0]
    assert f"ask for a base salary of {figures.pounds(ask)}" in draft_of(reply)
    assert_grounded(reply, benchmark_figures(bm) | {offer, GAP, figures.mid(*MID_LONDON), ask})


def test_counter_email_with_no_base_counter_asks_about_the_rest(bm):
    offer = figures.thousand(figures.point(*MID_LONDON, 0.9))  # past the three-quarter point
    assert figures.counter(*MID_LONDON, offer) is None
    reply = counter_email_reply(bm, "mid", "london", offer)
    body = draft_of(reply)
    assert "ask for a base salary" not in body
    assert all(word in body for word in ("sign-on bonus", "bonus", "equity"))
    assert_grounded(reply, benchmark_figures(bm) | {offer, figures.mid(*MID_LONDON)})


def test_counter_email_takes_offer_terms_and_refuses_a_missing_base(bm):
    base = figures.thousand(figures.point(*MID_LONDON, 0.625))  # in the upper half: the counter is the three-quarter point
    ask = figures.counter(*MID_LONDON, base)
    assert figures.pounds(ask) in draft_of(counter_email_reply(bm, "mid", "london", OfferTerms(base=base, bonus_pct=10)))
    refused = counter_email_reply(bm, "mid", "london", OfferTerms(bonus_amount=10_000))
    assert parts_of(refused, "draft") == [] and "base salary" in texts(refused)[0]


# --- call script ----------------------------------------------------------------------------


def items(reply) -> dict:
    (bullets,) = parts_of(reply, "bullets")
    return {item["title"]: item["text"] for item in bullets["items"]}


def test_call_script_anchors_on_the_band(bm):
    bottom, mid, top = figures.low(*MID_LONDON), figures.mid(*MID_LONDON), figures.high(*MID_LONDON)
    reply = call_script_reply(bm, "mid", "london")
    lines = items(reply)
    assert list(lines) == [
        "Opening",
        "If they ask for your salary expectations",
        "If their first number is low",
        "If you need time",
        "When to walk away",
    ]
    ask = figures.round_up(mid)  # before an offer: the midpoint, rounded up as a counter is
    assert f"between {figures.pounds(ask)} and {figures.pounds(top)}" in lines["If they ask for your salary expectations"]
    assert "midpoint (rounded up to the next thousand) to the band's top" in lines["If they ask for your salary expectations"]
    assert (
        figures.pounds(bottom) in lines["If their first number is low"]
        and f"could you get to {figures.pounds(ask)}?" in lines["If their first number is low"]
    )
    walk = lines["When to walk away"]
    assert figures.pounds(bottom) in walk and "bottom of the band" in walk and "your call" in walk
    assert_grounded(reply, benchmark_figures(bm) | {mid, ask})


def test_call_script_answers_a_low_first_number(bm):
    offer = figures.low(*MID_LONDON) - GAP
    ask = figures.counter(*MID_LONDON, offer)
    reply = call_script_reply(bm, "mid", "london", offer)
    low = items(reply)["If their first number is low"]
    assert figures.pounds(offer) in low and figures.pounds(GAP) in low
    assert figures.pounds(figures.low(*MID_LONDON)) in low and figures.pounds(ask) in low
    assert_grounded(reply, benchmark_figures(bm) | {offer, GAP, figures.mid(*MID_LONDON), ask})


def test_call_script_for_an_open_ended_band_says_it_has_no_ceiling(bm):
    mid, top = figures.mid("staff", "rest_of_uk"), figures.high("staff", "rest_of_uk")
    reply = call_script_reply(bm, "staff", "rest_of_uk")
    expectations = items(reply)["If they ask for your salary expectations"]
    assert f"between {figures.pounds(figures.round_up(mid))} and {figures.pounds(top)}" in expectations and "no ceiling" in expectations
    assert_grounded(reply, benchmark_figures(bm) | {mid, figures.round_up(mid)})


# --- every figure, every reply --------------------------------------------------------------


def offers_around(band) -> list:
    return [
        band.low - 7_500,
        band.low,
        (band.low + band.high) // 2 - 1_250,
        band.low + (band.high - band.low) * 3 // 5,
        band.high,
        band.high + 12_000,
    ]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("region", REGION_KEYS)
def test_every_pound_figure_is_the_benchmarks_or_derived_from_the_users(bm, level, region):
    band = bm.bands[(level, region)]
    for offer in offers_around(band):
        allowed = benchmark_figures(bm) | band_points(band) | {offer, abs(offer - band.low), abs(offer - band.high)}
        for reply in (
            band_position_reply(bm, offer, [level], region),
            counter_email_reply(bm, level, region, offer, employer_name="Acme"),
            call_script_reply(bm, level, region, offer),
            call_script_reply(bm, level, region),
        ):
            assert_grounded(reply, allowed)


def test_region_names_come_from_the_benchmark(bm):
    renamed = replace(bm, regions={key: f"Region {n}" for n, key in enumerate(bm.regions, 1)})
    terms = OfferTerms(base=90_000, bonus_pct=10)
    for region in REGION_KEYS:
        replies = [
            total_comp_reply(renamed, terms, "mid", region),
            band_position_reply(renamed, 90_000, ["mid"], region),
            compare_offers_reply(renamed, [terms, OfferTerms(base=95_000)], ["mid"], region),
            counter_email_reply(renamed, "mid", region, 70_000),
            call_script_reply(renamed, "mid", region, 70_000),
        ]
        for reply in replies:
            shown = everything(reply)
            assert renamed.regions[region] in shown or reply is replies[2]
            for original in bm.regions.values():
                assert not re.search(rf"\b{re.escape(original)}\b(?!-equivalent)", shown), (
                    original
                )  # a tip title may say 'London-equivalent'


def test_a_group_listed_only_because_its_range_leaves_equity_out_says_so(bm):
    """A base and bonus inside AI-native scaleups' range, with enough equity on top to take the total past the
    range's top: the group is listed for the total before equity, and the reply says so."""
    scaleups = figures.employer("ai_scaleups")
    before_equity = 132_000  # 110k base + 20% bonus
    equity = scaleups.high - before_equity + 2_000  # a year: the total ends £2,000 above the range's top
    assert scaleups.low <= before_equity <= scaleups.high
    reply = total_comp_reply(bm, OfferTerms(base=110_000, bonus_pct=20, equity_total=4 * equity, equity_years=4))
    line = next(t for t in texts(reply) if "employer groups" in t)
    assert bm.employers["ai_scaleups"].name in line and f"your {figures.pounds(before_equity)} before equity" in line
    assert_grounded(reply, benchmark_figures(bm) | {110_000, 22_000, equity, 4 * equity, before_equity, before_equity + equity})
