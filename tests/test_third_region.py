"""Regions are data: a benchmark file with a third region (Scotland, with its own bands) is
answered by the knowledge and action layers with no code change. This is the worked example
for "how to add a region" in docs/architecture.md."""

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.details import read_details
from actions.registry import REGISTRY
from channels.render.text import plain_text
from knowledge import answers
from knowledge.loader import load_benchmark
from tests import figures
from tests.helpers import texts, tracker

# The third region's bands are this test's own figures, not the benchmark's.
SCOTLAND = {"junior": (36000, 52000), "mid": (52000, 78000), "senior": (78000, 120000), "staff": (115000, 160000)}


@pytest.fixture(scope="module")
def bm(tmp_path_factory):
    raw = yaml.safe_load(figures.PATH.read_text(encoding="utf-8"))
    raw["regions"]["scotland"] = {"name": "Scotland"}
    raw["region_aliases"]["uk"]["bands"].append("scotland")
    for level, (low, high) in SCOTLAND.items():
        raw["bands"][level]["scotland"] = {"low": low, "high": high, "open_ended": level == "staff"}
    path = tmp_path_factory.mktemp("bench") / "benchmark.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_benchmark(path)


def _ask(bm, intent, topic, entities, text):
    dispatcher = CollectingDispatcher()
    REGISTRY[topic].run(bm, read_details(tracker(intent, entities, {}, text), bm), dispatcher)
    return texts(dispatcher.messages)


def test_the_third_region_loads_with_its_bands(bm):
    assert list(bm.regions) == ["london", "rest_of_uk", "scotland"]
    assert bm.bands_for("uk") == ["london", "rest_of_uk", "scotland"]
    assert bm.bands[("mid", "scotland")].low == SCOTLAND["mid"][0]


def test_band_for_the_new_region(bm):
    said = _ask(bm, "ask_salary_band", "band", [("level", "mid"), ("region", "scotland")], "mid in scotland")
    low, high = SCOTLAND["mid"]
    assert f"Mid-level MLOps Engineer (2–5 years), Scotland: {figures.pounds(low)} – {figures.pounds(high)}" in said


def test_the_whole_uk_means_all_three_regions(bm):
    said = _ask(bm, "ask_salary_band", "band", [("level", "senior"), ("region", "uk")], "senior anywhere in the uk")
    low, high = SCOTLAND["senior"]
    assert f"London: {figures.span('senior', 'london')}" in said and f"Rest of UK: {figures.span('senior', 'rest_of_uk')}" in said
    assert f"Scotland: {figures.pounds(low)} – {figures.pounds(high)}" in said


def test_offer_against_the_new_region_uses_the_reference_band_for_remote(bm):
    low, high = SCOTLAND["mid"]
    offer = low - 2_000
    said = _ask(
        bm,
        "check_offer",
        "offer",
        [("amount", figures.k(offer)), ("level", "mid"), ("region", "scotland")],
        f"is {figures.k(offer)} fair for a mid in scotland",
    )
    assert f"{figures.pounds(2_000)} below the bottom of the band" in said and figures.pounds((low + high) / 2) in said  # the midpoint
    assert f"London band (Mid-level MLOps Engineer {figures.span('mid', 'london')})" in said


def test_region_table_and_comparison_gain_a_column(bm):
    table = plain_text(answers.band_table(bm, ["mid"]))
    assert "Scotland" in table.splitlines()[0]
    london = figures.low("mid", "london")  # the gaps at the bottom of the band
    gaps = f"{figures.pounds(london - figures.low('mid', 'rest_of_uk'))} more than Rest of UK, {figures.pounds(london - SCOTLAND['mid'][0])} more than Scotland"
    assert f"London pays {gaps}" in table
    said = _ask(bm, "compare_regions", "compare_regions", [], "london vs the rest")
    assert said.splitlines()[0].split() == ["Level", "Experience", "London", "Rest", "of", "UK", "Scotland"]


def test_the_region_buttons_offer_the_new_region(bm):
    said = CollectingDispatcher()
    REGISTRY["band"].run(bm, read_details(tracker("ask_salary_band", [("level", "mid")], {}, "mid"), bm), said)
    assert [b["title"] for b in said.messages[0]["buttons"]] == ["London", "Rest of UK", "Scotland"]
