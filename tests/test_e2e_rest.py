"""Conversations over HTTP through the real Rasa server, NLU, policies and action server."""


def test_band_in_one_message(chat):
    reply = chat.say("what does a senior mlops engineer earn in Manchester?")
    assert "£85,000 – £130,000" in reply and "Rest of UK" in reply and "Base salary" in reply


def test_level_from_years_and_boundary(chat):
    assert "£100,000 – £150,000" in chat.say("I have 6 years experience and work in london, what should I earn")
    reply = chat.say("what about 5 years")
    assert "boundary" in reply and "£68,000 – £100,000" in reply and "£100,000 – £150,000" in reply


def test_missing_level_is_asked_then_answered_with_a_button_payload(chat):
    chat.say("How much do MLOps engineers earn in London?")
    buttons = chat.buttons()
    assert len(buttons) == 4
    senior = next(b for b in buttons if "Senior" in b["title"])
    assert "£100,000 – £150,000" in chat.say(senior["payload"])


def test_follow_ups_keep_context(chat):
    assert "£38,000 – £56,000" in chat.say("junior salary in leeds")
    assert "£45,000 – £68,000" in chat.say("and in London?")
    assert "£100,000 – £150,000" in chat.say("what about seniors?")
    assert "£85,000 – £130,000" in chat.say("and outside london?")


def test_offer_check_across_turns(chat):
    chat.say("I've been offered a job, is it fair?")
    chat.say("90k")
    chat.say("mid level")
    reply = chat.say("london")
    assert "£90,000" in reply and "third quarter" in reply and "£68,000 – £100,000" in reply


def test_offer_in_one_message(chat):
    reply = chat.say("is 60 grand fair for a mid-level role in London")
    assert "£8,000 below" in reply and "at least £68,000" in reply


def test_devops_premium(chat):
    assert "£77,000 – £87,500" in chat.say("I'm on £70,000 as a DevOps engineer")


def test_employers(chat):
    assert "£90,000 – £230,000+" in chat.say("what does deepmind pay")
    assert "total compensation" in chat.say("how much do investment banks pay")
    assert "1  Google DeepMind" in chat.say("who pays the most?")


def test_comparisons(chat):
    reply = chat.say("london vs rest of uk for seniors")
    assert "£100,000 – £150,000" in reply and "£85,000 – £130,000" in reply
    reply = chat.say("show me all levels in london")
    assert "£45,000 – £68,000" in reply and "£150,000 – £200,000+" in reply


def test_faq_and_tips(chat):
    assert "£85,000 – £95,000" in chat.say("what's the average mlops salary in the uk")
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
    chat.say("55k ok??")
    assert len(chat.buttons()) == 4  # asked for the level
    chat.say("senior")
    reply = chat.say("london")
    assert "£55,000" in reply and "£45,000 below the bottom" in reply
