"""Regions are data: a benchmark file with a third region (Scotland, with its own bands) is
answered by the knowledge and action layers with no code change. This is the worked example
for "how to add a region" in docs/architecture.md."""

from pathlib import Path

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.details import read_details
from actions.registry import REGISTRY
from channels.render.text import plain_text
from knowledge import answers
from knowledge.loader import load_benchmark
from tests.helpers import texts, tracker

SCOTLAND = {"junior": (36000, 52000), "mid": (52000, 78000), "senior": (78000, 120000), "staff": (115000, 160000)}


@pytest.fixture(scope="module")
def bm(tmp_path_factory):
    raw = yaml.safe_load(Path("knowledge/benchmark.yml").read_text(encoding="utf-8"))
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
    assert bm.bands[("mid", "scotland")].low == 52000


def test_band_for_the_new_region(bm):
    said = _ask(bm, "ask_salary_band", "band", [("level", "mid"), ("region", "scotland")], "mid in scotland")
    assert "Mid-level MLOps Engineer (2–5 years), Scotland: £52,000 – £78,000" in said


def test_the_whole_uk_means_all_three_regions(bm):
    said = _ask(bm, "ask_salary_band", "band", [("level", "senior"), ("region", "uk")], "senior anywhere in the uk")
    assert "London: £100,000 – £150,000" in said and "Rest of UK: £85,000 – £130,000" in said and "Scotland: £78,000 – £120,000" in said


def test_offer_against_the_new_region_uses_the_reference_band_for_remote(bm):
    said = _ask(
        bm, "check_offer", "offer", [("amount", "50k"), ("level", "mid"), ("region", "scotland")], "is 50k fair for a mid in scotland"
    )
    assert "£2,000 below the bottom of the band" in said and "£65,000" in said  # 52k - 50k; the midpoint of 52-78k
    assert "London band (Mid-level MLOps Engineer £68,000 – £100,000)" in said


def test_region_table_and_comparison_gain_a_column(bm):
    table = plain_text(answers.band_table(bm, ["mid"]))
    assert "Scotland" in table.splitlines()[0]
    assert "London pays £12,000 more than Rest of UK, £16,000 more than Scotland" in table
    said = _ask(bm, "compare_regions", "compare_regions", [], "london vs the rest")
    assert said.splitlines()[0].split() == ["Level", "Experience", "London", "Rest", "of", "UK", "Scotland"]


def test_the_region_buttons_offer_the_new_region(bm):
    said = CollectingDispatcher()
    REGISTRY["band"].run(bm, read_details(tracker("ask_salary_band", [("level", "mid")], {}, "mid"), bm), said)
    assert [b["title"] for b in said.messages[0]["buttons"]] == ["London", "Rest of UK", "Scotland"]
