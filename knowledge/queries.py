"""Pure look-ups over a loaded Benchmark: levels for years, premium, employers (band positions and counters: knowledge/rules.py)."""

from __future__ import annotations

from typing import List, Optional, Tuple

from knowledge.loader import LEVELS, Benchmark, EmployerGroup


def levels_for_years(benchmark: Benchmark, years: float, years_to: Optional[float] = None) -> List[str]:
    """Levels whose experience span holds `years`; 2, 5 and 8 sit on two bands and return both.

    With `years_to` (a span such as 'a handful of years' = 3-5) the levels whose span
    overlaps the open interval: 3-5 is Mid-level only, 3-7 is Mid and Senior."""
    found = []
    for key in LEVELS:
        level = benchmark.levels[key]
        if years_to is not None and years_to > years:
            if level.years_min < years_to and (level.years_max is None or level.years_max > years):
                found.append(key)
        elif level.years_min <= years and (level.years_max is None or years <= level.years_max):
            found.append(key)
    return found


def devops_premium(benchmark: Benchmark, devops_salary: int) -> Tuple[int, int]:
    """The DevOps salary raised by the benchmark's premium range, to whole pounds."""
    low_pct, high_pct = benchmark.premium_pct
    return (int(round(devops_salary * (100 + low_pct) / 100)), int(round(devops_salary * (100 + high_pct) / 100)))


def employers_ranked(benchmark: Benchmark) -> List[EmployerGroup]:
    """Employer groups by the top of their total-comp range, then the bottom (highest first)."""
    return sorted(benchmark.employers.values(), key=lambda g: (g.pay.high, g.pay.low), reverse=True)
