"""Payband's Slack connector: Rasa's stock SlackInput, with its known gaps closed.

Differences from rasa.core.channels.slack.SlackInput (and why):
- every retry (X-Slack-Retry-Num, any reason) is acknowledged and dropped, and an
  event_id or (channel, ts) seen before is not processed again: no duplicate
  replies, and a mention that arrives as both app_mention and message is answered once;
- a conversation is one user in one thread (team, channel, thread, user), so slots
  never leak between threads or users, and every id starts with "slack:";
- replies go into the thread of the message in channels, as ONE message per answer:
  Block Kit rendered from the reply's parts (channels/render/slack.py), never from its text;
- charts are uploaded into the thread as PNG images (files_upload_v2), the text chart if that fails;
- buttons are Block Kit (≤ 5) and a click continues the conversation it came from;
- edits, deletions, bot messages (ours included) and files without text are ignored;
- the Web API base URL comes from SLACK_API_URL so tests and staging can point it elsewhere;
- a turn with no reply (action server down or slow) gets an apology (channels/guard.py);
- the text is prepared as for REST (channels/incoming.py): Slack markup and HTML reduced
  to words (links keep their label), several questions answered in turn, pasted pages condensed.
Signature checks (400 on missing, wrong or >5 min old) reuse the stock implementation.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from channels import privacy
from channels.apology import APOLOGY
from channels.dedupe import recent_keys
from channels.guard import answer_or_apologise
from channels.incoming import prepare
from channels.parts import PartFilter
from channels.render.slack import slack_escape, slack_message
from channels.slack_files import upload_png
from knowledge.reply import Reply
from runtime.rasa_workarounds import sql_tracker_store

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
MAX_BUTTONS = 5
MAX_MESSAGE_CHARS = 10_000  # as the REST channel: longer text is cut, then condensed
MENTION = re.compile(r"<@[A-Z0-9]+(\|[^>]*)?>")  # "<@U123> senior in leeds": mentions carry no meaning for Payband
SLACK_SCOPE = "all your conversations with me in this workspace (direct messages and every thread)"
IGNORED_SUBTYPES = {"message_changed", "message_deleted", "bot_message", "channel_join", "channel_leave", "message_replied"}


class PaybandSlackBot(OutputChannel):
    """Posts one mrkdwn message per answer into the conversation's channel and thread."""

    @classmethod
    def name(cls) -> Text:
        return "slack"

    def __init__(self, client: AsyncWebClient, channel: Text, thread_ts: Optional[Text]) -> None:
        self.client, self.channel, self.thread_ts = client, channel, thread_ts
        self.parts = PartFilter()  # the guard apologises when a part produced no reply at all

    async def _post(self, **kwargs: Any) -> None:
        if self.thread_ts:
            kwargs["thread_ts"] = self.thread_ts
        await self.client.chat_postMessage(channel=self.channel, **kwargs)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        kwargs.pop("buttons", None)  # Rasa passes the message's other (empty) fields along
        await self.send_text_with_buttons(recipient_id, text, [], **kwargs)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        if not self.parts.keep(text, kwargs.get("utter_action")):
            return
        reply = _reply_of(kwargs)
        if reply is not None:
            message = slack_message(reply, with_charts=False)
        else:  # a templated response from domain.yml: plain text
            message = {"text": slack_escape(text), "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": slack_escape(text)}}]}
        if len(buttons) > MAX_BUTTONS:  # Slack would drop them all: list them as text instead
            listed = "\n".join(f"• {slack_escape(button['title'])}" for button in buttons)
            message["text"] += "\n" + listed
            message["blocks"].append({"type": "section", "text": {"type": "mrkdwn", "text": listed}})
        elif buttons:
            message["blocks"].append(
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": button["title"][:75]},
                            "value": button["payload"],
                            "action_id": f"payband_button_{n}",
                        }
                        for n, button in enumerate(buttons)
                    ],
                }
            )
        if message["blocks"] and (message["text"].strip() or buttons):
            await self._post(text=message["text"], blocks=message["blocks"], mrkdwn=True)
        for part in reply.parts if reply is not None else []:
            if part.type == "chart":
                await self._send_chart(part.data["chart"], part)

    async def _send_chart(self, chart: Dict[Text, Any], part: Any) -> None:
        """The chart as an image in the thread; its text version if rendering or the upload fails."""
        from channels.render.charts import cached_png

        try:
            png = await asyncio.to_thread(cached_png, chart)
            uploaded = await upload_png(self.client, self.channel, self.thread_ts, png, title=str(chart.get("title") or "Chart"))
        except ValueError as error:  # the message can quote the user's figure: log the kind only
            logger.error("chart could not be drawn (%s)", type(error).__name__)
            uploaded = False
        if not uploaded:
            fallback = slack_message(Reply([part]))
            await self._post(text=fallback["text"], blocks=fallback["blocks"], mrkdwn=True)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._post(text=image)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._post(**json_message)


def _reply_of(message: Dict[Text, Any]) -> Optional[Reply]:
    """The reply parts an action sent with this message (actions/say.py), if any."""
    try:
        return Reply.from_json(message["reply"]) if message.get("reply") is not None else None
    except ValueError:
        logger.warning("a message carried a malformed reply; sent as text")
        return None


class PaybandSlackInput(InputChannel):
    """Events API + interactivity endpoint at /webhooks/slack/webhook."""

    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        token, secret = credentials.get("slack_token"), credentials.get("slack_signing_secret")
        if not token or not secret:
            cls.raise_missing_credentials_exception()
        return cls(
            token,
            secret,
            credentials.get("slack_channel") or None,
            credentials.get("slack_api_url") or os.environ.get("SLACK_API_URL") or DEFAULT_API_URL,
        )

    def __init__(self, token: Text, signing_secret: Text, listen_channel: Optional[Text] = None, api_url: Text = DEFAULT_API_URL) -> None:
        self.client = AsyncWebClient(token=token, base_url=api_url if api_url.endswith("/") else api_url + "/")
        self.listen_channel = listen_channel
        self._signature = SlackInput(token, slack_signing_secret=signing_secret)  # the stock HMAC + 5-minute check
        self._seen = recent_keys()  # in Redis when REDIS_URL is set: shared by every replica
        self._tasks: Set[asyncio.Task] = set()
        self._agent: Any = None

    # --- what a delivery means --------------------------------------------------------

    @staticmethod
    def _is_dm(channel: Text, channel_type: Optional[Text] = None) -> bool:
        return channel_type == "im" or channel.startswith("D")

    @staticmethod
    def conversation(team: Text, channel: Text, thread: Optional[Text], user: Text) -> Text:
        return f"slack:{team}:{channel}:{thread or 'main'}:{user}"

    def _bot_user(self, body: Dict[Text, Any]) -> Optional[Text]:
        authorizations = body.get("authorizations") or []
        return authorizations[0].get("user_id") if authorizations and isinstance(authorizations[0], dict) else None

    def _wanted(self, body: Dict[Text, Any], event: Dict[Text, Any]) -> bool:
        """DMs, @mentions, and plain channel messages only in the configured channel."""
        if event.get("type") not in ("message", "app_mention") or event.get("bot_id") or not isinstance(event.get("text"), str):
            return False
        if event.get("subtype") in IGNORED_SUBTYPES or not event["text"].strip() or not event.get("user") or not event.get("channel"):
            return False
        if event.get("user") == self._bot_user(body):
            return False
        if event["type"] == "app_mention" or self._is_dm(event["channel"], event.get("channel_type")):
            return True
        bot = self._bot_user(body)
        return (self.listen_channel is not None and event["channel"] == self.listen_channel) or (
            bot is not None and f"<@{bot}>" in event["text"]
        )

    async def _duplicate(self, request: Request, body: Dict[Text, Any], event: Dict[Text, Any]) -> bool:
        """Seen before, here or (with REDIS_URL) on another replica. A retry of a delivery no replica
        recorded (it failed before its acknowledgement) is answered: dropping it would answer nothing."""
        keys = [("message", event.get("channel"), event.get("ts"))]
        if body.get("event_id"):
            keys.append(("event", body["event_id"]))
        if not await self._seen.seen(*keys):  # both recorded at once: see channels/dedupe.py
            return False
        if request.headers.get("X-Slack-Retry-Num"):
            logger.info(
                "Slack retry #%s (%s) of a delivery already received: acknowledged and dropped",
                request.headers.get("X-Slack-Retry-Num"),
                request.headers.get("X-Slack-Retry-Reason"),
            )
        return True

    # --- processing, after the acknowledgement ------------------------------------------

    def _dispatch(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: Text,
        team: Text,
        channel: Text,
        user: Text,
        thread: Optional[Text],
        reply_thread: Optional[Text],
    ) -> None:
        output = PaybandSlackBot(self.client, channel, reply_thread)
        conversation_id = self.conversation(team, channel, thread, user)
        if self._agent is not None and privacy.handles(text, conversation_id):  # "forget me" and its buttons never reach Rasa
            self._track(self._forget(text, conversation_id, output, team, user))
            return
        privacy.dismiss(conversation_id)
        messages = [
            UserMessage(
                part,
                output,
                self.conversation(team, channel, thread, user),
                input_channel=self.name(),
                metadata={"channel": channel, "thread_ts": reply_thread},
            )
            for part in prepare(text[:MAX_MESSAGE_CHARS]) or [text[:MAX_MESSAGE_CHARS]]
        ]
        self._track(self._handle(on_new_message, messages))

    def _track(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _forget(self, text: Text, conversation_id: Text, output: "PaybandSlackBot", team: Text, user: Text) -> None:
        """'forget me' in Slack: every conversation of this user in this workspace (DMs and every thread)."""
        store = sql_tracker_store(self._agent.tracker_store)
        try:
            await privacy.answer(
                self._agent, text, conversation_id, output, lambda: store.conversations(f"slack:{team}:", f":{user}"), SLACK_SCOPE
            )
        except Exception:  # the database is down: say so rather than stay silent
            logger.exception("conversation %s: could not erase", conversation_id)
            await output.send_text_message(conversation_id, APOLOGY)

    @staticmethod
    async def _handle(on_new_message: Callable[[UserMessage], Awaitable[Any]], messages: List[UserMessage]) -> None:
        """The turns of one Slack message, one after the other, so their answers post in order."""
        for message in messages:
            output = message.output_channel
            try:
                await answer_or_apologise(on_new_message, message, lambda output=output: output.parts.answered)
                output.parts.next_part()
            except Exception:  # posting the apology failed too: Slack is unreachable; nothing more to do
                logger.exception("conversation %s: could not reply on Slack", message.sender_id)
                return

    def _on_event(self, body: Dict[Text, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        event = body["event"]
        text = MENTION.sub(" ", event["text"])
        channel = event["channel"]
        if self._is_dm(channel, event.get("channel_type")):
            thread = reply_thread = event.get("thread_ts")
        else:
            thread = reply_thread = event.get("thread_ts") or event.get("ts")
        self._dispatch(
            on_new_message, text, str(body.get("team_id") or event.get("team") or "T"), channel, event["user"], thread, reply_thread
        )

    def _on_interaction(self, payload: Dict[Text, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> bool:
        actions = payload.get("actions") or []
        value = actions[0].get("value") if actions and isinstance(actions[0], dict) else None
        channel = (payload.get("channel") or {}).get("id") or (payload.get("container") or {}).get("channel_id")
        user = (payload.get("user") or {}).get("id")
        if not (isinstance(value, str) and channel and user):
            return False
        message = payload.get("message") or {}
        thread = message.get("thread_ts") or (payload.get("container") or {}).get("thread_ts")
        if not thread and not self._is_dm(channel):
            thread = message.get("ts")
        team = (payload.get("team") or {}).get("id") or "T"
        self._dispatch(on_new_message, value, team, channel, user, thread, thread)
        return True

    # --- HTTP ------------------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = Blueprint("payband_slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            self._agent = getattr(request.app.ctx, "agent", None)  # erasing needs its tracker store (channels/privacy.py)
            if not self._signature.is_request_from_slack_authentic(request):
                return response.json({"error": "invalid or stale Slack signature"}, status=HTTPStatus.BAD_REQUEST)
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            if content_type == "application/x-www-form-urlencoded":
                try:
                    payload = json.loads(request.form.get("payload") or "")
                except (TypeError, ValueError):
                    return response.json({"error": "payload is not JSON"}, status=HTTPStatus.BAD_REQUEST)
                if not isinstance(payload, dict):
                    return response.json({"error": "payload must be an object"}, status=HTTPStatus.BAD_REQUEST)
                if request.headers.get("X-Slack-Retry-Num"):
                    return response.text("")
                self._on_interaction(payload, on_new_message)
                return response.text("")
            try:
                body = json.loads(request.body or b"")
            except (TypeError, ValueError):
                return response.json({"error": "body is not JSON"}, status=HTTPStatus.BAD_REQUEST)
            if not isinstance(body, dict):
                return response.json({"error": "body must be a JSON object"}, status=HTTPStatus.BAD_REQUEST)
            if body.get("type") == "url_verification":
                return response.json({"challenge": body.get("challenge")})
            event = body.get("event")
            if body.get("type") != "event_callback" or not isinstance(event, dict) or not self._wanted(body, event):
                return response.text("")
            if await self._duplicate(request, body, event):
                return response.text("", headers={"X-Slack-No-Retry": "1"})
            self._on_event(body, on_new_message)
            return response.text("")

        return slack_webhook
