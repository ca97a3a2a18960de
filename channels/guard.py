"""Make action-server failures visible to the user instead of silent.

Rasa logs an exception and sends nothing when a custom action cannot be run
(server down, HTTP 500, or slower than its request timeout, which Rasa fixes
at 5 minutes). Every Payband turn utters something, so a turn that produced
no reply means the action failed: the connector then sends a short apology
and logs the conversation id. Rasa has no setting for the action timeout, so
ACTION_TIMEOUT (seconds, default 10) replaces its module constant here, once,
when a Payband connector is loaded.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Awaitable, Callable

import rasa.core.actions.action as rasa_action
from rasa.core.channels.channel import UserMessage

from channels.apology import APOLOGY

logger = logging.getLogger(__name__)


def _action_timeout() -> float:
    try:
        return max(1.0, float(os.environ.get("ACTION_TIMEOUT", "10")))
    except ValueError:
        return 10.0


rasa_action.DEFAULT_REQUEST_TIMEOUT = _action_timeout()


async def answer_or_apologise(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage, replies_so_far: Callable[[], int]
) -> None:
    """Run one user message through Rasa; if it produced no reply, apologise and log why."""
    before = replies_so_far()
    try:
        await on_new_message(message)
    except Exception:  # noqa: BLE001 - anything here must still end in a reply
        logger.exception("conversation %s: handling the message failed", message.sender_id)
    if replies_so_far() == before:
        logger.error(
            "conversation %s: no reply was produced (action server unreachable, failing or slower than %ss)",
            message.sender_id,
            rasa_action.DEFAULT_REQUEST_TIMEOUT,
        )
        await message.output_channel.send_text_message(message.sender_id, APOLOGY)
