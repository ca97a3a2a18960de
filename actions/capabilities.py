"""One function per benchmark question Payband answers (actions/registry.py lists them all). Each reads
Details, asks for what is missing (with buttons where that helps) or answers from the knowledge layer,
and returns the slot events to remember. None calls another: the router (actions/router.py) picks
the one that answers.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.details import Details, remember
from actions.offers_said import ORDINALS
from actions.say import say
from knowledge import answers
from knowledge import case as case_reply
from knowledge import reply as reply_parts
from knowledge.cues import said
from knowledge.formatting import money
from knowledge.loader import LEVELS, Benchmark
from knowledge.reply import Reply
from knowledge.skills import lean_on


def level_buttons(bm: Benchmark) -> List[Dict[str, str]]:
    return [
        {"title": f"{bm.levels[key].title} ({answers.experience(bm, key)})", "payload": f'/give_details{{"level": "{key}"}}'}
        for key in LEVELS
    ]


def region_buttons(bm: Benchmark) -> List[Dict[str, str]]:
    return [{"title": name, "payload": f'/give_details{{"region": "{key}"}}'} for key, name in bm.regions.items()]


def ask(dispatcher: CollectingDispatcher, bm: Benchmark, details: Details, topic: str, missing: str) -> List[EventType]:
    kept = _figures_kept(bm, details) if missing in ("level", "region") else None
    if kept:  # "base 104k" -> "Got it: £104,000 base." before "Which level?", so a misread figure shows at once
        say(dispatcher, reply_parts.of(reply_parts.text(kept)))
    if missing == "level":
        dispatcher.utter_message(response="utter_ask_level", buttons=level_buttons(bm))
    elif missing == "region":
        dispatcher.utter_message(response="utter_ask_region", buttons=region_buttons(bm))
    else:
        dispatcher.utter_message(response=f"utter_ask_{missing}")
    return remember(details, topic=topic, pending=missing)


def _figures_kept(bm: Benchmark, details: Details) -> Optional[str]:
    """What this message's figures were read as, when Payband must ask for more before answering."""
    if details.offers_new and details.offers:
        return "Got it: " + "; ".join(case_reply.offer_line(bm, offer, n) for n, offer in enumerate(details.offers, 1)) + "."
    if details.amount is not None and not details.amount_is_total:
        return f"Got it: {money(details.amount)} (your figure)."
    return None


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
    if out_of_scope(dispatcher, details) or _unreadable(dispatcher, details):
        return remember(details, topic="band", pending=None)
    if details.weighing:  # "staff in Bristol or senior in London", "how do those two compare?": each role beside the other
        say(dispatcher, answers.options_side_by_side(bm, details.options))
        return remember(details, topic="band", pending=None)
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


def compare_regions(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    if out_of_scope(dispatcher, details) or _unreadable(dispatcher, details):
        return remember(details, topic="compare_regions", pending=None)
    say(dispatcher, answers.band_table(bm, details.levels(bm) or LEVELS))
    return remember(details, topic="compare_regions", pending=None)


def compare_levels(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    if out_of_scope(dispatcher, details):
        return remember(details, topic="compare_levels", pending=None)
    say(dispatcher, answers.band_table(bm, LEVELS, details.regions(bm) or None))
    return remember(details, topic="compare_levels", pending=None)


def offer_buttons(bm: Benchmark, details: Details) -> List[Dict[str, str]]:
    return [{"title": case_reply.offer_line(bm, offer, n), "payload": ORDINALS[n - 1]} for n, offer in enumerate(details.offers, 1)]


def settle_amount(dispatcher: CollectingDispatcher, bm: Benchmark, details: Details, topic: str, slot: str) -> Optional[List[EventType]]:
    """Keep this message's amount in `slot`; the turn's events if it is unreadable or still missing, or
    if it could be any of several offers (then the question is which, with a button for each)."""
    if slot == "offer_amount" and details.choose_offer:
        dispatcher.utter_message(response="utter_ask_which_offer", buttons=offer_buttons(bm, details))
        return remember(details, topic=topic, pending="which_offer")
    if details.amount_unreadable:
        dispatcher.utter_message(response="utter_bad_amount")
        return remember(details, topic=topic, pending=slot)
    if details.amount is not None:
        setattr(details, slot, details.amount)
    if getattr(details, slot) is None:
        return ask(dispatcher, bm, details, topic, slot)
    return None


def offer(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    if out_of_scope(dispatcher, details) or _unreadable(dispatcher, details):
        return remember(details, topic="offer", pending=None)
    if details.amount_is_total:
        dispatcher.utter_message(response="utter_total_comp_offer")
        details.amount = None
        return remember(details, topic="offer", pending="offer_amount")
    if details.every_offer and details.amount is None:
        return _every_offer(bm, details, dispatcher)
    asked = settle_amount(dispatcher, bm, details, "offer", "offer_amount")
    if asked is not None:
        return asked
    if not details.levels(bm):
        return ask(dispatcher, bm, details, "offer", "level")
    regions = details.regions(bm)
    if not regions:
        return ask(dispatcher, bm, details, "offer", "region")
    if details.amount_range and details.amount == details.offer_amount:
        one_band = len(details.levels(bm)) == 1 and len(regions) == 1  # "£70,000 - £85,000": where its top lands too
        say(dispatcher, answers.range_note(*details.amount_range, *((bm, details.levels(bm)[0], regions[0]) if one_band else ())))
    for n, region in enumerate(regions, 1):
        percent = said("percent_asked", details.text)  # "what percentage of the way up is that?": the percent, not only the quarter
        reply = answers.offer(bm, details.offer_amount, details.levels(bm), region, details.experience_shown(), percent)
        say(dispatcher, reply + lean_on(details.skills) if n == len(regions) else reply)
    return remember(details, topic="offer", pending=None)


def _every_offer(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """'are both fair?': each offer's base checked against its band (its own place when it has one)."""
    if not details.levels(bm):
        return ask(dispatcher, bm, details, "offer", "level")
    regions = details.regions(bm)
    places = [offer.region or (regions[0] if len(regions) == 1 else None) for offer in details.offers]
    if None in places:
        return ask(dispatcher, bm, details, "offer", "region")
    for n, (offer, region) in enumerate(zip(details.offers, places, strict=True), 1):
        name = offer.label or f"Offer {n}"
        if offer.base is None:
            say(dispatcher, reply_parts.of(reply_parts.text(f"{name}: no base salary given yet, so there's nothing to check.")))
            continue
        say(dispatcher, reply_parts.of(reply_parts.heading(f"{name}:")) + answers.offer(bm, int(offer.base), details.levels(bm), region))
    return remember(details, topic="offer", pending=None)


def devops_premium(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """The premium on the user's DevOps salary: the figure in this message, else the pay they said they
    earn, else the rate and a question for the salary."""
    if details.amount is None and details.current_salary and (details.devops_salary is None or details.new.get("current_salary")):
        details.devops_salary = details.current_salary  # "I work in DevOps" / "currently £62k", messages apart
    if details.amount is None and details.devops_salary is None and not details.amount_unreadable:
        say(dispatcher, answers.premium_rate(bm))  # "what's the devops premium?": the rate, then the question
    asked = settle_amount(dispatcher, bm, details, "devops_premium", "devops_salary")
    if asked is not None:
        return asked
    levels, regions = details.levels(bm), details.regions(bm)  # known: where the premium lands in their MLOps band
    say(dispatcher, answers.premium(bm, details.devops_salary, levels if regions else (), regions if levels else ()))
    return remember(details, topic="devops_premium", pending=None)


def employer(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    keys = details.employers  # read_details keeps only groups the benchmark lists
    if not keys and details.unlisted_employers:
        several = len(details.unlisted_employers) > 1  # "ocado or deliveroo?": no figures for either
        response = "utter_unlisted_employers" if several else "utter_unlisted_employer"
        dispatcher.utter_message(response=response, employer=" or ".join(details.unlisted_employers))
        say(dispatcher, answers.employer_table(bm))
        return remember(details, topic="employer", pending=None)
    if not keys:
        return ask(dispatcher, bm, details, "employer", "employer")
    reply = sum((answers.employer(bm, key) for key in keys), Reply())
    if details.unlisted_employer:  # "does Palantir pay more than DeepMind?": the one it can't compare is named, not dropped
        reply = reply_parts.of(reply_parts.text(answers.not_covered(details.unlisted_employers))) + reply
    say(dispatcher, reply)
    return remember(details, topic="employer", pending=None)


def yardstick(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """'Is DevOps pay the right yardstick?', 'what should I use as my ceiling?': the benchmark's first tip."""
    say(dispatcher, answers.devops_yardstick(bm))
    return remember(details, topic="devops_premium", pending=None)  # "I'm on 80k" next is their DevOps pay


def rank_employers(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    extreme = ("lowest" if said("lowest_asked", details.text) else "highest") if said("employer_extreme", details.text) else None
    say(dispatcher, answers.employer_ranking(bm, extreme))
    return remember(details, topic="employer", pending=None)


def tips(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    topic: Optional[str] = details.tip
    if topic is None and bm.is_remote(details.region) and details.new.get("region"):
        topic = "remote_london_rates"
    say(dispatcher, answers.tips(bm, topic))
    return remember(details, topic="tips", pending=None)


def note(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """Facts with no question ('I work in DevOps', 'currently £62k', then 'I'm in Cardiff'): say what was
    kept, so the question that follows can use it."""
    say(dispatcher, case_reply.noted(bm, details.as_case(), [name for name, given in details.new.items() if given]))
    return remember(details, topic="note", pending=None)
