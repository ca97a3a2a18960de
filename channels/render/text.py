"""Plain-text rendering of a reply: the terminal, the REST `text` field and any channel that
does not know reply parts (rasa shell). Tables are aligned columns under a dashed rule, so they
line up in any monospace view; drafts sit between markers so they are easy to copy."""

from __future__ import annotations

from typing import Any, Dict, List, Sequence

from knowledge.reply import Part, Reply

DRAFT_START = "----- {title}: copy from the next line -----"
DRAFT_END = "----- end of {title} -----"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=False)).rstrip()

    return "\n".join([line(headers), line(["-" * width for width in widths])] + [line(row) for row in rows])


def _bullet(item: Dict[str, Any]) -> str:
    return f"- {item['title']}: {item['text']}" if item.get("title") else f"- {item['text']}"


def part_text(part: Part) -> str:
    data = part.data
    if part.type == "table":
        return table(data["headers"], data["rows"])
    if part.type == "bullets":
        return "\n".join(_bullet(item) for item in data["items"])
    if part.type == "draft":
        title = data.get("title") or "draft"
        return "\n".join([DRAFT_START.format(title=title), data["text"], DRAFT_END.format(title=title)])
    if part.type == "chart":
        from channels.render.charts import text_chart  # matplotlib-free; imported when a chart is shown

        return text_chart(data["chart"])
    return str(data.get("text", ""))


def plain_text(reply: Reply) -> str:
    """Parts one per line; a table, chart or draft is set off from what follows by a blank line."""
    lines: List[str] = []
    for n, part in enumerate(reply.parts):
        lines.append(part_text(part))
        if part.type in ("table", "chart", "draft") and n + 1 < len(reply.parts):
            lines.append("")
    return "\n".join(lines)
