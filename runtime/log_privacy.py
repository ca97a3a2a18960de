"""Keep what users type out of the logs of every Payband process, whatever logs it.

Payband's own log lines name conversations by id only (tests/test_actions.py checks that). Two
things could still carry personal data into a log at the default level:
- Rasa logs a failed custom action at ERROR with the action server's reply, and rasa-sdk's reply
  to an action that raised echoes the whole request (`request_body`: the tracker, with every
  message and salary of the conversation);
- Slack conversation ids hold the Slack user id ("slack:T1:C1:ts:U123"), which names a person.
So every log record, from any library, is rewritten when it is created: anything from a request or
tracker body onwards is replaced by a note, and Slack user ids become a short one-way hash (still
the same for one user, so a conversation can be followed). `install()` runs in both servers
(runtime/launch.py, actions/server.py); a server's DEBUG logging is not covered (README: Privacy).
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

REMOVED = "[message content removed: personal data]"
_PAYLOAD = re.compile(r"""body\s*=|request_body|["'](?:text|tracker|latest_message|events|slots)["']\s*:""")
_SLACK_USER = re.compile(r"(?<![A-Za-z0-9_])[UW](?=[A-Z0-9]*\d)[A-Z0-9]{8,11}(?![A-Za-z0-9_])")  # 'U0123ABCD', never 'UNAVAILABLE'
_FORMATTER = logging.Formatter()


def slack_user_hash(user_id: str) -> str:
    """'U123ABC456' -> 'user-3f2a9c41d0': the same user gives the same hash, which can't be turned back."""
    return "user-" + hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:10]


def redact(text: str) -> str:
    """A log line without message content (from the first request or tracker body on) or Slack user ids."""
    found = _PAYLOAD.search(text)
    if found:
        text = text[: found.start()] + REMOVED
    return _SLACK_USER.sub(lambda m: slack_user_hash(m.group()), text)


def install() -> None:
    """Rewrite every log record as it is made (idempotent)."""
    make = logging.getLogRecordFactory()
    if getattr(make, "payband_private", False):
        return

    def private_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            record.msg, record.args = redact(record.getMessage()), ()
        except Exception:  # noqa: BLE001 - a message that can't be formatted is logged as its bare template
            record.msg, record.args = redact(str(record.msg)), ()
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact(_FORMATTER.formatException(record.exc_info))
        return record

    private_record.payband_private = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(private_record)
