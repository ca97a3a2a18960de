"""Slack Events API and interactivity requests, signed exactly as Slack signs them."""

import hashlib
import hmac
import json
import time
import uuid
from typing import Any, Dict, Optional
from urllib.parse import urlencode

import requests

SIGNING_SECRET = "test-signing-secret"
TEAM, BOT_USER = "T0PAYBAND", "U0PAYBOT"


def sign(body: bytes, timestamp: Optional[int] = None, secret: str = SIGNING_SECRET) -> Dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), b"v0:%d:" % timestamp + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def event_callback(event: Dict[str, Any], event_id: Optional[str] = None) -> Dict[str, Any]:
    return {
        "token": "unused-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0PAYBAND",
        "type": "event_callback",
        "event": event,
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
    }


def message(
    text: str, channel: str, user: str = "U0ALICE", ts: Optional[str] = None, thread_ts: Optional[str] = None, **extra: Any
) -> Dict[str, Any]:
    event = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts or f"{time.time():.6f}",
        "channel_type": "im" if channel.startswith("D") else "channel",
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def mention(text: str, channel: str, user: str = "U0ALICE", ts: Optional[str] = None, thread_ts: Optional[str] = None) -> Dict[str, Any]:
    event = {"type": "app_mention", "channel": channel, "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts or f"{time.time():.6f}"}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def post_event(
    base_url: str,
    body: Dict[str, Any],
    headers: Optional[Dict[str, str]] = None,
    signed: bool = True,
    raw: Optional[bytes] = None,
    **sign_args: Any,
) -> requests.Response:
    data = raw if raw is not None else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json", **(sign(data, **sign_args) if signed else {}), **(headers or {})}
    return requests.post(f"{base_url}/webhooks/slack/webhook", data=data, headers=all_headers, timeout=10)


def post_click(
    base_url: str, value: str, channel: str, message_ts: str, thread_ts: Optional[str], user: str = "U0ALICE"
) -> requests.Response:
    message = {"type": "message", "ts": message_ts, "text": "Which level?"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user},
        "channel": {"id": channel},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "thread_ts": thread_ts},
        "message": message,
        "actions": [{"type": "button", "action_id": "payband_button_2", "value": value, "action_ts": f"{time.time():.6f}"}],
    }
    data = urlencode({"payload": json.dumps(payload)}).encode()
    return requests.post(
        f"{base_url}/webhooks/slack/webhook",
        data=data,
        headers={"Content-Type": "application/x-www-form-urlencoded", **sign(data)},
        timeout=10,
    )
