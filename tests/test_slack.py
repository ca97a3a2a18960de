"""The Slack connector end to end: signed Events API requests in, a fake Slack Web API out,
the real Rasa server and action server in between."""

import time
import uuid

import pytest

from knowledge.loader import LEVELS
from tests import figures
from tests.figures import pounds, span
from tests.support.slack_events import BOT_USER, event_callback, mention, message, post_click, post_event

pytestmark = pytest.mark.usefixtures("rasa_server")


def new_channel(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8].upper()}"


def test_url_verification_challenge(rasa_server):
    answer = post_event(rasa_server, {"type": "url_verification", "challenge": "abc123", "token": "x"})
    assert answer.status_code == 200 and answer.json() == {"challenge": "abc123"}


def test_direct_message_is_answered_without_a_thread(rasa_server, fake_slack):
    dm = new_channel("D")
    assert post_event(rasa_server, event_callback(message("what does a senior earn in leeds", dm))).status_code == 200
    post = fake_slack.wait_for(dm)[0]
    assert span("senior", "rest_of_uk") in post["text"] and "thread_ts" not in post


def test_mention_in_a_channel_is_answered_in_its_thread_and_the_thread_keeps_context(rasa_server, fake_slack):
    channel, ts = new_channel("C"), f"{time.time():.6f}"
    post_event(rasa_server, event_callback(mention("junior salary in manchester", channel, ts=ts)))
    first = fake_slack.wait_for(channel, thread_ts=ts)[0]
    assert span("junior", "rest_of_uk") in first["text"] and f"<@{BOT_USER}>" not in first["text"]
    post_event(rasa_server, event_callback(mention("and in london?", channel, thread_ts=ts)))
    second = fake_slack.wait_for(channel, count=2, thread_ts=ts)[1]
    assert span("junior", "london") in second["text"]


def test_two_threads_keep_their_own_slots(rasa_server, fake_slack):
    channel, a, b = new_channel("C"), "1700000001.000100", "1700000002.000200"
    post_event(rasa_server, event_callback(mention("senior in london", channel, ts=a)))
    post_event(rasa_server, event_callback(mention("junior in leeds", channel, ts=b)))
    fake_slack.wait_for(channel, thread_ts=a)
    fake_slack.wait_for(channel, thread_ts=b)
    post_event(rasa_server, event_callback(mention("and outside london?", channel, thread_ts=a)))
    post_event(rasa_server, event_callback(mention("what about london?", channel, thread_ts=b)))
    assert span("senior", "rest_of_uk") in fake_slack.wait_for(channel, count=2, thread_ts=a)[1]["text"]
    assert span("junior", "london") in fake_slack.wait_for(channel, count=2, thread_ts=b)[1]["text"]


def test_two_users_in_one_thread_do_not_share_slots(rasa_server, fake_slack):
    channel, ts = new_channel("C"), f"{time.time():.6f}"
    post_event(rasa_server, event_callback(mention("staff in london", channel, user="U0ALICE", ts=ts)))
    fake_slack.wait_for(channel, thread_ts=ts)
    post_event(rasa_server, event_callback(mention("and outside london?", channel, user="U0BOB", thread_ts=ts)))
    reply = fake_slack.wait_for(channel, count=2, thread_ts=ts)[1]
    # Bob never said "staff": he is asked for his level, with a button for each, and given no band yet
    assert reply["text"].startswith("Which level? Pick one, or tell me your years of experience."), reply["text"]
    buttons = reply["blocks"][1]["elements"]
    assert [b["value"] for b in buttons] == [f'/give_details{{"level": "{level}"}}' for level in LEVELS]
    assert [b["text"]["text"].split(" (")[0] for b in buttons] == [figures.BM.levels[level].title for level in LEVELS]
    assert pounds(figures.low("staff", "rest_of_uk")) not in reply["text"] and "£" not in reply["text"]


@pytest.mark.parametrize(
    "headers, sign_args",
    [
        ({}, {"secret": "forged-secret"}),
        ({"X-Slack-Signature": "v0=deadbeef"}, {}),
        ({}, {"timestamp": int(time.time()) - 6 * 60}),
    ],
    ids=["wrong-secret", "wrong-signature", "stale"],
)
def test_bad_signatures_are_refused_and_nothing_is_processed(rasa_server, fake_slack, headers, sign_args):
    dm = new_channel("D")
    answer = post_event(rasa_server, event_callback(message("senior in leeds", dm)), headers=headers, **sign_args)
    assert answer.status_code == 400
    time.sleep(2)
    assert fake_slack.posts_to(dm) == []


def test_missing_signature_is_refused(rasa_server, fake_slack):
    dm = new_channel("D")
    assert post_event(rasa_server, event_callback(message("senior in leeds", dm)), signed=False).status_code == 400
    time.sleep(1)
    assert fake_slack.posts_to(dm) == []


@pytest.mark.parametrize("reason", ["http_timeout", "http_error", "too_many_requests", "ssl_error", "unknown"])
def test_retries_are_acknowledged_but_not_answered_again(rasa_server, fake_slack, reason):
    dm = new_channel("D")
    body = event_callback(message("junior in leeds", dm))
    assert post_event(rasa_server, body).status_code == 200
    retry = post_event(rasa_server, body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": reason})
    assert retry.status_code == 200
    fake_slack.wait_for(dm)
    time.sleep(2)
    assert len(fake_slack.posts_to(dm)) == 1


def test_same_event_id_is_processed_once(rasa_server, fake_slack):
    dm = new_channel("D")
    body = event_callback(message("mid level in london", dm))
    post_event(rasa_server, body)
    post_event(rasa_server, body)
    fake_slack.wait_for(dm)
    time.sleep(2)
    assert len(fake_slack.posts_to(dm)) == 1


def test_mention_delivered_as_app_mention_and_message_is_answered_once(rasa_server, fake_slack):
    channel, ts = new_channel("C"), f"{time.time():.6f}"
    text = f"<@{BOT_USER}> senior in bristol"
    post_event(rasa_server, event_callback(mention("senior in bristol", channel, ts=ts)))
    post_event(rasa_server, event_callback(message(text, channel, ts=ts)))
    fake_slack.wait_for(channel, thread_ts=ts)
    time.sleep(2)
    assert len(fake_slack.posts_to(channel)) == 1


@pytest.mark.parametrize(
    "event",
    [
        message("senior in leeds", "DBOTMSG", bot_id="B0OTHER"),
        message("senior in leeds", "DOWNMSG", user=BOT_USER),
        message("", "DEDITED", subtype="message_changed", message={"text": "senior in leeds"}),
        message("", "DDELETED", subtype="message_deleted"),
        message("", "DFILE", subtype="file_share", files=[{"id": "F1"}]),
        message("senior in leeds", "C0OTHERCH"),  # a channel message without a mention, outside SLACK_CHANNEL
    ],
    ids=["other-bot", "own-message", "edited", "deleted", "file-without-text", "unmentioned-channel-message"],
)
def test_ignored_events(rasa_server, fake_slack, event):
    assert post_event(rasa_server, event_callback(event)).status_code == 200
    time.sleep(1.5)
    assert fake_slack.posts_to(event["channel"]) == []


def test_configured_channel_answers_every_message(rasa_server, fake_slack):
    ts = f"{time.time():.6f}"
    post_event(rasa_server, event_callback(message("junior in cardiff", "C0PAYBAND", ts=ts)))
    assert span("junior", "rest_of_uk") in fake_slack.wait_for("C0PAYBAND", thread_ts=ts)[0]["text"]


def test_button_click_lands_in_the_same_thread_conversation(rasa_server, fake_slack):
    channel, ts = new_channel("C"), f"{time.time():.6f}"
    post_event(rasa_server, event_callback(mention("how much do mlops engineers earn in london?", channel, ts=ts)))
    question = fake_slack.wait_for(channel, thread_ts=ts)[0]
    buttons = question["blocks"][1]["elements"]
    assert len(buttons) == 4 and all(len(b["text"]["text"]) <= 75 for b in buttons)
    senior = next(b for b in buttons if "Senior" in b["text"]["text"])
    assert post_click(rasa_server, senior["value"], channel, message_ts="1700000099.000100", thread_ts=ts).status_code == 200
    answer = fake_slack.wait_for(channel, count=2, thread_ts=ts)[1]
    assert f"London: {span('senior', 'london')}" in answer["text"]


def test_table_answers_are_one_message_with_a_code_block(rasa_server, fake_slack):
    dm = new_channel("D")
    post_event(rasa_server, event_callback(message("who pays the most?", dm)))
    posts = fake_slack.wait_for(dm)
    time.sleep(1)
    assert len(fake_slack.posts_to(dm)) == 1
    text = posts[0]["text"]
    assert "```" in text and "Google DeepMind / Google Cloud" in text and "&amp;" in text  # "Research & cloud", escaped


def test_slow_action_still_acknowledged_within_3_seconds(rasa_server, fake_slack, action_proxy):
    action_proxy.mode, action_proxy.delay = "slow", 3.5  # past Slack's 3 s, inside ACTION_TIMEOUT (4 s in tests)
    dm = new_channel("D")
    started = time.monotonic()
    answer = post_event(rasa_server, event_callback(message("senior in leeds", dm)))
    assert answer.status_code == 200 and time.monotonic() - started < 3
    post = fake_slack.wait_for(dm, timeout=30)[0]
    assert span("senior", "rest_of_uk") in post["text"] and post["received"] - started >= 3.5


def test_malformed_bodies_get_a_clear_400(rasa_server):
    assert post_event(rasa_server, {}, raw=b"{not json").status_code == 400
    assert post_event(rasa_server, {}, raw=b"[1, 2]").status_code == 400


def _thread(rasa_server, fake_slack, channel, ts, said):
    """Post each message in one thread (the first starts it); the text of each reply, in order."""
    replies = []
    for n, text in enumerate(said, 1):
        post_event(rasa_server, event_callback(mention(text, channel, ts=ts) if n == 1 else mention(text, channel, thread_ts=ts)))
        replies.append(fake_slack.wait_for(channel, count=n, thread_ts=ts)[n - 1]["text"])
    return replies


def test_a_thread_is_one_case_offers_by_name_then_start_over_with_a_button(rasa_server, fake_slack):
    channel, ts = new_channel("C"), f"{time.time():.6f}"
    said = [
        "senior in leeds",
        "the bank one: 115k base and 20% bonus",
        "the startup is 100k base with 80k RSUs over 4 years",
        "what's the startup worth a year all in?",
    ]
    reply = _thread(rasa_server, fake_slack, channel, ts, said)[-1]
    assert "For your senior offer in Leeds (the startup: £100,000 base" in reply and pounds(120_000) in reply
    post_event(rasa_server, event_callback(mention("start over", channel, thread_ts=ts)))
    question = fake_slack.wait_for(channel, count=5, thread_ts=ts)[4]
    yes = next(b for b in question["blocks"][1]["elements"] if b["value"] == "/confirm_start_over")
    assert post_click(rasa_server, yes["value"], channel, message_ts="1700000199.000100", thread_ts=ts).status_code == 200
    assert "cleared everything" in fake_slack.wait_for(channel, count=6, thread_ts=ts)[5]["text"]
    post_event(rasa_server, event_callback(mention("what do you know about me?", channel, thread_ts=ts)))
    assert "haven't told me anything" in fake_slack.wait_for(channel, count=7, thread_ts=ts)[6]["text"]


def test_a_thread_weighs_two_roles_and_keeps_each_offers_place(rasa_server, fake_slack):
    channel, ts = new_channel("C"), f"{time.time():.6f}"
    said = [
        "torn between a staff role in Bristol and a senior one in London",
        "give me the band for the latter",
        "option A is Sheffield, 100k",
        "option B is London, 120k",
        "is option A fair?",
    ]
    replies = _thread(rasa_server, fake_slack, channel, ts, said)
    assert span("staff", "rest_of_uk") in replies[0] and span("senior", "london") in replies[0]
    assert span("senior", "london") in replies[1] and span("staff", "rest_of_uk") not in replies[1]
    assert "Checked £100,000 base salary" in replies[4] and span("senior", "rest_of_uk") in replies[4]  # option A's own place
