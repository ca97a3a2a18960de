"""Benchmark figures for tests, read from the data file the product itself loads.

Tests state expected figures through this module instead of typing them, so a new edition of
knowledge/benchmark.yml (or PAYBAND_BENCHMARK pointing at another file) changes the expectations
with it. Derived points (midpoint, quarter points) are worked out here from the band's ends, not
with the product's own functions, so a test still checks the product's arithmetic.

Test YAML uses placeholders filled by `fill()`:
  {band.senior.london.low}        -> £100,000       ends: low, high; points: mid, q1, q3; mid_up (counter)
  {band.senior.london.low:k}      -> 100k           formats: (none) £-money, k, n (plain number)
  {band.mid.london.low - 6000}    -> £62,000        one + or - with a whole number, for figures around a band
  {employer.investment_banks.low} -> £100,000
  {premium.low_pct}, {premium.high_pct} -> 10, 25 (plain numbers)
  {premium.low_on.70000}, {premium.high_on.70000} -> £77,000, £87,500 (a DevOps salary plus the premium)
  {average.low}, {average.high}   -> the stated mid-level average
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Dict, Optional

from knowledge.loader import DEFAULT_PATH, Range, load_benchmark

PATH = Path(os.environ.get("PAYBAND_BENCHMARK") or DEFAULT_PATH)  # the file the product loads: edit a copy of this one
BM = load_benchmark(PATH)


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


def thousand(amount: float) -> int:
    """To the nearest £1,000, for a figure a user would type ('76k') near a point of a band."""
    return int(round(amount / 1000) * 1000)


def span_of(rng: Range) -> str:
    """'£68,000 – £100,000' as replies write a range: '+' when open-ended, ' plus equity' when quoted before it."""
    text = f"{pounds(rng.low)} – {pounds(rng.high)}" + ("+" if rng.open_ended else "")
    return text + (f" plus {rng.plus}" if rng.plus else "")


def span(level: str, region: str) -> str:
    """A band as replies write it: '£68,000 – £100,000', '£150,000 – £200,000+'."""
    return span_of(band(level, region))


def employer_span(key: str) -> str:
    """An employer group's total-compensation range as replies write it: '£90,000 – £230,000+'."""
    return span_of(employer(key))


def percent_in(rng: Range, amount: float) -> int:
    """How far up a range a figure inside it sits, to the nearest whole percent (halves up)."""
    if not rng.low <= amount <= rng.high:
        raise ValueError(f"{amount} is outside {rng.low}-{rng.high}: the test needs a figure inside the range")
    return math.floor((amount - rng.low) * 100 / (rng.high - rng.low) + 0.5)


def percent_up(level: str, region: str, amount: float) -> int:
    """How far up the band a figure sits: 76000 in £68,000 – £100,000 -> 25."""
    return percent_in(band(level, region), amount)


def three_q(level: str, region: str) -> float:
    """The point three quarters of the way up the band."""
    return point(level, region, 0.75)


def counter(level: str, region: str, offer: float) -> Optional[int]:
    """The counter the negotiation rules ask for, worked out here from the band's ends: below the band or in
    its lower half, the midpoint rounded up to the next £1,000; in the upper half, the three-quarter point
    rounded up; at or past the three-quarter point, None (no higher base)."""
    if offer < mid(level, region):
        return round_up(mid(level, region))
    if offer < three_q(level, region):
        return round_up(three_q(level, region))
    return None


def premium(base: float) -> tuple:
    """A DevOps base with the benchmark's MLOps premium on top: (low, high) in pounds."""
    low_pct, high_pct = BM.premium_pct
    return base * (100 + low_pct) / 100, base * (100 + high_pct) / 100


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


def _counter_values() -> Dict[str, float]:
    """{band.mid.london.mid_up}: the band's midpoint rounded up to the next £1,000, the counter-offer figure
    the negotiation rules ask for an offer in the band's lower half (or below it)."""
    return {f"band.{level}.{region}.mid_up": round_up(mid(level, region)) for level, region in BM.bands}


VALUES.update(_counter_values())
_PLACEHOLDER = re.compile(r"\{(?P<name>[a-z_]+(?:\.[a-z0-9_]+)+)(?:\s*(?P<op>[-+])\s*(?P<delta>\d+))?(?::(?P<fmt>[kn]))?\}")


def _render(match: re.Match) -> str:
    name = match.group("name")
    premium = re.fullmatch(r"premium\.(low|high)_on\.(\d+)", name)
    if premium:  # a DevOps salary lifted by the benchmark's premium, to whole pounds
        pct = BM.premium_pct[0 if premium.group(1) == "low" else 1]
        return pounds(int(premium.group(2)) * (100 + pct) / 100)
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
