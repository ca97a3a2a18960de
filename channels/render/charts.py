"""Draw a chart part (knowledge.reply.chart) as a PNG or as a unicode text chart.

The chart spec is data from the knowledge layer, so both renderers check it first and raise
ValueError naming the bad field (bars whose low is above their high, non-numeric or negative
values, a groups/bars entry that is not a list) rather than drawing a misleading picture.
Optional fields may be missing: title, caption, marker, a group's label or bars, a bar's label
and open_ended. An empty groups list draws an empty chart that says there is no data.

matplotlib is imported inside render_png only, so a server importing this module pays for it
only when a chart image is asked for. It draws on a bare Figure with the Agg canvas (no pyplot,
no global backend switch), which is safe to use from several threads at once.
"""

from __future__ import annotations

import functools
import io
import json
import math
import textwrap
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from knowledge.formatting import DASH, money

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FIGSIZE = (8.0, 4.5)  # inches
DPI = 110
EXTENSION = 0.08  # an open-ended bar runs on past its high by this share of the value span


@dataclass(frozen=True)
class _Bar:
    label: str
    low: float
    high: float
    open_ended: bool


@dataclass(frozen=True)
class _Group:
    label: str
    bars: Tuple[_Bar, ...]


@dataclass(frozen=True)
class _Spec:
    title: str
    caption: str
    groups: Tuple[_Group, ...]
    marker: Optional[Tuple[str, float]]

    @property
    def bars(self) -> List[_Bar]:
        return [bar for group in self.groups for bar in group.bars]


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"chart spec: '{where}' must be text, got {value!r:.40}")
    return value


def _amount(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"chart spec: '{where}' must be a finite number of pounds, got {value!r:.40}")
    if value < 0:
        raise ValueError(f"chart spec: '{where}' must not be negative, got {value!r}")
    return float(value)


def _list(value: Any, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"chart spec: '{where}' must be a list, got {type(value).__name__}")
    return value


def _parse(chart: Any) -> _Spec:
    """Check a chart spec (or a whole {"type": "chart", "chart": ...} part) and normalise its optional fields."""
    if isinstance(chart, dict) and chart.get("type") == "chart" and isinstance(chart.get("chart"), dict):
        chart = chart["chart"]
    if not isinstance(chart, dict):
        raise ValueError(f"chart spec: expected an object, got {type(chart).__name__}")
    groups = []
    for g, group in enumerate(_list(chart.get("groups"), "groups")):
        if not isinstance(group, dict):
            raise ValueError(f"chart spec: 'groups[{g}]' must be an object")
        bars = []
        for b, bar in enumerate(_list(group.get("bars"), f"groups[{g}].bars")):
            where = f"groups[{g}].bars[{b}]"
            if not isinstance(bar, dict):
                raise ValueError(f"chart spec: '{where}' must be an object")
            for key in ("low", "high"):
                if key not in bar:
                    raise ValueError(f"chart spec: '{where}' has no '{key}'")
            low, high = _amount(bar["low"], f"{where}.low"), _amount(bar["high"], f"{where}.high")
            if low > high:
                raise ValueError(f"chart spec: '{where}' has low {bar['low']} above high {bar['high']}")
            open_ended = bar.get("open_ended") or False
            if not isinstance(open_ended, bool):
                raise ValueError(f"chart spec: '{where}.open_ended' must be true or false")
            bars.append(_Bar(_text(bar.get("label"), f"{where}.label"), low, high, open_ended))
        groups.append(_Group(_text(group.get("label"), f"groups[{g}].label"), tuple(bars)))
    marker = chart.get("marker")
    if marker is not None:
        if not isinstance(marker, dict) or "value" not in marker:
            raise ValueError("chart spec: 'marker' must be null or an object with a 'value'")
        marker = (_text(marker.get("label"), "marker.label"), _amount(marker["value"], "marker.value"))
    return _Spec(_text(chart.get("title"), "title"), _text(chart.get("caption"), "caption"), tuple(groups), marker)


def _extension(spec: _Spec) -> float:
    """How far an open-ended bar runs on: a share of the chart's span, so it reads alike at any scale."""
    bars = spec.bars
    if not bars:
        return 0.0
    span = max(bar.high for bar in bars) - min(bar.low for bar in bars)
    return (span or max(bar.high for bar in bars) or 1.0) * EXTENSION


def _extent(spec: _Spec) -> Tuple[float, float]:
    """The values the scale must show: every bar (with its open-ended run-on) and the marker."""
    ext = _extension(spec)
    values = [bar.low for bar in spec.bars] + [bar.high + (ext if bar.open_ended else 0.0) for bar in spec.bars]
    if spec.marker:
        values.append(spec.marker[1])
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    return (low, high) if high > low else (low, low + max(1.0, abs(low) * 0.1))


def _range_text(bar: _Bar) -> str:
    return f"{money(bar.low)} {DASH} {money(bar.high)}" + ("+" if bar.open_ended else "")


def _short_money(value: float) -> str:
    """Tick and bar-end labels: £100k, £1.2m, £950."""
    if abs(value) >= 1_000_000:
        return f"£{value / 1_000_000:.1f}m".replace(".0m", "m")
    if abs(value) >= 1_000:
        return f"£{value / 1_000:.0f}k"
    return f"£{value:.0f}"


def _colours(spec: _Spec) -> Dict[str, str]:
    """One colour per distinct bar label, in first-seen order, so a region keeps its colour across groups."""
    colours: Dict[str, str] = {}
    for bar in spec.bars:
        if bar.label not in colours:
            colours[bar.label] = PALETTE[len(colours) % len(PALETTE)]
    return colours


def render_png(chart: Dict[str, Any]) -> bytes:
    """The chart as PNG bytes (880x495 px): horizontal low-high bars grouped by group label.

    The same spec always gives the same bytes (no timestamp or version in the metadata).
    Raises ValueError for a malformed spec, as described in the module docstring.
    """
    spec = _parse(chart)

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    colours = _colours(spec)
    ext = _extension(spec)
    low, high = _extent(spec)
    pad = (high - low) * 0.04
    # Room on the right for the bar-end labels ('£150k–£200k+').
    ax.set_xlim(max(0.0, low - pad), high + (high - low) * 0.2)

    # Groups run top to bottom: y falls as we go, with a gap between groups.
    y, ticks, tick_labels = 0.0, [], []
    for group in spec.groups:
        ys = []
        for bar in group.bars:
            colour = colours[bar.label]
            ax.barh(y, bar.high - bar.low, left=bar.low, height=0.8, color=colour, edgecolor=colour)
            end = bar.high
            if bar.open_ended:
                ax.barh(y, ext, left=bar.high, height=0.8, color=colour, alpha=0.3, hatch="///", edgecolor=colour, linewidth=0)
                end = bar.high + ext
            label = f"{_short_money(bar.low)}{DASH}{_short_money(bar.high)}" + ("+" if bar.open_ended else "")
            ax.text(end + pad * 0.3, y, label, va="center", ha="left", fontsize=7, color="#333333")
            ys.append(y)
            y -= 1.0
        if ys:
            ticks.append(sum(ys) / len(ys))
            tick_labels.append(group.label)
        else:  # a group with no bars still gets its row, so its label is not lost
            ticks.append(y)
            tick_labels.append(group.label)
            y -= 1.0
        y -= 0.6
    if spec.groups:
        ax.set_ylim(y + 0.3, 0.7)
    ax.set_yticks(ticks, tick_labels, fontsize=8)
    ax.tick_params(axis="y", length=0)

    ax.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: _short_money(value)))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)

    if not spec.bars:
        ax.text(0.5, 0.5, "No data to chart", transform=ax.transAxes, ha="center", va="center", fontsize=10, color="#666666")
        ax.set_yticks([])
        ax.set_xticks([])
        ax.grid(False)

    handles = [Patch(facecolor=colour, label=label) for label, colour in colours.items() if label]
    if spec.marker:
        marker_label, value = spec.marker
        ax.axvline(value, color="#222222", linestyle="--", linewidth=1.2)
        left_half = value <= sum(ax.get_xlim()) / 2  # keep the label inside the plot's width
        text = (f" {marker_label}" if left_half else f"{marker_label} ") if marker_label else ""
        ax.text(value, 1.0, text, transform=ax.get_xaxis_transform(), ha="left" if left_half else "right", va="bottom", fontsize=8)
    if any(bar.open_ended for bar in spec.bars):
        handles.append(Patch(facecolor="#999999", alpha=0.3, hatch="///", edgecolor="#999999", linewidth=0, label="+ no ceiling"))
    if handles:
        ax.legend(handles=handles, loc="lower right", fontsize=7, frameon=True, framealpha=0.9)

    if spec.title:
        fig.suptitle(spec.title, fontsize=11, fontweight="bold")
    if spec.caption:
        fig.supxlabel(textwrap.fill(spec.caption, 130), fontsize=7, color="#444444")

    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def text_chart(chart: Dict[str, Any], width: int = 32) -> str:
    """The chart as plain unicode lines for a terminal: one line per bar on a common scale.

    Each bar line is two spaces, the bar label padded to one column, the bar area of `width`
    cells ('█' for the range, '░' for an open-ended run-on), then the range in pounds. The
    marker is a '│' through the bar area under a '▼' with a legend line. No ANSI colours.
    Raises ValueError for a malformed spec, as described in the module docstring.
    """
    spec = _parse(chart)
    if isinstance(width, bool) or not isinstance(width, int) or width < 8:
        raise ValueError(f"text chart width must be a whole number of at least 8 cells, got {width!r}")
    label_width = min(18, max([len(bar.label) for bar in spec.bars] + [0]))
    prefix = 2 + label_width + 2  # the column where every bar area starts
    limit = width + 45
    lines: List[str] = textwrap.wrap(spec.title, limit) if spec.title else []
    if not spec.bars:
        lines.append("(no data to chart)")
        lines += textwrap.wrap(spec.caption, limit) if spec.caption else []
        return "\n".join(lines)

    low, high = _extent(spec)
    step = (high - low) / width
    ext = _extension(spec)

    def cell(value: float) -> int:
        """The cell a value falls in: cell i holds [low + i*step, low + (i+1)*step)."""
        return min(width - 1, max(0, int((value - low) / step)))

    def last_cell(value: float) -> int:
        """The last cell a range ending at `value` fills (a range ending on a cell edge stops before it)."""
        return min(width - 1, max(0, math.ceil((value - low) / step - 1e-9) - 1))

    marker_cell = cell(spec.marker[1]) if spec.marker else None
    if marker_cell is not None:
        lines.append(" " * (prefix + marker_cell) + "▼")
    for group in spec.groups:
        if group.label:
            lines.append(group.label[:limit])
        for bar in group.bars:
            area = [" "] * width
            start = cell(bar.low)
            end = max(start, last_cell(bar.high))
            for i in range(start, end + 1):
                area[i] = "█"
            if bar.open_ended:
                for i in range(end + 1, max(end + 1, last_cell(bar.high + ext)) + 1):
                    if i < width:
                        area[i] = "░"
            if marker_cell is not None:
                area[marker_cell] = "│"
            label = bar.label if len(bar.label) <= label_width else bar.label[: label_width - 1] + "…"
            lines.append(f"  {label.ljust(label_width)}  {''.join(area)}  {_range_text(bar)}")
    # The scale under the bars: the lowest figure at the left, the highest (not its '+' run-on) where it ends.
    top = max(bar.high for bar in spec.bars)
    left, right = money(low), money(top)
    right_end = max(last_cell(top) + 1, len(right))
    if len(left) + 1 + len(right) <= right_end:
        lines.append(" " * prefix + left + right.rjust(right_end - len(left)))
    else:
        lines.append(" " * prefix + left)
    if spec.marker:
        lines.append(f"▼ {spec.marker[0]}" if spec.marker[0] else f"▼ {money(spec.marker[1])}")
    if any(bar.open_ended for bar in spec.bars):
        lines.append("░ + no ceiling")
    if spec.caption:
        lines += textwrap.wrap(spec.caption, limit)
    return "\n".join(lines)


def describe(chart: Dict[str, Any]) -> str:
    """The chart in words, every figure in it: an image's alt text for people who cannot see it.
    Raises ValueError for a malformed spec, as render_png does."""
    spec = _parse(chart)
    sentences = [spec.title] if spec.title else []
    for group in spec.groups:
        bars = "; ".join(f"{bar.label or 'range'} {_range_text(bar)}" for bar in group.bars)
        if bars:
            sentences.append(f"{group.label}: {bars}" if group.label else bars)
    if not spec.bars:
        sentences.append("No data to chart")
    if spec.marker:
        sentences.append(f"Marked: {spec.marker[0] or money(spec.marker[1])}")
    if spec.caption:
        sentences.append(spec.caption)
    return ". ".join(sentence.rstrip(". ") for sentence in sentences) + "."


@functools.lru_cache(maxsize=64)
def _png_of(spec_json: str) -> bytes:
    return render_png(json.loads(spec_json))


def cached_png(chart: Dict[str, Any]) -> bytes:
    """render_png, remembered for the last 64 specs: most charts asked for are the same bands (~100 ms each to draw)."""
    return _png_of(json.dumps(chart, sort_keys=True))
