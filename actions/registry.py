"""Every capability in one table: what it is called (the `topic` slot), the function that answers it,
which bare details continue it, and the hand-over rows the router (actions/router.py) reads.

A hand-over row says: when this capability is asked but the message signals another question
(actions/signals.py names each condition; the cue words are data in knowledge/cues.yml), that
other capability answers instead. Rows are read top to bottom; the first that applies wins, and
the router follows rows until none applies. A row with `first=True` keeps this capability and
answers the other one before it ("if I relocated to London what could I ask for?": the band, then
the tip). No capability function calls another; they only answer or ask for what is missing.

To add a capability: write its function, add a row here, add its action class, NLU examples,
a rule and tests (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Tuple

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import capabilities as core
from actions import negotiation
from actions import signals as s
from actions.details import Details
from knowledge.loader import Benchmark

CapabilityFn = Callable[[Benchmark, Details, CollectingDispatcher], List[EventType]]
Condition = Callable[[Benchmark, Details], bool]

LEVEL, REGION, AMOUNT, ELSEWHERE, ROLE, TERMS = "level", "region", "amount", "foreign_place", "other_role", "terms"
CURRENT = "current_job"  # the user's own role or current salary ("I work in DevOps", "currently £62k")
PLACE_AND_LEVEL = frozenset({LEVEL, REGION, ELSEWHERE, ROLE})


@dataclass(frozen=True)
class HandOver:
    when: Condition  # what the message signals (actions/signals.py)
    to: str  # the capability that answers it
    first: bool = False  # answer `to` first, then this capability (instead of handing over)


@dataclass(frozen=True)
class Capability:
    run: CapabilityFn
    continued_by: FrozenSet[str] = frozenset()  # detail kinds that, given alone, continue this capability
    hands_over: Tuple[HandOver, ...] = ()  # read top to bottom by the router


OFFERS = (HandOver(s.about_the_offers, "compare_offers"),)  # "how do they compare?" after two offers, read as a table
EVERY = HandOver(s.about_every_offer, "compare_offers")  # "are both fair?": the offers side by side

REGISTRY: Dict[str, Capability] = {
    "band": Capability(
        core.band,
        PLACE_AND_LEVEL,
        (
            HandOver(s.offers_a_figure, "offer"),
            HandOver(s.asks_every_level, "compare_levels"),
            HandOver(s.employer_without_level, "employer"),
            HandOver(s.devops_pay_without_level, "devops_premium"),
            HandOver(s.mlops_pay_for_devops, "devops_premium"),
        ),
    ),
    "compare_regions": Capability(  # a new place asks for that band
        core.compare_regions, frozenset({LEVEL, ELSEWHERE, ROLE}), (*OFFERS, HandOver(s.names_a_tip, "tips"))
    ),
    "compare_levels": Capability(core.compare_levels, frozenset({REGION}), (*OFFERS, HandOver(s.one_level_or_a_figure, "band"))),
    "offer": Capability(
        core.offer,
        PLACE_AND_LEVEL | {AMOUNT},
        (
            HandOver(s.devops_salary_not_offer, "devops_premium"),
            HandOver(s.level_but_nothing_to_judge, "band"),
            HandOver(s.package_terms, "total_comp"),
        ),
    ),
    "devops_premium": Capability(
        core.devops_premium,
        frozenset({AMOUNT, CURRENT}),
        (HandOver(s.employer_not_premium, "employer"), HandOver(s.figure_not_premium, "offer")),
    ),
    "employer": Capability(
        core.employer,
        hands_over=(
            HandOver(s.mlops_pay_for_devops, "devops_premium"),
            HandOver(s.own_band_not_employer, "band"),
            HandOver(s.package_against_employer, "total_comp"),
        ),
    ),
    "rank_employers": Capability(core.rank_employers, hands_over=(HandOver(s.a_figure_to_check, "offer"),)),  # topic: `employer`
    "tips": Capability(
        core.tips,
        hands_over=(
            HandOver(s.employer_not_tip, "employer"),
            HandOver(s.a_figure_to_check, "offer"),
            HandOver(s.asks_the_figure_too, "band", first=True),
        ),
    ),
    "band_position": Capability(
        negotiation.band_position, frozenset({LEVEL, REGION, AMOUNT}), (EVERY, HandOver(s.no_figure_to_place, "band"))
    ),
    "counter_email": Capability(
        negotiation.counter_email, frozenset({LEVEL, REGION, AMOUNT}), (HandOver(s.figure_but_nothing_written, "offer"),)
    ),
    "call_script": Capability(
        negotiation.call_script, frozenset({LEVEL, REGION, AMOUNT}), (HandOver(s.figure_with_no_call_words, "offer"),)
    ),
    "total_comp": Capability(
        negotiation.total_comp,
        frozenset({AMOUNT, TERMS, LEVEL, REGION}),
        (
            HandOver(s.employer_not_package, "employer"),
            HandOver(s.several_packages, "compare_offers"),
            HandOver(s.a_base_to_check, "offer"),
            HandOver(s.fairness_asked_too, "offer", first=True),
        ),  # "each" is several
    ),
    "compare_offers": Capability(
        negotiation.compare_offers,
        frozenset({AMOUNT, TERMS, LEVEL, REGION}),
        (
            HandOver(s.advice_not_comparison, "tips"),
            HandOver(s.one_package_alone, "total_comp"),
            HandOver(s.package_against_employer, "total_comp"),
        ),
    ),
    "aim": Capability(negotiation.where_to_aim, frozenset({LEVEL, REGION, CURRENT})),  # chosen by its cue (router rule 0)
    "walk_away": Capability(negotiation.walk_away, frozenset({LEVEL, REGION, AMOUNT, CURRENT})),  # chosen by its cue (router rule 0)
    "chart": Capability(negotiation.chart),
    "yardstick": Capability(core.yardstick),  # chosen by its cue (router rule 0)
    "note": Capability(core.note, frozenset({CURRENT, LEVEL, REGION})),  # facts with no question: noted, kept
}
ALWAYS = (("employer", lambda d: bool(d.employers or d.unlisted_employer)), ("tips", lambda d: bool(d.tip)))
AMOUNT_ALONE = "offer"  # what an amount means when the last capability takes none
OTHERWISE = "band"  # what a place or level means when the last capability does not take it
