"""Erasing what a user told Payband, from every way in.

- "forget me" (or "delete my data", ...) in REST, the terminal or Slack: Payband asks first, with two
  buttons (numbered in the terminal); "yes" erases every stored event of the user's conversations:
  over REST that conversation, in Slack every conversation of that user in that workspace (DMs and
  every thread). The ask and the answer never reach Rasa, so nothing of them is stored either.
- `DELETE /webhooks/privacy/conversations/<id>` with the HTTP API token (RASA_API_TOKEN) erases one
  conversation; `make forget ID=<id>` does the same from the command line (scripts/forget.py).
Erasing takes the conversation's lock, so a message being answered at that moment is not saved
back afterwards. The words that ask for it are a cue in knowledge/cues.yml (`forget_me`).
"""

from __future__ import annotations

import hmac
import logging
import os
from typing import Any, Awaitable, Callable, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from knowledge.cues import said
from runtime.rasa_workarounds import sql_tracker_store

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


def handles(text: Text) -> bool:
    """'forget me', or one of its two buttons: answered here, not by Rasa."""
    return text.strip() in (ERASE, KEEP) or asks_to_be_forgotten(text)


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
    """Answer 'forget me' and its two buttons; False for any other message (Rasa answers it)."""
    text = text.strip()
    if not handles(text):
        return False
    if text == KEEP:
        await output.send_text_message(conversation_id, KEPT)
        return True
    if text == ERASE:
        conversations = users_conversations()
        deleted = await erase(agent, conversations)
        if not deleted:
            await output.send_text_message(conversation_id, NOTHING_STORED)
        else:
            count = f"{len(conversations)} conversation" + ("s" if len(conversations) != 1 else "")
            await output.send_text_message(conversation_id, ERASED.format(conversations=count, events=deleted))
        return True
    if asks_to_be_forgotten(text):
        await output.send_text_with_buttons(conversation_id, ASK.format(what=what), BUTTONS)
        return True
    return False


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
