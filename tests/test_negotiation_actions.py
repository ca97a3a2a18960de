"""The negotiation actions through rasa-sdk: real Trackers and CollectingDispatcher, the real
benchmark. Figures are checked exactly, and every answer carries its parts for the channels."""

import pytest

from actions import actions
from actions.registry import REGISTRY
from actions.router import follow_up_topic
from actions.say import REPLY_KEY
from knowledge.offer_text import read_offers
from knowledge.reply import Reply
from tests import figures
from tests.helpers import apply, run, texts, turn

QUARTER_UP = figures.point("mid", "london", 0.25)  # an offer a quarter of the way up the mid London band


def _parts(messages, kind):
    return [p for m in messages if m.get(REPLY_KEY) for p in Reply.from_json(m[REPLY_KEY]).parts if p.type == kind]


async def test_total_comp_adds_base_bonus_and_rsus():
    text = "88k base with a 10% bonus and £15k RSUs a year, what's my total?"
    messages, slots = await run(actions.ActionComputeTotalComp(), "compute_total_comp", [("amount", "88k"), ("amount", "£15k")], {}, text)
    said = texts(messages)
    assert "£111,800" in said and "£8,800" in said and "£15,000" in said
    assert _parts(messages, "table"), "the breakdown is a table part"
    assert slots["topic"] == "total_comp" and slots["offers"][0]["base"] == 88000


async def test_total_comp_with_odd_figures_asks_instead_of_totalling():
    messages, _ = await run(
        actions.ActionComputeTotalComp(), "compute_total_comp", [("amount", "90k")], {}, "90k base and a 150% bonus, total?"
    )
    said = texts(messages)
    assert "150%" in said and "Total" not in said and "£225,000" not in said


async def test_total_comp_without_a_package_asks_for_one():
    messages, slots = await run(actions.ActionComputeTotalComp(), "compute_total_comp", [], {}, "what's my total comp?")
    assert messages[0]["response"] == "utter_ask_comp_terms" and slots["pending"] == "comp_terms"


async def test_band_position_a_quarter_up_mid_london_is_25_percent():
    said_amount = figures.k(QUARTER_UP)
    entities = [("amount", said_amount), ("level", "mid"), ("region", "london")]
    messages, slots = await run(
        actions.ActionLocateInBand(), "locate_in_band", entities, {}, f"where in the band does {said_amount} put me, mid in london"
    )
    said = texts(messages)
    assert "25% of the way up" in said and figures.span("mid", "london") in said
    chart = _parts(messages, "chart")[0].data["chart"]
    assert chart["marker"]["value"] == round(QUARTER_UP)
    assert slots["topic"] == "band_position"


async def test_band_position_asks_for_what_is_missing_then_continues():
    said_amount = figures.k(QUARTER_UP)
    messages, slots = await run(
        actions.ActionLocateInBand(), "locate_in_band", [("amount", said_amount)], {}, f"where in the band is {said_amount}?"
    )
    assert messages[0]["text"] == f"Got it: {figures.pounds(QUARTER_UP)} (your figure)."
    assert messages[1]["response"] == "utter_ask_level" and slots["pending"] == "level"
    messages, slots = await run(actions.ActionFollowUp(), "give_details", [("level", "mid")], apply({}, slots), "mid")
    assert messages[0]["response"] == "utter_ask_region"
    messages, slots = await run(actions.ActionFollowUp(), "give_details", [("region", "london")], apply({}, slots), "london")
    assert "25% of the way up" in texts(messages)


async def test_counter_email_is_one_draft_with_the_counter_and_placeholders_only_for_the_unknown():
    offer = figures.low("mid", "rest_of_uk") + 6_000  # in the band's lower half: the counter is the midpoint, rounded up
    entities = [("amount", figures.k(offer)), ("level", "mid"), ("region", "rest_of_uk"), ("unlisted_employer", "Acme AI")]
    text = f"draft an email pushing back on {figures.k(offer)} from Acme AI, mid level in leeds"
    messages, _ = await run(actions.ActionDraftCounterEmail(), "draft_counter_email", entities, {}, text)
    drafts = _parts(messages, "draft")
    assert len(drafts) == 1
    body = drafts[0].data["text"]
    assert figures.pounds(figures.counter("mid", "rest_of_uk", offer)) in body
    assert "Acme AI" in body and "[Company]" not in body and "[Your name]" in body
    assert "----- Counter-offer email" in texts(messages)  # plain text marks where to copy


async def test_counter_email_after_an_offer_check_uses_what_was_said():
    offer = figures.low("senior", "london") - 5_000  # below the band
    slots = {"level": "senior", "region": "london", "offer_amount": float(offer), "topic": "offer"}
    messages, _ = await run(actions.ActionDraftCounterEmail(), "draft_counter_email", [], slots, "ok write me the counter email")
    body = _parts(messages, "draft")[0].data["text"]
    counter = figures.counter("senior", "london", offer)  # the London senior midpoint, rounded up
    assert figures.pounds(counter) in body and figures.pounds(offer) in body  # the counter, the user's offer


async def test_call_script_anchors_on_the_band_and_names_the_floor():
    slots = {"level": "mid", "region": "london"}
    messages, _ = await run(actions.ActionGiveCallScript(), "ask_call_script", [], slots, "how do I handle the phone call?")
    said = texts(messages)
    ask = figures.pounds(figures.round_up(figures.mid("mid", "london")))  # before an offer: the midpoint, rounded up
    top = figures.pounds(figures.high("mid", "london"))
    assert f"{ask} and {top}" in said and figures.pounds(figures.low("mid", "london")) in said


async def test_two_offers_side_by_side():
    text = "two offers: 105k at a fintech vs 98k plus equity at a scaleup, senior in london"
    entities = [("amount", "105k"), ("amount", "98k"), ("level", "senior"), ("region", "london")]
    messages, _ = await run(actions.ActionCompareOffers(), "compare_offers", entities, {}, text)
    said = texts(messages)
    assert "£7,000 more a year in base" in said
    assert _parts(messages, "table")[0].data["headers"][1:] == ["fintech", "scaleup"]


async def test_one_offer_then_the_other():
    messages, slots = await run(actions.ActionCompareOffers(), "compare_offers", [("amount", "90k")], {}, "offer A is 90k base + 10% bonus")
    assert messages[0]["response"] == "utter_ask_second_offer"
    slots = apply(slots, {"level": "mid", "region": "london"})
    messages, _ = await run(actions.ActionFollowUp(), "give_details", [("amount", "85k")], slots, "offer B 85k base + £20k RSUs a year")
    said = texts(messages)
    assert "£99,000" in said and "£105,000" in said  # 90k + 10%; 85k + 20k


async def test_chart_marks_the_remembered_offer_and_employer_chart_on_request():
    remembered = {"offer_amount": 76000.0, "level": "mid", "region": "london"}
    messages, _ = await run(actions.ActionShowChart(), "show_chart", [], remembered, "show me the bands as a graph")
    chart = _parts(messages, "chart")[0].data["chart"]
    assert chart["marker"]["value"] == 76000 and len(chart["groups"]) == 4  # "the bands": every level, not just the remembered one
    assert [bar["label"] for bar in chart["groups"][0]["bars"]] == ["London", "Rest of UK"]
    messages, _ = await run(actions.ActionShowChart(), "show_chart", [("level", "senior")], {}, "chart the senior bands")
    assert [g["label"] for g in _parts(messages, "chart")[0].data["chart"]["groups"]] == ["Senior (5–8 years)"]
    assert "█" in texts(messages)  # the plain text carries a text chart
    messages, _ = await run(actions.ActionShowChart(), "show_chart", [], {}, "chart of what the employers pay")
    assert "total compensation" in _parts(messages, "chart")[0].data["chart"]["caption"].lower()


async def test_chart_marks_a_figure_given_in_the_same_message():
    text = "can I see the bands as a graph with my 72k marked on it?"
    messages, _ = await run(actions.ActionShowChart(), "show_chart", [("amount", "72k")], {}, text)
    assert _parts(messages, "chart")[0].data["chart"]["marker"]["value"] == 72000 and "£72,000" in texts(messages)


@pytest.mark.parametrize(
    "previous, entities, text, expected",
    [
        ("counter_email", [("amount", "95k")], "95k", "counter_email"),
        ("band_position", [("level", "senior")], "senior", "band_position"),
        ("total_comp", [("amount", "10k")], "plus a 10k sign-on", "total_comp"),
        ("chart", [("level", "senior")], "senior", "band"),
        ("band", [("amount", "95k")], "95k", "offer"),
        (None, [], "88k base, 10% bonus", "total_comp"),
    ],
)
def test_follow_ups_read_the_registry(previous, entities, text, expected):
    from actions.details import read_details
    from tests.helpers import tracker

    details = read_details(tracker("give_details", entities, {"topic": previous}, text), actions.BENCHMARK)
    assert follow_up_topic(previous, details) == expected


def test_every_capability_has_an_action_and_every_registry_topic_is_a_capability():
    names = {cls.action_name for cls in actions.CapabilityAction.__subclasses__()}
    assert len(names) == len(actions.CapabilityAction.__subclasses__())
    assert {"band_position", "counter_email", "call_script", "total_comp", "compare_offers", "chart"} <= set(REGISTRY)


async def test_counter_email_uses_the_names_given_and_the_reason_asked_for():
    offer = figures.low("senior", "rest_of_uk") + 10_000  # in the band's lower half
    said_offer = figures.k(offer)
    text = (
        f"draft an email to Sarah at Wise countering their {said_offer} senior offer. I'm Tom, based in Leeds. mention my GPU cluster work"
    )
    entities = [("amount", said_offer), ("level", "senior"), ("region", "rest_of_uk")]
    messages, _ = await run(actions.ActionDraftCounterEmail(), "draft_counter_email", entities, {}, text)
    body = _parts(messages, "draft")[0].data["text"]
    assert "Dear Sarah," in body and body.rstrip().endswith("Tom") and "Wise" in body
    assert "[Your name]" not in body and "[Hiring manager]" not in body and "GPU" in body
    assert figures.pounds(figures.counter("senior", "rest_of_uk", offer)) in body  # the midpoint, rounded up to £1,000


async def test_one_package_classed_as_a_comparison_is_added_up_against_its_employer():
    text = "deepmind offered 130k base, 15% bonus and 60k/yr GSUs, how does that stack up"
    entities = [("employer", "deepmind_google"), ("amount", "130k"), ("amount", "60k")]
    messages, _ = await run(actions.ActionCompareOffers(), "compare_offers", entities, {}, text)
    said = texts(messages)
    assert "£209,500" in said and "£19,500" in said and figures.employer_span("deepmind_google") in said


async def test_the_call_script_for_a_role_outside_the_reference_region_names_the_reference_band():
    messages, _ = await run(
        actions.ActionGiveCallScript(), "ask_call_script", [], {"level": "staff", "region": "remote_uk"}, "phone screen friday"
    )
    said = texts(messages)
    assert figures.span("staff", "rest_of_uk") in said and figures.span("staff", "london") in said and "walk away" in said.lower()


def test_counting_words_are_not_pounds():
    offers = read_offers(
        "comparing 3 senior offers: monzo 115k + 10% bonus, a leeds startup 100k + £25k equity/yr, and a remote one at 105k"
    )
    assert [o.base for o in offers] == [115000, 100000, 105000]


async def test_each_offer_is_set_against_its_own_place():
    text = "comparing 3 senior offers: monzo in london 115k + 10% bonus, a leeds startup 100k + £25k equity/yr, and a remote one at 105k"
    from rasa_sdk.executor import CollectingDispatcher

    from tests.helpers import tracker

    said_as = [
        ("level", "senior", "senior"),
        ("region", "london", "london"),
        ("region", "rest_of_uk", "leeds"),
        ("region", "remote_uk", "remote"),
    ]
    conversation = tracker("compare_offers", [], {}, text)
    conversation.latest_message["entities"] = [
        {"entity": kind, "value": value, "start": text.index(word), "end": text.index(word) + len(word)} for kind, value, word in said_as
    ]
    dispatcher = CollectingDispatcher()
    await actions.ActionCompareOffers().run(dispatcher, conversation, {})
    messages = dispatcher.messages
    table = _parts(messages, "table")[0].data
    rows = {row[0]: row[1:] for row in table["rows"]}
    assert rows["Place"] == ["London", "Rest of UK", "Rest of UK"]
    assert rows["Base vs Senior MLOps Engineer band"] == [
        f"{figures.percent_up('senior', 'london', 115_000)}% up",
        f"{figures.percent_up('senior', 'rest_of_uk', 100_000)}% up",
        f"{figures.percent_up('senior', 'rest_of_uk', 105_000)}% up",
    ]  # 115k in the London band; 100k and 105k in the Rest of UK band
    said = texts(messages)
    assert "£126,500" in said and "£125,000" in said  # 115k + 10%; 100k + 25k
    assert figures.span("senior", "london") in said and figures.span("senior", "rest_of_uk") in said


async def test_a_place_given_with_each_offer_in_its_own_message_is_kept_with_that_offer():
    low, high = figures.point("mid", "rest_of_uk", 0.5), figures.point("mid", "london", 0.25)
    slots = {"level": "mid"}
    _, slots = await turn(
        actions.ActionCompareOffers(),
        "compare_offers",
        f"option A is Sheffield, {figures.k(low)}",
        [("region", "rest_of_uk", "Sheffield")],
        slots,
    )
    _, slots = await turn(
        actions.ActionCompareOffers(), "compare_offers", f"option B is London, {figures.k(high)}", [("region", "london", "London")], slots
    )
    assert [(o["label"], o["region"]) for o in slots["offers"]] == [("Option A", "rest_of_uk"), ("Option B", "london")]
    messages, _ = await turn(actions.ActionCompareOffers(), "compare_offers", "how does each compare with its band?", [], slots)
    rows = {row[0]: row[1:] for row in _parts(messages, "table")[0].data["rows"]}
    assert rows["Place"] == ["Rest of UK", "London"]
    assert rows["Base vs Mid-level MLOps Engineer band"] == ["50% up", "25% up"]
    messages, _ = await turn(actions.ActionCheckOffer(), "check_offer", "is option A fair?", [], slots)
    said = texts(messages)
    assert said.startswith("For your mid-level offer in Rest of UK (Option A: ")  # its own place, not the London one said last
    assert figures.span("mid", "rest_of_uk") in said


async def test_counts_in_other_questions_are_never_kept_as_offers():
    _, slots = await run(actions.ActionRankEmployers(), "rank_employers", [], {}, "who are the top 5 employers?")
    assert "offers" not in slots
    messages, _ = await run(actions.ActionCompareOffers(), "compare_offers", [], apply({}, slots), "compare my offers")
    assert messages[0]["response"] == "utter_ask_offers"


async def test_total_comp_after_an_offer_check_asks_for_the_package():
    slots = {"level": "mid", "region": "london", "offer_amount": 90000.0, "topic": "offer"}
    messages, _ = await run(actions.ActionComputeTotalComp(), "compute_total_comp", [], slots, "what's my total comp?")
    assert messages[0]["response"] == "utter_ask_comp_terms"


async def test_a_total_is_not_drafted_against_a_base_band():
    text = "draft a counter email, they offered 120k total comp, mid in london"
    entities = [("amount", "120k"), ("level", "mid"), ("region", "london")]
    messages, slots = await run(actions.ActionDraftCounterEmail(), "draft_counter_email", entities, {}, text)
    assert messages[0]["response"] == "utter_total_comp_offer" and slots["pending"] == "offer_amount" and not _parts(messages, "draft")


async def test_a_package_given_when_asked_stays_a_package_even_with_an_employer():
    slots = {"topic": "total_comp", "pending": "comp_terms"}
    entities = [("amount", "110k"), ("amount", "20k"), ("employer", "deepmind_google")]
    messages, _ = await run(actions.ActionAnswerEmployer(), "ask_employer_pay", entities, slots, "110k base + 20k RSUs a year at DeepMind")
    said = texts(messages)
    assert "£130,000" in said and "Google DeepMind / Google Cloud" in said


async def test_a_follow_up_can_change_one_offers_base():
    two = "offer A 90k base + 10% bonus vs offer B 85k base + £20k RSUs a year"
    _, slots = await run(actions.ActionCompareOffers(), "compare_offers", [], {"level": "mid", "region": "london"}, two)
    messages, _ = await run(
        actions.ActionFollowUp(),
        "give_details",
        [("amount", "95k")],
        apply({"level": "mid", "region": "london"}, slots),
        "what if offer B's base was 95k?",
    )
    said = texts(messages)
    assert "£115,000" in said and "£99,000" in said  # 95k + 20k; A unchanged


def test_percentages_that_are_not_a_bonus():
    assert read_offers("95k base plus 10% pension")[0].bonus_pct is None
    equity = read_offers("90k base and 0.5% equity")[0]
    assert equity.bonus_pct is None and equity.unknown == ("equity",)


async def test_a_counter_question_without_an_email_is_the_offer_check():
    text = "what should i counter with if they said £68,000 for a junior in croydon"
    entities = [("amount", "£68,000"), ("level", "junior"), ("region", "london")]
    messages, slots = await run(actions.ActionDraftCounterEmail(), "draft_counter_email", entities, {}, text)
    assert not _parts(messages, "draft") and "£68,000" in texts(messages) and slots["topic"] == "offer"


async def test_writing_about_anything_but_pay_is_out_of_scope():
    messages, _ = await run(
        actions.ActionDraftCounterEmail(), "draft_counter_email", [], {}, "can you help me write an essay on the tudors"
    )
    assert messages[0]["response"] == "utter_out_of_scope"


async def test_haggling_advice_is_tips_not_a_comparison():
    messages, _ = await run(actions.ActionCompareOffers(), "compare_offers", [], {}, "how to haggle a better offer out of them")
    assert "ways to negotiate" in texts(messages)


async def test_write_me_an_email_after_an_offer_check_drafts_it():
    slots = {"level": "senior", "region": "london", "offer_amount": 140000.0, "topic": "offer"}
    messages, _ = await run(actions.ActionDraftCounterEmail(), "draft_counter_email", [], slots, "write me an email anyway")
    assert _parts(messages, "draft") and "£140,000" in texts(messages)


async def test_a_lone_base_classed_as_total_comp_is_an_offer_check():
    slots = {"level": "mid", "region": "rest_of_uk", "topic": "band"}
    said = str(figures.thousand(figures.mid("mid", "rest_of_uk")) // 1000)  # '70' for £70,000, about the band's midpoint
    messages, slots = await run(
        actions.ActionComputeTotalComp(), "compute_total_comp", [("amount", said)], slots, f"offer came in at {said}, currently on 60"
    )
    assert "within the band" in texts(messages) and slots["topic"] == "offer"


async def test_a_band_question_classed_as_band_position_gets_the_band():
    messages, _ = await run(
        actions.ActionLocateInBand(), "locate_in_band", [("level", "mid"), ("region", "rest_of_uk")], {}, "mid band in cardiff"
    )
    assert figures.span("mid", "rest_of_uk") in texts(messages)
    assert "utter_ask_offer_amount" not in [m.get("response") for m in messages]


async def test_an_offer_check_with_bonus_figures_is_added_up():
    slots = {"level": "mid", "region": "rest_of_uk"}
    messages, _ = await run(actions.ActionCheckOffer(), "check_offer", [("amount", "80")], slots, "verbal offer of 80 base, 8 bonus")
    said = texts(messages)
    assert "£88,000" in said and "£80,000" in said  # 80k + £8k
    assert figures.span("mid", "rest_of_uk") in said  # the base against its band


async def test_an_advert_with_a_bonus_but_no_figure_stays_an_offer_check():
    text = "Senior MLOps Engineer, London, £95,000 + bonus, hybrid. is the pay any good?"
    entities = [("level", "senior"), ("region", "london"), ("amount", "£95,000")]
    messages, slots = await run(actions.ActionCheckOffer(), "check_offer", entities, {}, text)
    assert "Checked £95,000 base salary" in texts(messages) and slots["topic"] == "offer"


@pytest.mark.parametrize(
    "intent, action",
    [
        ("check_offer", actions.ActionCheckOffer),
        ("give_details", actions.ActionFollowUp),
        ("compute_total_comp", actions.ActionComputeTotalComp),
    ],
)
async def test_the_missing_base_completes_the_package_whatever_the_intent(intent, action):
    _, slots = await run(
        actions.ActionComputeTotalComp(),
        "compute_total_comp",
        [("amount", "20k")],
        {},
        "15% bonus and 20k RSUs a year, whats the total comp",
    )
    assert slots["pending"] == "comp_terms"
    messages, _ = await run(action(), intent, [("amount", "100k")], apply({}, slots), "base is 100k")
    assert "£135,000" in texts(messages)  # 100k + 15% + 20k (offer check and total comp hand over without looping)


async def test_a_figure_with_no_word_of_a_call_is_the_offer_check():
    slots = {"level": "senior", "region": "rest_of_uk", "topic": "band"}
    said = str(figures.thousand(figures.mid("senior", "rest_of_uk")) // 1000)  # about the band's midpoint, in thousands
    messages, _ = await run(actions.ActionGiveCallScript(), "ask_call_script", [("amount", said)], slots, f"they came back with {said}")
    assert "within the band" in texts(messages) and not texts(messages).startswith("Lines for the call")


async def test_an_offer_check_with_no_offer_in_sight_gives_the_band():
    messages, _ = await run(
        actions.ActionCheckOffer(), "check_offer", [("level", "senior"), ("region", "rest_of_uk")], {}, "senior in[31m leeds"
    )
    assert figures.span("senior", "rest_of_uk") in texts(messages)
    messages, _ = await run(
        actions.ActionCheckOffer(), "check_offer", [("level", "senior"), ("region", "rest_of_uk")], {}, "got an offer, senior in leeds"
    )
    assert messages[0]["response"] == "utter_ask_offer_amount"


async def test_judging_an_advert_with_no_salary_gives_the_band():
    """'is the pay any good?' under an advert that names no figure: the band is the answer, not a question."""
    advert = "Senior MLOps Engineer, Leeds, hybrid, salary not stated. is the pay any good?"
    messages, _ = await run(actions.ActionCheckOffer(), "check_offer", [("level", "senior"), ("region", "rest_of_uk")], {}, advert)
    assert figures.span("senior", "rest_of_uk") in texts(messages)
    messages, _ = await run(
        actions.ActionCheckOffer(),
        "check_offer",
        [("level", "senior"), ("region", "rest_of_uk")],
        {},
        "they offered me the senior role in leeds, is it fair?",
    )
    assert messages[0]["response"] == "utter_ask_offer_amount"


async def test_counter_email_names_the_company_from_an_earlier_message():
    """'offer from Northwind' in the offer check, 'write the email' next: the email says Northwind, not [Company]."""
    from rasa_sdk.executor import CollectingDispatcher

    from tests.helpers import tracker

    offer = figures.low("mid", "rest_of_uk") + 4_000  # in the band's lower half
    slots = {"level": "mid", "region": "rest_of_uk", "offer_amount": float(offer), "topic": "offer"}
    current = tracker("draft_counter_email", slots=slots, text="write the email")
    current.events = [
        {"event": "user", "text": f"is {figures.k(offer)} ok for a mid in Leeds? offer from Northwind", "parse_data": {"entities": []}},
        {"event": "bot", "text": f"Checked {figures.pounds(offer)} base salary"},
        {"event": "user", "text": "write the email", "parse_data": {"entities": []}},
    ]
    dispatcher = CollectingDispatcher()
    await actions.ActionDraftCounterEmail().run(dispatcher, current, {})
    body = _parts(dispatcher.messages, "draft")[0].data["text"]
    assert "at Northwind" in body and "[Company]" not in body and figures.pounds(figures.counter("mid", "rest_of_uk", offer)) in body

    from actions.actions import BENCHMARK
    from actions.details import read_details

    check = tracker("check_offer", slots={**slots, "topic": "offer"}, text="write the email")
    check.events = current.events
    assert read_details(check, BENCHMARK).employer_said is None  # only an email looks back for the name

    current.events = current.events[:1] + [{"event": "bot", "text": "…"}] * 70 + current.events[1:]  # long ago: not looked for
    dispatcher = CollectingDispatcher()
    await actions.ActionDraftCounterEmail().run(dispatcher, current, {})
    assert "[Company]" in _parts(dispatcher.messages, "draft")[0].data["text"]


async def test_are_both_fair_checks_each_offer_against_its_band():
    low, high = figures.point("senior", "london", 0.1), figures.point("senior", "london", 0.9)
    slots = {"level": "senior", "region": "london", "offers": [{"label": "Offer A", "base": low}, {"label": "Offer B", "base": high}]}
    for action, intent in ((actions.ActionCheckOffer(), "check_offer"), (actions.ActionFollowUp(), "nlu_fallback")):
        messages, _ = await turn(action, intent, "are both fair?", [], slots)
        said = texts(messages)
        assert (
            said.count(f"Checked {figures.pounds(low)} base salary") == 1 and said.count(f"Checked {figures.pounds(high)} base salary") == 1
        )
        assert "Offer A:" in said and "Offer B:" in said and not _parts(messages, "table")
