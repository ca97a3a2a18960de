"""Every capability in one table: what it is called (the `topic` slot), the function that runs it,
and which bare details continue it. The follow-up rule below reads only this table.

A bare detail ("and in London?", "95k", "seniors") continues the last question:
1. package terms (a bonus, equity, a sign-on) continue the last capability if it takes them,
   else they are added up as total compensation ("110k + 20k RSUs at DeepMind" stays a package);
2. an employer goes to `employer`, a negotiation-tip topic to `tips`;
3. an amount continues the last capability if it takes an amount, else it is an offer check;
4. the user's current job or pay continues the last capability if it takes them, else is noted;
5. other details continue the last capability if it takes every kind of detail the message
   gives, else they ask for the band;
6. a message with no detail that asks about pay is answered from what the user said before (the
   DevOps premium on their pay, or the band for their level); otherwise it gets "didn't catch that".
To add a capability: write its function, add a row here, add its action class, NLU examples,
a rule and tests (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Optional

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import capabilities as core
from actions import negotiation
from actions.details import Details
from knowledge.loader import Benchmark
from knowledge.pay_words import COMPARE_QUESTION, OFFER_QUESTION, PAY_QUESTION, TOTAL_QUESTION

CapabilityFn = Callable[[Benchmark, Details, CollectingDispatcher], List[EventType]]

LEVEL, REGION, AMOUNT, ELSEWHERE, ROLE, TERMS = "level", "region", "amount", "foreign_place", "other_role", "terms"
CURRENT = "current_job"  # the user's own role or current salary ("I work in DevOps", "currently £62k")
PLACE_AND_LEVEL = frozenset({LEVEL, REGION, ELSEWHERE, ROLE})


@dataclass(frozen=True)
class Capability:
    run: CapabilityFn
    continued_by: FrozenSet[str] = frozenset()  # detail kinds that, given alone, continue this capability


REGISTRY: Dict[str, Capability] = {
    "band": Capability(core.band, PLACE_AND_LEVEL),
    "compare_regions": Capability(core.compare_regions, frozenset({LEVEL, ELSEWHERE, ROLE})),  # a new place asks for that band
    "compare_levels": Capability(core.compare_levels, frozenset({REGION})),
    "offer": Capability(core.offer, PLACE_AND_LEVEL | {AMOUNT}),
    "devops_premium": Capability(core.devops_premium, frozenset({AMOUNT, CURRENT})),
    "employer": Capability(core.employer),
    "rank_employers": Capability(core.rank_employers),  # remembers `employer` as its topic
    "tips": Capability(core.tips),
    "band_position": Capability(negotiation.band_position, frozenset({LEVEL, REGION, AMOUNT})),
    "counter_email": Capability(negotiation.counter_email, frozenset({LEVEL, REGION, AMOUNT})),
    "call_script": Capability(negotiation.call_script, frozenset({LEVEL, REGION, AMOUNT})),
    "total_comp": Capability(negotiation.total_comp, frozenset({AMOUNT, TERMS, LEVEL, REGION})),
    "compare_offers": Capability(negotiation.compare_offers, frozenset({AMOUNT, TERMS, LEVEL, REGION})),
    "chart": Capability(negotiation.chart),
    "note": Capability(core.note, frozenset({CURRENT, LEVEL, REGION})),  # facts with no question: noted, kept
}
ALWAYS = (("employer", lambda d: bool(d.employers or d.unlisted_employer)), ("tips", lambda d: bool(d.tip)))
AMOUNT_ALONE = "offer"  # what an amount means when the last capability takes none
OTHERWISE = "band"  # what a place or level means when the last capability does not take it


def detail_kinds(details: Details) -> FrozenSet[str]:
    """The kinds of detail this message gives, as the table above names them."""
    kinds = set()
    if details.new.get("level") or details.new.get("years") or details.years_unreadable:
        kinds.add(LEVEL)
    if details.new.get("region"):
        kinds.add(REGION)
    if details.foreign_place:
        kinds.add(ELSEWHERE)
    if details.other_role:
        kinds.add(ROLE)
    if details.new.get("role") or details.new.get("current_salary"):
        kinds.add(CURRENT)
    if details.amount is not None or details.amount_unreadable:
        kinds.add(AMOUNT)
    if details.offers_new and any(o.has_terms for o in details.offers):
        kinds.add(TERMS)
    return frozenset(kinds)


def asked_about_the_case(details: Details) -> Optional[str]:
    """A question about the offers or package already given, with no detail of its own: 'compare them',
    'what's that a year all in?', 'should I take it?'. Whatever the classifier made of it, this is what
    it asks; None otherwise (and for anything naming an employer or a tip)."""
    if detail_kinds(details) or details.employers or details.unlisted_employer or details.tip:
        return None
    if len(details.offers) > 1 and COMPARE_QUESTION.search(details.text):
        return "compare_offers"  # "compare them", "which is better?" after the offers, one per message
    if details.offers and TOTAL_QUESTION.search(details.text):
        return "total_comp"  # "what's that a year all in?" after a package given piece by piece
    if details.offer_amount and OFFER_QUESTION.search(details.text):
        return "offer"  # "should I take it?", "is that fair?" after the offer
    return None


def asked_of_the_case(details: Details) -> Optional[str]:
    """A question with no detail, answered from what the user said before: the offers or package
    (asked_about_the_case); 'so what would an MLOps job pay me?' after 'I work in DevOps' / 'currently
    £62k' is the premium on that pay, and after a level its band. None when nothing fits."""
    about = asked_about_the_case(details)
    if about or not PAY_QUESTION.search(details.text):
        return about
    if details.role == "devops" and details.current_salary:
        return "devops_premium"
    return "band" if details.level or details.years is not None else None


def follow_up_topic(previous: Optional[str], details: Details) -> Optional[str]:
    """Which capability a bare detail continues (the rule in the module docstring); None if it gives none."""
    kinds = detail_kinds(details)
    last = REGISTRY.get(previous or "")
    if TERMS in kinds:
        return previous if last and TERMS in last.continued_by else "total_comp"
    for topic, applies in ALWAYS:
        if applies(details):
            return topic
    if AMOUNT in kinds:
        return previous if last and AMOUNT in last.continued_by else AMOUNT_ALONE
    if CURRENT in kinds:  # "I work in DevOps", "currently £62k": kept for the question that comes
        return previous if last and kinds <= last.continued_by else "note"
    if not kinds:
        return asked_of_the_case(details)  # nothing new in the message: a pay question uses what is known, else None
    return previous if last and kinds <= last.continued_by else OTHERWISE
