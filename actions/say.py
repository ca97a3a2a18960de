"""How an action sends a reply: its parts for channels that render them (REST's `reply` field,
Slack's blocks) and its plain text for any channel that does not (rasa shell)."""

from __future__ import annotations

from typing import Any, Dict

from rasa_sdk.executor import CollectingDispatcher

from channels.render.text import plain_text
from knowledge.reply import Reply

REPLY_KEY = "reply"  # the message field that carries the parts (Rasa passes unknown fields through as metadata)


def say(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(text=plain_text(reply), **{REPLY_KEY: reply.to_json()})


def prefix(message: Dict[str, Any], first: Reply) -> bool:
    """Put `first` at the start of an already-sent reply message; False if the message is not one."""
    if not isinstance(message.get(REPLY_KEY), dict):
        return False
    combined = first + Reply.from_json(message[REPLY_KEY])
    message["text"], message[REPLY_KEY] = plain_text(combined), combined.to_json()
    return True
