"""Payband in the terminal: a small REPL over the REST channel (`make chat`).

Why not `rasa shell`: it prints raw button payloads and stays silent when an action
fails. This client speaks the REST webhook every other client uses, so what you see
is what REST users get: buttons become numbered choices and any failure, on the
server or on the way to it, ends in Payband's own apology.

    python -m channels.terminal --url http://127.0.0.1:5005 [--sender NAME] [--timeout 30]
"""

from __future__ import annotations

import argparse
import http.client
import json
import secrets
import urllib.request
from typing import Any, Dict, List, Optional, Tuple

from channels.apology import APOLOGY

GREETING = (
    'Payband: UK MLOps salaries from the 2026 benchmark. Ask e.g. "senior in Leeds", "is 70k fair for a mid-level in London?"\n'
    'or "negotiation tips". Type a number to pick a choice; /stop, exit or Ctrl-D to leave.'
)
GOODBYE = "Bye. Good luck with the negotiation!"
LEAVE = {"/stop", "exit", "quit"}
IMAGE_NOTE = "(REST and Slack clients get this chart as an image too)"


def render_message(message: Dict[str, Any]) -> str:
    """One REST message as terminal text. `text` is the reply's plain rendering
    (channels/render/text.py): aligned tables, drafts between copy markers, charts as
    unicode bars; an image that comes with it gets a one-line note."""
    text = message.get("text") if isinstance(message.get("text"), str) else ""
    if message.get("image"):
        text = "\n".join(filter(None, [text, IMAGE_NOTE]))
    return text


def buttons_of(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """All buttons of one reply, in order: they are numbered across its messages."""
    found = [b for m in messages for b in (m.get("buttons") or []) if isinstance(b, dict)]
    return [b for b in found if isinstance(b.get("payload"), str)]


def render_choices(buttons: List[Dict[str, Any]]) -> str:
    return "\n".join(f"  {n}) {b.get('title') or b['payload']}" for n, b in enumerate(buttons, 1))


def choose(line: str, buttons: List[Dict[str, Any]]) -> str:
    """A number picks that button's payload; anything else is sent as typed."""
    if line.isdecimal() and line.isascii() and 1 <= int(line) <= len(buttons):
        return buttons[int(line) - 1]["payload"]
    return line


def post(url: str, sender: str, message: str, timeout: float) -> List[Dict[str, Any]]:
    """One turn over REST; raises (OSError, ValueError, HTTPException) on anything but a 2xx list of messages."""
    webhook = url if url.rstrip("/").endswith("/webhooks/rest/webhook") else url.rstrip("/") + "/webhooks/rest/webhook"
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(webhook, data=body, headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # non-2xx raises HTTPError (an OSError)
        messages = json.loads(response.read().decode("utf-8"))
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise ValueError("the REST channel did not answer with a list of messages")
    return messages


def turn(url: str, sender: str, line: str, timeout: float, buttons: List[Dict[str, Any]]) -> Tuple[str, List[Dict[str, Any]]]:
    """Send a line (or the payload of the button it numbers); return the text to print and the new buttons."""
    try:
        messages = post(url, sender, choose(line, buttons), timeout)
    except (OSError, ValueError, http.client.HTTPException):
        return APOLOGY, []
    new_buttons = buttons_of(messages)
    shown = "\n".join(filter(None, [render_message(m) for m in messages] + [render_choices(new_buttons)]))
    return (shown or APOLOGY), new_buttons


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m channels.terminal", description="Chat with Payband over its REST channel.")
    parser.add_argument("--url", default="http://127.0.0.1:5005", help="the Rasa server (default %(default)s)")
    parser.add_argument("--sender", default=f"terminal-{secrets.token_hex(4)}", help="conversation id (default: a fresh one)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a reply (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        import readline  # noqa: F401 - line editing and history for input(), where available
    except ImportError:
        pass
    print(GREETING)
    buttons: List[Dict[str, Any]] = []
    try:
        while True:
            line = input("\nYou: ").strip()
            if line.lower() in LEAVE:
                break
            if line:
                shown, buttons = turn(args.url, args.sender, line, args.timeout, buttons)
                print(shown)
    except (EOFError, KeyboardInterrupt):
        print()
    print(GOODBYE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
