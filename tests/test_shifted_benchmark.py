"""A new edition of the benchmark does not break tests that are not wrong.

A copy of the data file has every figure moved (every band's and employer group's low and high, and
the stated average), and the fast-tier tests that check figures run against it in a pytest process
of their own (PAYBAND_BENCHMARK=<copy>, PAYBAND_FAST_TIER=1). They take their expectations from
tests/figures.py, which reads the same file the product does, so they must all still pass.

Two moves: every figure up £3,000 (ranges keep their widths, so shares of the way up stay put), and
every figure up 7% to the nearest £100 (widths change, midpoints stop being round thousands).
Slow: it starts a process.
"""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from channels.render.text import plain_text
from knowledge import answers
from knowledge.loader import load_benchmark
from tests import figures

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FIGURE_TESTS = [  # fast-tier test files that check benchmark figures
    "tests/test_negotiation.py",
    "tests/test_negotiation_actions.py",
    "tests/test_knowledge.py",
    "tests/test_charts.py",
    "tests/test_renderers.py",
    "tests/test_third_region.py",
    "tests/test_parts.py",
    "tests/test_slack_files.py",
    "tests/test_terminal_chat.py",
    "tests/test_actions.py",
    "tests/test_compensation.py",
    "tests/test_rules.py",
    "tests/test_case.py",
    "tests/test_slots.py",
    "tests/test_pay_words.py",
]
MIN_TESTS = 300  # the files above hold well over this many fast-tier tests: fewer means some were not run
MOVES = {
    "up_3000": lambda amount: amount + 3_000,
    "up_7_percent": lambda amount: round(amount * 1.07 / 100) * 100,
}
MONEY_FIELD = re.compile(r"\b(low|high): (\d+)\b")  # every figure in the file is written `low: N` or `high: N`


def every_figure(bm) -> dict:
    """Each band's, employer group's and the average's ends, by name."""
    found = {}
    for (level, region), band in bm.bands.items():
        found[f"band {level} {region}"] = (band.low, band.high)
    for key, group in bm.employers.items():
        found[f"employer {key}"] = (group.pay.low, group.pay.high)
    found["average"] = (bm.average_mid_level.low, bm.average_mid_level.high)
    return found


def moved_copy(tmp_path: Path, move) -> Path:
    """The data file with every figure moved, its layout and comments kept."""
    text = figures.PATH.read_text(encoding="utf-8")
    moved, count = MONEY_FIELD.subn(lambda m: f"{m[1]}: {move(int(m[2]))}", text)
    assert count == 2 * len(every_figure(figures.BM)), "every `low:`/`high:` in the file is a figure, and every figure is one"
    path = tmp_path / "benchmark.yml"
    path.write_text(moved, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(MOVES))
def test_the_figure_tests_pass_against_a_benchmark_with_every_figure_moved(tmp_path, name):
    move = MOVES[name]
    copy = moved_copy(tmp_path, move)
    moved = load_benchmark(copy)  # still a valid file: the loader checks every range
    before, after = every_figure(figures.BM), every_figure(moved)
    assert after == {key: (move(low), move(high)) for key, (low, high) in before.items()}
    assert all(after[key] != before[key] for key in before)

    # The product answers with the moved figures, not the shipped ones.
    shown = plain_text(answers.band(moved, ["mid"], ["london"]))
    assert figures.span_of(moved.bands[("mid", "london")]) in shown and figures.span("mid", "london") not in shown
    env = {**os.environ, "PAYBAND_BENCHMARK": str(copy), "PAYBAND_FAST_TIER": "1"}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from actions.actions import BENCHMARK; from tests import figures; "
            "print(BENCHMARK.bands[('mid', 'london')].low, figures.low('mid', 'london'))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    low = moved.bands[("mid", "london")].low
    assert probe.stdout.split() == [str(low), str(low)], "the action server and tests/figures.py both read the moved copy"

    report = tmp_path / "report.xml"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-m",
            "not slow",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:warnings",
            "--tb=short",
            f"--junitxml={report}",
            *FIGURE_TESTS,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, f"figure tests fail against the copy moved {name}:\n{run.stdout[-6000:]}\n{run.stderr[-2000:]}"
    cases = ElementTree.parse(report).getroot().iter("testcase")
    ran = [case.get("classname", "") for case in cases if case.find("skipped") is None]
    assert len(ran) >= MIN_TESTS, f"only {len(ran)} tests ran"
    for path in FIGURE_TESTS:
        module = path.removesuffix(".py").replace("/", ".")
        assert any(classname == module or classname.startswith(module + ".") for classname in ran), f"no test of {path} ran"
