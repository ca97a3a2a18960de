"""The case (knowledge/case.py, actions/slots.py): facts given over several short messages are kept, read
back on request ("what do you know about me?"), cleared on a confirmed "start over", and "the next
level" is worked out from the level in the conversation."""

import pytest

from actions.actions import (
    ActionAnswerBand,
    ActionComputeDevopsPremium,
    ActionComputeTotalComp,
    ActionConfirmStartOver,
    ActionFollowUp,
    ActionShowCase,
    ActionStartOver,
)
from knowledge.case import Case, describe, facts
from knowledge.compensation import OfferTerms
from tests import figures
from tests.figures import pounds, span
from tests.helpers import apply, run, texts

BM = figures.BM


def test_an_empty_case_says_nothing_is_known():
    assert Case().empty
    nothing, stored = texts_of(describe(BM, Case(), retention_days=30))
    assert nothing == "You haven't told me anything about yourself in this conversation yet: no level, place, salary or offer."
    assert "erased 30 days after your last message" in stored and '"forget me"' in stored
    assert "kept until you erase them" in texts_of(describe(BM, Case()))[-1]  # RETENTION_DAYS=0


def texts_of(reply):
    out = []
    for part in reply.parts:
        data = part.data
        out += [item["text"] if isinstance(item, dict) else item for item in data.get("items", [])] or [data.get("text", "")]
    return out


def test_the_case_reads_back_every_fact_in_the_users_figures():
    case = Case(
        level="senior",
        region="rest_of_uk",
        role="devops",
        current_salary=62_000,
        offers=(
            OfferTerms(label="Offer A (Acme)", base=104_000, bonus_pct=10, equity_total=40_000, equity_years=4),
            OfferTerms(label="Offer B", region="london", base=98_000, unknown=("equity",)),
        ),
    )
    senior = BM.levels["senior"]
    assert facts(BM, case) == [
        f"Level: {senior.title} ({senior.years_min}–{senior.years_max} years)",
        f"Place: {BM.regions['rest_of_uk']}",
        "Current job: DevOps engineer, on £62,000",
        "Offer A (Acme): £104,000 base, 10% bonus, £40,000 equity over 4 years",
        f"Offer B ({BM.regions['london']}): £98,000 base, equity (no figure yet)",
    ]
    assert "start over" in texts_of(describe(BM, case))[-2] and "forget me" in texts_of(describe(BM, case))[-1]


def test_years_span_and_a_remote_place_read_back_as_given():
    case = Case(years=3, years_to=5, region="remote_uk", offer_amount=71_000)
    assert facts(BM, case) == [
        "Experience: about 3–5 years",
        f"Place: {BM.region_aliases['remote_uk'].name}",
        "Offer checked: £71,000 base",
    ]


# --- over several messages -------------------------------------------------------------------


async def test_facts_given_one_per_message_are_kept_and_shown():
    """'I work in DevOps' / 'I'm in Cardiff' / 'currently £62k' / 'what do you know about me?'."""
    slots = {}
    for text, entities in [
        ("I work in DevOps", []),
        ("I'm in Cardiff", [("region", "rest_of_uk")]),
        ("currently £62k", [("amount", "£62k")]),
    ]:
        _, changes = await run(ActionFollowUp(), "give_details", entities, slots, text)
        slots = apply(slots, changes)
    assert (slots["role"], slots["region"], slots["current_salary"]) == ("devops", "rest_of_uk", 62_000)
    messages, _ = await run(ActionShowCase(), "ask_what_you_know", [], slots, "what do you know about me?")
    shown = texts(messages)
    assert f"Place: {BM.regions['rest_of_uk']}" in shown and "Current job: DevOps engineer, on £62,000" in shown


async def test_a_devops_salary_given_earlier_is_used_for_the_premium():
    slots = {"role": "devops", "current_salary": 62_000}
    messages, changes = await run(ActionComputeDevopsPremium(), "ask_devops_premium", [], slots, "so what would an MLOps job pay me?")
    low, high = figures.premium(62_000)
    assert "On £62,000 as a DevOps engineer" in texts(messages) and f"{pounds(low)} – {pounds(high)}" in texts(messages)
    assert changes["devops_salary"] == 62_000


@pytest.mark.parametrize(
    "text, said, level, expected",
    [
        ("and the next level?", "next level", "junior", "mid"),
        ("one level up", "one level up", "mid", "senior"),
        ("and above that?", "above that", "senior", "staff"),
        ("what about the level below", "level below", "senior", "mid"),
        ("and the one below that?", "the one below that", "mid", "junior"),
    ],
)
async def test_the_next_level_is_worked_out_from_the_one_in_the_conversation(text, said, level, expected):
    slots = {"level": level, "region": "rest_of_uk", "topic": "band"}
    messages, changes = await run(ActionFollowUp(), "give_details", [], slots, text)
    reply = texts(messages)
    assert changes["level"] == expected and span(expected, "rest_of_uk") in reply
    assert reply.startswith(f"I read '{said}' as {BM.levels[expected].title}."), reply[:120]


async def test_past_the_top_level_stays_there_and_says_so():
    messages, changes = await run(
        ActionFollowUp(), "give_details", [], {"level": "staff", "region": "london", "topic": "band"}, "and the next level?"
    )
    assert changes["level"] == "staff"
    assert texts(messages).startswith(f"I read 'next level' as {BM.levels['staff'].title}, the top level the benchmark has.")


async def test_a_level_step_with_a_figure_is_not_a_level():
    """'can I ask for above that figure?' is about money, not the level above."""
    _, changes = await run(
        ActionAnswerBand(), "ask_salary_band", [], {"level": "mid", "region": "london", "topic": "band"}, "above that figure?"
    )
    assert changes.get("level") == "mid"


# --- start over ------------------------------------------------------------------------------


async def test_start_over_asks_first_with_buttons_and_clears_nothing_yet():
    slots = {"level": "senior", "region": "london", "offer_amount": 95_000}
    messages, changes = await run(ActionStartOver(), "start_over", [], slots, "start over")
    assert messages[0]["response"] == "utter_ask_start_over"
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/confirm_start_over", "/ask_what_you_know"]
    assert changes == {"pending": "start_over"}


async def test_a_confirmation_after_the_question_clears_every_slot():
    slots = {"level": "senior", "region": "london", "offer_amount": 95_000, "pending": "start_over"}
    messages, _ = await run_events(ActionConfirmStartOver(), "confirm_start_over", slots)
    assert messages[0]["response"] == "utter_case_cleared"


async def run_events(action, intent, slots):
    from rasa_sdk.executor import CollectingDispatcher

    from tests.helpers import tracker

    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(intent, [], slots, "yes, clear it"), {})
    assert [e["event"] for e in events] == ["reset_slots"]
    return dispatcher.messages, events


async def test_a_confirmation_nobody_asked_for_clears_nothing():
    """A message misread as 'yes, clear it' must never wipe the case."""
    slots = {"level": "senior", "region": "london", "offer_amount": 95_000, "topic": "offer"}
    messages, changes = await run(ActionConfirmStartOver(), "confirm_start_over", [], slots, "yes")
    assert messages[0]["response"] == "utter_nothing_asked_to_clear" and changes == {}


async def test_start_over_with_nothing_known_says_so():
    messages, _ = await run(ActionStartOver(), "start_over", [], {}, "start over")
    assert messages[0]["response"] == "utter_nothing_to_clear"


async def test_a_pay_question_with_no_detail_is_answered_from_the_case():
    """'I work in DevOps' / 'currently £62k' / 'so what would an MLOps job pay me?' (read as nothing in particular)."""
    slots = {"role": "devops", "current_salary": 62_000, "region": "rest_of_uk", "topic": "note"}
    messages, _ = await run(ActionFollowUp(), "nlu_fallback", [], slots, "so what would an MLOps job pay me?")
    low, high = figures.premium(62_000)
    assert f"{pounds(low)} – {pounds(high)}" in texts(messages)


async def test_a_message_with_no_detail_and_no_pay_question_is_not_answered_from_the_case():
    slots = {"role": "devops", "current_salary": 62_000, "level": "mid", "topic": "note"}
    messages, _ = await run(ActionFollowUp(), "nlu_fallback", [], slots, "lovely weather today")
    assert messages[0]["response"] == "utter_default"


async def test_a_package_given_piece_by_piece_is_added_up_whole():
    """'got a senior offer in Manchester' / 'base 104k' / '10% bonus target' / 'and 40k of RSUs over four years' / total?"""
    slots = {"level": "senior", "region": "rest_of_uk", "offer_amount": 104_000, "topic": "offer"}
    steps = [
        (ActionFollowUp(), "give_details", "10% bonus target"),
        (ActionFollowUp(), "give_details", "and 40k of RSUs over four years"),
        (ActionComputeTotalComp(), "compute_total_comp", "so what's the yearly total?"),
    ]
    for action, intent, text in steps:
        messages, changes = await run(action, intent, [], slots, text)
        slots = apply(slots, changes)
    reply = texts(messages)
    assert "£104,000 + " not in reply and "£124,400" in reply  # 104k + 10,400 bonus + 10,000 equity a year
    assert [o.get("base") for o in slots["offers"]] == [104_000]


async def test_offers_named_one_per_message_are_kept_side_by_side():
    """'first one: an insurer, £95k base, 12% bonus' / 'second: a Series B startup, £90k + £60k options over 3 years'."""
    slots = {}
    for text, amounts in [
        ("first one: an insurer, £95k base, 12% bonus", ["£95k"]),
        ("second: a Series B startup, £90k + £60k options over 3 years", ["£90k", "£60k"]),
    ]:
        messages, changes = await run(ActionComputeTotalComp(), "compute_total_comp", [("amount", a) for a in amounts], slots, text)
        slots = apply(slots, changes)
    assert [o["base"] for o in slots["offers"]] == [95_000, 90_000]
    reply = texts(messages)
    assert "£106,400" in reply and "£110,000" in reply and "£3,600 more a year in total" in reply


async def test_saying_you_are_a_devops_engineer_is_noted_not_out_of_scope():
    """'devops engineer' is another job title when asked about ('what do devops engineers earn?'), but the
    user's own job when they say it of themselves."""
    messages, changes = await run(ActionFollowUp(), "give_details", [("other_role", "devops engineer")], {}, "I'm a devops engineer")
    assert changes["role"] == "devops" and texts(messages).startswith("Noted: Current job: DevOps engineer")


async def test_a_fact_given_in_a_message_read_as_a_faq_is_kept():
    """'I'm a devops engineer' is often read as the MLOps-vs-DevOps FAQ: the answer comes, and the role is kept."""
    from actions.actions import ActionAnswerFaq

    messages, changes = await run(
        ActionAnswerFaq(), "ask_mlops_vs_devops", [("other_role", "devops engineer")], {}, "I'm a devops engineer"
    )
    assert changes["role"] == "devops" and changes["topic"] == "devops_premium" and messages


# --- QA round qa16 (fresh multi-turn conversations): each failure shape, fixed ------------------


@pytest.mark.parametrize(
    "text, level, expected",
    [("fine, two up", "junior", "senior"), ("ok and down two from there", "staff", "mid"), ("ok one down then", "senior", "mid")],
)
async def test_level_steps_can_count(text, level, expected):
    _, changes = await run(ActionFollowUp(), "give_details", [], {"level": level, "region": "london", "topic": "band"}, text)
    assert changes["level"] == expected


async def test_offer_b_after_a_checked_offer_a_makes_two_offers_and_compare_them_compares():
    from actions.actions import ActionCheckOffer

    slots = {"level": "senior", "region": "london", "offer_amount": 130_000, "topic": "offer"}
    _, changes = await run(ActionCheckOffer(), "check_offer", [("amount", "140k")], slots, "offer B 140k")
    slots = apply(slots, changes)
    assert [(o.get("label"), o["base"]) for o in slots["offers"]] == [("Offer A", 130_000), ("Offer B", 140_000)]
    messages, _ = await run(ActionFollowUp(), "nlu_fallback", [], slots, "compare them")
    assert "£10,000 more a year in base salary" in texts(messages)


async def test_currently_and_a_bare_figure_is_pay_not_an_offer():
    slots = {"level": "mid", "region": "rest_of_uk", "topic": "band"}
    messages, changes = await run(ActionFollowUp(), "give_details", [], slots, "currently 62")
    assert changes["current_salary"] == 62_000 and changes.get("offer_amount") is None
    assert "Checked" not in texts(messages)


async def test_a_vesting_period_is_not_years_of_experience():
    from actions.details import read_details
    from tests.helpers import tracker

    text = "RSUs £100k over 4 yrs"
    t = tracker("give_details", [], {"level": "senior"}, text)
    t.latest_message["entities"] = [{"entity": "amount", "value": "£100k", "start": 5}, {"entity": "years", "value": "4 yrs", "start": 16}]
    details = read_details(t, BM)
    assert details.level == "senior" and details.years is None and not details.new.get("years")


async def test_the_place_after_not_is_the_mistake():
    from actions.details import read_details
    from tests.helpers import tracker

    text = "sorry i meant london not cardiff"
    t = tracker("give_details", [], {"level": "mid"}, text)
    t.latest_message["entities"] = [
        {"entity": "region", "value": "london", "start": text.find("london")},
        {"entity": "region", "value": "rest_of_uk", "start": text.find("cardiff")},
    ]
    assert read_details(t, BM).region == "london"


async def test_two_levels_named_together_get_both_bands():
    messages, _ = await run(
        ActionAnswerBand(), "compare_levels", [("level", "mid"), ("level", "senior")], {"region": "london"}, "mid vs senior?"
    )
    assert span("mid", "london") in texts(messages) and span("senior", "london") in texts(messages)


async def test_a_pay_question_read_as_off_topic_is_answered_from_the_case():
    from actions.actions import ActionAnswerOffTopic

    messages, _ = await run(
        ActionAnswerOffTopic(), "ask_off_topic", [], {"level": "mid", "region": "rest_of_uk", "topic": "band"}, "whats the going rate"
    )
    assert span("mid", "rest_of_uk") in texts(messages)


async def test_what_is_the_pay_like_after_a_level_is_the_band_not_which_employer():
    from actions.actions import ActionAnswerEmployer

    messages, _ = await run(
        ActionAnswerEmployer(), "ask_employer_pay", [], {"level": "senior", "region": "rest_of_uk"}, "what's the pay like?"
    )
    assert span("senior", "rest_of_uk") in texts(messages)


async def test_the_place_is_read_back_as_the_user_named_it():
    from rasa_sdk.executor import CollectingDispatcher

    from tests.helpers import tracker

    text = "sorry, I meant York"
    t = tracker("give_details", [], {"level": "mid", "topic": "band"}, text)
    t.latest_message["entities"] = [{"entity": "region", "value": "rest_of_uk", "start": 15, "end": 19}]
    events = await ActionFollowUp().run(CollectingDispatcher(), t, {})
    changes = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert changes["place_name"] == "York"
    messages, _ = await run(ActionShowCase(), "ask_what_you_know", [], apply({"level": "mid"}, changes), "what do you know about me?")
    assert f"Place: York ({BM.regions['rest_of_uk']} band)" in texts(messages)


async def test_a_bonus_after_a_base_stored_as_a_package_joins_it():
    """qa16-062: 'offer: 95k base' (stored as a package, level asked) / '8% bonus' / 'total comp pls'."""
    slots = {"offers": [{"base": 95_000}], "offer_amount": 95_000, "topic": "offer", "pending": "level"}
    _, changes = await run(ActionFollowUp(), "give_details", [], slots, "8% bonus")
    assert apply(slots, changes)["offers"] == [{"base": 95_000, "bonus_pct": 8.0}]


async def test_a_place_correction_read_as_off_topic_still_corrects():
    """qa16-014: 'sorry i meant london not cardiff' once read as off-topic got the scope note."""
    from actions.actions import ActionAnswerOffTopic

    slots = {"level": "mid", "region": "rest_of_uk", "topic": "band"}
    messages, changes = await run(ActionAnswerOffTopic(), "ask_off_topic", [("region", "london")], slots, "sorry i meant london")
    assert changes["region"] == "london" and span("mid", "london") in texts(messages)


async def test_a_place_alone_read_as_off_topic_is_still_off_topic():
    from actions.actions import ActionAnswerOffTopic

    messages, _ = await run(ActionAnswerOffTopic(), "ask_off_topic", [("region", "london")], {}, "weather in London?")
    assert messages[0]["response"] == "utter_out_of_scope"


async def test_a_place_given_alone_and_read_as_off_topic_is_noted():
    """Simulator seed 16: 'the role is in Glasgow' read as off-topic got the scope note and the place was lost."""
    from actions.actions import ActionAnswerOffTopic

    messages, changes = await run(ActionAnswerOffTopic(), "ask_off_topic", [("region", "rest_of_uk")], {}, "the role is in Glasgow")
    assert changes["region"] == "rest_of_uk" and texts(messages).startswith("Noted: Place:")


async def test_a_devops_engineer_on_a_salary_then_the_mlops_equivalent():
    """qa16-077: 'i'm a platform/devops engineer in manchester' / 'on £48,000' / 'MLOps equivalent?'."""
    slots = {}
    steps = [
        ("i'm a platform/devops engineer in manchester", [("other_role", "devops engineer"), ("region", "rest_of_uk")]),
        ("on £48,000", [("amount", "£48,000")]),
    ]
    for text, entities in steps:
        _, changes = await run(ActionFollowUp(), "give_details", entities, slots, text)
        slots = apply(slots, changes)
    assert (slots["role"], slots["current_salary"]) == ("devops", 48_000)
    messages, _ = await run(ActionFollowUp(), "nlu_fallback", [], slots, "MLOps equivalent?")
    low, high = figures.premium(48_000)
    assert f"{pounds(low)} – {pounds(high)}" in texts(messages)


async def test_a_bare_devops_title_is_the_users_job():
    """qa16-090: 'devops engineer' on its own, then 'on 62k': their job and pay, not an offer."""
    _, changes = await run(ActionFollowUp(), "give_details", [("other_role", "devops engineer")], {}, "devops engineer")
    assert changes["role"] == "devops"


def test_vesting_read_inside_the_years_entity_is_not_experience():
    from actions.details import read_details
    from tests.helpers import tracker

    text = "RSUs £100k over 4 yrs"
    t = tracker("give_details", [], {"level": "senior"}, text)
    t.latest_message["entities"] = [
        {"entity": "amount", "value": "£100k", "start": 5},
        {"entity": "years", "value": "over 4 yrs", "start": 11},
    ]
    assert read_details(t, BM).years is None


async def test_is_that_bad_after_an_offer_check_is_the_offer_check():
    """Held-out QA round: 'is that bad' after an offer check got 'didn't catch that'."""
    slots = {"level": "mid", "region": "london", "offer_amount": 70_000, "topic": "offer"}
    messages, _ = await run(ActionFollowUp(), "nlu_fallback", [], slots, "is that bad")
    assert "Checked £70,000 base salary" in texts(messages)


async def test_a_devops_salary_read_as_an_offer_check_is_the_premium():
    """qa2-tq09 (a regression after retraining): 'devops on 80k atm' classified as an offer check asked for the level."""
    from actions.actions import ActionCheckOffer

    messages, _ = await run(ActionCheckOffer(), "check_offer", [("amount", "80k")], {}, "devops on 80k atm")
    low, high = figures.premium(80_000)
    assert f"{pounds(low)} – {pounds(high)}" in texts(messages)


async def test_a_package_question_read_as_a_band_question_totals_the_package():
    """Simulator seed 21 after a retraining: "what's that a year all in?" classified as a band question got the band."""
    slots = {"level": "mid", "region": "rest_of_uk", "offers": [{"base": 73_000, "bonus_pct": 5}], "topic": "total_comp"}
    messages, _ = await run(ActionAnswerBand(), "ask_salary_band", [], slots, "what's that a year all in?")
    assert "£76,650" in texts(messages)


async def test_an_employer_question_is_not_taken_for_the_package():
    from actions.actions import ActionAnswerEmployer

    slots = {"offers": [{"base": 73_000, "bonus_pct": 5}], "topic": "total_comp"}
    messages, _ = await run(
        ActionAnswerEmployer(), "ask_employer_pay", [("employer", "deepmind_google")], slots, "what's total comp at deepmind?"
    )
    assert BM.employers["deepmind_google"].name in texts(messages)
