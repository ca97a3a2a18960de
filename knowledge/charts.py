"""Chart parts built from the Benchmark alone, so every channel draws the same figures the text quotes.

Pure data (no matplotlib, no Rasa): channels/render/charts.py turns a part into a PNG or a
text chart. Band charts are labelled base salary and the employer chart total compensation,
and the two are never put on one chart, because mixing them is the easiest way to mislead.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from knowledge.formatting import money
from knowledge.loader import Benchmark, Range
from knowledge.queries import employers_ranked
from knowledge.reply import Part, chart


def _bar(label: str, band: Range) -> Dict[str, object]:
    return {"label": label, "low": band.low, "high": band.high, "open_ended": band.open_ended}


def _common_suffix(titles: Sequence[str]) -> str:
    """The trailing words every title shares ('MLOps Engineer'), so labels can drop the repetition."""
    split = [title.split() for title in titles]
    suffix: List[str] = []
    while split and all(len(words) > len(suffix) for words in split):
        word = split[0][-1 - len(suffix)]
        if any(words[-1 - len(suffix)] != word for words in split):
            break
        suffix.insert(0, word)
    # Stripping must leave every title something to say.
    if suffix and any(len(words) == len(suffix) for words in split):
        return ""
    return " ".join(suffix)


def _short_title(title: str, suffix: str) -> str:
    return title[: -len(suffix)].rstrip() if suffix and title.endswith(suffix) else title


def _open_ended_note(bars: Sequence[Dict[str, object]]) -> str:
    return " '+' means the benchmark sets no ceiling." if any(bar["open_ended"] for bar in bars) else ""


def bands_chart(
    bm: Benchmark,
    levels: Optional[Sequence[str]] = None,
    regions: Optional[Sequence[str]] = None,
    marker_amount: Optional[int] = None,
) -> Part:
    """Base-salary bands: one group per level, one bar per region; the marker is the user's own figure.

    levels / regions default to all the benchmark holds, in its own order (the data file decides the regions).
    """
    # Imported here: knowledge.answers may come to build charts, and a top-level import would be a cycle.
    from knowledge.answers import experience

    levels = list(bm.levels) if levels is None else list(levels)
    regions = list(bm.regions) if regions is None else list(regions)
    suffix = _common_suffix([level.title for level in bm.levels.values()])
    groups = [
        {
            "label": f"{_short_title(bm.levels[level].title, suffix)} ({experience(bm, level)})",
            "bars": [_bar(bm.regions[region], bm.bands[(level, region)]) for region in regions],
        }
        for level in levels
    ]
    bars = [bar for group in groups for bar in group["bars"]]
    title = f"{suffix} base salary by level and region" if suffix else "Base salary by level and region"
    caption = f"Base salary a year, from the {bm.source['title']} ({bm.source['scope']}).{_open_ended_note(bars)}"
    marker = None if marker_amount is None else {"label": f"Your figure {money(marker_amount)}", "value": marker_amount}
    return chart(title, groups, caption=caption, marker=marker)


def employers_chart(bm: Benchmark) -> Part:
    """Top-paying employer groups, highest ceiling first; total compensation, so kept apart from the base bands."""
    ranked = employers_ranked(bm)
    groups = [{"label": group.name, "bars": [_bar(group.sector, group.pay)]} for group in ranked]
    bars = [group["bars"][0] for group in groups]
    extras = "".join(f" {group.name}: plus {group.pay.plus}." for group in ranked if group.pay.plus)
    caption = (
        f"Total compensation a year (base + bonus + equity), from the {bm.source['title']}; "
        f"not comparable with the base salary bands.{extras}{_open_ended_note(bars)}"
    )
    return chart("Top-paying employer groups: total compensation", groups, caption=caption)
