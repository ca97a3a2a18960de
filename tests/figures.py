"""Benchmark figures for tests, read from the data file the product itself loads.

Tests state expected figures through this module instead of typing them, so a new edition of
knowledge/benchmark.yml (or PAYBAND_BENCHMARK pointing at another file) changes the expectations
with it. Derived points (midpoint, quarter points) are worked out here from the band's ends, not
with the product's own functions, so a test still checks the product's arithmetic.

Test YAML uses placeholders filled by `fill()`:
  {band.senior.london.low}        -> £100,000       ends: low, high; points: mid, q1, q3
  {band.senior.london.low:k}      -> 100k           formats: (none) £-money, k, n (plain number)
  {band.mid.london.low - 6000}    -> £62,000        one + or - with a whole number, for figures around a band
  {employer.investment_banks.low} -> £100,000
  {premium.low_pct}, {premium.high_pct} -> 10, 25 (plain numbers)
  {average.low}, {average.high}   -> the stated mid-level average
"""

from __future__ import annotations

import math
import re
from typing import Dict

from knowledge.loader import Range, load_benchmark

BM = load_benchmark()


def band(level: str, region: str) -> Range:
    return BM.bands[(level, region)]


def low(level: str, region: str) -> int:
    return band(level, region).low


def high(level: str, region: str) -> int:
    return band(level, region).high


def point(level: str, region: str, share: float) -> float:
    """The figure `share` of the way from the bottom of the band to its quoted top."""
    b = band(level, region)
    return b.low + share * (b.high - b.low)


def mid(level: str, region: str) -> int:
    """The band's midpoint to whole pounds, halves rounded to even as Python's round() does."""
    return int(round(point(level, region, 0.5)))


def round_up(amount: float, step: int = 1000) -> int:
    return int(math.ceil(amount / step) * step)


def employer(key: str) -> Range:
    return BM.employers[key].pay


def pounds(amount: float) -> str:
    """68000 -> '£68,000', the way every reply writes money."""
    return f"£{int(round(amount)):,}"


def k(amount: float) -> str:
    """68000 -> '68k', the way users type money."""
    return f"{amount / 1000:g}k"


def _values() -> Dict[str, float]:
    values: Dict[str, float] = {}
    for (level, region), b in BM.bands.items():
        stem = f"band.{level}.{region}"
        values.update(
            {
                f"{stem}.low": b.low,
                f"{stem}.high": b.high,
                f"{stem}.mid": mid(level, region),
                f"{stem}.q1": point(level, region, 0.25),
                f"{stem}.q3": point(level, region, 0.75),
            }
        )
    for key, group in BM.employers.items():
        values[f"employer.{key}.low"], values[f"employer.{key}.high"] = group.pay.low, group.pay.high
    values["premium.low_pct"], values["premium.high_pct"] = BM.premium_pct
    values["average.low"], values["average.high"] = BM.average_mid_level.low, BM.average_mid_level.high
    return values


VALUES = _values()
_PLACEHOLDER = re.compile(r"\{(?P<name>[a-z_]+(?:\.[a-z0-9_]+)+)(?:\s*(?P<op>[-+])\s*(?P<delta>\d+))?(?::(?P<fmt>[kn]))?\}")


def _render(match: re.Match) -> str:
    name = match.group("name")
    if name not in VALUES:
        raise KeyError(f"unknown figure placeholder {match.group()!r}")
    value = VALUES[name]
    if match.group("op"):
        value = value + int(match.group("delta")) * (1 if match.group("op") == "+" else -1)
    fmt = match.group("fmt") or ("n" if name.startswith("premium.") else "")
    if fmt == "k":
        return k(value)
    if fmt == "n":
        return f"{value:g}"
    return pounds(value)


def fill(value):
    """Placeholders in a string, or in every string of a nested list/dict (a whole YAML document), filled in."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(_render, value)
    if isinstance(value, list):
        return [fill(item) for item in value]
    if isinstance(value, dict):
        return {key: fill(item) for key, item in value.items()}
    return value
