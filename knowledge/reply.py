"""Replies as data: an answer is a list of typed parts, and each channel renders them its own way.

The knowledge layer says *what* a reply holds (a sentence, a table, a tip list, a chart,
a draft email); channels/render/ decides how it looks in the terminal, REST and Slack.
No channel ever parses reply text back into structure.

On the wire (the action server's message metadata, the REST reply's `reply` field) a
reply is ``{"parts": [{"type": ..., ...}, ...]}`` with these part types:

- ``heading``  {"text"}
- ``text``     {"text"}                       a sentence or short paragraph
- ``table``    {"headers": [..], "rows": [[..], ..]}   cells are display strings
- ``bullets``  {"items": [{"title": str|null, "text": str}, ..]}
- ``chart``    {"chart": ChartSpec}           see ``chart()`` below
- ``draft``    {"title", "text"}              text meant to be copied as it is (an email, a script)
- ``note``     {"text"}                       a footnote: where the figures come from
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

PART_TYPES = ("heading", "text", "table", "bullets", "chart", "draft", "note")


@dataclass(frozen=True)
class Part:
    """One typed piece of a reply; `data` holds the fields listed in the module docstring."""

    type: str
    data: Dict[str, Any]

    def to_json(self) -> Dict[str, Any]:
        return {"type": self.type, **self.data}


@dataclass
class Reply:
    """An answer as an ordered list of parts. `+` joins replies; `add` appends parts."""

    parts: List[Part] = field(default_factory=list)

    def add(self, *parts: Part) -> "Reply":
        self.parts.extend(parts)
        return self

    def __add__(self, other: "Reply") -> "Reply":
        return Reply(self.parts + other.parts)

    def to_json(self) -> Dict[str, Any]:
        return {"parts": [part.to_json() for part in self.parts]}

    @classmethod
    def from_json(cls, raw: Any) -> "Reply":
        """The inverse of to_json; raises ValueError on anything that is not a reply."""
        if not isinstance(raw, dict) or not isinstance(raw.get("parts"), list):
            raise ValueError("a reply is an object with a 'parts' list")
        parts = []
        for item in raw["parts"]:
            if not isinstance(item, dict) or item.get("type") not in PART_TYPES:
                raise ValueError(f"unknown reply part: {item!r:.80}")
            parts.append(Part(item["type"], {k: v for k, v in item.items() if k != "type"}))
        return cls(parts)


def heading(text: str) -> Part:
    return Part("heading", {"text": text})


def text(sentence: str) -> Part:
    return Part("text", {"text": sentence})


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Part:
    return Part("table", {"headers": [str(h) for h in headers], "rows": [[str(cell) for cell in row] for row in rows]})


BulletItem = Union[str, Tuple[Optional[str], str]]


def bullets(items: Iterable[BulletItem]) -> Part:
    """Items are plain strings or (title, text) pairs ('Competing offers', 'Mention them...')."""
    out = []
    for item in items:
        title, body = (None, item) if isinstance(item, str) else item
        out.append({"title": title, "text": body})
    return Part("bullets", {"items": out})


def draft(title: str, body: str) -> Part:
    return Part("draft", {"title": title, "text": body})


def note(footnote: str) -> Part:
    return Part("note", {"text": footnote})


def chart(
    title: str,
    groups: Sequence[Dict[str, Any]],
    caption: str = "",
    marker: Optional[Dict[str, Any]] = None,
) -> Part:
    """A horizontal range chart.

    groups: [{"label": "Mid-level (2–5 years)", "bars": [{"label": "London", "low": 68000,
    "high": 100000, "open_ended": false}, ...]}, ...]; marker: {"label": "Your offer £76,000",
    "value": 76000} or None. Values are whole pounds a year; `caption` says what they are
    (base salary or total compensation) and where they come from.
    """
    return Part("chart", {"chart": {"title": title, "caption": caption, "groups": list(groups), "marker": marker}})


def of(*parts: Part) -> Reply:
    return Reply(list(parts))
