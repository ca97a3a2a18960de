"""Slack rendering of a reply: Block Kit blocks plus a mrkdwn `text` (Slack's notification and
fallback). Tables and drafts go in code blocks, so columns stay aligned and a draft copies
cleanly; notes on the source are small context lines. Charts are not blocks: the Slack channel
uploads them as images (channels/slack_files.py) and falls back to the text chart."""

from __future__ import annotations

from typing import Any, Dict, List

from channels.render.text import part_text, table
from knowledge.reply import Part, Reply

SECTION_LIMIT = 3000  # Slack's maximum for a section's text
CONTEXT_LIMIT = 2000
MAX_BLOCKS = 50


def slack_escape(text: str) -> str:
    """Slack treats &, < and > as control characters in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _code(text: str) -> str:
    return "```\n" + slack_escape(text) + "\n```"


def part_mrkdwn(part: Part) -> str:
    """One part as mrkdwn."""
    data = part.data
    if part.type == "heading":
        return f"*{slack_escape(data['text'])}*"
    if part.type == "bullets":
        return "\n".join(
            f"• *{slack_escape(item['title'])}*: {slack_escape(item['text'])}" if item.get("title") else f"• {slack_escape(item['text'])}"
            for item in data["items"]
        )
    if part.type == "table":
        return _code(table(data["headers"], data["rows"]))
    if part.type == "draft":
        return f"*{slack_escape(data.get('title') or 'Draft')}* (copy the block below)\n" + _code(data["text"])
    if part.type == "chart":
        return _code(part_text(part))
    return slack_escape(str(data.get("text", "")))


def _chunks(text: str, limit: int) -> List[str]:
    """Split at line ends so no block passes Slack's limit (a code block is re-fenced per piece)."""
    if len(text) <= limit:
        return [text]
    fenced = text.startswith("```")
    body = text[4:-4] if fenced else text
    pieces, current = [], ""
    for line in body.split("\n"):
        line = line[: limit - 10]
        if current and len(current) + len(line) + 9 > limit:
            pieces.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    pieces.append(current)
    return [f"```\n{p}\n```" if fenced else p for p in pieces]


def slack_message(reply: Reply, with_charts: bool = True) -> Dict[str, Any]:
    """{"text": mrkdwn, "blocks": [...]} for chat.postMessage. Prose parts in a row share one
    section; with_charts=False leaves charts out (they are uploaded as images instead)."""
    parts = [p for p in reply.parts if with_charts or p.type != "chart"]
    blocks: List[Dict[str, Any]] = []
    prose: List[str] = []

    def flush() -> None:
        if prose:
            for chunk in _chunks("\n".join(prose), SECTION_LIMIT):
                blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
            prose.clear()

    for part in parts:
        if part.type == "note":
            flush()
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": part_mrkdwn(part)[:CONTEXT_LIMIT]}]})
        elif part.type in ("table", "draft", "chart"):
            flush()
            if part.type == "draft":  # the title on its own line, the draft alone in its code block: one copy
                prose.append(f"*{slack_escape(part.data.get('title') or 'Draft')}* (copy the block below)")
                flush()
            code = _code(part.data["text"]) if part.type == "draft" else part_mrkdwn(part)
            for chunk in _chunks(code, SECTION_LIMIT):
                blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
        else:
            prose.append(part_mrkdwn(part))
    flush()
    text = "\n".join(part_mrkdwn(p) for p in parts)
    return {"text": text, "blocks": blocks[:MAX_BLOCKS]}
