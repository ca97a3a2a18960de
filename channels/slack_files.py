"""Chart images into Slack threads.

A chart is an extra to a text answer: if Slack refuses or cannot be reached, the reply must still go out,
so upload_png reports failure with False instead of raising, and logs only the error kind (never the
message text, the title or anyone's figures). It uses slack_sdk's files_upload_v2 (files.getUploadURLExternal,
POST of the bytes to the returned URL, files.completeUploadExternal), the only upload API Slack still serves;
the bot needs the files:write scope (slack/manifest.yml).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Optional

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

logger = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def upload_png(
    client: AsyncWebClient,
    channel: str,
    thread_ts: Optional[str],
    png: bytes,
    title: str,
    filename: str = "payband-chart.png",
    comment: Optional[str] = None,
) -> bool:
    """Share a PNG in a channel (in the thread of `thread_ts` if given). True once Slack has it; False if the
    upload failed (logged). Raises ValueError for bytes that are not a PNG: that is a bug in the caller."""
    if not isinstance(png, (bytes, bytearray)) or bytes(png[:8]) != PNG_SIGNATURE:
        raise ValueError("upload_png needs PNG bytes")
    try:
        await client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            file=bytes(png),
            filename=filename,
            title=title,
            initial_comment=comment,
        )
    except SlackApiError as e:
        logger.warning("Slack refused a chart upload to %s: %s", channel, _error_code(e))
        return False
    except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError) as e:
        logger.warning("chart upload to %s failed: %s", channel, type(e).__name__)
        return False
    return True


def _error_code(error: SlackApiError) -> str:
    """Slack's error code ("invalid_auth", "missing_scope"...), or the HTTP status when the body was not Slack's JSON."""
    data = getattr(error.response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"status {getattr(error.response, 'status_code', getattr(error.response, 'status', '?'))}"
