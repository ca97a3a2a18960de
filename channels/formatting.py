"""Per-channel presentation of the plain-text replies the actions produce.

Actions write plain text (tables as aligned columns under a dashed rule,
bullets as "- "). The terminal and REST show it as it is; Slack gets mrkdwn.
This module is the one place that decides how a reply looks in Slack.
"""

from __future__ import annotations

import re
from typing import List

_RULE = re.compile(r"^-+(\s+-+)+$")  # the dashed line under a table's header
_TITLED_BULLET = re.compile(r"^- ([^:]{2,70}): ")


def slack_escape(text: str) -> str:
    """Slack treats &, < and > as control characters in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_slack_mrkdwn(text: str) -> str:
    """Tables become code blocks (columns stay aligned), bullets become •, tip titles bold."""
    lines = slack_escape(text).split("\n")
    out: List[str] = []
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and _RULE.match(lines[i + 1].strip()):
            end = i + 2
            while end < len(lines) and lines[end].strip():
                end += 1
            out.append("```\n" + "\n".join(lines[i:end]) + "\n```")
            i = end
            continue
        line = lines[i]
        if line.startswith("- "):
            line = _TITLED_BULLET.sub(lambda m: f"• *{m.group(1)}*: ", line, count=1)
            if line.startswith("- "):
                line = "• " + line[2:]
        elif line.endswith(":") and len(line) < 80:
            line = f"*{line}*"
        out.append(line)
        i += 1
    return "\n".join(out).replace("\n\n\n", "\n\n")
