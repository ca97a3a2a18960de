"""Chart parts (knowledge/charts.py) carry the benchmark's own figures, and the renderers
(channels/render/charts.py) draw them faithfully: PNG bytes and a text chart on one scale.

Fast tier: no model, no server, no process; matplotlib draws in memory."""

import ast
import dataclasses
import io
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from channels.render import charts as render
from channels.render.charts import render_png, text_chart
from knowledge.answers import experience
from knowledge.charts import bands_chart, employers_chart
from knowledge.formatting import money
from knowledge.loader import Range, load_benchmark
from knowledge.queries import employers_ranked
from tests import figures

ROOT = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def bm():
    return load_benchmark()


def spec(part):
    assert part.type == "chart"
    return part.to_json()["chart"]


def bar_figures(bar):
    return (bar["low"], bar["high"], bar["open_ended"])


# --- knowledge/charts.py ------------------------------------------------------------------


def test_bands_chart_holds_every_level_and_region_band_from_the_benchmark(bm):
    chart = spec(bands_chart(bm))
    assert len(chart["groups"]) == len(bm.levels)
    for group, level in zip(chart["groups"], bm.levels, strict=True):
        assert f"({experience(bm, level)})" in group["label"]
        assert [bar["label"] for bar in group["bars"]] == list(bm.regions.values())
        for bar, region in zip(group["bars"], bm.regions, strict=True):
            band = bm.bands[(level, region)]
            assert bar_figures(bar) == (band.low, band.high, band.open_ended), (level, region)
    assert chart["marker"] is None


def test_bands_chart_labels_levels_without_repeating_the_job_title(bm):
    labels = [group["label"] for group in spec(bands_chart(bm))["groups"]]
    assert labels[1] == "Mid-level (2–5 years)"
    assert all("Engineer" not in label for label in labels)
    assert len(set(labels)) == len(labels)


def test_bands_chart_says_base_salary_and_the_source(bm):
    chart = spec(bands_chart(bm))
    assert "base salary" in chart["caption"].lower()
    assert str(bm.source["title"]) in chart["caption"]
    assert "total compensation" not in chart["caption"].lower()


def test_bands_chart_marker_is_the_users_figure(bm):
    chart = spec(bands_chart(bm, marker_amount=76_000))
    assert chart["marker"] == {"label": "Your figure £76,000", "value": 76_000}


def test_bands_chart_takes_a_subset_in_the_order_asked(bm):
    levels, regions = list(bm.levels)[2:0:-1], list(bm.regions)[::-1][:1]
    chart = spec(bands_chart(bm, levels, regions))
    assert [len(group["bars"]) for group in chart["groups"]] == [1, 1]
    got = [bar_figures(group["bars"][0]) for group in chart["groups"]]
    assert got == [
        (bm.bands[(lv, regions[0])].low, bm.bands[(lv, regions[0])].high, bm.bands[(lv, regions[0])].open_ended) for lv in levels
    ]


def test_bands_chart_follows_the_data_not_hard_coded_regions(bm):
    """A region added to the data file appears in the chart with no code change."""
    regions = {**bm.regions, "scotland": "Scotland"}
    bands = {**bm.bands, **{(level, "scotland"): Range(30_000 + i, 40_000 + i) for i, level in enumerate(bm.levels)}}
    chart = spec(bands_chart(dataclasses.replace(bm, regions=regions, bands=bands)))
    for i, group in enumerate(chart["groups"]):
        assert group["bars"][-1]["label"] == "Scotland"
        assert bar_figures(group["bars"][-1]) == (30_000 + i, 40_000 + i, False)


def test_employers_chart_ranks_groups_by_top_of_range_with_their_figures(bm):
    chart = spec(employers_chart(bm))
    ranked = employers_ranked(bm)
    assert [group["label"] for group in chart["groups"]] == [group.name for group in ranked]
    assert len(ranked) == len(bm.employers)
    highs = [group["bars"][0]["high"] for group in chart["groups"]]
    assert highs == sorted(highs, reverse=True)
    for group, employer in zip(chart["groups"], ranked, strict=True):
        assert len(group["bars"]) == 1
        assert bar_figures(group["bars"][0]) == (employer.pay.low, employer.pay.high, employer.pay.open_ended)


def test_employers_chart_says_total_compensation_not_comparable_with_bands(bm):
    caption = spec(employers_chart(bm))["caption"].lower()
    assert "total compensation" in caption and "base + bonus + equity" in caption
    assert "not comparable" in caption


# --- render_png ----------------------------------------------------------------------------


def pixels(png):
    return imread(io.BytesIO(png))


def colour_pixels(image, hex_colour):
    rgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return int((np.abs(image[:, :, :3] - rgb).max(axis=2) < 0.02).sum())


def test_render_png_is_a_png_of_the_expected_size(bm):
    png = render_png(spec(bands_chart(bm)))
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) < 150_000
    width, height = render.FIGSIZE
    assert pixels(png).shape[:2] == (round(height * render.DPI), round(width * render.DPI))


def test_render_png_is_deterministic(bm):
    chart = spec(bands_chart(bm, marker_amount=76_000))
    assert render_png(chart) == render_png(chart)
    employers = spec(employers_chart(bm))
    assert render_png(employers) == render_png(employers)


def test_render_png_draws_a_colour_per_bar_label(bm):
    image = pixels(render_png(spec(bands_chart(bm))))
    # One colour per region, in order; each region's bars cover a real area.
    for colour in render.PALETTE[: len(bm.regions)]:
        assert colour_pixels(image, colour) > 2_000, colour
    assert colour_pixels(image, render.PALETTE[len(bm.regions)]) == 0


def dark_columns(image):
    """Dark pixels per image column: a vertical dashed line is one column with far more than any text."""
    return (image[:, :, :3].max(axis=2) < 0.3).sum(axis=0)


def test_render_png_draws_the_marker_as_a_line_at_its_value(bm):
    plain = dark_columns(pixels(render_png(spec(bands_chart(bm)))))
    assert plain.max() < 100
    columns = []
    bottom = min(band.low for band in figures.BM.bands.values())
    step = figures.thousand((max(band.high for band in figures.BM.bands.values()) - bottom) / 4)
    for amount in (bottom + step, bottom + 2 * step, bottom + 3 * step):  # equal steps across the bands' span
        dark = dark_columns(pixels(render_png(spec(bands_chart(bm, marker_amount=amount)))))
        assert dark.max() > 150, amount
        columns.append(int(dark.argmax()))
    # On a linear £ axis, equal steps in value are equal steps across the image.
    assert columns[0] < columns[1] < columns[2]
    assert abs((columns[1] - columns[0]) - (columns[2] - columns[1])) <= 2, columns


def test_render_png_accepts_a_whole_part_and_missing_optional_fields():
    for chart in ({}, {"groups": []}, {"groups": [{"label": "Empty"}]}, {"groups": [{"bars": [{"low": 1, "high": 2}]}], "marker": None}):
        assert render_png(chart).startswith(PNG_SIGNATURE)
    part = {"type": "chart", "chart": {"title": "t", "groups": [{"label": "g", "bars": [{"label": "b", "low": 1, "high": 3}]}]}}
    assert render_png(part) == render_png(part["chart"])


def test_matplotlib_is_imported_only_when_a_png_is_asked_for():
    tree = ast.parse(Path(render.__file__).read_text(encoding="utf-8"))
    top_level = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    names = [alias.name for node in top_level for alias in node.names] + [
        node.module or "" for node in top_level if isinstance(node, ast.ImportFrom)
    ]
    assert not [name for name in names if name.startswith("matplotlib")]


def bar_spec(low, high, **extra):
    return {"groups": [{"label": "g", "bars": [{"label": "b", "low": low, "high": high, **extra}]}]}


MALFORMED = [
    ("not an object", ["groups"]),
    ("low above high", bar_spec(90_000, 80_000)),
    ("non-numeric low", bar_spec("45k", 80_000)),
    ("boolean high", bar_spec(1, True)),
    ("NaN", bar_spec(float("nan"), 80_000)),
    ("infinite", bar_spec(1, float("inf"))),
    ("negative", bar_spec(-5, 80_000)),
    ("missing high", {"groups": [{"bars": [{"label": "b", "low": 1}]}]}),
    ("groups not a list", {"groups": {"label": "g"}}),
    ("bars not a list", {"groups": [{"label": "g", "bars": "London"}]}),
    ("bar not an object", {"groups": [{"bars": [[1, 2]]}]}),
    ("open_ended not a bool", bar_spec(1, 2, open_ended="yes")),
    ("label not text", bar_spec(1, 2, label=7)),
    ("marker without value", {**bar_spec(1, 2), "marker": {"label": "x"}}),
    ("marker not numeric", {**bar_spec(1, 2), "marker": {"label": "x", "value": "76k"}}),
]


@pytest.mark.parametrize("renderer", [render_png, text_chart], ids=["png", "text"])
@pytest.mark.parametrize("bad", [case for _, case in MALFORMED], ids=[name for name, _ in MALFORMED])
def test_malformed_specs_are_refused_with_value_error(renderer, bad):
    with pytest.raises(ValueError, match="chart spec"):
        renderer(bad)


# --- text_chart ----------------------------------------------------------------------------


def bar_lines(text):
    """Bar lines are indented two spaces (the label starts at column 2); the scale line is indented further."""
    return [line for line in text.splitlines() if line.startswith("  ") and not line.startswith("   ")]


def area(line, prefix, width):
    return line[prefix : prefix + width]


def simple(bars, marker=None):
    return {"title": "T", "caption": "C", "groups": [{"label": "G", "bars": bars}], "marker": marker}


def test_text_chart_bars_sit_on_one_linear_scale_from_min_to_max():
    bars = [{"label": "all", "low": 0, "high": 1000}, {"label": "top", "low": 500, "high": 1000}, {"label": "mid", "low": 250, "high": 500}]
    text = text_chart(simple(bars), width=40)
    prefix = 2 + 3 + 2
    areas = [area(line, prefix, 40) for line in bar_lines(text)]
    assert areas == ["█" * 40, " " * 20 + "█" * 20, " " * 10 + "█" * 10 + " " * 20]


def test_text_chart_marker_column_lands_at_its_value():
    bars = [{"label": "all", "low": 0, "high": 1000}, {"label": "mid", "low": 250, "high": 500}]
    text = text_chart(simple(bars, {"label": "Your figure £750", "value": 750}), width=40)
    lines = text.splitlines()
    prefix, column = 2 + 3 + 2, 30  # 750 of 0-1000 over 40 cells
    assert lines[1] == " " * (prefix + column) + "▼"
    for line in bar_lines(text):
        assert line[prefix + column] == "│"
    assert area(bar_lines(text)[1], prefix, 40) == " " * 10 + "█" * 10 + " " * 10 + "│" + " " * 9
    assert "▼ Your figure £750" in lines
    assert lines[0] == "T" and lines[-1] == "C"


def test_text_chart_marker_outside_the_bands_widens_the_scale():
    text = text_chart(simple([{"label": "b", "low": 0, "high": 500}], {"label": "m", "value": 1000}), width=20)
    (line,) = bar_lines(text)
    assert area(line, 5, 20) == "█" * 10 + " " * 9 + "│"


def test_text_chart_open_ended_bar_runs_on_in_a_lighter_block():
    text = text_chart(simple([{"label": "a", "low": 0, "high": 500, "open_ended": True}, {"label": "b", "low": 0, "high": 1000}]), width=40)
    first = area(bar_lines(text)[0], 5, 40).rstrip()
    assert first.startswith("█") and first.endswith("░") and "░█" not in first
    assert "£0 – £500+" in bar_lines(text)[0]


def real_bar_lines(bm, width):
    chart = spec(bands_chart(bm))
    text = text_chart(chart, width=width)
    bars = [bar for group in chart["groups"] for bar in group["bars"]]
    lines = bar_lines(text)
    assert len(lines) == len(bars)
    prefix = 2 + max(len(bar["label"]) for bar in bars) + 2
    return text, bars, lines, prefix


def test_text_chart_of_the_real_bands_prints_every_range_in_pounds(bm):
    text, bars, lines, _ = real_bar_lines(bm, 32)
    for bar, line in zip(bars, lines, strict=True):
        assert line.strip().startswith(bar["label"])
        assert line.endswith(f"{money(bar['low'])} – {money(bar['high'])}" + ("+" if bar["open_ended"] else ""))
    for group in spec(bands_chart(bm))["groups"]:
        assert group["label"] in text.splitlines()


def test_text_chart_of_the_real_bands_lines_up_labels_and_bars(bm):
    width = 32
    text, bars, lines, prefix = real_bar_lines(bm, width)
    assert {line.index("£") for line in lines} == {prefix + width + 2}
    for bar, line in zip(bars, lines, strict=True):
        assert line[:prefix].strip() == bar["label"]
        assert set(area(line, prefix, width)) <= {" ", "█", "░"}
    assert max(len(line) for line in text.splitlines()) <= width + 45


def test_text_chart_of_the_real_bands_is_proportional(bm):
    width = 60
    _, bars, lines, prefix = real_bar_lines(bm, width)
    starts = [area(line, prefix, width).index("█") for line in lines]
    solid = [area(line, prefix, width).count("█") for line in lines]
    widths = [bar["high"] - bar["low"] for bar in bars]
    assert solid[widths.index(max(widths))] == max(solid)
    assert solid[widths.index(min(widths))] == min(solid)
    low = min(bar["low"] for bar in bars)
    assert starts[[bar["low"] for bar in bars].index(low)] == 0
    for a, bar_a in enumerate(bars):
        for b, bar_b in enumerate(bars):
            if bar_a["low"] < bar_b["low"]:
                assert starts[a] < starts[b], (bar_a, bar_b)
            if widths[a] > widths[b]:
                assert solid[a] >= solid[b], (bar_a, bar_b)


def test_text_chart_of_the_employers_chart(bm):
    chart = spec(employers_chart(bm))
    text = text_chart(chart)
    lines = text.splitlines()
    assert lines[0] == chart["title"]
    assert len(bar_lines(text)) == len(bm.employers)
    after_bars = " ".join(lines[lines.index(bar_lines(text)[-1]) + 1 :])
    assert chart["caption"].split()[:3] == after_bars.split()[after_bars.split().index("Total") :][:3]  # caption last
    assert [line.strip() for line in lines if line.strip() in {g["label"] for g in chart["groups"]}] == [
        g["label"] for g in chart["groups"]
    ]


def test_text_chart_accepts_missing_optional_fields_and_refuses_a_tiny_width():
    assert "no data" in text_chart({})
    assert "no data" in text_chart({"title": "T", "groups": []})
    assert "£1 – £2" in text_chart({"groups": [{"bars": [{"low": 1, "high": 2}]}]})
    with pytest.raises(ValueError):
        text_chart(bar_spec(1, 2), width=3)


def test_cached_png_draws_each_spec_once():
    from channels.render.charts import _png_of, cached_png, render_png
    from knowledge.charts import employers_chart
    from knowledge.loader import load_benchmark

    spec = employers_chart(load_benchmark()).data["chart"]
    before = _png_of.cache_info().hits
    first, second = cached_png(spec), cached_png(dict(reversed(list(spec.items()))))  # same spec, keys in another order
    assert first == second == render_png(spec) and _png_of.cache_info().hits == before + 1


# --- alt text: the chart in words --------------------------------------------------------------


def test_alt_text_states_every_band_the_marker_and_what_the_figures_are(bm):
    alt = render.describe(spec(bands_chart(bm, marker_amount=76_000)))
    for level in bm.levels:
        for region in bm.regions:
            assert figures.span(level, region) in alt, (level, region)
    assert money(76_000) in alt and "base salary" in alt.lower()


def test_alt_text_of_the_employers_chart_names_each_group_with_its_range(bm):
    alt = render.describe(spec(employers_chart(bm)))
    for key, group in bm.employers.items():
        assert figures.employer_span(key).split(" plus ")[0] in alt and group.name in alt


def test_alt_text_refuses_a_malformed_chart_as_drawing_does():
    with pytest.raises(ValueError, match="low"):
        render.describe({"groups": [{"bars": [{"label": "x", "low": 10, "high": 5}]}]})
    assert render.describe({"title": "Empty", "groups": []}) == "Empty. No data to chart."
