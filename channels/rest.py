"""Payband's REST channel: Rasa's RestInput with its input checked.

- the body must be a JSON object with a non-empty string `sender` (≤ 128
  characters) and a string `message`; anything else is a 400 with a JSON error;
- a message over MAX_MESSAGE_CHARS gets a polite reply instead of being parsed;
- control characters are removed, markup reduced to text, several questions split
  into turns and pasted pages condensed (channels/incoming.py); the replies to all
  the turns come back together, in order;
- conversation ids are namespaced "rest:<sender>", so a REST client can never
  write into a Slack conversation ("slack:..."), and the client cannot choose
  the input channel or attach metadata;
- a turn that produced no reply (action server down) gets an apology (guard.py);
- each answer is ONE message: `text` (plain text, channels/render/text.py), `reply` (the
  answer's parts, knowledge/reply.py, for clients that render them) and, when the answer has
  a chart, `image`: the chart as a data:image/png;base64 URL an <img> can show, and `image_alt`:
  the chart in words, every figure in it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
import unicodedata
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple, Union

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import privacy
from channels.guard import answer_or_apologise
from channels.incoming import prepare
from channels.parts import PartFilter
from knowledge.reply import Reply

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 10_000  # a pasted job advert or offer letter fits; incoming.py condenses it
MAX_SENDER_CHARS = 128
TOO_LONG = f'That message is too long for me (over {MAX_MESSAGE_CHARS:,} characters). Please ask in a sentence or two, for example "senior in Leeds".'
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Drop control and format characters (NUL, ESC, zero-width...) but keep newlines, tabs and emoji."""
    text = _CONTROL.sub("", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf" or ch in "\u200d").strip()


def _bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=HTTPStatus.BAD_REQUEST)


def parse_body(raw: bytes) -> Union[Dict[str, str], str]:
    """The checked (sender, message) of a request body, or the reason it is refused."""
    try:
        body = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        return 'body must be JSON: {"sender": "...", "message": "..."}'
    if not isinstance(body, dict):
        return "body must be a JSON object"
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not clean_text(sender):
        return "'sender' must be a non-empty string naming the conversation"
    if len(sender) > MAX_SENDER_CHARS:
        return f"'sender' must be at most {MAX_SENDER_CHARS} characters"
    if not isinstance(message, str):
        return "'message' must be a string"
    if not clean_text(message):
        return "'message' must not be empty"
    return {"sender": clean_text(sender), "message": message}


class ReplyCollector(CollectingOutputChannel):
    """Rasa's collector, but one message per answer (the stock one splits text at blank lines,
    cutting a table from its note) carrying the reply's parts and its chart image."""

    def __init__(self) -> None:
        super().__init__()
        self.parts = PartFilter()  # one collector per incoming message: its parts' replies, without repeats

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        kwargs.pop("buttons", None)  # Rasa passes the message's other (empty) fields along
        await self.send_text_with_buttons(recipient_id, text, [], **kwargs)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        if not self.parts.keep(text, kwargs.get("utter_action")):
            return
        message = self._message(recipient_id, text=text, buttons=buttons or None)
        if isinstance(kwargs.get("reply"), dict):
            message["reply"] = kwargs["reply"]
            image = await _chart_image(kwargs["reply"])
            if image:
                message["image"], message["image_alt"] = image
        await self._persist_message(message)


async def _chart_image(raw: Dict[Text, Any]) -> Optional[Tuple[str, str]]:
    """The reply's first chart as a PNG data URL and its alt text (every figure, in words);
    None without a chart or if it cannot be drawn."""
    try:
        charts = [part.data["chart"] for part in Reply.from_json(raw).parts if part.type == "chart"]
        if not charts:
            return None
        from channels.render.charts import cached_png, describe  # matplotlib loads only when a chart is asked for

        alt = describe(charts[0])
        png = await asyncio.to_thread(cached_png, charts[0])
    except (ValueError, KeyError) as error:  # the message can quote the user's figure: log the kind only
        logger.error("chart could not be drawn (%s)", type(error).__name__)
        return None
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii"), alt


class PaybandRestInput(RestInput):
    """POST /webhooks/rest/webhook {"sender": "...", "message": "..."} -> list of replies."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("payband_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.answer(request, on_new_message)

        return webhook

    async def answer(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> HTTPResponse:
        """Check the body, then answer every question in the message; the conversation id is
        "<channel name>:<sender>", so each channel that reuses this keeps its conversations apart."""
        checked = parse_body(request.body)
        if isinstance(checked, str):
            return _bad_request(checked)
        sender_id = f"{self.name()}:{checked['sender']}"
        if len(checked["message"]) > MAX_MESSAGE_CHARS:
            return response.json([{"recipient_id": sender_id, "text": TOO_LONG}])
        collector = ReplyCollector()
        cleaned = clean_text(checked["message"])
        agent = getattr(request.app.ctx, "agent", None)
        if agent is not None and await privacy.answer(agent, cleaned, sender_id, collector, lambda: [sender_id], "this conversation"):
            return response.json(collector.messages)  # "forget me" and its buttons never reach Rasa
        for text in prepare(cleaned) or [cleaned]:
            message = UserMessage(text, collector, sender_id, input_channel=self.name())
            await answer_or_apologise(on_new_message, message, lambda: collector.parts.answered)
            collector.parts.next_part()
        return response.json(collector.messages)
