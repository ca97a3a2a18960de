"""Payband's terminal client (channels/terminal.py, behind `make chat`).

Fast tier: rendering, numbered choices and the apology, against a loopback HTTP server that
stands in for the REST channel's protocol only. Slow tier: the client in a pseudo-terminal
against the session's real Rasa and action servers, and scripts/chat.sh end to end.
"""

import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from channels import terminal
from channels.terminal import APOLOGY, buttons_of, choose, render_message, turn
from tests import figures
from tests.support.http_reply import send_json

ROOT = Path(__file__).resolve().parent.parent
LEVEL_BUTTONS = [
    {"title": "Junior MLOps Engineer (0–2 years)", "payload": '/give_details{"level": "junior"}'},
    {"title": "Mid-level MLOps Engineer (2–5 years)", "payload": '/give_details{"level": "mid"}'},
    {"title": "Senior MLOps Engineer (5–8 years)", "payload": '/give_details{"level": "senior"}'},
    {"title": "Staff / Principal MLOps Engineer (8+ years)", "payload": '/give_details{"level": "staff"}'},
]
MID_LONDON = f"Mid-level MLOps Engineer (2–5 years), London: {figures.span('mid', 'london')}"
SENIOR_REST = f"Senior MLOps Engineer (5–8 years), Rest of UK: {figures.span('senior', 'rest_of_uk')}"
QUARTER_UP = figures.point("mid", "london", 0.25)  # a figure a quarter of the way up the mid London band
EMAIL = "Hi Sam,\n\nThank you for the offer. Could we discuss a base of £95,000?\n\nBest,\nAlex"


class FakeRest:
    """A loopback stand-in for POST /webhooks/rest/webhook: answers `replies` (or a fault) and records bodies."""

    def __init__(self) -> None:
        self.replies, self.mode, self.received = [], "ok", []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                fake.received.append((self.path, json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
                if fake.mode == "hang":
                    time.sleep(2)
                    return
                status, data = {
                    "ok": (200, json.dumps(fake.replies).encode()),
                    "error": (500, b'{"error": "boom"}'),
                    "html": (200, b"<html>not json</html>"),
                    "object": (200, b'{"text": "not a list"}'),
                }[fake.mode]
                send_json(self, status, data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def rest():
    fake = FakeRest()
    yield fake
    fake.server.shutdown()


def test_render_message_prints_text_as_it_is():
    table = f"Level      London\nJunior     {figures.span('junior', 'london')}"
    assert render_message({"recipient_id": "rest:x", "text": table}) == table
    assert render_message({"recipient_id": "rest:x"}) == ""


def test_a_draft_keeps_the_copy_markers_of_the_plain_text():
    from channels.render.text import plain_text
    from knowledge import reply

    text = plain_text(reply.of(reply.text("Here is a counter-offer email:"), reply.draft("email", EMAIL)))
    shown = render_message({"text": text})
    assert shown.count("Thank you for the offer") == 1
    assert "----- email: copy from the next line -----\nHi Sam," in shown and shown.endswith("Alex\n----- end of email -----")


def test_an_image_gets_a_note_only_when_there_is_one():
    assert render_message({"text": "Bands in London", "image": "https://example.test/chart.png"}).endswith(
        "(REST and Slack clients get this chart as an image too)"
    )
    assert "image" not in render_message({"text": "Bands in London"})


def test_buttons_are_numbered_across_messages_and_a_number_sends_the_payload():
    buttons = buttons_of([{"text": "Which level?", "buttons": LEVEL_BUTTONS[:2]}, {"buttons": LEVEL_BUTTONS[2:]}, {"text": "no buttons"}])
    assert buttons == LEVEL_BUTTONS
    assert choose("2", buttons) == '/give_details{"level": "mid"}'
    for typed in ("0", "5", "2 years", "senior"):
        assert choose(typed, buttons) == typed
    assert choose("1", []) == "1"


def test_a_turn_shows_numbered_choices_without_payloads_and_the_next_number_picks_one(rest):
    rest.replies = [
        {"recipient_id": "rest:t", "text": "Which level? Pick one, or tell me your years of experience.", "buttons": LEVEL_BUTTONS}
    ]
    shown, buttons = turn(rest.url, "terminal-test", "what should I earn?", 5, [])
    assert "  1) Junior MLOps Engineer (0–2 years)\n  2) Mid-level MLOps Engineer (2–5 years)" in shown
    assert "/give_details" not in shown and len(buttons) == 4
    rest.replies = [{"recipient_id": "rest:t", "text": MID_LONDON}]
    shown, buttons = turn(rest.url, "terminal-test", "2", 5, buttons)
    assert figures.span("mid", "london") in shown and buttons == []
    assert rest.received == [
        ("/webhooks/rest/webhook", {"sender": "terminal-test", "message": "what should I earn?"}),
        ("/webhooks/rest/webhook", {"sender": "terminal-test", "message": '/give_details{"level": "mid"}'}),
    ]


@pytest.mark.parametrize("mode", ["error", "html", "object", "empty", "hang"])
def test_a_failed_turn_gets_the_apology_and_drops_the_choices(rest, mode):
    rest.mode, rest.replies = ("ok", []) if mode == "empty" else (mode, [])
    started = time.monotonic()
    assert turn(rest.url, "terminal-test", "1", 0.3, LEVEL_BUTTONS) == (APOLOGY, [])
    assert time.monotonic() - started < 1.5  # the timeout, not the server, ends a hung turn


def test_an_unreachable_server_gets_the_apology():
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert turn(f"http://127.0.0.1:{port}", "terminal-test", "senior in leeds", 2, []) == (APOLOGY, [])


def test_the_apology_is_the_guards():
    from channels.guard import APOLOGY as GUARD_APOLOGY

    assert APOLOGY == GUARD_APOLOGY


def _repl(monkeypatch, capsys, lines, url):
    """Run main() on scripted input lines; an exception instance is raised in place of a line."""
    script = iter(lines)

    def fake_input(prompt=""):
        item = next(script)
        if isinstance(item, BaseException):
            raise item
        return item

    monkeypatch.setattr("builtins.input", fake_input)
    assert terminal.main(["--url", url, "--sender", "terminal-test", "--timeout", "2"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "leave", ["/stop", "exit", "QUIT", EOFError(), KeyboardInterrupt()], ids=["stop", "exit", "QUIT", "ctrl-d", "ctrl-c"]
)
def test_the_repl_greets_ignores_empty_input_and_leaves_cleanly(rest, monkeypatch, capsys, leave):
    rest.replies = [{"recipient_id": "rest:terminal-test", "text": SENIOR_REST}]
    out = _repl(monkeypatch, capsys, ["", "   ", "senior in leeds", leave, "never read"], rest.url)
    assert out.startswith("Payband:") and "/stop" in out.splitlines()[1]
    assert figures.span("senior", "rest_of_uk") in out and out.rstrip().endswith(terminal.GOODBYE)
    assert [body["message"] for _, body in rest.received] == ["senior in leeds"]


def test_the_default_sender_is_a_fresh_terminal_id(rest, monkeypatch):
    rest.replies = [{"text": "hi"}]
    lines = iter(["hello", "exit", "hello", "exit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    terminal.main(["--url", rest.url])
    terminal.main(["--url", rest.url])
    senders = [body["sender"] for _, body in rest.received]
    assert all(s.startswith("terminal-") and len(s) > len("terminal-") for s in senders) and senders[0] != senders[1]


# --- slow tier: the real servers -------------------------------------------------------------


def _spawn_client(url: str):
    import pexpect

    child = pexpect.spawn(sys.executable, ["-m", "channels.terminal", "--url", url], cwd=str(ROOT), encoding="utf-8", timeout=60)
    child.expect("to leave")
    return child


def _say(child, line: str) -> str:
    """Send a line and return what was printed up to the next prompt."""
    child.sendline(line)
    child.expect(r"\nYou: ")
    return child.before


def _leave(child) -> None:
    import pexpect

    child.sendline("/stop")
    child.expect(terminal.GOODBYE)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.slow
def test_terminal_client_against_the_real_servers(rasa_server):
    child = _spawn_client(rasa_server)
    child.expect(r"\nYou: ")
    asked = _say(child, "what should I earn?")
    assert "1) Junior MLOps Engineer (0–2 years)" in asked and "4) Staff / Principal MLOps Engineer (8+ years)" in asked
    asked_again = _say(child, "2")  # Mid-level; then the place is asked the same way
    assert "1) London" in asked_again and "2) Rest of UK" in asked_again
    assert not any("/give_details" in shown or "payload" in shown for shown in (asked, asked_again))
    assert MID_LONDON in _say(child, "1")
    assert SENIOR_REST in _say(child, "senior in leeds")
    _leave(child)


@pytest.mark.slow
def test_negotiation_help_reads_right_in_the_terminal(rasa_server):
    child = _spawn_client(rasa_server)
    child.expect(r"\nYou: ")
    total = _say(child, "88k base with a 10% bonus and £15k RSUs a year, total? mid level in london")
    assert "Total a year  £111,800" in total  # the breakdown table's columns line up
    position = _say(child, f"where in the band does {figures.k(QUARTER_UP)} put me?")
    assert "25% of the way up" in position and f"▼ Your figure {figures.pounds(QUARTER_UP)}" in position and "█" in position
    email = _say(child, "write me the counter offer email")
    assert "----- Counter-offer email: copy from the next line -----" in email and "----- end of Counter-offer email -----" in email
    _leave(child)


@pytest.mark.slow
def test_the_case_in_the_terminal_offers_by_number_and_start_over_asked_first(rasa_server):
    child = _spawn_client(rasa_server)
    child.expect(r"\nYou: ")
    _say(child, "senior in leeds")
    _say(child, "the bank one: 115k base and 20% bonus")
    _say(child, "the startup is 100k base with 80k RSUs over 4 years")
    which = _say(child, "write me the counter email")
    assert "Which offer do you mean?" in which and "1) the bank one: £115,000 base, 20% bonus" in which and "2) the startup" in which
    email = _say(child, "2")  # the startup, by its number
    assert "----- Counter-offer email" in email and "£100,000" in email
    asked = _say(child, "start over")
    assert "can't be undone" in asked and "1) Yes, clear it" in asked and "2) No, keep it" in asked
    assert "cleared everything" in _say(child, "1")
    assert "haven't told me anything" in _say(child, "what do you know about me?")
    _leave(child)


@pytest.mark.slow
def test_forget_me_in_the_terminal_is_a_numbered_question_then_erases(servers):
    import sqlite3

    child = _spawn_client(servers.url)
    child.expect(r"\nYou: ")
    _say(child, "senior in leeds, offered 97k")
    asked = _say(child, "forget me")
    assert "can't be undone" in asked and "1) Yes, erase it all" in asked and "2) No, keep it" in asked
    assert "Done: I've erased 1 conversation" in _say(child, "1")
    assert "haven't told me anything" in _say(child, "what do you know about me?")
    _leave(child)
    with sqlite3.connect(servers.tracker_db) as db:  # the client's conversation holds only what came after the erasing
        texts = [row[0] for row in db.execute("select data from events where type_name = 'user' and sender_id like 'rest:terminal-%'")]
    assert not any("97k" in text for text in texts)


@pytest.mark.slow
def test_two_roles_weighed_in_the_terminal(rasa_server):
    child = _spawn_client(rasa_server)
    child.expect(r"\nYou: ")
    both = _say(child, "I'm weighing staff in Bristol or senior in London")
    assert figures.span("staff", "rest_of_uk") in both and figures.span("senior", "london") in both
    latter = _say(child, "the latter")
    assert figures.span("senior", "london") in latter and figures.span("staff", "rest_of_uk") not in latter
    assert "Weighing: Staff in Rest of UK or Senior in London" in _say(child, "what do you know about me?")
    _leave(child)


@pytest.mark.slow
def test_terminal_client_apologises_when_the_action_server_is_down(rasa_server, action_proxy):
    child = _spawn_client(rasa_server)
    child.expect(r"\nYou: ")
    action_proxy.mode = "down"
    assert APOLOGY in _say(child, "senior in leeds")
    action_proxy.mode = "pass"
    assert figures.span("senior", "rest_of_uk") in _say(child, "senior in leeds")  # the chat carries on
    _leave(child)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_chat_script_starts_answers_and_stops_both_servers(tmp_path):
    import pexpect

    port, action_port = int(os.environ.get("TEST_RASA_PORT", "5105")) + 1, int(os.environ.get("TEST_ACTION_PORT", "5155")) + 1
    env = {**os.environ, "PORT": str(port), "ACTION_PORT": str(action_port), "TRACKER_DB": str(tmp_path / "conversations.db")}
    child = pexpect.spawn("scripts/chat.sh", cwd=str(ROOT), env=env, encoding="utf-8", timeout=240)
    try:
        child.expect(r"to leave\.\s+You: ")
        assert figures.span("junior", "rest_of_uk") in _say(child, "junior in Cardiff")
        child.sendeof()  # Ctrl-D
        child.expect(terminal.GOODBYE)
        child.expect(pexpect.EOF, timeout=60)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    time.sleep(1)
    assert not _listening(port) and not _listening(action_port)
