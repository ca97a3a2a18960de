"""Erasing what a user told Payband, from every way in.

- "forget me" (or "delete my data", ...) in REST, the terminal or Slack: Payband asks first, with two
  buttons (numbered in the terminal); "yes" erases every stored event of the user's conversations:
  over REST that conversation, in Slack every conversation of that user in that workspace (DMs and
  every thread). A typed "yes" or "no" right after the question works too. The ask and the answer
  never reach Rasa, so nothing of them is stored either. Nor does a question about how what users
  say is kept ("who can see my salary?", "how long do you keep this?"): it is answered here.
- `DELETE /webhooks/privacy/conversations/<id>` with the HTTP API token (RASA_API_TOKEN) erases one
  conversation; `make forget ID=<id>` does the same from the command line (scripts/forget.py).
Erasing takes the conversation's lock, so a message being answered at that moment is not saved
back afterwards. The words that ask for it are a cue in knowledge/cues.yml (`forget_me`).
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.render.text import plain_text
from knowledge.case import how_it_is_kept
from knowledge.cues import said
from runtime.rasa_workarounds import sql_tracker_store
from runtime.retention import retention_days

logger = logging.getLogger(__name__)

ERASE, KEEP = "/erase_my_data", "/keep_my_data"  # the two buttons' payloads
ASK = (
    "Erase everything you've told me? That deletes every stored message of {what}: your level, place, pay, "
    "offers and employers included. This can't be undone."
)
BUTTONS = [{"title": "Yes, erase it all", "payload": ERASE}, {"title": "No, keep it", "payload": KEEP}]
ERASED = "Done: I've erased {conversations} ({events} stored messages and replies). Nothing you told me before is kept."
NOTHING_STORED = "There was nothing stored to erase."
KEPT = "OK, nothing erased."
OFF = "Erasing over HTTP is off: set RASA_API_TOKEN on the server and send it as 'Authorization: Bearer <token>'."


def asks_to_be_forgotten(text: Text) -> bool:
    return said("forget_me", text)


ANSWER_WITHIN_S = 600  # a typed "yes" or "no" answers the question for this long after it was asked
_asked: Dict[Text, float] = {}  # conversation id -> when "forget me" was asked there (this process)
_YES = re.compile(
    r"^\W*(?:yes|yeah|yep|y|ok|okay|sure|please|do it|go ahead|erase(?: it)?(?: all)?|yes,? erase(?: it)?(?: all)?)\W*(?:please)?\W*$", re.I
)
_NO = re.compile(r"^\W*(?:no|nope|n|cancel|don'?t|keep(?: it)?|no,? keep(?: it)?)\W*$", re.I)


def handles(text: Text, conversation_id: Optional[Text] = None) -> bool:
    """'forget me', one of its two buttons, a typed yes/no just after it, or a question about how what
    the user says is kept ('who can see my salary?'): answered here, not by Rasa."""
    text = text.strip()
    erasing = text in (ERASE, KEEP) or asks_to_be_forgotten(text) or _typed_answer(text, conversation_id) is not None
    return erasing or said("privacy_question", text)


def dismiss(conversation_id: Text) -> None:
    """Another message came first: a later "yes" no longer answers 'forget me'."""
    _asked.pop(conversation_id, None)


def _typed_answer(text: Text, conversation_id: Optional[Text]) -> Optional[Text]:
    """ERASE or KEEP for a typed "yes"/"no" to a recent 'forget me' in this conversation, else None."""
    asked = _asked.get(conversation_id or "")
    if asked is None or time.monotonic() - asked > ANSWER_WITHIN_S:
        return None
    return ERASE if _YES.match(text) else KEEP if _NO.match(text) else None


async def erase(agent: Any, conversation_ids: List[Text]) -> int:
    """Delete every stored event of these conversations, each under its lock; how many events went."""
    store = sql_tracker_store(agent.tracker_store)
    deleted = 0
    for conversation_id in conversation_ids:
        async with agent.lock_store.lock(conversation_id):
            deleted += store.erase([conversation_id])
    logger.info("erased %d conversation(s) on request", len(conversation_ids))
    return deleted


async def answer(
    agent: Any, text: Text, conversation_id: Text, output: OutputChannel, users_conversations: Callable[[], List[Text]], what: Text
) -> bool:
    """Answer 'forget me', its two buttons (or a typed yes/no) and questions about how what users say is
    kept; False for any other message (Rasa answers it, and a pending 'forget me' is dropped)."""
    text = text.strip()
    if not handles(text, conversation_id):
        dismiss(conversation_id)
        return False
    text = _typed_answer(text, conversation_id) or text
    dismiss(conversation_id)
    if text == KEEP:
        await output.send_text_message(conversation_id, KEPT)
    elif text == ERASE:
        conversations = users_conversations()
        deleted = await erase(agent, conversations)
        count = f"{len(conversations)} conversation" + ("s" if len(conversations) != 1 else "")
        done = ERASED.format(conversations=count, events=deleted) if deleted else NOTHING_STORED
        await output.send_text_message(conversation_id, done)
    elif asks_to_be_forgotten(text):
        if len(_asked) > 10_000:
            _asked.clear()
        _asked[conversation_id] = time.monotonic()
        await output.send_text_with_buttons(conversation_id, ASK.format(what=what), BUTTONS)
    else:  # "who can see my salary?", "how long do you keep this?"
        await output.send_text_message(conversation_id, plain_text(how_it_is_kept(retention_days())))
    return True


def _token_ok(request: Request) -> Optional[HTTPResponse]:
    """None when the request carries RASA_API_TOKEN; else the 401/403 to send."""
    token = os.environ.get("RASA_API_TOKEN", "")
    if not token:
        return response.json({"error": OFF}, status=403)
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or request.args.get("token", "")
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        return response.json({"error": "missing or wrong token (RASA_API_TOKEN)"}, status=401)
    return None


class PrivacyInput(InputChannel):
    """DELETE /webhooks/privacy/conversations/<id>: one conversation's stored events erased."""

    @classmethod
    def name(cls) -> Text:
        return "privacy"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict]) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        routes = Blueprint("payband_privacy", __name__)

        @routes.route("/conversations/<conversation_id:str>", methods=["DELETE"])
        async def forget(request: Request, conversation_id: Text) -> HTTPResponse:
            refused = _token_ok(request)
            if refused is not None:
                return refused
            if not conversation_id or len(conversation_id) > 255:
                return response.json({"error": "a conversation id is 1-255 characters"}, status=400)
            deleted = await erase(request.app.ctx.agent, [conversation_id])
            if not deleted:
                return response.json({"error": "no stored conversation with that id"}, status=404)
            return response.json({"conversation_id": conversation_id, "events_deleted": deleted})

        return routes
