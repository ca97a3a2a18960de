"""The router (actions/router.py) and the hand-over rows in actions/registry.py: every row does what
its name says on a real message, no capability function calls another, and no chain of rows can
loop back on itself."""

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actions import actions
from actions.details import Details, read_details
from actions.registry import REGISTRY
from actions.router import hand_over, route
from knowledge.compensation import OfferTerms
from tests.helpers import tracker

BM = actions.BENCHMARK
ROOT = Path(__file__).resolve().parent.parent
ONE_PACKAGE = [{"base": 120000.0, "equity_total": 50000.0, "equity_years": 2.0}]  # "120k + 50k RSUs over 2 yrs"
TWO_OFFERS = [{"label": "Offer A", "base": 95000, "bonus_pct": 12}, {"label": "Offer B", "base": 90000}]

# (capability asked, the row's condition) -> (intent, entities, slots, text, capabilities that answer)
ROW_EXAMPLES = {
    ("band", "offers_a_figure"): (
        "ask_salary_band",
        [("amount", "45k"), ("level", "junior"), ("region", "rest_of_uk")],
        {},
        "is 45k fair for a junior in Leeds?",
        ["offer"],
    ),
    ("band", "employer_without_level"): (
        "ask_salary_band",
        [("employer", "deepmind_google"), ("region", "london")],
        {},
        "does deepmind pay well in London?",
        ["employer"],
    ),
    ("band", "devops_pay_without_level"): (
        "ask_salary_band",
        [],
        {"role": "devops", "current_salary": 62000},
        "so what would an MLOps job pay me?",
        ["devops_premium"],
    ),
    ("band", "mlops_pay_for_devops"): (
        "ask_salary_band",
        [],
        {"role": "devops", "devops_salary": 48000, "level": "junior", "region": "rest_of_uk"},
        "what could I make in MLOps?",
        ["devops_premium"],
    ),
    ("employer", "mlops_pay_for_devops"): (
        "ask_employer_pay",
        [],
        {"role": "devops", "current_salary": 66000},
        "wat would mlops pay me",
        ["devops_premium"],
    ),
    ("band", "asks_every_level"): (
        "ask_salary_band",
        [("region", "london")],
        {},
        "show me all the bands for London",
        ["compare_levels"],
    ),
    ("total_comp", "employer_not_package"): (
        "compute_total_comp",
        [("employer", "cloud_providers")],
        {},
        "what's the total comp on AWS's ML teams?",
        ["employer"],
    ),
    ("compare_regions", "about_the_offers"): ("compare_regions", [], {"offers": TWO_OFFERS}, "how do they compare?", ["compare_offers"]),
    ("compare_regions", "names_a_tip"): (
        "compare_regions",
        [("tip_topic", "remote_london_rates")],
        {},
        "I'm remote, should I get London pay?",
        ["tips"],
    ),
    ("compare_levels", "about_the_offers"): ("compare_levels", [], {"offers": TWO_OFFERS}, "side by side please", ["compare_offers"]),
    ("compare_levels", "one_level_or_a_figure"): (
        "compare_levels",
        [("level", "senior"), ("region", "london")],
        {},
        "senior in london",
        ["band"],
    ),
    ("band_position", "about_every_offer"): (
        "locate_in_band",
        [],
        {"offers": TWO_OFFERS},
        "where does each sit in its band?",
        ["compare_offers"],
    ),
    ("offer", "devops_salary_not_offer"): ("check_offer", [("amount", "80k")], {}, "devops on 80k atm", ["devops_premium"]),
    ("offer", "level_but_nothing_to_judge"): (
        "check_offer",
        [("level", "senior"), ("region", "rest_of_uk")],
        {},
        "senior in leeds",
        ["band"],
    ),
    ("offer", "package_terms"): ("check_offer", [("amount", "80k")], {}, "80k base, 8k bonus", ["total_comp"]),
    ("devops_premium", "employer_not_premium"): (
        "compute_devops_premium",
        [("employer", "deepmind_google")],
        {},
        "and deepmind?",
        ["employer"],
    ),
    ("devops_premium", "figure_not_premium"): ("compute_devops_premium", [("amount", "80k")], {}, "got offered 80k", ["offer"]),
    ("employer", "own_band_not_employer"): (
        "ask_employer_pay",
        [],
        {"level": "senior", "region": "rest_of_uk"},
        "what's the pay like?",
        ["band"],
    ),
    ("tips", "a_figure_to_check"): ("ask_negotiation_tips", [("amount", "80k")], {}, "first offer 80k base", ["offer"]),
    ("rank_employers", "a_figure_to_check"): ("rank_employers", [("amount", "120k")], {}, "the first one pays 120k", ["offer"]),
    ("tips", "employer_not_tip"): ("ask_negotiation_tips", [("employer", "deepmind_google")], {}, "and deepmind?", ["employer"]),
    ("tips", "asks_the_figure_too"): (
        "ask_negotiation_tips",
        [("region", "london")],
        {"years": 6},
        "if I relocated to London what could I ask for?",
        ["band", "tips"],
    ),
    ("band_position", "no_figure_to_place"): (
        "locate_in_band",
        [("level", "mid"), ("region", "rest_of_uk")],
        {},
        "mid band in cardiff",
        ["band"],
    ),
    ("counter_email", "figure_but_nothing_written"): (
        "draft_counter_email",
        [("amount", "80k")],
        {},
        "what should I counter 80k with?",
        ["offer"],
    ),
    ("call_script", "figure_with_no_call_words"): ("give_call_script", [("amount", "105k")], {}, "they came back with 105k", ["offer"]),
    ("total_comp", "several_packages"): (
        "compute_total_comp",
        [],
        {},
        "105k base at a fintech vs 98k base + 10% bonus at a scaleup",
        ["compare_offers"],
    ),
    ("total_comp", "a_base_to_check"): ("compute_total_comp", [("amount", "70k")], {}, "offer came in at 70k", ["offer"]),
    ("compare_offers", "advice_not_comparison"): ("compare_offers", [], {}, "how to haggle a better offer", ["tips"]),
    ("compare_offers", "one_package_alone"): ("compare_offers", [], {}, "110k base + 20k RSUs a year", ["total_comp"]),
    ("compare_offers", "package_against_employer"): (
        "compare_offers",
        [("employer", "deepmind_google")],
        {"offers": ONE_PACKAGE},
        "how does it compare with DeepMind?",
        ["total_comp"],
    ),
    ("employer", "package_against_employer"): (
        "ask_employer_pay",
        [("employer", "deepmind_google")],
        {"offers": ONE_PACKAGE},
        "and against deepmind?",
        ["total_comp"],
    ),
    ("total_comp", "fairness_asked_too"): (
        "compute_total_comp",
        [("amount", "105k"), ("level", "senior"), ("region", "london")],
        {},
        "offered 105k base + 15% bonus for senior in london. fair?",
        ["offer", "total_comp"],
    ),
}


def _rows():
    return sorted((topic, row.when.__name__) for topic, capability in REGISTRY.items() for row in capability.hands_over)


def test_every_hand_over_row_has_an_example():
    assert _rows() == sorted(ROW_EXAMPLES)


@pytest.mark.parametrize("topic, condition", sorted(ROW_EXAMPLES))
def test_each_row_hands_the_question_over(topic, condition):
    intent, entities, slots, text, expected = ROW_EXAMPLES[(topic, condition)]
    details = read_details(tracker(intent, entities, slots, text), BM)
    row = next(row for row in REGISTRY[topic].hands_over if row.when.__name__ == condition)
    assert row.when(BM, details), f"{condition} does not hold for {text!r}"
    assert hand_over(BM, details, topic) == expected


@pytest.mark.parametrize(
    "intent, asked, entities, slots, text, expected",
    [
        # 1. a short reply to Payband's question continues it, whatever the intent
        (
            "ask_salary_band",
            "band",
            [("region", "london")],
            {"topic": "offer", "pending": "region", "offer_amount": 60000},
            "london",
            ["offer"],
        ),
        # 2. a question about the case is that question, whatever the intent
        ("ask_pay_drivers", "band", [], {"offers": TWO_OFFERS}, "which is better?", ["compare_offers"]),
        ("ask_salary_band", "band", [], {"offer_amount": 70000, "level": "mid", "region": "london"}, "should I take it?", ["offer"]),
        # 3. otherwise the intent's capability, or for a bare detail the follow-up rule
        ("give_details", None, [("region", "london")], {"topic": "band", "level": "senior"}, "and in London?", ["band"]),
        ("give_details", None, [], {"topic": "band"}, "hmm", []),
        ("give_details", None, [], {}, "band please", ["band"]),
        ("give_details", None, [("amount", "55k")], {"topic": "note", "role": "devops"}, "salary 55k", ["devops_premium"]),
        ("give_details", None, [], {"topic": "compare_regions", "level": "senior"}, "show both again pls", ["compare_regions"]),
    ],
)
def test_route(intent, asked, entities, slots, text, expected):
    assert route(BM, read_details(tracker(intent, entities, slots, text), BM), asked) == expected


CAPABILITY_MODULES = [ROOT / "actions" / "capabilities.py", ROOT / "actions" / "negotiation.py"]


def test_no_capability_function_calls_another():
    names = {capability.run.__name__ for capability in REGISTRY.values()}
    for path in CAPABILITY_MODULES:
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and node.name in names:
                called = {call.func.id for call in ast.walk(node) if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)}
                assert not (called & (names - {node.name})), f"{path.name}:{node.name} hands the question to {called & names}"
        assert "REGISTRY" not in path.read_text(), f"{path.name} reaches into the registry"


TEXTS = [
    "compare them",
    "how much could I ask?",
    "devops on 80k",
    "they offered 90k",
    "write the email",
    "what do I say on the call?",
    "all levels",
    "what's the pay like?",
    "which is better",
    "",
]


@st.composite
def details(draw):
    offers = draw(st.lists(st.sampled_from([OfferTerms(base=90000), OfferTerms(base=95000, bonus_pct=10)]), max_size=3))
    return Details(
        level=draw(st.sampled_from([None, "mid", "senior"])),
        years=draw(st.sampled_from([None, 5.0])),
        region=draw(st.sampled_from([None, "london", "rest_of_uk"])),
        amount=draw(st.sampled_from([None, 80000])),
        amount_unreadable=draw(st.booleans()),
        amount_is_total=draw(st.booleans()),
        role=draw(st.sampled_from([None, "devops"])),
        current_salary=draw(st.sampled_from([None, 62000])),
        offer_amount=draw(st.sampled_from([None, 70000])),
        devops_salary=draw(st.sampled_from([None, 70000])),
        employers=draw(st.sampled_from([[], ["deepmind_google"]])),
        unlisted_employers=draw(st.sampled_from([[], ["OpenAI"]])),
        tip=draw(st.sampled_from([None, "competing_offers"])),
        text=draw(st.sampled_from(TEXTS)),
        topic=draw(st.sampled_from([None, *REGISTRY])),
        pending=draw(st.sampled_from([None, "level", "offer_amount"])),
        new={name: draw(st.booleans()) for name in ("level", "years", "region", "current_salary")},
        offers=offers,
        offers_new=draw(st.booleans()),
    )


@settings(max_examples=1500)
@given(details())
def test_no_chain_of_rows_loops(drawn):
    for topic in REGISTRY:
        plan = hand_over(BM, drawn, topic)
        assert plan and all(step in REGISTRY for step in plan)
        visited, current = [topic], topic
        while True:  # retrace the chain: every step is a new capability
            row = next((row for row in REGISTRY[current].hands_over if row.when(BM, drawn)), None)
            if row is None or row.first:
                break
            assert row.to not in visited, f"rows loop: {' -> '.join(visited)} -> {row.to}"
            visited.append(row.to)
            current = row.to
