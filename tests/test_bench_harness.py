"""The pure helpers of scripts/bench.py (`make bench`): no server, no network, under a second."""

import random
import statistics

import pytest

from scripts import bench

# --- percentiles and summaries ---------------------------------------------------------


def test_percentile_interpolates_between_closest_ranks():
    values = [10, 20, 30, 40, 50]
    assert bench.percentile(values, 0) == 10
    assert bench.percentile(values, 50) == 30
    assert bench.percentile(values, 100) == 50
    assert bench.percentile(values, 25) == 20
    assert bench.percentile(values, 95) == pytest.approx(48.0)  # 40 + 0.8 * 10
    assert bench.percentile([4, 1, 3, 2], 50) == pytest.approx(2.5)  # unsorted input


def test_percentile_of_1_to_100_matches_the_textbook_values():
    values = list(range(1, 101))
    random.Random(1).shuffle(values)
    assert bench.percentile(values, 50) == pytest.approx(50.5)
    assert bench.percentile(values, 95) == pytest.approx(95.05)
    assert bench.percentile(values, 99) == pytest.approx(99.01)


def test_percentile_edge_cases():
    assert bench.percentile([], 50) is None
    assert bench.percentile([7.5], 99) == 7.5
    with pytest.raises(ValueError):
        bench.percentile([1, 2], 101)


def test_summarise_counts_only_successful_replies_in_messages_per_second():
    summary = bench.summarise([10.0] * 90 + [100.0] * 10, errors=5, wall_s=2.0)
    assert summary["ok"] == 100 and summary["errors"] == 5
    assert summary["msg_per_s"] == 50.0
    assert summary["p50_ms"] == 10.0
    assert summary["p99_ms"] == 100.0
    empty = bench.summarise([], errors=3, wall_s=1.0)
    assert empty["msg_per_s"] is None and empty["p95_ms"] is None and empty["errors"] == 3


def test_window_median_needs_the_whole_window_reached():
    per_turn = [float(n) for n in range(1, 201)]  # turn n took n ms
    assert bench.window_median(per_turn, 1, 10) == 5.5
    assert bench.window_median(per_turn, 191, 200) == 195.5
    assert bench.window_median(per_turn, 991, 1000) is None  # stopped at turn 200 (budget)
    assert bench.window_median(per_turn[:195], 191, 200) is None
    failed = per_turn[:10]
    failed[0] = failed[1] = None  # failed turns are left out
    assert bench.window_median(failed, 1, 10) == statistics.median(range(3, 11))
    assert bench.window_median([None] * 10, 1, 10) is None
    with pytest.raises(ValueError):
        bench.window_median(per_turn, 10, 1)


# --- targets -----------------------------------------------------------------------------

GOOD = {
    "cold_start_s": 9.0,
    "one.p50_ms": 12.0,
    "one.p95_ms": 25.0,
    "conc.msg_per_s": 90.0,
    "conc.p95_ms": 40.0,
    "conc.errors": 0,
    "turns_1_10_ms": 10.0,
    "turns_191_200_ms": 11.0,
    "turns_991_1000_ms": 14.0,
    "rasa_rss_mb": 650.0,
    "long.turns_reached": 1000,
}
STARTER = {"conc.msg_per_s": 25.0, "conc.p95_ms": 150.0, "turns_1_10_ms": 30.0, "long.turns_reached": 1000}


def test_every_target_passes_when_payband_meets_it():
    results = bench.evaluate_targets(GOOD, STARTER)
    assert set(results) == {
        "conc.msg_per_s",
        "conc.p95_ms",
        "conc.errors",
        "one.p50_ms",
        "one.p95_ms",
        "growth_200",
        "growth_1000",
        "cold_start_s",
        "rasa_rss_mb",
    }
    assert {status for _, status in results.values()} == {"PASS"}


@pytest.mark.parametrize(
    "key, value, missed",
    [
        ("conc.msg_per_s", 74.0, "conc.msg_per_s"),  # 2.96x the starter's 25 msg/s
        ("conc.p95_ms", 51.0, "conc.p95_ms"),  # just over 1/3 of 150 ms
        ("conc.errors", 1, "conc.errors"),
        ("one.p50_ms", 15.1, "one.p50_ms"),
        ("one.p95_ms", 30.5, "one.p95_ms"),
        ("turns_191_200_ms", 12.1, "growth_200"),  # 1.21x turns 1-10
        ("turns_991_1000_ms", 15.1, "growth_1000"),  # 1.51x turns 1-10
        ("cold_start_s", 12.5, "cold_start_s"),
        ("rasa_rss_mb", 701.0, "rasa_rss_mb"),
    ],
)
def test_each_target_misses_just_past_its_limit(key, value, missed):
    results = bench.evaluate_targets({**GOOD, key: value}, STARTER)
    assert results[missed][1] == "MISS"
    assert [k for k, (_, status) in results.items() if status != "PASS"] == [missed]


def test_limits_themselves_pass():
    edge = {
        **GOOD,
        "conc.msg_per_s": 75.0,
        "conc.p95_ms": 50.0,
        "one.p50_ms": 15.0,
        "one.p95_ms": 30.0,
        "turns_191_200_ms": 12.0,
        "turns_991_1000_ms": 15.0,
        "cold_start_s": 12.0,
        "rasa_rss_mb": 700.0,
    }
    assert {status for _, status in bench.evaluate_targets(edge, STARTER).values()} == {"PASS"}


def test_missing_values_are_miss_for_payband_and_n_a_without_the_starter():
    not_reached = {**GOOD, "turns_991_1000_ms": None, "long.turns_reached": 540}
    assert bench.evaluate_targets(not_reached, STARTER)["growth_1000"][1] == "MISS"
    assert bench.evaluate_targets({**GOOD, "conc.errors": None}, STARTER)["conc.errors"][1] == "MISS"
    no_starter = bench.evaluate_targets(GOOD, {})
    assert no_starter["conc.msg_per_s"][1] == "n/a" and no_starter["conc.p95_ms"][1] == "n/a"
    assert no_starter["one.p50_ms"][1] == "PASS"


# --- table -------------------------------------------------------------------------------


def test_table_shows_both_bots_ratios_targets_and_unreached_windows():
    payband = {**GOOD, "turns_991_1000_ms": None, "long.turns_reached": 540, "action_rss_mb": 45.0}
    table = bench.render_table(payband, STARTER, {"starter": {"action_rss_mb": "not run"}})
    lines = table.splitlines()
    assert len(lines) == 2 + len(bench.ROWS)
    assert len({len(line) for line in lines}) == 1  # padded: columns line up
    row = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]] for line in lines[2:]}
    assert row["8 concurrent: messages/s"] == ["90.0", "25.0", "3.60×", "≥ 3× starter", "PASS"]
    assert row["8 concurrent: p95 (ms)"][2:] == ["0.27×", "≤ ⅓ of starter", "PASS"]
    assert row["turns 991–1,000, median (ms)"][0] == bench.NOT_REACHED
    assert row["turns 991–1,000 ÷ turns 1–10"][0] == bench.NOT_REACHED
    assert row["turns 991–1,000 ÷ turns 1–10"][-1] == "MISS"
    assert row["turns 191–200 ÷ turns 1–10"][0] == "1.10×"
    assert row["action server RSS, peak (MB)"][:2] == ["45.0", "not run"]
    assert row["cold start to first reply (s)"][-2:] == ["≤ 12 s", "PASS"]


def test_flat_metrics_reads_the_json_layout():
    bot = {
        "cold_start_s": 8.2,
        "memory": {"rasa_peak_mb": 640.0, "action_peak_mb": 50.0},
        "phases": {
            "one_client": {"msg_per_s": 20.0, "p50_ms": 40.0, "p95_ms": 60.0, "p99_ms": 90.0, "errors": 0},
            "long_conversation": {
                "turns_reached": 300,
                "errors": 2,
                "window_medians_ms": {"1-10": 40.0, "191-200": 300.0, "991-1000": None},
            },
        },
    }
    m = bench.derived_metrics(bench.flat_metrics(bot))
    assert m["one.p95_ms"] == 60.0 and m["conc.msg_per_s"] is None
    assert m["rasa_rss_mb"] == 640.0 and m["long.turns_reached"] == 300
    assert m["growth_200"] == 7.5 and m["growth_1000"] is None


# --- message generators --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["payband", "starter"])
def test_generators_are_deterministic_for_a_seed_and_differ_between_seeds(name):
    generator = bench.GENERATORS[name]
    first = generator.conversation(bench.rng_for(7, "one", 0), 400)
    assert first == generator.conversation(bench.rng_for(7, "one", 0), 400)
    assert first != generator.conversation(bench.rng_for(8, "one", 0), 400)
    assert first != generator.conversation(bench.rng_for(7, "one", 1), 400)  # each client its own stream


@pytest.mark.parametrize("name, min_distinct", [("payband", 0.75), ("starter", 0.9)])
def test_generators_are_varied(name, min_distinct):
    messages = bench.GENERATORS[name].conversation(bench.rng_for(1, "long"), 1000)
    assert len(messages) == 1000
    assert len(set(messages)) >= min_distinct * len(messages)
    assert all(m.strip() and "{" not in m and "<" not in m and " a entry" not in m for m in messages)
    repeats = sum(a == b for a, b in zip(messages, messages[1:], strict=False))
    assert repeats <= 5


def test_payband_messages_vary_levels_places_amounts_years_and_employers():
    text = " ".join(bench.GENERATORS["payband"].conversation(bench.rng_for(3, "x"), 600))
    assert sum(level in text for level in bench._LEVELS) >= 6
    assert sum(place in text for place in bench._PLACES) >= 20
    assert sum(employer in text for employer in bench._EMPLOYERS) >= 10
    amounts = {
        word
        for word in text.replace("?", " ").split()
        if word.rstrip(",").endswith(("k", ",000", ",500")) and any(c.isdigit() for c in word)
    }
    assert len(amounts) >= 30
    assert len({n for n in range(16) if f" {n} years" in text or f" {n} yrs" in text}) >= 10


def test_starter_messages_cover_its_intents():
    messages = bench.GENERATORS["starter"].conversation(bench.rng_for(3, "x"), 300)
    assert messages[0].split()[0] in ("hello", "hey", "hi", "good")  # opens with a greeting
    for phrase in ("I am sad", "I am great", "bye", "are you a bot", "hello"):
        assert any(m.startswith(phrase) for m in messages), phrase


def test_conversation_length_and_greeting():
    generator = bench.GENERATORS["payband"]
    assert generator.conversation(random.Random(0), 0) == []
    conversation = generator.conversation(random.Random(0), 8)
    assert len(conversation) == 8
    assert conversation[0] in ("hello", "hi", "hey there", "good morning", "hiya", "hello payband")


def test_a_window_beyond_a_shorter_planned_conversation_is_not_blamed_on_the_budget():
    quick = {**GOOD, "turns_191_200_ms": None, "turns_991_1000_ms": None, "long.turns_reached": 30, "long.stopped_by_budget": False}
    notes = bench.missing_notes(bench.derived_metrics(quick))
    assert notes["turns_191_200_ms"] == notes["growth_1000"] == "not reached (30 turns planned)"
    assert "turns_1_10_ms" not in notes
    budget = bench.missing_notes(bench.derived_metrics({**quick, "long.turns_reached": 540, "long.stopped_by_budget": True}))
    assert set(budget) == {"turns_991_1000_ms", "growth_1000"} and budget["growth_1000"] == bench.NOT_REACHED
