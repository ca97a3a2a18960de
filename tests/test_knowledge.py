"""The data file against figures typed here a second time from the published source
(double entry), plus the loader's refusal of broken files.

The double-entry figures are the one place tests type benchmark figures by hand, on purpose: they
check the shipped knowledge/benchmark.yml (whatever PAYBAND_BENCHMARK says) against the source, so a
new edition of the data file means typing its figures here again from the new source. Every other
test takes its figures from tests/figures.py."""

import pytest
import yaml

from knowledge.loader import DEFAULT_PATH, BenchmarkError, load_benchmark
from tests import figures

# Typed by hand from "MLOps Engineer Salary UK 2026 Benchmarks" — do not generate.
EXPECTED_BANDS = {
    ("junior", "london"): (45_000, 68_000, False),
    ("junior", "rest_of_uk"): (38_000, 56_000, False),
    ("mid", "london"): (68_000, 100_000, False),
    ("mid", "rest_of_uk"): (56_000, 85_000, False),
    ("senior", "london"): (100_000, 150_000, False),
    ("senior", "rest_of_uk"): (85_000, 130_000, False),
    ("staff", "london"): (150_000, 200_000, True),
    ("staff", "rest_of_uk"): (125_000, 170_000, True),
}
EXPECTED_YEARS = {"junior": (0, 2), "mid": (2, 5), "senior": (5, 8), "staff": (8, None)}
EXPECTED_EMPLOYERS = {
    "deepmind_google": ("Google DeepMind / Google Cloud", "Research & cloud", 90_000, 230_000, True, None),
    "autonomous_ai": ("Wayve / Waymo / autonomous AI", "Autonomous AI", 95_000, 210_000, True, None),
    "investment_banks": ("Tier 1 investment banks", "Finance", 100_000, 220_000, True, None),
    "cloud_providers": ("AWS / Azure / GCP ML teams", "Cloud providers", 85_000, 195_000, True, None),
    "ai_scaleups": ("AI-native scaleups (Series B+)", "Startup", 75_000, 160_000, False, "equity"),
    "pharma_biotech": ("Pharma/biotech AI (AZ, GSK)", "Life sciences", 75_000, 155_000, True, None),
}
EXPECTED_SKILLS = [
    "GPU cluster management",
    "Real-time ML serving",
    "ML platform engineering",
    "Advanced Kubernetes",
    "Multi-cloud ML platforms",
    "Model monitoring & drift",
]
EXPECTED_TIPS = {"benchmark_ml_engineering", "show_ml_value", "gpu_experience", "competing_offers", "remote_london_rates"}


@pytest.fixture(scope="module")
def bm():
    return load_benchmark()


@pytest.fixture(scope="module")
def shipped():
    """The data file in the repository, which the double-entry figures check."""
    return load_benchmark(DEFAULT_PATH)


@pytest.mark.parametrize("cell", sorted(EXPECTED_BANDS))
def test_every_band_cell_matches_the_source(shipped, cell):
    band = shipped.bands[cell]
    assert (band.low, band.high, band.open_ended) == EXPECTED_BANDS[cell]


@pytest.mark.parametrize("level", sorted(EXPECTED_YEARS))
def test_experience_spans(shipped, level):
    assert (shipped.levels[level].years_min, shipped.levels[level].years_max) == EXPECTED_YEARS[level]


@pytest.mark.parametrize("key", sorted(EXPECTED_EMPLOYERS))
def test_every_employer_row_matches_the_source(shipped, key):
    group = shipped.employers[key]
    assert (group.name, group.sector, group.pay.low, group.pay.high, group.pay.open_ended, group.pay.plus) == EXPECTED_EMPLOYERS[key]


def test_employer_table_order_and_size(shipped):
    assert list(shipped.employers) == list(EXPECTED_EMPLOYERS)


def test_faq_and_premium_figures(shipped):
    assert (shipped.average_mid_level.low, shipped.average_mid_level.high) == (85_000, 95_000)
    assert shipped.premium_pct == (10, 25)
    assert shipped.top_skills == EXPECTED_SKILLS
    assert set(shipped.tips) == EXPECTED_TIPS
    assert len(shipped.drivers) == 4


def test_source_metadata(shipped):
    assert shipped.source["title"] == "MLOps Engineer Salary UK 2026 Benchmarks"
    assert shipped.source["year"] == 2026
    assert "base salary" in shipped.source["scope"]


# --- broken files are refused, naming the field -------------------------------------------


def _write_variant(tmp_path, mutate):
    """A copy of the data file the product loads, changed by `mutate`."""
    raw = yaml.safe_load(figures.PATH.read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "benchmark.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda r: r["bands"]["senior"].pop("london"), "bands.senior.london"),
        (lambda r: r["bands"]["mid"]["london"].update(low=figures.high("mid", "london") + 20_000), "bands.mid.london"),  # low above high
        (lambda r: r["bands"]["junior"]["rest_of_uk"].update(high="lots"), "bands.junior.rest_of_uk.high"),
        (  # below the senior band
            lambda r: r["bands"]["staff"]["london"].update(
                low=figures.low("senior", "london") - 10_000, high=figures.low("senior", "london") - 5_000
            ),
            "bands.staff.london",
        ),
        (lambda r: r["bands"]["staff"]["london"].update(open_ended=False), "bands.staff"),
        (lambda r: r["employer_groups"]["investment_banks"].update(pay_basis="base"), "employer_groups.investment_banks.pay_basis"),
        (lambda r: r.pop("levels"), "levels"),
        (lambda r: r["devops_premium"].update(low_pct=30), "devops_premium"),
        (lambda r: r["source"].pop("scope"), "source.scope"),
        (lambda r: r["source"].pop("note"), "source.note"),
        (lambda r: r["source"].update(year="recent"), "source.year"),
        (lambda r: next(t for t in r["tips"] if t["key"] == "gpu_experience").update(key="gpus"), "gpu_experience"),
        (lambda r: r["tips"].append(dict(r["tips"][0])), "repeats"),
        (lambda r: r["levels"]["mid"].update(years_min="five"), "levels.mid.years_min"),
        (lambda r: r["levels"]["junior"].update(years_max=2.5), "levels.junior.years_max"),
    ],
)
def test_broken_data_is_refused_with_the_field_named(tmp_path, mutate, field):
    with pytest.raises(BenchmarkError) as error:
        load_benchmark(_write_variant(tmp_path, mutate))
    assert field in str(error.value)


def test_unreadable_and_invalid_yaml_are_refused(tmp_path):
    with pytest.raises(BenchmarkError, match="cannot read"):
        load_benchmark(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("bands: [unclosed", encoding="utf-8")
    with pytest.raises(BenchmarkError, match="not valid YAML"):
        load_benchmark(bad)


def test_an_edited_figure_changes_the_answer(tmp_path):
    from channels.render.text import plain_text
    from knowledge import answers

    low, high = figures.low("senior", "london"), figures.high("senior", "london") + 5_000
    path = _write_variant(tmp_path, lambda r: r["bands"]["senior"]["london"].update(high=high))
    assert f"{figures.pounds(low)} – {figures.pounds(high)}" in plain_text(answers.band(load_benchmark(path), ["senior"], ["london"]))


@pytest.mark.parametrize(
    "low, high, levels",
    [
        (3, 5, ["mid"]),
        (2, 4, ["mid"]),
        (3, 7, ["mid", "senior"]),
        (8, 10, ["staff"]),
        (0, 0, ["junior"]),
        (1, 2, ["junior"]),
        (4, 5, ["mid"]),
        (5, 6, ["senior"]),
        (10, 20, ["staff"]),
        (5, None, ["mid", "senior"]),
        (2, 2, ["junior", "mid"]),
    ],
)
def test_levels_for_a_span_of_years(bm, low, high, levels):
    from knowledge.queries import levels_for_years

    assert levels_for_years(bm, low, high) == levels


@pytest.mark.parametrize(
    "edit, field",
    [
        (lambda r: r["levels"]["mid"].update(years_min=3), "levels.mid.years_min"),  # a gap after junior
        (lambda r: r["levels"]["senior"].update(years_min=4), "levels.senior.years_min"),  # overlaps mid
        (lambda r: r["levels"]["junior"].update(years_min=1), "levels.junior.years_min"),
        (lambda r: r["levels"]["staff"].update(years_max=12), "levels.staff.years_max"),
        (lambda r: r["levels"]["mid"].update(years_max=2), "levels.mid.years_max"),
        (lambda r: r["levels"]["mid"].update(years_min="five"), "levels.mid.years_min"),
    ],
)
def test_year_spans_must_join_end_to_end(tmp_path, edit, field):
    with pytest.raises(BenchmarkError, match=field.replace(".", r"\.")):
        load_benchmark(_write_variant(tmp_path, edit))
