"""Messy messages as real users send them, end to end over REST and Slack through the real
Rasa server, NLU (spaCy rules + the entity matcher), policies and action server."""

import pytest

from tests import figures
from tests.support.slack_events import event_callback, message, post_event
from tests.test_incoming import ADVERT
from tests.test_slack import new_channel

SENIOR_LONDON, SENIOR_REST = figures.span("senior", "london"), figures.span("senior", "rest_of_uk")
MID_LONDON, MID_REST = figures.span("mid", "london"), figures.span("mid", "rest_of_uk")
JUNIOR_LONDON, JUNIOR_REST = figures.span("junior", "london"), figures.span("junior", "rest_of_uk")
STAFF_LONDON, STAFF_REST = figures.span("staff", "london"), figures.span("staff", "rest_of_uk")
DEEPMIND = figures.employer_span("deepmind_google")
PREMIUM_ON_75K = [figures.pounds(amount) for amount in figures.premium(75_000)]  # the user's DevOps 75k with the premium on top


@pytest.mark.parametrize(
    "text, band, reading",
    [
        ("whats a seinor paid in manchster", SENIOR_REST, "'manchster' as Manchester (Rest of UK)"),
        ("juinor in edinburh", JUNIOR_REST, "'edinburh' as Edinburgh (Rest of UK)"),
        ("mid levle in birmingahm?", MID_REST, "'birmingahm' as Birmingham (Rest of UK)"),
        ("senior role nottingam", SENIOR_REST, "'nottingam' as Nottingham (Rest of UK)"),
        ("staf engineer in croyden", STAFF_LONDON, "'croyden' as Croydon (London)"),
        ("sennior in shoreditc pls", SENIOR_LONDON, "'shoreditc' as Shoreditch (London)"),
    ],
)
def test_typos_in_levels_and_places(chat, text, band, reading):
    reply = chat.say(text)
    assert band in reply and reading in reply


@pytest.mark.parametrize(
    "text, band",
    [
        ("junior in truro", JUNIOR_REST),
        ("mid in aberystwyth", MID_REST),
        ("senior in harrogate", SENIOR_REST),
        ("junior in brixton", JUNIOR_LONDON),
        ("mid role in wimbledon", MID_LONDON),
        ("senior in islington", SENIOR_LONDON),
        ("staff in kirkwall", STAFF_REST),
        ("mid in Reading", MID_REST),
    ],
)
def test_any_uk_place(chat, text, band):
    assert band in chat.say(text)


def test_a_place_abroad_gets_the_uk_only_note(chat):
    reply = chat.say("senior in toronto")
    assert "only covers UK roles" in reply and "£" not in reply


@pytest.mark.parametrize(
    "text, bands, absent",
    [
        ("a handful of years in leeds, what's the band", [MID_REST], [JUNIOR_REST, SENIOR_REST]),
        ("straight out of uni, based in bristol", [JUNIOR_REST], [MID_REST]),
        ("the best part of a decade in london", [STAFF_LONDON], [SENIOR_LONDON]),
        ("coming up on five years, glasgow", [MID_REST], [SENIOR_REST]),
        ("two-ish years in cardiff", [JUNIOR_REST, MID_REST], [SENIOR_REST]),
    ],
)
def test_informal_experience(chat, text, bands, absent):
    reply = chat.say(text)
    assert "I read '" in reply
    assert all(band in reply for band in bands) and not any(band in reply for band in absent)


def test_two_questions_in_one_message_are_both_answered_in_order(chat):
    reply = chat.say("mid-level band in Cardiff and what does DeepMind pay?")
    assert MID_REST in reply and DEEPMIND in reply
    assert reply.index(MID_REST) < reply.index(DEEPMIND)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("staff in London vs a mid in Sheffield", [STAFF_LONDON, MID_REST]),
        ("senior pay in Belfast, plus any tips for the call?", [SENIOR_REST, ("Lines for the call", "ways to negotiate")]),
        ("I'm DevOps on 75k with 6 years in Reading: premium, and which band?", [*PREMIUM_ON_75K, SENIOR_REST]),
        ("junior in hackney and senior in leeds", [JUNIOR_LONDON, SENIOR_REST]),
    ],
)
def test_two_questions_of_many_shapes(chat, text, expected):
    reply = chat.say(text)
    assert all(any(p in reply for p in part) if isinstance(part, tuple) else part in reply for part in expected), reply


def test_context_carries_over_after_a_move(chat):
    chat.say("senior in london")
    chat.say("I've moved to Bristol")
    assert SENIOR_REST in chat.say("remind me of my band")
    assert SENIOR_LONDON in chat.say("same for London?")
    assert STAFF_LONDON in chat.say("and for a staff role?")


def test_bare_numbers_after_context_are_thousands(chat):
    chat.say("mid in leeds")
    reply = chat.say("offer came in at 80, currently on 72")
    assert "Checked £80,000 base salary" in reply and MID_REST in reply


def test_html_and_slack_markup_over_rest(chat):
    assert MID_REST in chat.say("<strong>mid-level</strong> pay in <em>Bristol</em>")
    assert SENIOR_LONDON in chat.say("<@U123ABC> *senior* in <https://maps.example.com/?q=london|London>")


def test_a_pasted_advert_gets_the_band_for_its_level_and_place(chat):
    reply = chat.say(ADVERT)
    assert "Checked £70,000 base salary" in reply and SENIOR_REST in reply


def test_two_roles_over_slack_with_markup_and_a_typo_are_one_answer_side_by_side(rasa_server, fake_slack):
    dm = new_channel("D")
    post_event(rasa_server, event_callback(message("*staff* in <https://x.example/london|London> vs a mid in _sheffeild_", dm)))
    text = fake_slack.wait_for(dm)[0]["text"]
    assert STAFF_LONDON in text and MID_REST in text and "Sheffield (Rest of UK)" in text
    assert text.index(STAFF_LONDON) < text.index(MID_REST)


def test_a_pasted_advert_over_slack(rasa_server, fake_slack):
    dm = new_channel("D")
    post_event(rasa_server, event_callback(message(ADVERT.replace("&", "&amp;"), dm)))
    posts = fake_slack.wait_for(dm, count=2)  # the note on the advert's salary range, then the check
    assert "checked the bottom of it, £70,000" in posts[0]["text"] and SENIOR_REST in posts[1]["text"]


MUGGED_OFF = "ngl 45k for junior in leeds seems low?? am i being mugged off?"  # a second question that restates the first


def test_a_second_part_that_restates_the_first_is_answered_once(chat):
    reply = chat.say(MUGGED_OFF)
    assert JUNIOR_REST in reply and reply.count("Checked £45,000") == 1 and "didn't catch" not in reply, reply


def test_a_second_part_that_restates_the_first_is_answered_once_over_slack(rasa_server, fake_slack):
    dm = new_channel("D")
    post_event(rasa_server, event_callback(message(MUGGED_OFF, dm)))
    fake_slack.wait_for(dm, count=1)
    post_event(rasa_server, event_callback(message("senior in leeds", dm)))
    posts = fake_slack.wait_for(dm, count=2)
    assert "Checked £45,000" in posts[0]["text"] and SENIOR_REST in posts[1]["text"], posts  # nothing repeated in between


def test_a_follow_up_place_with_a_typo_continues_the_question(chat):
    chat.say("senior in london")
    reply = chat.say("what about edinbrugh")
    assert SENIOR_REST in reply and "Edinburgh (Rest of UK)" in reply, reply
