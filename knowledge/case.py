"""The case: what the user has told Payband in this conversation, as one typed record, and how it reads
back to them ("what do you know about me?").

Pure data (no Rasa): actions/slots.py fills it from the tracker's slots and writes it back, so it
survives restarts on any tracker store. Every figure in it is the user's own.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import List, Optional, Tuple

from knowledge import reply as r
from knowledge.compensation import OfferTerms, percent
from knowledge.formatting import money
from knowledge.loader import Benchmark

ROLES = ("devops", "mlops")  # what the user does now, when they say so
ROLE_NAMES = {"devops": "DevOps engineer", "mlops": "MLOps engineer"}


@dataclass(frozen=True)
class Case:
    """None (or no offers) where the user has not said."""

    level: Optional[str] = None
    years: Optional[float] = None
    years_to: Optional[float] = None  # the top of a span such as 'a handful of years' (3-5)
    region: Optional[str] = None  # a band region, an alias ('remote_uk') or regions joined by '+'
    place_name: Optional[str] = None  # the place as the user named it ('Cardiff'), when it was one place
    role: Optional[str] = None  # one of ROLES
    current_salary: Optional[int] = None  # what the user earns now
    offer_amount: Optional[int] = None  # the base of the offer checked last
    devops_salary: Optional[int] = None  # the DevOps salary a premium was worked out on
    offers: Tuple[OfferTerms, ...] = ()  # packages described (base, bonus, equity, sign-on)
    options: Tuple[Tuple[Optional[str], Optional[str]], ...] = ()  # roles weighed side by side: (level, band region) each
    skills: Tuple[str, ...] = ()  # the benchmark's top skills and pay drivers the user says they bring

    @property
    def empty(self) -> bool:
        return self == Case()


CASE_FIELDS = tuple(f.name for f in fields(Case))


def _number(value: float) -> str:
    return f"{value:g}"


def _experience(bm: Benchmark, case: Case) -> Optional[str]:
    if case.level:
        level = bm.levels[case.level]
        span = f"{level.years_min}+" if level.years_max is None else f"{level.years_min}–{level.years_max}"
        return f"Level: {level.title} ({span} years)"
    if case.years is None:
        return None
    if case.years_to is not None and case.years_to > case.years:
        return f"Experience: about {_number(case.years)}–{_number(case.years_to)} years"
    return f"Experience: {_number(case.years)} years"


def _place(bm: Benchmark, region: Optional[str], place_name: Optional[str]) -> Optional[str]:
    if not region:
        return None
    if region in bm.region_aliases:
        band = bm.region_aliases[region].name
    else:
        band = " or ".join(bm.regions[key] for key in bm.bands_for(region))
    if not band:
        return None
    named = place_name and place_name.lower() not in (band.lower(), region.lower())
    return f"Place: {place_name} ({band} band)" if named else f"Place: {band}"


def _components(offer: OfferTerms) -> str:
    parts = [f"{money(offer.base)} base" if offer.base is not None else "no base given yet"]
    if offer.bonus_pct is not None:
        parts.append(f"{percent(offer.bonus_pct)} bonus")
    elif offer.bonus_amount is not None:
        parts.append(f"{money(offer.bonus_amount)} bonus")
    if offer.equity_total is not None and offer.equity_years:
        parts.append(f"{money(offer.equity_total)} equity over {_number(offer.equity_years)} years")
    elif offer.equity_per_year is not None:
        parts.append(f"{money(offer.equity_per_year)} equity a year")
    if offer.sign_on is not None:
        parts.append(f"{money(offer.sign_on)} sign-on")
    parts += [f"{name} (no figure yet)" for name in offer.unknown]
    return ", ".join(parts)


def offer_line(bm: Benchmark, offer: OfferTerms, n: int, with_place: bool = True) -> str:
    """'Offer 2 (London): £90,000 base, £60,000 equity over 3 years' (its own label when it has one; its
    place when the user gave one)."""
    place = f" ({bm.regions[offer.region]})" if with_place and offer.region in bm.regions else ""
    return f"{offer.label or f'Offer {n}'}{place}: {_components(offer)}"


def option_name(bm: Benchmark, option: Tuple[Optional[str], Optional[str]]) -> str:
    """('senior', 'london') -> 'Senior in London'."""
    level, region = option
    name = bm.levels[level].title.split()[0] if level in bm.levels else "any level"
    return f"{name} in {bm.regions[region]}" if region in bm.regions else name


def facts(bm: Benchmark, case: Case) -> List[str]:
    """One line per thing the user has told Payband, in their figures."""
    lines = [line for line in (_experience(bm, case), _place(bm, case.region, case.place_name)) if line]
    if case.role:
        pay = f", on {money(case.current_salary)}" if case.current_salary is not None else ""
        lines.append(f"Current job: {ROLE_NAMES[case.role]}{pay}")
    elif case.current_salary is not None:
        lines.append(f"Current salary: {money(case.current_salary)}")
    if case.skills:
        lines.append("Skills: " + ", ".join(case.skills))
    if case.devops_salary is not None and case.devops_salary != case.current_salary:
        lines.append(f"DevOps salary for the premium: {money(case.devops_salary)}")
    if len(case.options) > 1:
        lines.append("Weighing: " + " or ".join(option_name(bm, option) for option in case.options))
    if case.offers:
        lines += [offer_line(bm, offer, n) for n, offer in enumerate(case.offers, 1)]
    elif case.offer_amount is not None:
        lines.append(f"Offer checked: {money(case.offer_amount)} base")
    return lines


def dropped(bm: Benchmark, gone: OfferTerms, n: int, left: Tuple[OfferTerms, ...]) -> r.Reply:
    """'Forget that offer': what was taken out of the case, and what is still in it."""
    kept = [offer_line(bm, offer, i) for i, offer in enumerate(left, 1)]
    return r.of(
        r.text(f"Done: I've dropped {offer_line(bm, gone, n)}."),
        r.bullets(kept) if kept else r.text("No offers are left in this conversation."),
    )


def describe(bm: Benchmark, case: Case, retention_days: float = 0) -> r.Reply:
    """'What do you know about me?': the case in plain words, what is stored and for how long, and how
    to clear or erase it."""
    known = facts(bm, case)
    kept = f"erased {retention_days:g} days after your last message" if retention_days else "kept until you erase them"
    stored = (
        f"Stored: the messages of this conversation and my replies (the facts above come from them), {kept}. "
        'Say "forget me" to erase them now.'
    )
    if not known:
        return r.of(
            r.text("You haven't told me anything about yourself in this conversation yet: no level, place, salary or offer."),
            r.text(stored),
        )
    return r.of(
        r.heading("Here's what you've told me in this conversation:"),
        r.bullets(known),
        r.text('Correct anything by saying it again, or say "start over" to clear it all.'),
        r.text(stored),
    )


_FACT_OF = {
    "level": "Level",
    "years": "Experience",
    "region": "Place",
    "role": "Current job",
    "current_salary": "Current",
    "skills": "Skills",
}


def noted(bm: Benchmark, case: Case, new: List[str]) -> r.Reply:
    """A message of facts and no question: what was kept from it, and what to ask next."""
    prefixes = tuple(_FACT_OF[name] for name in new if name in _FACT_OF)
    kept = [line for line in facts(bm, case) if line.startswith(prefixes)] if prefixes else []
    said = "; ".join(kept) if kept else "that"
    return r.of(
        r.text(f"Noted: {said}."),
        r.text("Ask me for your band, whether an offer is fair, or what the move from DevOps to MLOps is worth, and I'll use it."),
    )


def how_it_is_kept(retention_days: float = 0) -> r.Reply:
    """'Who can see my salary?', 'do you log what I type?': what is stored, for how long, who can read it,
    and how to erase it (README: Privacy)."""
    how_long = (
        f"until {retention_days:g} days after your last message; then they are deleted automatically"
        if retention_days
        else "until you erase them (this server keeps conversations with no time limit)"
    )
    return r.of(
        r.heading("How I keep what you tell me:"),
        r.bullets(
            [
                (
                    "What",
                    "the messages of this conversation and my replies, in this Payband server's database: the facts I use "
                    "(level, place, pay, offers, employer) come from them.",
                ),
                ("How long", how_long + "."),
                (
                    "Who can read them",
                    "the people who run this Payband server. In Slack, other people see only the threads they are "
                    "in. Your messages, salary and employer are not written to the server's logs.",
                ),
                ("Training", "what you type is not used to train Payband's model; it learns only from examples in its own code."),
                ("Erase them now", 'say "forget me": I ask first, then delete every stored message of yours.'),
            ]
        ),
        r.text('"What do you know about me?" lists the facts I hold right now.'),
    )
