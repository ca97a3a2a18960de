"""Offer arithmetic and its guard rails: total compensation (where a base sits in a band, and the counter, are knowledge/rules.py).

Every figure these functions produce is either the user's own number or derived from it (or
from a benchmark band) by a rule the result states, so a reply can show its working. Anything
that would make a total meaningless (no base, a negative figure, a 150% bonus) is reported as a
Problem instead of being silently totalled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional, Tuple

from knowledge.formatting import money
from knowledge.parsing import MAX_SALARY, MIN_SALARY

YOUR_FIGURE = "your figure"
ASSUMPTION = "stated assumption"
MAX_BONUS_PCT = 100  # a bonus above the base itself is more likely a typo than a real offer
MAX_SPREAD_YEARS = 10  # vesting or sign-on spreads longer than this are not ones we can sensibly annualise


@dataclass(frozen=True)
class OfferTerms:
    """One offer as the user described it; None means 'not given'.

    `unknown` names components the user mentioned without a figure ("98k plus equity"), which
    block a total; `equity_yearly_assumed` records that equity came with no period and was read
    as a yearly figure.
    """

    label: Optional[str] = None
    employer: Optional[str] = None
    region: Optional[str] = None  # the band region of the role's place, when the user gave one for this offer
    base: Optional[float] = None
    bonus_pct: Optional[float] = None
    bonus_amount: Optional[float] = None
    equity_per_year: Optional[float] = None
    equity_total: Optional[float] = None
    equity_years: Optional[float] = None
    sign_on: Optional[float] = None
    sign_on_years: Optional[float] = None
    unknown: Tuple[str, ...] = ()
    equity_yearly_assumed: bool = False

    def has(self, component: str) -> bool:
        """A figure for 'bonus', 'equity' or 'sign-on'/'sign_on' (a figure of 0 counts: it was given)."""
        if component == "bonus":
            return self.bonus_pct is not None or self.bonus_amount is not None
        if component == "equity":
            return self.equity_per_year is not None or self.equity_total is not None
        if component in ("sign-on", "sign_on"):
            return self.sign_on is not None
        raise ValueError(f"not a pay component: {component!r}")

    @property
    def has_terms(self) -> bool:
        """A figure for anything beyond base salary: the offer is a package to add up, not a base to check."""
        return any(self.has(component) for component in ("bonus", "equity", "sign_on"))

    @property
    def has_figure(self) -> bool:
        return self.base is not None or self.has_terms


@dataclass(frozen=True)
class Problem:
    """An issue that blocks a total; `message` is a sentence or question for the user naming the figure."""

    field: str
    message: str


@dataclass(frozen=True)
class CompLine:
    """One component a year: how it was worked out and whether it rests on the user's figure or an assumption."""

    name: str
    amount: int
    how: str
    source: str


@dataclass(frozen=True)
class TotalComp:
    """Per-year lines and their sum. `total` includes sign-on as counted; `ongoing` leaves sign-on out."""

    lines: Tuple[CompLine, ...]
    total: int
    ongoing: int
    assumptions: Tuple[str, ...]

    @property
    def sign_on_in_year_one_only(self) -> bool:
        return any(line.name == "Sign-on bonus" and line.source == ASSUMPTION for line in self.lines)


def percent(value: float) -> str:
    """10 -> '10%', 12.5 -> '12.5%'."""
    return f"{int(value)}%" if float(value).is_integer() else f"{value:g}%"


def signed_money(amount: float) -> str:
    """money() for figures that may be negative: -5000 -> '-£5,000' (money() would give '£-5,000')."""
    return f"-{money(-amount)}" if amount < 0 else money(amount)


def _years(value: float) -> str:
    number = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return f"{number} year" if number == "1" else f"{number} years"


# ---------------------------------------------------------------------------------------------
# Problems


_NAMES = {
    "base": "base salary",
    "bonus_pct": "bonus",
    "bonus_amount": "bonus",
    "equity_per_year": "equity",
    "equity_total": "equity",
    "sign_on": "sign-on bonus",
}


def _finite_problems(terms: OfferTerms) -> List[Problem]:
    """Numbers that are not numbers (NaN, infinity) or below zero: nothing else can be checked on them."""
    found = []
    for field_name in (*_NAMES, "equity_years", "sign_on_years"):
        value = getattr(terms, field_name)
        if value is None:
            continue
        name = _NAMES.get(field_name, field_name.replace("_", " "))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            found.append(Problem(field_name, f"I couldn't read the {name} ({value!r}) as a number — what is it?"))
        elif value < 0:
            shown = percent(value) if field_name == "bonus_pct" else _years(value) if "years" in field_name else signed_money(value)
            found.append(Problem(field_name, f"The {name} can't be negative (I read {shown}) — what is the right figure?"))
    return found


def _base_problems(terms: OfferTerms) -> List[Problem]:
    if terms.base is None:
        return [Problem("base", "I need the base salary to total this offer — what base salary does it come with?")]
    if terms.base > 0 and not MIN_SALARY <= terms.base <= MAX_SALARY:
        return [
            Problem("base", f"A base salary of {money(terms.base)} a year is outside the salaries I can check — is that the right figure?")
        ]
    if terms.base == 0:
        return [Problem("base", "I read the base salary as £0 — what base salary does the offer come with?")]
    return []


def _component_problems(terms: OfferTerms) -> List[Problem]:
    found = []
    if terms.bonus_pct is not None and terms.bonus_pct > MAX_BONUS_PCT:
        found.append(
            Problem(
                "bonus_pct",
                f"A {percent(terms.bonus_pct)} bonus would pay more than the base salary itself — is that the right percentage, or is it a cash amount?",
            )
        )
    for field_name in ("bonus_amount", "equity_per_year", "equity_total", "sign_on"):
        value = getattr(terms, field_name)
        if value is not None and value > MAX_SALARY:
            found.append(
                Problem(field_name, f"{_NAMES[field_name].capitalize()} of {money(value)} is far beyond what I can check — is that right?")
            )
    for field_name in ("equity_years", "sign_on_years"):
        value = getattr(terms, field_name)
        if value is not None and not 0 < value <= MAX_SPREAD_YEARS:
            what = "the equity vests" if field_name == "equity_years" else "the sign-on bonus is paid"
            found.append(
                Problem(
                    field_name,
                    f"I read that {what} over {_years(value)}, which I can't spread a year at a time — over how many years is it?",
                )
            )
    return found


def _consistency_problems(terms: OfferTerms) -> List[Problem]:
    """Two readings of one component that disagree, or a total with nothing to divide it by."""
    found = []
    if terms.equity_total is not None and terms.equity_years is None and terms.equity_per_year is None:
        found.append(Problem("equity_years", f"Over how many years does the {money(terms.equity_total)} of equity vest?"))
    if terms.bonus_pct is not None and terms.bonus_amount is not None and terms.base:
        if round(terms.base * terms.bonus_pct / 100) != round(terms.bonus_amount):
            found.append(
                Problem(
                    "bonus_amount",
                    f"You gave the bonus as {percent(terms.bonus_pct)} and as {money(terms.bonus_amount)} — which one should I use?",
                )
            )
    if terms.equity_per_year is not None and terms.equity_total is not None and terms.equity_years:
        if round(terms.equity_total / terms.equity_years) != round(terms.equity_per_year):
            found.append(
                Problem(
                    "equity_total",
                    f"You gave equity as {money(terms.equity_per_year)} a year and as {money(terms.equity_total)} over "
                    f"{_years(terms.equity_years)} — which one should I use?",
                )
            )
    return found


def _unknown_problems(terms: OfferTerms) -> List[Problem]:
    return [
        Problem(name, f"You mentioned {name} but not what it is worth — roughly how much a year (or in total, and over how many years)?")
        for name in terms.unknown
    ]


def problems(terms: OfferTerms) -> List[Problem]:
    """Everything that blocks a total, each with a question for the user. Sign-on with no years is not here:
    it is totalled under a stated assumption instead."""
    found = _finite_problems(terms)
    if found:  # a negative or unreadable figure makes the remaining checks meaningless
        return found + ([] if terms.base is not None else _base_problems(terms))
    return _base_problems(terms) + _component_problems(terms) + _consistency_problems(terms) + _unknown_problems(terms)


# ---------------------------------------------------------------------------------------------
# Total compensation


def _bonus_line(terms: OfferTerms) -> Optional[CompLine]:
    if terms.bonus_amount is not None:
        return CompLine("Bonus", int(round(terms.bonus_amount)), "the cash figure you gave", YOUR_FIGURE)
    if terms.bonus_pct is not None:
        amount = int(round(terms.base * terms.bonus_pct / 100))
        return CompLine("Bonus", amount, f"{percent(terms.bonus_pct)} of the {money(terms.base)} base", YOUR_FIGURE)
    return None


def _equity_line(terms: OfferTerms) -> Optional[CompLine]:
    if terms.equity_per_year is not None:
        if terms.equity_yearly_assumed:
            how = "no vesting period given, so read as a yearly figure; if it is a grant over several years, tell me how many"
            return CompLine("Equity", int(round(terms.equity_per_year)), how, ASSUMPTION)
        return CompLine("Equity", int(round(terms.equity_per_year)), "the yearly figure you gave", YOUR_FIGURE)
    if terms.equity_total is not None:
        amount = int(round(terms.equity_total / terms.equity_years))
        how = f"{money(terms.equity_total)} over {_years(terms.equity_years)}, divided by {_years(terms.equity_years).split()[0]}"
        return CompLine("Equity", amount, how, YOUR_FIGURE)
    return None


def _sign_on_line(terms: OfferTerms) -> Optional[CompLine]:
    if terms.sign_on is None:
        return None
    if terms.sign_on_years:
        amount = int(round(terms.sign_on / terms.sign_on_years))
        return CompLine(
            "Sign-on bonus", amount, f"{money(terms.sign_on)} spread over the {_years(terms.sign_on_years)} you gave", YOUR_FIGURE
        )
    how = f"{money(terms.sign_on)} paid once: counted in full in year one only, since you didn't say it was spread"
    return CompLine("Sign-on bonus", int(round(terms.sign_on)), how, ASSUMPTION)


def total_comp(terms: OfferTerms) -> TotalComp:
    """Base plus bonus, equity and sign-on a year; raises ValueError if problems(terms) is not empty.

    Lines are whole pounds and the total is their sum, so the table a reply shows always adds up.
    """
    blocking = problems(terms)
    if blocking:
        raise ValueError("cannot total this offer: " + " ".join(p.message for p in blocking))
    base = CompLine("Base salary", int(round(terms.base)), "the base salary you gave", YOUR_FIGURE)
    lines = [line for line in (base, _bonus_line(terms), _equity_line(terms), _sign_on_line(terms)) if line is not None]
    total = sum(line.amount for line in lines)
    ongoing = total - sum(line.amount for line in lines if line.name == "Sign-on bonus")
    assumptions = tuple(f"{line.name}: {line.how}." for line in lines if line.source == ASSUMPTION)
    return TotalComp(tuple(lines), total, ongoing, assumptions)
