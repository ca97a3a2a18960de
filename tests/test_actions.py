"""Every capability through the real action classes, real Trackers and CollectingDispatcher."""

import pytest

from actions.actions import (
    ActionAnswerBand,
    ActionAnswerEmployer,
    ActionAnswerFaq,
    ActionAnswerOffTopic,
    ActionCheckOffer,
    ActionCompareLevels,
    ActionCompareRegions,
    ActionComputeDevopsPremium,
    ActionFollowUp,
    ActionGiveTips,
    ActionRankEmployers,
)
from knowledge.loader import LEVELS
from tests import figures, helpers
from tests.figures import employer_span, pounds, span, span_of
from tests.helpers import apply, run, texts


def premium(salary: int) -> str:
    """A DevOps salary with the benchmark's MLOps premium on top, as the reply writes the range."""
    low, high = figures.premium(salary)
    return f"{pounds(low)} – {pounds(high)}"


PREMIUM_PCT = "{}–{}%".format(*figures.BM.premium_pct)


async def test_band_for_level_and_place():
    messages, slots = await run(ActionAnswerBand(), "ask_salary_band", [("level", "senior"), ("region", "rest_of_uk")])
    reply = texts(messages)
    assert "Senior MLOps Engineer" in reply and f"Rest of UK: {span('senior', 'rest_of_uk')}" in reply
    assert "Base salary" in reply
    assert slots["level"] == "senior" and slots["region"] == "rest_of_uk" and slots["topic"] == "band"


async def test_open_ended_band_keeps_its_plus():
    messages, _ = await run(ActionAnswerBand(), "ask_salary_band", [("level", "staff"), ("region", "london")])
    assert figures.band("staff", "london").open_ended  # the band this test needs has no ceiling in the data
    assert f"{pounds(figures.low('staff', 'london'))} – {pounds(figures.high('staff', 'london'))}+" in texts(messages)
    assert "no ceiling" in texts(messages)


@pytest.mark.parametrize("years, number, level", [("6 years", 6, "senior"), ("seven years", 7, "senior"), ("1 yr", 1, "junior")])
async def test_level_from_years(years, number, level):
    messages, slots = await run(ActionAnswerBand(), "ask_salary_band", [("years", years), ("region", "london")])
    assert span(level, "london") in texts(messages)
    assert slots["level"] is None and slots["years"] == number and slots["years_to"] is None


@pytest.mark.parametrize(
    "years, levels",
    [
        ("2 years", ["junior", "mid"]),
        ("5 years", ["mid", "senior"]),
        ("8 years", ["senior", "staff"]),
    ],
)
async def test_boundary_years_show_both_bands(years, levels):
    messages, _ = await run(ActionAnswerBand(), "ask_salary_band", [("years", years), ("region", "london")])
    reply = texts(messages)
    assert "boundary" in reply
    assert all(span(level, "london") in reply for level in levels)


async def test_missing_level_is_asked_with_buttons_and_the_answer_continues():
    messages, slots = await run(ActionAnswerBand(), "ask_salary_band", [("region", "london")])
    assert messages[0]["response"] == "utter_ask_level"
    assert [b["payload"] for b in messages[0]["buttons"]][0] == '/give_details{"level": "junior"}'
    assert len(messages[0]["buttons"]) == 4 and slots["pending"] == "level"
    messages, slots = await run(ActionFollowUp(), "give_details", [("years", "3 yrs")], slots)
    assert f"London: {span('mid', 'london')}" in texts(messages)


async def test_missing_place_is_asked():
    messages, slots = await run(ActionAnswerBand(), "ask_salary_band", [("level", "junior")])
    assert messages[0]["response"] == "utter_ask_region" and len(messages[0]["buttons"]) == 2
    messages, _ = await run(ActionFollowUp(), "give_details", [("region", "rest_of_uk")], slots)
    assert f"Rest of UK: {span('junior', 'rest_of_uk')}" in texts(messages)


async def test_follow_ups_reuse_context():
    _, slots = await run(ActionAnswerBand(), "ask_salary_band", [("level", "mid"), ("region", "rest_of_uk")])
    messages, slots2 = await run(ActionFollowUp(), "give_details", [("region", "london")], slots)
    assert f"London: {span('mid', 'london')}" in texts(messages)
    messages, _ = await run(ActionFollowUp(), "give_details", [("level", "senior")], apply(slots, slots2))
    assert f"London: {span('senior', 'london')}" in texts(messages)


async def test_remote_means_rest_of_uk_with_london_reference():
    messages, _ = await run(ActionAnswerBand(), "ask_salary_band", [("level", "senior"), ("region", "remote_uk")])
    reply = texts(messages)
    assert f"Rest of UK: {span('senior', 'rest_of_uk')}" in reply and span("senior", "london") in reply and "London" in reply


async def test_whole_uk_shows_both_regions():
    messages, _ = await run(ActionAnswerBand(), "ask_salary_band", [("level", "junior"), ("region", "uk")])
    assert span("junior", "london") in texts(messages) and span("junior", "rest_of_uk") in texts(messages)


async def test_compare_regions_for_a_level():
    messages, _ = await run(ActionCompareRegions(), "compare_regions", [("level", "senior")])
    reply = texts(messages)
    assert span("senior", "london") in reply and span("senior", "rest_of_uk") in reply and "Junior" not in reply


async def test_compare_levels_table_for_a_region():
    messages, _ = await run(ActionCompareLevels(), "compare_levels", [("region", "london")])
    reply = texts(messages)
    for level in LEVELS:
        assert span(level, "london") in reply
    assert "Rest of UK" not in reply


THIRD_QUARTER = figures.round_up(figures.point("mid", "london", 0.625))  # halfway between the midpoint and the upper quarter
LOWER_QUARTER = figures.round_up(figures.point("mid", "london", 0.125))
BELOW = figures.low("mid", "london") - 8000
ABOVE = figures.round_up(figures.high("mid", "london")) + 10000  # typed in whole thousands ('110 grand')
PAST_OPEN_TOP = figures.high("staff", "london") + 30000


@pytest.mark.parametrize(
    "amount, value, level, region, expected",
    [
        (figures.k(THIRD_QUARTER), THIRD_QUARTER, "mid", "london", "third quarter"),
        (f"{LOWER_QUARTER:,}", LOWER_QUARTER, "mid", "london", "lower quarter"),
        (pounds(BELOW), BELOW, "mid", "london", "£8,000 below the bottom"),
        (f"{ABOVE // 1000} grand", ABOVE, "mid", "london", f"{pounds(ABOVE - figures.high('mid', 'london'))} above the top"),
        (pounds(PAST_OPEN_TOP), PAST_OPEN_TOP, "staff", "london", "open-ended"),
    ],
)
async def test_offer_position(amount, value, level, region, expected):
    messages, slots = await run(ActionCheckOffer(), "check_offer", [("amount", amount), ("level", level), ("region", region)])
    reply = texts(messages)
    assert expected in reply
    assert "not a promise" in reply and "What to lean on" in reply
    assert slots["offer_amount"] == value and slots["topic"] == "offer"


async def test_offer_below_band_suggests_the_floor():
    below = figures.k(figures.low("mid", "london") - 8000)
    messages, _ = await run(ActionCheckOffer(), "check_offer", [("amount", below), ("level", "mid"), ("region", "london")])
    counter = figures.round_up(figures.mid("mid", "london"))
    assert f"Counter with {pounds(counter)}." in texts(messages)
    assert f"{pounds(figures.low('mid', 'london'))}, is the floor to hold to" in texts(messages)


async def test_offer_asks_for_missing_pieces_in_turn():
    messages, slots = await run(ActionCheckOffer(), "check_offer", [])
    assert messages[0]["response"] == "utter_ask_offer_amount"
    messages, changes = await run(ActionFollowUp(), "give_details", [], slots, text="95")
    slots = apply(slots, changes)
    assert messages[0]["text"] == "Got it: £95,000 (your figure)."  # the figure as read, before the question
    assert messages[1]["response"] == "utter_ask_level" and slots["offer_amount"] == 95_000
    messages, changes = await run(ActionFollowUp(), "give_details", [("level", "senior")], slots)
    slots = apply(slots, changes)
    assert messages[0]["response"] == "utter_ask_region"
    messages, _ = await run(ActionFollowUp(), "give_details", [("region", "rest_of_uk")], slots)
    assert "£95,000" in texts(messages) and span("senior", "rest_of_uk") in texts(messages)
    assert "London-equivalent" in texts(messages)


async def test_unreadable_offer_amount_is_asked_again():
    messages, slots = await run(ActionCheckOffer(), "check_offer", [("amount", "£5")])
    assert messages[0]["response"] == "utter_bad_amount" and slots["pending"] == "offer_amount"


async def test_devops_premium_range():
    messages, _ = await run(
        ActionComputeDevopsPremium(),
        "ask_devops_premium",
        [("amount", "£70,000"), ("other_role", "DevOps engineer")],
        text="I'm on £70,000 as a DevOps engineer",
    )
    reply = texts(messages)
    assert premium(70_000) in reply and PREMIUM_PCT in reply


@pytest.mark.parametrize("key", ["deepmind_google", "pharma_biotech", "ai_scaleups"])
async def test_employer_total_comp(key):
    messages, _ = await run(ActionAnswerEmployer(), "ask_employer_pay", [("employer", key)])
    assert employer_span(key) in texts(messages) and "total compensation" in texts(messages)


async def test_employer_ranking_table():
    messages, _ = await run(ActionRankEmployers(), "rank_employers")
    lines = texts(messages).splitlines()
    assert "Total compensation" in lines[0]
    assert lines[3].startswith("1") and "Google DeepMind" in lines[3]
    assert "Pharma" in lines[-1]


@pytest.mark.parametrize(
    "intent, expected",
    [
        ("ask_average_salary", span_of(figures.BM.average_mid_level)),
        ("ask_mlops_vs_devops", PREMIUM_PCT),
        ("ask_top_skills", "GPU cluster management"),
        ("ask_market_growth", "growing"),
        ("ask_pay_drivers", "Cloud ML platform depth"),
        ("ask_data_source", "advertised UK roles, base salary"),
    ],
)
async def test_faq(intent, expected):
    messages, _ = await run(ActionAnswerFaq(), intent)
    assert expected in texts(messages)


async def test_all_five_tips_or_the_one_that_fits():
    messages, _ = await run(ActionGiveTips(), "ask_negotiation_tips")
    assert texts(messages).count("\n- ") == 5
    messages, _ = await run(ActionGiveTips(), "ask_negotiation_tips", [("tip_topic", "gpu_experience")])
    assert "GPU" in texts(messages) and texts(messages).count("- ") == 1
    messages, _ = await run(ActionGiveTips(), "ask_negotiation_tips", [("region", "remote_uk")])
    assert "London-equivalent" in texts(messages)


@pytest.mark.parametrize(
    "entity, value, response", [("foreign_place", "New York", "utter_foreign_place"), ("other_role", "data scientist", "utter_other_role")]
)
async def test_out_of_scope_gets_no_figures(entity, value, response):
    messages, _ = await run(ActionAnswerBand(), "ask_salary_band", [(entity, value), ("level", "senior")])
    assert messages[0]["response"] == response and "£" not in texts(messages)


async def test_follow_up_with_amount_switches_to_offer_check():
    _, slots = await run(ActionAnswerBand(), "ask_salary_band", [("level", "senior"), ("region", "london")])
    messages, changes = await run(ActionFollowUp(), "give_details", [("amount", "120k")], slots)
    assert "£120,000" in texts(messages) and changes["topic"] == "offer"


async def test_follow_up_with_nothing_to_go_on():
    messages, _ = await run(ActionFollowUp(), "give_details", [])
    assert messages[0]["response"] == "utter_default"


@pytest.mark.parametrize(
    "previous, entities, expected",
    [
        ("employer", [("level", "senior"), ("region", "london")], "band"),
        ("devops_premium", [("region", "london")], "band"),
        ("offer", [("region", "london")], "offer"),
        ("compare_regions", [("level", "junior")], "compare_regions"),
        ("compare_levels", [("region", "london")], "compare_levels"),
        ("compare_levels", [("level", "junior")], "band"),
        ("band", [("amount", "120k")], "offer"),
        ("devops_premium", [("amount", "80k")], "devops_premium"),
        ("band", [("employer", "investment_banks")], "employer"),
        ("band", [], None),
    ],
)
def test_follow_up_topic_uses_the_detail(previous, entities, expected):
    from actions.actions import BENCHMARK
    from actions.details import read_details
    from actions.router import follow_up_topic
    from tests.helpers import tracker

    assert follow_up_topic(previous, read_details(tracker("give_details", entities), BENCHMARK)) == expected


@pytest.mark.parametrize(
    "text, amounts, checked",
    [
        ("i'm on 60k now and they've offered 75k, mid level manchester", ["60k", "75k"], "£75,000"),
        ("total comp 120k, base 90k, senior in london", ["120k", "90k"], "£90,000"),
        ("they offered 85k to 90k", ["85k", "90k"], "£85,000"),
        ("offered between 80 and 90k, mid, london", ["90k"], "£80,000"),
        ("offered 85k-90k, mid london", ["85k-90k"], "£85,000"),
        ("offered £85k–£90k, mid", ["£85k–£90k"], "£85,000"),
        ("base 95k, total 130k", ["95k", "130k"], "£95,000"),
    ],
)
async def test_the_offer_is_picked_out_of_several_amounts(text, amounts, checked):
    entities = [("amount", a) for a in amounts] + [("level", "mid"), ("region", "london")]
    messages, slots = await run(ActionCheckOffer(), "check_offer", entities, text=text)
    assert f"Checked {checked} base salary" in texts(messages)


async def test_an_offer_range_is_checked_at_its_bottom_and_says_so():
    messages, _ = await run(
        ActionCheckOffer(), "check_offer", [("amount", "90k"), ("level", "mid"), ("region", "london")], text="offered 85-90k mid london"
    )
    assert "You gave a range (£85,000 – £90,000)" in texts(messages) and "Checked £85,000" in texts(messages)


async def test_premium_is_never_claimed_for_someone_who_did_not_say_devops():
    text = "I'm a junior on 50k in london, what would I get at deepmind"
    messages, _ = await run(
        ActionComputeDevopsPremium(), "ask_devops_premium", [("amount", "50k"), ("employer", "deepmind_google")], text=text
    )
    assert "DevOps" not in texts(messages) and employer_span("deepmind_google") in texts(messages)


async def test_two_unlisted_employers_are_each_named_without_a_figure():
    entities = [("unlisted_employer", "ocado"), ("unlisted_employer", "deliveroo")]
    messages, _ = await run(ActionAnswerEmployer(), "ask_employer_pay", entities, text="ocado or deliveroo, what do they pay?")
    assert messages[0]["response"] == "utter_unlisted_employers" and messages[0]["employer"] == "ocado or deliveroo"
    assert "£" in texts(messages[1:])  # then the groups it does cover, with their figures


async def test_unlisted_employer_gets_no_made_up_figure():
    messages, _ = await run(ActionAnswerEmployer(), "ask_employer_pay", [("unlisted_employer", "openai")], text="does openai pay well")
    assert messages[0]["response"] == "utter_unlisted_employer" and messages[0]["employer"] == "openai"
    assert "Google DeepMind" in texts(messages)  # the groups it does cover, as a table


async def test_a_bare_number_answers_the_level_question_as_years():
    _, slots = await run(ActionAnswerBand(), "ask_salary_band", [("region", "london")])
    messages, _ = await run(ActionFollowUp(), "nlu_fallback", [], slots, text="3")
    assert span("mid", "london") in texts(messages)
    assert "I read '3' as 3 years of experience" in texts(messages)  # it could have been the third choice in a list


async def test_mlops_vs_devops_answer_leads_into_the_premium():
    _, slots = await run(ActionAnswerFaq(), "ask_mlops_vs_devops")
    messages, _ = await run(ActionFollowUp(), "give_details", [("amount", "80k")], slots, text="i'm on 80k")
    assert premium(80_000) in texts(messages)


async def test_total_comp_offer_asks_for_the_base():
    text = "offered 120k total comp, senior london"
    messages, slots = await run(
        ActionCheckOffer(), "check_offer", [("amount", "120k"), ("level", "senior"), ("region", "london")], text=text
    )
    assert messages[0]["response"] == "utter_total_comp_offer" and slots["pending"] == "offer_amount" and slots["offer_amount"] is None


async def test_band_question_naming_an_employer_gets_both():
    text = "i'm a mid on 80k in leeds, what would i get at wayve"
    messages, _ = await run(
        ActionAnswerBand(),
        "ask_salary_band",
        [("level", "mid"), ("amount", "80k"), ("region", "rest_of_uk"), ("employer", "autonomous_ai")],
        text=text,
    )
    assert span("mid", "rest_of_uk") in texts(messages) and employer_span("autonomous_ai") in texts(messages)


async def test_employer_follow_up_misread_as_tips_still_gets_the_employer():
    messages, _ = await run(ActionGiveTips(), "ask_negotiation_tips", [("employer", "deepmind_google")], text="and deepmind?")
    assert employer_span("deepmind_google") in texts(messages)


async def test_remote_london_pay_question_is_a_tip_not_a_table():
    messages, _ = await run(
        ActionCompareRegions(),
        "compare_regions",
        [("region", "remote_uk"), ("tip_topic", "remote_london_rates")],
        text="i work remote, should i get london pay?",
    )
    assert "London-equivalent" in texts(messages) and "Experience" not in texts(messages)


async def test_a_typo_is_answered_and_the_reading_is_shown():
    entities = [
        {"entity": "level", "value": "senior", "start": 0, "end": 6, "fuzzy": True, "canonical": "senior"},
        {"entity": "region", "value": "rest_of_uk", "start": 10, "end": 19, "fuzzy": True, "canonical": "Manchester"},
    ]
    tracker = helpers.tracker("ask_salary_band", text="seinor in manchster")
    tracker.latest_message["entities"] = entities
    dispatcher = helpers.CollectingDispatcher()
    await ActionAnswerBand().run(dispatcher, tracker, {})
    reply = texts(dispatcher.messages)
    assert reply.startswith("I read 'seinor' as Senior MLOps Engineer; 'manchster' as Manchester (Rest of UK).")
    assert span("senior", "rest_of_uk") in reply


@pytest.mark.parametrize(
    "phrase, value, levels, reading, years, years_to",
    [
        ("a handful of years", "3-5", ["mid"], "about 3–5 years", 3, 5),
        ("several years", "3-7", ["mid", "senior"], "about 3–7 years", 3, 7),
        ("the best part of a decade", "8-10", ["staff"], "about 8–10 years", 8, 10),
        ("straight out of uni", "0", ["junior"], "about 0 years", 0, None),
        ("coming up on five years", "coming up on five years", ["mid"], "about 4–5 years", 4, 5),
    ],
)
async def test_informal_experience_is_read_into_years_and_said(phrase, value, levels, reading, years, years_to):
    text = f"{phrase} in leeds"
    tracker = helpers.tracker("ask_salary_band", text=text)
    tracker.latest_message["entities"] = [
        {"entity": "years", "value": value, "start": 0, "end": len(phrase)},
        {"entity": "region", "value": "rest_of_uk", "start": len(phrase) + 4, "end": len(text)},
    ]
    dispatcher = helpers.CollectingDispatcher()
    events = await ActionAnswerBand().run(dispatcher, tracker, {})
    reply = texts(dispatcher.messages)
    assert f"'{phrase}' as {reading}" in reply
    for level in levels:
        assert span(level, "rest_of_uk") in reply
    assert not any(span(level, "rest_of_uk") in reply for level in LEVELS if level not in levels)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert (slots["years"], slots["years_to"]) == (years, years_to)


@pytest.mark.parametrize(
    "text, amount", [("they said 95", "£95,000"), ("got 190 on the table", "£190,000"), ("offer's 58, is that ok", "£58,000")]
)
async def test_a_bare_number_after_a_band_answer_is_an_offer_in_thousands(text, amount):
    slots = {"level": "mid", "region": "london", "topic": "band"}
    messages, _ = await run(ActionFollowUp(), "give_details", [], slots, text=text)
    assert f"Checked {amount} base salary" in texts(messages)


async def test_a_bare_range_after_an_offer_question_is_checked_at_its_bottom():
    slots = {"level": "senior", "region": "rest_of_uk", "topic": "offer"}
    messages, _ = await run(ActionFollowUp(), "give_details", [], slots, text="recruiter said 100 to 105")
    assert "£100,000" in texts(messages) and "bottom" in texts(messages)


async def test_a_head_count_after_a_band_answer_is_not_an_offer():
    slots = {"level": "mid", "region": "london", "topic": "band"}
    messages, _ = await run(ActionFollowUp(), "give_details", [], slots, text="my team has 12 people")
    assert "Checked" not in texts(messages)


async def test_the_offer_cue_picks_the_offer_among_bare_numbers():
    text = "offer came in at 80, currently on 72"
    slots = {"level": "mid", "region": "rest_of_uk", "topic": "band"}
    messages, slots = await run(ActionFollowUp(), "give_details", [("amount", "80"), ("amount", "72")], slots, text=text)
    assert "Checked £80,000 base salary" in texts(messages) and slots["offer_amount"] == 80_000


@pytest.mark.parametrize("text, entities", [("what's the weather in London", [("region", "london")]), ("tell me a joke", [])])
async def test_off_topic_without_salary_details_gets_the_scope_note(text, entities):
    messages, _ = await run(ActionAnswerOffTopic(), "ask_off_topic", entities, text=text)
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]


async def test_off_topic_that_names_a_level_and_place_is_answered():
    messages, _ = await run(
        ActionAnswerOffTopic(), "ask_off_topic", [("level", "senior"), ("region", "london")], text="senior in islington"
    )
    assert span("senior", "london") in texts(messages)


@pytest.mark.parametrize("action", [ActionAnswerBand(), ActionCompareRegions(), ActionAnswerFaq()])
async def test_a_short_answer_to_the_pending_question_continues_the_offer_check(action):
    slots = {"level": "senior", "offer_amount": 95_000, "topic": "offer", "pending": "region"}
    messages, _ = await run(action, "ask_salary_band", [("region", "london")], slots, text="london")
    assert "Checked £95,000 base salary" in texts(messages) and span("senior", "london") in texts(messages)


async def test_a_table_request_naming_one_level_gets_that_band():
    messages, _ = await run(ActionCompareLevels(), "compare_levels", [("level", "senior"), ("region", "london")], text="senior in london")
    assert span("senior", "london") in texts(messages)
    assert not any(span(level, "london") in texts(messages) for level in LEVELS if level != "senior")  # no table


async def test_an_amount_in_a_band_question_is_checked():
    inside = pounds(figures.round_up(figures.mid("junior", "rest_of_uk")))
    messages, _ = await run(
        ActionAnswerBand(),
        "ask_salary_band",
        [("amount", inside), ("level", "junior"), ("region", "rest_of_uk")],
        text=f"Is {inside} fair for a junior MLOps engineer in Leeds?",
    )
    assert f"Checked {inside} base salary" in texts(messages) and "within the band" in texts(messages)


async def test_an_amount_read_as_a_table_request_is_checked_as_an_offer():
    inside = figures.round_up(figures.point("staff", "london", 0.75))
    slots = {"level": "staff", "region": "london", "topic": "band"}
    said = str(inside // 1000)
    messages, _ = await run(ActionCompareLevels(), "compare_levels", [("amount", said)], slots, text=f"got {said} on the table")
    assert f"Checked {pounds(inside)} base salary" in texts(messages) and "within the band" in texts(messages)


async def test_tips_asked_with_a_level_and_place_come_after_the_band():
    messages, slots = await run(
        ActionGiveTips(),
        "ask_negotiation_tips",
        [("years", "0"), ("region", "rest_of_uk")],
        text="straight out of uni, cardiff, what should i ask for",
    )
    reply = texts(messages)
    junior = span("junior", "rest_of_uk")
    assert junior in reply and "ways to negotiate" in reply and reply.index(junior) < reply.index("ways to negotiate")
    assert slots["topic"] == "tips"


@pytest.mark.parametrize(
    "text, entities", [("total 120, base 92", [("amount", "120"), ("amount", "92")]), ("95 base is what they said", [])]
)
async def test_an_amount_read_as_an_faq_is_checked_as_an_offer(text, entities):
    slots = {"level": "mid", "region": "london", "topic": "band"}
    messages, _ = await run(ActionAnswerFaq(), "ask_data_source", entities, slots, text=text)
    assert "Checked £" in texts(messages) and span("mid", "london") in texts(messages)


def test_the_action_server_registers_every_domain_action_and_no_unnamed_one():
    from pathlib import Path

    import yaml
    from rasa_sdk.executor import ActionExecutor

    from actions.actions import CapabilityAction

    ROOT = Path(__file__).resolve().parent.parent
    executor = ActionExecutor()
    executor.register_package("actions")
    assert "" not in executor.actions
    domain_actions = {a for a in yaml.safe_load((ROOT / "domain.yml").read_text())["actions"] if not a.startswith("utter_")}
    assert domain_actions == set(executor.actions)
    with pytest.raises(TypeError):
        CapabilityAction()


def test_every_intent_ruled_to_the_faq_action_has_a_topic():
    from pathlib import Path

    import yaml

    from actions.actions import FAQ_TOPICS

    rules = [
        rule
        for path in sorted((Path(__file__).resolve().parent.parent / "data" / "rules").glob("*.yml"))
        for rule in yaml.safe_load(path.read_text()).get("rules", [])
    ]
    faq_intents = {
        step["intent"]
        for rule in rules
        for i, step in enumerate(rule["steps"])
        if "intent" in step and any(s.get("action") == "action_answer_faq" for s in rule["steps"][i + 1 : i + 2])
    }
    assert faq_intents and faq_intents <= set(FAQ_TOPICS), faq_intents - set(FAQ_TOPICS)


async def test_an_intent_without_a_faq_topic_gets_the_default_answer_not_another_topics(caplog):
    from actions.actions import ActionAnswerFaq

    messages, _ = await run(ActionAnswerFaq(), "ask_something_new", text="a brand new question")
    assert [m.get("response") for m in messages] == ["utter_default"]
    assert "no FAQ topic for intent 'ask_something_new'" in caplog.text


async def test_actions_log_the_capability_and_what_is_missing_but_not_the_figures(caplog):
    import logging

    caplog.set_level(logging.INFO, logger="actions.actions")
    await run(ActionCheckOffer(), "check_offer", [("amount", "93k")], text="is 93k fair for me")
    await run(
        ActionCheckOffer(),
        "check_offer",
        [("amount", "93k"), ("level", "senior"), ("region", "london")],
        text="is 93k fair for a senior in london",
    )
    lines = [r.getMessage() for r in caplog.records if r.name == "actions.actions"]
    assert lines[0].endswith("action_check_offer, asked for level") and lines[1].endswith("action_check_offer, answered")
    assert all("93" not in line and "fair" not in line for line in lines)


async def test_london_rates_with_years_gives_the_london_band_and_the_tip():
    from actions.actions import ActionGiveTips

    messages, _ = await run(
        ActionGiveTips(),
        "ask_negotiation_tips",
        [("years", "twelve years"), ("tip_topic", "remote_london_rates")],
        text="twelve years in the game, london rates?",
    )
    reply = texts(messages)
    assert span("staff", "london") in reply and "London" in reply and "London-equivalent" in reply


async def test_asking_for_the_devops_premium_states_it_before_asking_the_salary():
    from actions.actions import ActionComputeDevopsPremium

    messages, slots = await run(ActionComputeDevopsPremium(), "ask_devops_premium", text="whats the devops premium?")
    assert PREMIUM_PCT in texts(messages) and slots.get("pending") == "devops_salary"


async def test_a_plain_figure_of_years_wins_over_an_informal_phrase():
    """'donkey's years, like 12 yrs': twelve years (Staff), not 10-20 years, and no reading of the phrase."""
    text = "been at it donkey's years, like 12 yrs, London"
    tracker = helpers.tracker("ask_salary_band", text=text)
    tracker.latest_message["entities"] = [
        {"entity": "years", "value": "10-20", "start": text.index("donkey"), "end": text.index(", like")},
        {"entity": "years", "value": "12 yrs", "start": text.index("12"), "end": text.index(", London")},
        {"entity": "region", "value": "london", "start": text.index("London"), "end": len(text)},
    ]
    dispatcher = helpers.CollectingDispatcher()
    await ActionAnswerBand().run(dispatcher, tracker, {})
    reply = texts(dispatcher.messages)
    assert span("staff", "london") in reply and "donkey" not in reply, reply


@pytest.mark.parametrize("action", [ActionCheckOffer(), ActionAnswerBand(), ActionFollowUp()])
async def test_a_reply_that_gives_the_level_asked_for_and_the_offer_continues_the_call_script(action):
    """QA round qa21: 'how do I handle the call?' -> 'Which level?' -> 'mid in leeds, offer is 60k' got the offer check."""
    offer = figures.low("mid", "rest_of_uk") + 4000
    text = f"mid in leeds, offer is {figures.k(offer)}"
    slots = {"topic": "call_script", "pending": "level"}
    messages, changes = await run(
        action, "check_offer", [("level", "mid"), ("region", "rest_of_uk"), ("amount", figures.k(offer))], slots, text
    )
    reply = texts(messages)
    assert reply.startswith("Lines for the call") and changes["topic"] == "call_script", reply[:200]
    assert f"could you get to {pounds(figures.round_up(figures.mid('mid', 'rest_of_uk')))}?" in reply.lower()


async def test_a_typo_read_as_a_place_is_named_once_and_a_tip_by_its_title():
    bm = figures.BM
    tip = next(iter(bm.tips.values()))
    tracker = helpers.tracker("ask_salary_band", [], {}, "senior in londn, tips?")
    tracker.latest_message["entities"] = [
        {"entity": "level", "value": "senior", "start": 0, "end": 6},
        {"entity": "region", "value": "london", "start": 10, "end": 15, "fuzzy": True, "canonical": "London"},
        {"entity": "tip_topic", "value": tip.key, "start": 17, "end": 21, "fuzzy": True},
    ]
    from actions.details import read_details

    readings = read_details(tracker, bm).readings
    assert readings == ["'londn' as London", f"'tips' as the tip '{tip.title}'"]


async def test_a_place_picked_by_button_is_named_as_the_benchmark_names_it():
    """A button sends '/give_details{"region": "rest_of_uk"}'; Rasa's entity span is the JSON, not words
    the user said, so the reply must never read the payload back ('For your offer in {"region": ...')."""
    payload = '/give_details{"region": "rest_of_uk"}'
    _, slots = await helpers.turn(
        ActionAnswerBand(), "give_details", payload, said_as=[("region", "rest_of_uk", '{"region": "rest_of_uk"}')], slots={"level": "mid"}
    )
    assert slots["region"] == "rest_of_uk" and not slots.get("place_name")
    messages, _ = await run(ActionCheckOffer(), "ask_offer_check", [("amount", "£76,000")], slots=slots, text="is 76k fair?")
    assert "{" not in texts(messages) and "Rest of UK" in texts(messages)
