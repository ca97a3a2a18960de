"""Conversations over HTTP through the real Rasa server, NLU, policies and action server."""

from tests import figures

JUNIOR_LONDON, JUNIOR_REST = figures.span("junior", "london"), figures.span("junior", "rest_of_uk")
MID_LONDON = figures.span("mid", "london")
SENIOR_LONDON, SENIOR_REST = figures.span("senior", "london"), figures.span("senior", "rest_of_uk")


def test_band_in_one_message(chat):
    reply = chat.say("what does a senior mlops engineer earn in Manchester?")
    assert SENIOR_REST in reply and "Rest of UK" in reply and "Base salary" in reply


def test_level_from_years_and_boundary(chat):
    assert SENIOR_LONDON in chat.say("I have 6 years experience and work in london, what should I earn")
    reply = chat.say("what about 5 years")
    assert "boundary" in reply and MID_LONDON in reply and SENIOR_LONDON in reply


def test_missing_level_is_asked_then_answered_with_a_button_payload(chat):
    chat.say("How much do MLOps engineers earn in London?")
    buttons = chat.buttons()
    assert len(buttons) == 4
    senior = next(b for b in buttons if "Senior" in b["title"])
    assert SENIOR_LONDON in chat.say(senior["payload"])


def test_follow_ups_keep_context(chat):
    assert JUNIOR_REST in chat.say("junior salary in leeds")
    assert JUNIOR_LONDON in chat.say("and in London?")
    assert SENIOR_LONDON in chat.say("what about seniors?")
    assert SENIOR_REST in chat.say("and outside london?")


def test_offer_check_across_turns(chat):
    chat.say("I've been offered a job, is it fair?")
    offer = figures.thousand(figures.point("mid", "london", 0.65))  # in the band's third quarter
    chat.say(figures.k(offer))
    chat.say("mid level")
    reply = chat.say("london")
    assert figures.pounds(offer) in reply and "third quarter" in reply and MID_LONDON in reply


def test_offer_in_one_message(chat):
    bottom = figures.low("mid", "london")
    reply = chat.say(f"is {(bottom - 8_000) // 1000} grand fair for a mid-level role in London")
    assert f"{figures.pounds(8_000)} below" in reply and f"{figures.pounds(bottom)}, is the floor to hold to" in reply


def test_devops_premium(chat):
    low, high = figures.premium(70_000)  # the user's DevOps salary with the benchmark's premium on top
    assert f"{figures.pounds(low)} – {figures.pounds(high)}" in chat.say("I'm on £70,000 as a DevOps engineer")


def test_employers(chat):
    assert figures.employer_span("deepmind_google") in chat.say("what does deepmind pay")
    assert "total compensation" in chat.say("how much do investment banks pay")
    assert "1  Google DeepMind" in chat.say("who pays the most?")


def test_comparisons(chat):
    reply = chat.say("london vs rest of uk for seniors")
    assert SENIOR_LONDON in reply and SENIOR_REST in reply
    reply = chat.say("show me all levels in london")
    assert JUNIOR_LONDON in reply and figures.span("staff", "london") in reply


def test_faq_and_tips(chat):
    assert figures.span_of(figures.BM.average_mid_level) in chat.say("what's the average mlops salary in the uk")
    assert "GPU cluster management" in chat.say("which skills pay the most?")
    assert chat.say("give me some negotiation tips").count("\n- ") == 5
    assert "London-equivalent" in chat.say("I work remotely from Wales, can I ask for london rates?")


def test_scope(chat):
    reply = chat.say("what does a senior mlops engineer earn in New York")
    assert "only covers UK" in reply and "£" not in reply
    assert "outside what I cover" in chat.say("what's the weather like tomorrow")


def test_chitchat(chat):
    assert "Payband" in chat.say("hello")
    assert "Offer check" in chat.say("what can you do?")
    assert "welcome" in chat.say("thanks!")


def test_gibberish_and_emoji_get_the_help_text(chat):
    assert "didn't catch that" in chat.say("asdfghjkl qwv")
    assert "didn't catch that" in chat.say("💰💰💰")


def test_low_confidence_message_with_an_amount_still_starts_an_offer_check(chat):
    offer = figures.low("senior", "london") - 45_000
    chat.say(f"{figures.k(offer)} ok??")
    assert len(chat.buttons()) == 4  # asked for the level
    chat.say("senior")
    reply = chat.say("london")
    assert figures.pounds(offer) in reply and f"{figures.pounds(45_000)} below the bottom" in reply
