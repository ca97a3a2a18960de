"""Payband's negotiation rules, in one place: where a figure sits in a band, the counter to ask for,
the floor to hold to, and the words for each.

The offer check, the counter email, the call script, band position and charts all call these, so one
offer gets one counter and one floor wherever the user asks. Every figure is a band figure from the
benchmark or the user's own, or worked out from those by the rule the text states.

The rules:
- position: below the band, within it, or above it; within, the share of the way up (nearest whole
  percent, halves up) and the quarter (a figure on a quarter line starts the quarter above, so 25% up
  is the second quarter).
- counter: below the band or in its lower half, the band's midpoint; in the upper half, the point
  three quarters of the way up; at or past that point, no higher base (negotiate the rest instead).
  Counters are rounded up to the next thousand pounds, so the ask is a clean figure never below the rule.
- before any offer: ask for the midpoint, rounded up as a counter is.
- floor (also the walk-away point): the bottom of the band, the least base worth accepting for the level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from knowledge.formatting import money, money_range
from knowledge.loader import Range

COUNTER_STEP = 1_000
STEP_WORDS = "thousand"  # COUNTER_STEP in words: a reply's £ figures are all benchmark or user-derived, so the step is not one
QUARTER_NAMES = {1: "lower quarter", 2: "second quarter", 3: "third quarter", 4: "top quarter"}
_MIDPOINT_SIDE = {2: ", below the midpoint", 3: ", above the midpoint"}


def midpoint(band: Range) -> int:
    return int(round((band.low + band.high) / 2))


def three_quarter_point(band: Range) -> float:
    """Three quarters of the way from the bottom of the band to its (quoted) top."""
    return band.low + 0.75 * (band.high - band.low)


def round_up(amount: float, step: int = COUNTER_STEP) -> int:
    return int(math.ceil(amount / step) * step)


@dataclass(frozen=True)
class Position:
    """'below', 'within' or 'above' a band. Within: `percent` of the way up and `quarter` 1-4;
    below/above: `gap` in pounds to the nearer end."""

    place: str
    percent: Optional[int]
    quarter: Optional[int]
    gap: int
    open_ended: bool


def position(band: Range, amount: float) -> Position:
    if amount < band.low:
        return Position("below", None, None, int(round(band.low - amount)), band.open_ended)
    if amount > band.high:
        return Position("above", None, None, int(round(amount - band.high)), band.open_ended)
    share = (amount - band.low) / (band.high - band.low)
    percent = math.floor(share * 100 + 0.5)
    return Position("within", percent, min(4, int(share * 4) + 1), 0, band.open_ended)


def quarter_phrase(quarter: int) -> str:
    """'in its second quarter, below the midpoint'."""
    return f"in its {QUARTER_NAMES[quarter]}{_MIDPOINT_SIDE.get(quarter, '')}"


def position_phrase(band: Range, amount: float, name: str) -> str:
    """What follows '£76,000 (your figure) is ': how far up the band, or how far outside it and which way."""
    where = position(band, amount)
    band_text = f"{name} ({money_range(band)})"
    if where.place == "within":
        return f"{where.percent}% of the way up the {band_text}, {quarter_phrase(where.quarter)}"
    if where.place == "below":
        return f"{money(where.gap)} below the bottom of the {band_text}"
    if band.open_ended:
        return (
            f"{money(where.gap)} above the figure quoted for an open-ended band, the {band_text}; the benchmark sets no "
            "ceiling there, so this counts as top-end pay for the level"
        )
    return f"{money(where.gap)} above the top of the {band_text}"


def short_position(band: Range, amount: float) -> str:
    """A table cell or chart label: '25% up', '£8,000 below', '£10,000 above the quoted top'."""
    where = position(band, amount)
    if where.place == "within":
        return f"{where.percent}% up"
    if where.place == "below":
        return f"{money(where.gap)} below"
    return f"{money(where.gap)} above" + (" the quoted top" if band.open_ended else "")


@dataclass(frozen=True)
class Counter:
    """The base-salary counter for one offer against one band, and the rule that produced it.

    `case` is 'below', 'lower' (lower half), 'upper' (upper half, under the three-quarter point) or
    'none' (at or past it: `amount` is None and `rule_text` says what to negotiate instead).
    `floor` is the bottom of the band whatever the case: the least base to accept, and the walk-away point."""

    case: str
    amount: Optional[int]
    rule_text: str
    target: Optional[float]  # the unrounded point of the band the counter aims at
    floor: int


def _rounding(target: float, amount: int) -> str:
    if amount == target:
        return f"{money(amount)} (already a round {STEP_WORDS})"
    return f"{money(target)}, rounded up to the nearest {STEP_WORDS} pounds: {money(amount)}"


def counter(band: Range, offer: float) -> Counter:
    mid, three_q = midpoint(band), three_quarter_point(band)
    if offer < band.low:
        amount = round_up(mid)
        rule = (
            f"The offer is below the band, so the counter is the band's midpoint, {_rounding(mid, amount)}; "
            f"the bottom of the band, {money(band.low)}, is the floor to hold to."
        )
        return Counter("below", amount, rule, mid, band.low)
    if offer < mid:
        amount = round_up(mid)
        rule = f"The offer is in the lower half of the band, so the counter is the band's midpoint, {_rounding(mid, amount)}."
        return Counter("lower", amount, rule, mid, band.low)
    if offer < three_q:
        amount = round_up(three_q)
        rule = (
            "The offer is in the upper half of the band, so the counter is the point three quarters of the way up it, "
            f"{_rounding(three_q, amount)}."
        )
        return Counter("upper", amount, rule, three_q, band.low)
    where = "above the band" if offer > band.high else "at or past the point three quarters of the way up the band"
    rule = (
        f"The offer is already {where}, so a higher base is hard to justify from the benchmark; "
        "negotiate the sign-on bonus, bonus or equity instead."
    )
    return Counter("none", None, rule, None, band.low)


def ask_before_offer(band: Range) -> int:
    """The base to ask for before any offer is on the table: the midpoint, rounded up as a counter is
    (the counter for any offer in the lower half of the band)."""
    return round_up(midpoint(band))


def floor(band: Range) -> int:
    """The least base worth accepting for the level, and so the point to walk away at: the bottom of the band."""
    return band.low


@dataclass(frozen=True)
class WalkAway:
    """The least base worth accepting, and why: the bottom of the band, or what the user earns now when
    that is higher (a move is rarely worth a pay cut on base)."""

    amount: int
    because_current: bool


def walk_away(band: Range, current: Optional[float] = None) -> WalkAway:
    if current is not None and current > floor(band):
        return WalkAway(int(current), True)
    return WalkAway(floor(band), False)


def counter_advice(band: Range, offer: float) -> str:
    """The offer check's one line of advice: the counter (or none) with its rule, the same figure the email and call script ask for."""
    c = counter(band, offer)
    if c.amount is None:
        return c.rule_text
    return f"Counter with {money(c.amount)}. {c.rule_text}"


@dataclass(frozen=True)
class Aim:
    """Where to pitch inside a band from the skills the user brings: `amount` (rounded up to the next £1,000)
    and the rule that gave it."""

    amount: int
    point: str  # "top" or "three_quarters"


def aim(band: Range, skills: int, scarce: bool) -> Aim:
    """The benchmark's GPU tip says to aim for the top of the published range, so a scarce skill (or two or
    more of the benchmark's pay-pushing skills) aims at the top of the band; one such skill, at the point
    three quarters of the way up. (With none, Payband asks which apply instead of guessing.)"""
    if scarce or skills >= 2:
        return Aim(round_up(band.high), "top")
    return Aim(round_up(three_quarter_point(band)), "three_quarters")
