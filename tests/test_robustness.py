"""Bad input, faults, restarts, access control and concurrency, against the real servers."""

import json
import threading
import uuid

import pytest
import requests

from tests.conftest import ACTION_PORT, ACTION_SECRET, API_TOKEN, Conversation
from tests.figures import span
from tests.support.slack_events import TEAM, event_callback, message, post_event

APOLOGY = "Sorry, something went wrong on my side"
DIDNT_CATCH = "Sorry, I didn't catch that. I can give UK MLOps salary bands"  # utter_default, the help text


def rest(base_url, body=None, raw=None, content_type="application/json"):
    data = raw if raw is not None else json.dumps(body).encode()
    return requests.post(f"{base_url}/webhooks/rest/webhook", data=data, headers={"Content-Type": content_type}, timeout=60)


# --- conversations survive a restart -----------------------------------------------------------


def test_slots_survive_a_server_restart(servers):
    chat = Conversation(servers.url)
    chat.say("is 95k fair?")
    chat.say("senior")  # offer amount and level remembered; the place is still missing
    servers.restart_rasa()
    reply = chat.say("london")
    assert "£95,000" in reply and span("senior", "london") in reply
    tracker = requests.get(f"{servers.url}/conversations/{chat.sender_id}/tracker", params={"token": API_TOKEN}, timeout=10).json()
    assert tracker["slots"]["level"] == "senior" and tracker["slots"]["region"] == "london" and tracker["slots"]["offer_amount"] == 95000


# --- the action server failing is visible ------------------------------------------------------


@pytest.mark.parametrize("mode", ["down", "error", "slow"])
def test_action_server_failure_gets_an_apology_then_recovers(rasa_server, action_proxy, mode):
    chat = Conversation(rasa_server)
    action_proxy.mode, action_proxy.delay = mode, 8.0  # slow: past ACTION_TIMEOUT=4 s
    assert APOLOGY in chat.say("senior in leeds")
    action_proxy.mode = "pass"
    assert span("senior", "rest_of_uk") in chat.say("senior in leeds")


def test_slack_user_gets_the_apology_too(rasa_server, fake_slack, action_proxy):
    action_proxy.mode = "error"
    dm = f"D{uuid.uuid4().hex[:8].upper()}"
    post_event(rasa_server, event_callback(message("senior in leeds", dm)))
    assert APOLOGY in fake_slack.wait_for(dm)[0]["text"]


def test_static_replies_need_no_action_server(rasa_server, action_proxy):
    action_proxy.mode = "down"
    assert "Payband" in Conversation(rasa_server).say("hello")


# --- REST input is checked -------------------------------------------------------------------

BAD_BODIES = [
    ("malformed JSON", b'{"sender": "a", "message": ', 400),
    ("empty body", b"", 400),
    ("JSON array", b'["hi"]', 400),
    ("missing sender", b'{"message": "hi"}', 400),
    ("missing message", b'{"sender": "a"}', 400),
    ("numeric sender", b'{"sender": 42, "message": "hi"}', 400),
    ("null message", b'{"sender": "a", "message": null}', 400),
    ("object message", b'{"sender": "a", "message": {"text": "hi"}}', 400),
    ("empty message", b'{"sender": "a", "message": "   "}', 400),
    ("blank sender", b'{"sender": "  ", "message": "hi"}', 400),
    ("huge sender", json.dumps({"sender": "x" * 500, "message": "hi"}).encode(), 400),
    ("not UTF-8", b'{"sender": "a", "message": "\xff\xfe"}', 400),
]


@pytest.mark.parametrize("name, raw, status", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_rest_bodies_get_a_json_400(rasa_server, name, raw, status):
    answer = rest(rasa_server, raw=raw)
    assert answer.status_code == status
    assert "error" in answer.json()


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        ("x" * (1024 * 1024), ["That message is too long for me"], ["xxxxxxxxxx"]),
        ("senior\x00 in\x1b[31m leeds\x07", ["Senior MLOps Engineer", f"Rest of UK: {span('senior', 'rest_of_uk')}"], ["\x1b", "\x00"]),
        ("💰🚀🔥", [DIDNT_CATCH], ["💰", "£"]),
        ("'; DROP TABLE events; --", [DIDNT_CATCH], ["DROP", "events", "£"]),  # code, not a request for the levels table
        ("$(rm -rf /) && cat /etc/passwd", [DIDNT_CATCH], ["rm -rf", "passwd", "Good luck"]),  # not a goodbye
        (
            "<script>alert(1)</script> senior in london",
            ["Senior MLOps Engineer", f"London: {span('senior', 'london')}"],
            ["script", "alert", "&lt;", "<", "didn't catch"],
        ),
    ],
    ids=["1MB", "control-chars", "emoji-only", "sql", "shell", "html"],
)
def test_odd_messages_get_a_clear_reply(rasa_server, text, expected, absent):
    """Nothing odd is echoed back or breaks the turn: the reply is the answer a careful user expects."""
    answer = rest(rasa_server, {"sender": f"odd-{uuid.uuid4().hex[:8]}", "message": text})
    assert answer.status_code == 200
    reply = " ".join(m.get("text", "") for m in answer.json())
    assert APOLOGY not in reply
    assert reply.startswith(expected[0]) and all(part in reply for part in expected), reply[:300]
    assert not [word for word in absent if word in reply], reply[:300]


def test_anonymous_clients_cannot_share_a_conversation(rasa_server):
    assert rest(rasa_server, {"message": "senior in london"}).status_code == 400


def test_rest_client_cannot_write_into_a_slack_conversation(rasa_server, fake_slack):
    dm = f"D{uuid.uuid4().hex[:8].upper()}"
    post_event(rasa_server, event_callback(message("junior in leeds", dm)))
    fake_slack.wait_for(dm)
    slack_id = f"slack:{TEAM}:{dm}:main:U0ALICE"
    answer = rest(rasa_server, {"sender": slack_id, "message": "staff"})
    assert answer.status_code == 200
    post_event(rasa_server, event_callback(message("and in london?", dm)))
    assert span("junior", "london") in fake_slack.wait_for(dm, count=2)[1]["text"]  # still junior: REST went to rest:...


# --- nothing open by accident ----------------------------------------------------------------


def test_http_api_needs_the_token(servers):
    chat = Conversation(servers.url)
    chat.say("hello")
    assert requests.get(f"{servers.url}/conversations/{chat.sender_id}/tracker", timeout=10).status_code == 401
    assert requests.get(f"{servers.url}/conversations/{chat.sender_id}/tracker", params={"token": "wrong"}, timeout=10).status_code == 401
    assert requests.get(f"{servers.url}/status", timeout=10).status_code == 401
    assert requests.get(f"{servers.url}/conversations/{chat.sender_id}/tracker", params={"token": API_TOKEN}, timeout=10).status_code == 200


def test_rest_replies_do_not_echo_the_tracker(rasa_server):
    answer = rest(rasa_server, {"sender": "echo-check", "message": "senior in leeds"}).json()
    assert all(set(m) <= {"recipient_id", "text", "buttons", "reply", "image"} for m in answer)


def test_action_server_requires_the_shared_secret(servers):
    call = {
        "next_action": "action_rank_employers",
        "sender_id": "x",
        "tracker": {"sender_id": "x", "slots": {}, "latest_message": {}, "events": []},
        "domain": {},
    }
    url = f"http://127.0.0.1:{ACTION_PORT}/webhook"
    assert requests.post(url, json=call, timeout=10).status_code == 401
    assert requests.post(url, json=call, headers={"X-Payband-Action-Secret": "wrong"}, timeout=10).status_code == 401
    assert requests.post(url, json=call, headers={"X-Payband-Action-Secret": ACTION_SECRET}, timeout=10).status_code == 200


# --- many conversations at once ----------------------------------------------------------------

CASES = [
    ("junior", "london", span("junior", "london")),
    ("junior", "leeds", span("junior", "rest_of_uk")),
    ("mid", "london", span("mid", "london")),
    ("mid", "glasgow", span("mid", "rest_of_uk")),
    ("senior", "london", span("senior", "london")),
    ("senior", "cardiff", span("senior", "rest_of_uk")),
    ("staff", "london", span("staff", "london")),
    ("staff", "belfast", span("staff", "rest_of_uk")),
]


def test_eight_concurrent_conversations_keep_their_own_slots(rasa_server):
    """8 conversations x 25 turns on loopback; every reply must match its own level and place."""
    failures, turns = [], 25

    def talk(level, place, band):
        chat = Conversation(rasa_server)
        try:
            assert band in chat.say(f"{level} in {place}")
            phrasings = [f"what about {place}?", f"and in {place}?", f"{level} in {place}", f"how about {place}"]
            for turn in range(turns - 1):
                reply = chat.say(phrasings[turn % len(phrasings)])
                if band not in reply:
                    failures.append((level, place, turn, reply[:120]))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            failures.append((level, place, "error", repr(error)))

    threads = [threading.Thread(target=talk, args=case) for case in CASES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
