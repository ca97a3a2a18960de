"""What users tell Payband is personal data (issue 18): it never reaches a log, it can be erased every
way in ("forget me" over REST, the terminal and Slack, DELETE with the API token, `make forget`), and
idle conversations expire (tests/test_tracker_store.py: RETENTION_DAYS on SQLite and PostgreSQL)."""

import io
import logging
import sqlite3
import subprocess
import sys
import uuid

import pytest
import requests
from rasa.utils.endpoints import ClientResponseError

from channels import privacy
from runtime import log_privacy
from tests.conftest import API_TOKEN, ROOT, Conversation
from tests.support.slack_events import TEAM, event_callback, message, post_click, post_event

SECRET_WORD = "Quarkwobble"  # a word nobody else says: if it is in a log, a message reached the log
COMPANY = "Zyxcorp Labs"


# --- logs ---------------------------------------------------------------------------------------


def test_a_request_body_and_slack_user_ids_are_removed_from_a_log_line():
    line = 'conversation slack:T1:D0AB:main:U0ALICE42: failed; body=\'{"text": "97k at Zyxcorp"}\''
    private = log_privacy.redact(line)
    assert "97k" not in private and "Zyxcorp" not in private and "U0ALICE42" not in private
    assert private.startswith("conversation slack:T1:D0AB:main:user-") and private.endswith(log_privacy.REMOVED)
    assert log_privacy.redact("503 SERVICE_UNAVAILABLE, WARNING") == "503 SERVICE_UNAVAILABLE, WARNING"
    assert log_privacy.slack_user_hash("U0ALICE42") == log_privacy.slack_user_hash("U0ALICE42")  # one user, one name


def test_rasas_failed_action_log_keeps_its_error_but_not_the_tracker_it_echoes():
    """Rasa logs a failing action with rasa-sdk's reply, which echoes the whole request (every message)."""
    log_privacy.install()
    captured = io.StringIO()
    handler = logging.StreamHandler(captured)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("rasa.core.processor")
    logger.addHandler(handler)
    body = f'{{"error": "boom", "request_body": {{"tracker": {{"latest_message": {{"text": "{SECRET_WORD} offered 97k"}}}}}}}}'
    try:
        try:
            raise ClientResponseError(500, "Internal Server Error", body)
        except ClientResponseError:
            logger.error("Encountered an exception while running action 'action_check_offer'.", exc_info=True)
    finally:
        logger.removeHandler(handler)
    written = captured.getvalue()
    assert "action_check_offer" in written and "ClientResponseError" in written  # still says what failed
    assert SECRET_WORD not in written and "97k" not in written


async def test_who_can_see_my_salary_gets_what_is_kept_for_how_long_and_how_to_erase(monkeypatch):
    from rasa.core.channels.channel import CollectingOutputChannel

    monkeypatch.setenv("RETENTION_DAYS", "30")
    output = CollectingOutputChannel()
    assert await privacy.answer(None, "who can see my salary? do you log it?", "rest:a", output, lambda: [], "this conversation")
    said = output.messages[-1]["text"]
    assert "30 days after your last message" in said and "not written to the server's logs" in said and '"forget me"' in said
    monkeypatch.setenv("RETENTION_DAYS", "0")
    assert await privacy.answer(None, "how long do you keep this?", "rest:a", output, lambda: [], "this conversation")
    assert "until you erase them" in output.messages[-1]["text"]
    assert not await privacy.answer(None, "what do you know about me?", "rest:a", output, lambda: [], "this conversation")


@pytest.fixture(scope="module")
def told(servers):
    """A conversation that told Payband a salary, an offer, a company and a distinctive word."""
    chat = Conversation(servers.url)
    for text in (
        f"I'm on 64k as a devops engineer and my cat is called {SECRET_WORD}",
        f"{COMPANY} offered 91k for a mid level role in Leeds, is that fair?",
        "write the counter email",
    ):
        chat.say(text)
    return chat


def test_no_message_amount_company_or_word_reaches_either_servers_log(servers, told):
    for log in ("rasa.log", "actions.log"):
        text = (servers.workdir / log).read_text(errors="replace")
        for private in (SECRET_WORD, "Zyxcorp", "64k", "91k", "£91,000", "64,000"):
            assert private not in text, f"{private!r} is in {log}"


# --- erasing ------------------------------------------------------------------------------------


def stored(servers, sender_id):
    with sqlite3.connect(servers.tracker_db) as db:
        return db.execute("select count(*) from events where sender_id = ?", (sender_id,)).fetchone()[0]


def test_forget_me_asks_first_then_erases_only_this_conversation(servers):
    mine, theirs = Conversation(servers.url), Conversation(servers.url)
    mine.say("senior in leeds, offered 97k")
    theirs.say("mid level in london")
    assert stored(servers, mine.sender_id) > 0

    asked = mine.say("forget me")
    assert "can't be undone" in asked and [b["payload"] for b in mine.buttons()] == [privacy.ERASE, privacy.KEEP]
    assert mine.say(privacy.KEEP) == privacy.KEPT and stored(servers, mine.sender_id) > 0  # "no" keeps everything

    mine.say("please delete my data")
    done = mine.say(privacy.ERASE)
    assert done.startswith("Done: I've erased 1 conversation")
    assert stored(servers, mine.sender_id) == 0
    assert stored(servers, theirs.sender_id) > 0  # another user's conversation is untouched
    assert "haven't told me anything" in mine.say("what do you know about me?")  # the next message starts fresh


def test_a_typed_yes_answers_forget_me_but_not_once_something_else_was_said(servers):
    chat = Conversation(servers.url)
    chat.say("mid level in york, offered 60k")
    chat.say("forget me")
    chat.say("what's the band for seniors there?")  # another question first: the erasing question is dropped
    chat.say("yes")
    assert stored(servers, chat.sender_id) > 0
    chat.say("forget everything about me")
    assert chat.say("yes").startswith("Done: I've erased 1 conversation") and stored(servers, chat.sender_id) == 0


def test_forget_the_startup_is_still_an_offer_dropped_not_an_erasure(servers):
    chat = Conversation(servers.url)
    chat.say("the bank one: 115k + 20% bonus")
    chat.say("the startup is 100k + 80k options over 4 yrs")
    reply = chat.say("forget the startup")
    assert "dropped" in reply and privacy.ERASE not in [b["payload"] for b in chat.buttons()]
    assert stored(servers, chat.sender_id) > 0


def test_delete_route_needs_the_token_and_erases_one_conversation(servers):
    chat = Conversation(servers.url)
    chat.say("junior in bristol, offered 40k")
    url = f"{servers.url}/webhooks/privacy/conversations/{chat.sender_id}"
    assert requests.delete(url, timeout=10).status_code == 401
    assert requests.delete(url, headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
    done = requests.delete(url, headers={"Authorization": f"Bearer {API_TOKEN}"}, timeout=10)
    assert done.status_code == 200 and done.json()["events_deleted"] > 0
    assert stored(servers, chat.sender_id) == 0
    again = requests.delete(url, headers={"Authorization": f"Bearer {API_TOKEN}"}, timeout=10)
    assert again.status_code == 404 and "no stored conversation" in again.json()["error"]


def test_make_forget_erases_one_conversation_from_the_command_line(servers):
    chat = Conversation(servers.url)
    chat.say("staff in london, offered 160k")
    env = {
        "TRACKER_DB": str(servers.tracker_db),
        "DB_URL": "",
        "ACTION_URL": "http://127.0.0.1:5055/webhook",
        "REDIS_URL": "",
        "ACTION_SERVER_SECRET": "x",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-m", "scripts.forget", chat.sender_id], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "stored events deleted" in done.stdout and stored(servers, chat.sender_id) == 0
    missing = subprocess.run(
        [sys.executable, "-m", "scripts.forget", "rest:nobody-" + uuid.uuid4().hex],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 1 and "nothing erased" in missing.stderr


def test_forget_me_in_slack_erases_every_conversation_of_that_user_in_the_workspace(servers, fake_slack):
    alice, bob = f"U0{uuid.uuid4().hex[:8].upper()}", f"U0{uuid.uuid4().hex[:8].upper()}"
    dm, bob_dm = f"D{uuid.uuid4().hex[:8].upper()}", f"D{uuid.uuid4().hex[:8].upper()}"
    post_event(servers.url, event_callback(message("senior in leeds", dm, user=alice)))
    fake_slack.wait_for(dm)
    thread = "1700000000.000100"
    post_event(servers.url, event_callback(message("mid in london, offered 80k", "C0PAYBAND", user=alice, ts=thread)))
    fake_slack.wait_for("C0PAYBAND", thread_ts=thread)
    post_event(servers.url, event_callback(message("junior in york", bob_dm, user=bob)))
    fake_slack.wait_for(bob_dm)
    alice_ids = [f"slack:{TEAM}:{dm}:main:{alice}", f"slack:{TEAM}:C0PAYBAND:{thread}:{alice}"]
    assert all(stored(servers, sender) > 0 for sender in alice_ids)

    post_event(servers.url, event_callback(message("forget me", dm, user=alice)))
    ask = fake_slack.wait_for(dm, count=2)[-1]
    values = [element["value"] for block in ask["blocks"] if block["type"] == "actions" for element in block["elements"]]
    assert privacy.ERASE in values and "every thread" in ask["text"]
    post_click(servers.url, privacy.ERASE, dm, ask["ts"] if "ts" in ask else "1700000001.000100", None, user=alice)
    done = fake_slack.wait_for(dm, count=3)[-1]
    assert "erased 2 conversations" in done["text"]
    assert all(stored(servers, sender) == 0 for sender in alice_ids)
    assert stored(servers, f"slack:{TEAM}:{bob_dm}:main:{bob}") > 0


def test_a_slack_user_id_in_a_log_line_is_hashed(servers, fake_slack, action_proxy):
    user, dm = f"U0{uuid.uuid4().hex[:8].upper()}", f"D{uuid.uuid4().hex[:8].upper()}"
    action_proxy.mode = "error"  # the guard logs the conversation id of a turn with no reply
    post_event(servers.url, event_callback(message(f"senior in leeds {SECRET_WORD}", dm, user=user)))
    fake_slack.wait_for(dm)
    rasa_log = (servers.workdir / "rasa.log").read_text(errors="replace")
    assert f":{dm}:main:{log_privacy.slack_user_hash(user)}" in rasa_log and user not in rasa_log
    assert SECRET_WORD not in rasa_log
