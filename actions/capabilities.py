"""One function per benchmark question Payband answers (actions/registry.py lists them all). Each reads Details, asks for what is
missing (with buttons where that helps) or answers from the knowledge layer,
and returns the slot events to remember. Actions and follow-ups share these.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.details import Details, remember
from actions.say import say
from knowledge import answers
from knowledge import case as case_reply
from knowledge.loader import LEVELS, Benchmark
from knowledge.pay_words import COMPARE_QUESTION, EMPLOYER_WORDS, HOW_MUCH, PAY_QUESTION
from knowledge.reply import Reply


def level_buttons(bm: Benchmark) -> List[Dict[str, str]]:
    return [
        {"title": f"{bm.levels[key].title} ({answers.experience(bm, key)})", "payload": f'/give_details{{"level": "{key}"}}'}
        for key in LEVELS
    ]


def region_buttons(bm: Benchmark) -> List[Dict[str, str]]:
    return [{"title": name, "payload": f'/give_details{{"region": "{key}"}}'} for key, name in bm.regions.items()]


def ask(dispatcher: CollectingDispatcher, bm: Benchmark, details: Details, topic: str, missing: str) -> List[EventType]:
    if missing == "level":
        dispatcher.utter_message(response="utter_ask_level", buttons=level_buttons(bm))
    elif missing == "region":
        dispatcher.utter_message(response="utter_ask_region", buttons=region_buttons(bm))
    else:
        dispatcher.utter_message(response=f"utter_ask_{missing}")
    return remember(details, topic=topic, pending=missing)


def out_of_scope(dispatcher: CollectingDispatcher, details: Details) -> bool:
    """Places outside the UK and other job titles get a scope note, never made-up figures."""
    if details.foreign_place:
        dispatcher.utter_message(response="utter_foreign_place", place=details.foreign_place)
        return True
    if details.other_role:
        dispatcher.utter_message(response="utter_other_role", role=details.other_role)
        return True
    return False


def _unreadable(dispatcher: CollectingDispatcher, details: Details) -> bool:
    if details.years_unreadable:
        dispatcher.utter_message(response="utter_bad_years")
        return True
    return False


def band(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    if details.amount is not None and not details.amount_is_total and not details.employers:
        return offer(bm, details, dispatcher)  # "is £45,000 fair for a junior in Leeds?": the band comes with the check
    if out_of_scope(dispatcher, details) or _unreadable(dispatcher, details):
        return remember(details, topic="band", pending=None)
    if (details.unlisted_employer or details.employers) and not details.levels(bm):
        return employer(bm, details, dispatcher)  # "does OpenAI pay well in London?"
    if not details.levels(bm) and details.role == "devops" and details.current_salary:
        return devops_premium(bm, details, dispatcher)  # "I work in DevOps" / "currently £62k" / "what would MLOps pay me?"
    if not details.levels(bm):
        return ask(dispatcher, bm, details, "band", "level")
    if not details.regions(bm):
        return ask(dispatcher, bm, details, "band", "region")
    reply = answers.band(bm, details.levels(bm), details.regions(bm), details.experience_shown())
    if bm.is_remote(details.region):
        reply += answers.remote_note(bm, details.levels(bm))
    for key in details.employers:  # "I'm a mid in Leeds, what would I get at Wayve?"
        reply += answers.employer(bm, key)
    say(dispatcher, reply)
    return remember(details, topic="band", pending=None)


def _about_the_offers(details: Details) -> bool:
    """'side by side?', 'how do they compare with the band?' with two or more offers known and no new level or place."""
    new_detail = details.new.get("level") or details.new.get("years") or details.new.get("region")
    return len(details.offers) > 1 and not new_detail and bool(COMPARE_QUESTION.search(details.text))


def compare_regions(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    if _about_the_offers(details):
        from actions.negotiation import compare_offers  # (imports this module)

        return compare_offers(bm, details, dispatcher)
    if details.tip:
        return tips(bm, details, dispatcher)  # "I'm remote, should I get London pay?" is a tip, not a table
    if out_of_scope(dispatcher, details) or _unreadable(dispatcher, details):
        return remember(details, topic="compare_regions", pending=None)
    say(dispatcher, answers.band_table(bm, details.levels(bm) or LEVELS))
    return remember(details, topic="compare_regions", pending=None)


_ALL_LEVELS = re.compile(r"\b(levels|all|every|each|table|compare|ladder|progression|side by side)\b", re.I)


def compare_levels(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    if _about_the_offers(details):
        return compare_regions(bm, details, dispatcher)  # which hands it to the offers
    one_level = (details.new.get("level") or details.new.get("years")) and not _ALL_LEVELS.search(details.text)
    if one_level or details.amount is not None:
        return band(bm, details, dispatcher)  # "senior in london", "got 190 on the table": not a request for the table
    if out_of_scope(dispatcher, details):
        return remember(details, topic="compare_levels", pending=None)
    say(dispatcher, answers.band_table(bm, LEVELS, details.regions(bm) or None))
    return remember(details, topic="compare_levels", pending=None)


def settle_amount(dispatcher: CollectingDispatcher, bm: Benchmark, details: Details, topic: str, slot: str) -> Optional[List[EventType]]:
    """Keep this message's amount in `slot`; the turn's events if it is unreadable or still missing."""
    if details.amount_unreadable:
        dispatcher.utter_message(response="utter_bad_amount")
        return remember(details, topic=topic, pending=slot)
    if details.amount is not None:
        setattr(details, slot, details.amount)
    if getattr(details, slot) is None:
        return ask(dispatcher, bm, details, topic, slot)
    return None


_OFFER_WORDS = re.compile(  # words that say there is an offer (a figure would already be the amount)
    r"\b(offer\w*|lowball\w*|accept|taking|take it|pay(?:ing)? me|counter\w*)\b", re.I
)


_DEVOPS = re.compile(r"\bdev\s?ops\b", re.I)


def offer(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    if details.amount is not None and _DEVOPS.search(details.text) and not _OFFER_WORDS.search(details.text):
        return devops_premium(bm, details, dispatcher)  # "devops on 80k atm": a DevOps salary, not an offer
    if details.amount is None and details.offer_amount is None and details.levels(bm) and not _OFFER_WORDS.search(details.text):
        return band(bm, details, dispatcher)  # "senior in leeds", an advert with no salary: nothing to judge but the band
    if details.describes_terms() and not details.amount_is_total:
        from actions.negotiation import total_comp  # (imports this module) "80 base, 8 bonus": a package to add up

        return total_comp(bm, details, dispatcher)
    if out_of_scope(dispatcher, details) or _unreadable(dispatcher, details):
        return remember(details, topic="offer", pending=None)
    if details.amount_is_total:
        dispatcher.utter_message(response="utter_total_comp_offer")
        details.amount = None
        return remember(details, topic="offer", pending="offer_amount")
    asked = settle_amount(dispatcher, bm, details, "offer", "offer_amount")
    if asked is not None:
        return asked
    if not details.levels(bm):
        return ask(dispatcher, bm, details, "offer", "level")
    regions = details.regions(bm)
    if not regions:
        return ask(dispatcher, bm, details, "offer", "region")
    if details.amount_range and details.amount == details.offer_amount:
        say(dispatcher, answers.range_note(*details.amount_range))
    for region in regions:
        say(dispatcher, answers.offer(bm, details.offer_amount, details.levels(bm), region, details.experience_shown()))
    return remember(details, topic="offer", pending=None)


def devops_premium(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """A new question classified as the DevOps premium that never says DevOps is not answered as one
    (that would claim the user is on a DevOps salary); a figure after Payband asked for one is the salary."""
    new_question = details.topic != "devops_premium" and details.devops_salary is None and "devops" not in details.text.lower()
    if new_question and (details.employers or details.unlisted_employer):
        return employer(bm, details, dispatcher)
    if new_question and details.amount is not None:
        return offer(bm, details, dispatcher)
    if details.amount is None and details.current_salary and (details.devops_salary is None or details.new.get("current_salary")):
        details.devops_salary = details.current_salary  # "I work in DevOps" / "currently £62k", messages apart
    if details.amount is None and details.devops_salary is None and not details.amount_unreadable:
        say(dispatcher, answers.premium_rate(bm))  # "what's the devops premium?": the rate, then the question
    asked = settle_amount(dispatcher, bm, details, "devops_premium", "devops_salary")
    if asked is not None:
        return asked
    say(dispatcher, answers.premium(bm, details.devops_salary))
    return remember(details, topic="devops_premium", pending=None)


def employer(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    keys = details.employers  # read_details keeps only groups the benchmark lists
    if not keys and details.unlisted_employer:
        dispatcher.utter_message(response="utter_unlisted_employer", employer=details.unlisted_employer)
        say(dispatcher, answers.employer_table(bm))
        return remember(details, topic="employer", pending=None)
    if not keys and details.levels(bm) and PAY_QUESTION.search(details.text) and not EMPLOYER_WORDS.search(details.text):
        return band(bm, details, dispatcher)  # "what's the pay like?" after "senior in Leeds": their band, not "which employer?"
    if not keys:
        return ask(dispatcher, bm, details, "employer", "employer")
    say(dispatcher, sum((answers.employer(bm, key) for key in keys), Reply()))
    return remember(details, topic="employer", pending=None)


def rank_employers(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    say(dispatcher, answers.employer_ranking(bm))
    return remember(details, topic="employer", pending=None)


def tips(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    if not details.tip and (details.employers or details.unlisted_employer):
        return employer(bm, details, dispatcher)  # "and DeepMind?" is about pay there, not tips
    topic: Optional[str] = details.tip
    if topic is None and bm.is_remote(details.region) and details.new.get("region"):
        topic = "remote_london_rates"
    if details.levels(bm) and details.regions(bm) and (details.new.get("region") or HOW_MUCH.search(details.text)):
        band(
            bm, details, dispatcher
        )  # also "six years in" / "if I relocated to London what could I ask for?"  # "straight out of uni, cardiff, what should i ask for": the band to ask from, then how
    say(dispatcher, answers.tips(bm, topic))
    return remember(details, topic="tips", pending=None)


def note(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """Facts with no question ('I work in DevOps', 'currently £62k', then 'I'm in Cardiff'): say what was
    kept, so the question that follows can use it."""
    say(dispatcher, case_reply.noted(bm, details.as_case(), [name for name, given in details.new.items() if given]))
    return remember(details, topic="note", pending=None)
