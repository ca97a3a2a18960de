"""The one place that decides which capability answers a message: from the intent's capability (or
none, for a bare detail), the case and what the message adds. Capabilities never hand a question to
each other; the rows in actions/registry.py say when one question is really another.

1. A short reply that gives just what Payband asked for continues that question, whatever the
   classifier made of it ('london' after 'Where is the role?' in an offer check).
2. A question about the offers or package already given, with no detail of its own ('compare
   them', 'what's that a year all in?', 'should I take it?'), is that question, whatever the intent.
3. Otherwise the intent's capability, or for a bare detail the follow-up rule:
   a. package terms (a bonus, equity, a sign-on) continue the last capability if it takes them,
      else they are added up as total compensation;
   b. an employer goes to `employer`, a negotiation-tip topic to `tips`;
   c. an amount continues the last capability if it takes an amount, else it is an offer check;
   d. a place or level while Payband waits for the user's DevOps pay is noted; the user's current job or pay continues the last capability if it takes them, else is noted; so are skills they name;
   e. other details continue the last capability if it takes every kind of detail given, else
      they ask for the band;
   f. no detail but a pay question is answered from the case (the DevOps premium on their pay, or
      the band for their level); otherwise nothing, and the caller says it didn't catch that.
4. Then the hand-over rows, until none applies (never back to a capability already visited).
0. Before all of these, whatever the intent: a question about every role the user is weighing ('how
   do those two compare?') is the band question for those roles; a walk-away ask ('lowest I should
   take?', 'their final offer is 36k, do I decline?') is the walk-away point; 'where should I aim?'
   (with no figure) is the target inside the band; two or more packages described in one message are
   set side by side (unless an email or call script is asked for). Their cue words are in knowledge/cues.yml.
"""

from __future__ import annotations

import logging
from typing import FrozenSet, List, Optional

from actions.details import Details
from actions.offers_said import SINGLE_OFFER
from actions.registry import (
    ALWAYS,
    AMOUNT,
    AMOUNT_ALONE,
    CURRENT,
    ELSEWHERE,
    LEVEL,
    OTHERWISE,
    REGION,
    REGISTRY,
    ROLE,
    TERMS,
)
from knowledge.cues import said
from knowledge.loader import Benchmark

logger = logging.getLogger(__name__)

ONE_OFFER = (*SINGLE_OFFER, "total_comp")  # questions about one offer, which a bare reference repeats for another
ONE_OFFER_WRITING = ("counter_email", "call_script")  # these ask which of several offers they are for
WEIGHED_BY = (None, "band", "compare_levels", "compare_regions", "compare_offers", "offer", "employer")  # questions roles weighed answer
PENDING_KIND = {"level": LEVEL, "region": REGION, "offer_amount": AMOUNT, "devops_salary": AMOUNT}  # the detail kind each question asks for


def detail_kinds(details: Details) -> FrozenSet[str]:
    """The kinds of detail this message gives, as the registry names them."""
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


def answers_the_question(details: Details) -> bool:
    """A short reply that gives just what Payband asked for continues that question."""
    pending = details.pending
    supplied = {
        "level": details.new.get("level") or details.new.get("years"),
        "region": details.new.get("region"),
        "offer_amount": details.amount is not None,
        "devops_salary": details.amount is not None,
        "comp_terms": details.offers_new,
        "offers": details.offers_new,
        "which_offer": details.picked is not None or details.every_offer,
        "skills": details.new.get("skills"),
    }.get(pending)
    if not supplied or details.topic not in REGISTRY:
        return False
    words = len(details.text.split())
    # A package takes more words; so does a reply that adds only details the question takes ("mid in leeds, offer is 60k")
    fits = detail_kinds(details) <= REGISTRY[details.topic].continued_by | {PENDING_KIND.get(pending)}
    return words <= 4 or pending in ("comp_terms", "offers") or (fits and words <= 12)


def asked_about_the_case(details: Details) -> Optional[str]:
    """A question about the offers or package already given, with no detail of its own (rule 2); None
    otherwise, and for anything naming an employer or a tip."""
    if details.employers or details.unlisted_employer or details.tip:
        return None
    kinds = detail_kinds(details)
    if (
        details.topic == "devops_premium"
        and _their_devops_pay(details)
        and kinds <= {LEVEL, REGION}
        and said("position_question", details.text)
    ):
        return "devops_premium"  # "I'm in London, mid level. Where does that sit?" after the premium: where it lands in that band
    if not kinds and not details.offers and details.topic == "employer" and said("employer_extreme", details.text):
        return "rank_employers"  # "and the lowest paying group?", "which is higher at the top end?" after employers
    several = len(details.offers) > 1 and not details.offers_new and len(details.places_said) <= 1 and not details.also_levels
    if kinds and not (several and kinds <= {LEVEL, REGION}):
        return None  # the level and place of offers already given ("senior, London. which pays more?") are theirs
    if kinds and not said("compare_question", details.text) and not said("offer_question", details.text):
        return None
    if len(details.offers) > 1 and details.every_offer and said("offer_question", details.text):
        return "offer"  # "are both fair?": each offer checked against its band
    if len(details.offers) > 1 and said("compare_question", details.text):
        return "compare_offers"  # "compare them", "which is better?" after the offers, one per message
    if details.offers and said("total_question", details.text):
        return "total_comp"  # "what's that a year all in?" after a package given piece by piece
    if details.offer_amount and said("offer_question", details.text):
        return "offer"  # "should I take it?", "is that fair?" after the offer
    if details.offer_amount and said("email_request", details.text):
        return "counter_email"  # "what should the email say then?" after the offer
    if details.offer_amount and _asks_the_counter(details):
        return "offer"  # "what's the counter on that?" after a figure was placed: the check, with its counter
    if details.offer_amount and said("position_question", details.text):
        return "band_position"  # "where's that in the band?" after the offer
    if details.picked is not None and details.topic in ONE_OFFER and said("bare_reference", details.text):
        return details.topic  # "is the bank one fair?" / "and the scaleup?": the same question, for that offer
    return None


def asked_of_the_case(details: Details) -> Optional[str]:
    """A question with no detail, answered from what the user said before (rule 3f)."""
    about = asked_about_the_case(details)
    if not about and said("band_request", details.text):
        return "band"  # "band please": asks for the level when none is known
    devops_pay = details.role == "devops" and (details.current_salary or details.devops_salary)
    if not about and devops_pay and said("mlops_pay", details.text):
        return "devops_premium"  # "whats the mlops uplift for me", "and in mlops?"
    if about or not said("pay_question", details.text):
        return about
    if devops_pay:
        return "devops_premium"
    return "band" if details.level or details.years is not None else None


def _asks_the_counter(details: Details) -> bool:
    """'what's the counter on that?', 'what to counter if they offer 90k': the offer check gives it (not an
    email or call script asked for)."""
    text = details.text
    return said("counter_asked", text) and not said("written", text) and not said("on_the_call", text)


def _their_devops_pay(details: Details) -> bool:
    """The user's own DevOps pay is known ('my devops salary is 52,500', or 'I do devops' and 'on 60k')."""
    return bool(details.devops_salary or (details.role == "devops" and details.current_salary))


def follow_up_topic(previous: Optional[str], details: Details) -> Optional[str]:
    """Which capability a bare detail continues (rule 3a-f); None if it gives none."""
    kinds = detail_kinds(details)
    last = REGISTRY.get(previous or "")
    if TERMS in kinds:
        return previous if last and TERMS in last.continued_by else "total_comp"
    if previous == "devops_premium" and _their_devops_pay(details) and kinds == {LEVEL, REGION}:
        return previous  # "I'm mid level in leeds" after the premium on their pay: where it lands in that band
    if (details.pending == "skills" or previous == "aim") and details.new.get("skills") and last and not kinds:
        return previous  # "GPU cluster management" typed after "Which of these do you bring?": the aim, not the GPU tip
    for topic, applies in ALWAYS:
        if applies(details):
            return topic
    their_pay = AMOUNT in kinds or details.new.get("current_salary")
    if their_pay and previous == "note" and details.role == "devops" and not said("offer_words", details.text):
        return "devops_premium"  # "currently doing devops" noted, then "salary 55k": their DevOps pay
    if AMOUNT in kinds and _asks_the_counter(details):
        return "offer"  # "what to counter if they offer 90k": the offer check, which gives the counter
    if AMOUNT in kinds:
        return previous if last and AMOUNT in last.continued_by else AMOUNT_ALONE
    if details.pending == "devops_salary" and kinds <= {LEVEL, REGION}:
        return "note"  # "in Cardiff" while Payband waits for their DevOps pay: kept, and the pay still to come
    if CURRENT in kinds:  # "I work in DevOps", "currently £62k": kept for the question that comes
        return previous if last and kinds <= last.continued_by else "note"
    if not kinds and details.new.get("skills") and not asked_of_the_case(details):
        return previous if details.pending == "skills" and last else "note"  # the skill asked for, else kept for what comes
    if not kinds and last and said("again", details.text) and not asked_of_the_case(details):
        return previous  # "show both again pls": the last answer again, from the case
    if not kinds:
        return asked_of_the_case(details)  # nothing new in the message: a pay question uses what is known, else None
    return previous if last and kinds <= last.continued_by else OTHERWISE


def hand_over(bm: Benchmark, details: Details, topic: str) -> List[str]:
    """Follow the hand-over rows from `topic`: the capabilities that answer, in order (usually one)."""
    visited, opening = [topic], []
    while True:
        row = next((row for row in REGISTRY[topic].hands_over if row.when(bm, details)), None)
        if row is None:
            break
        if row.first:
            opening = [row.to]  # answered before this capability, which keeps the question
            break
        if row.to in visited:  # a loop in the table: answer where we are (tests/test_router.py forbids it)
            logger.error("hand-over loop %s -> %s; answering with %s", " -> ".join(visited), row.to, topic)
            break
        topic = row.to
        visited.append(topic)
    return opening + [topic]


def route(bm: Benchmark, details: Details, asked: Optional[str]) -> List[str]:
    """The capabilities that answer this message, in order; [] when it gives nothing to answer.
    `asked` is the capability the classifier's intent names, None for a bare detail."""
    first = asked_by_its_cue(bm, details, asked)
    if first:
        return first
    if details.pending == "which_offer" and answers_the_question(details):
        start = details.topic  # "the second one" (a button) after "Which offer do you mean?"
    elif asked is None or answers_the_question(details):
        start = follow_up_topic(details.topic, details)
    else:
        start = asked_about_the_case(details) or asked
    return hand_over(bm, details, start) if start else []


def asked_by_its_cue(bm: Benchmark, details: Details, asked: Optional[str]) -> List[str]:
    """Rule 0: questions told apart by their words whatever the intent (FAQ intents included); [] for none."""
    if details.weighing and asked in WEIGHED_BY and not (details.employers or details.tip):
        return ["band"]  # "staff in Bristol or senior in London", "how do those two compare?": the roles weighed
    if details.offers_given > 1 and asked not in ONE_OFFER_WRITING:
        return hand_over(bm, details, "compare_offers")  # "offer 1 = 68k + 8%, offer 2 = 74k flat": side by side, whatever the intent
    if said("walk_away", details.text) and (details.amount is not None or not said("on_the_call", details.text)):
        # "lowest I should take?", "they say 50 is final?"; a call-script ask without a figure keeps its own walk-away line
        return ["walk_away"]
    if said("chart_asked", details.text) and asked not in ONE_OFFER_WRITING:
        return ["chart"]  # "can u chrat the salary bands", "diagram showing where 95k sits": a picture, whatever the intent
    if said("aim_question", details.text) and details.amount is None:
        return ["aim"]  # "I run the GPU training cluster — where should I aim?"
    if said("yardstick", details.text) and details.amount is None:
        return ["yardstick"]  # "is DevOps pay the right yardstick?", "what should I use as my ceiling?"
    return []
