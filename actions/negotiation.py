"""Capabilities that help with the negotiation itself: total compensation, where a figure sits in
its band, offers side by side, a counter-offer email, a call script and charts. Each asks for
what it still needs (as actions/capabilities.py does) and answers from knowledge/negotiation.py."""

from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Tuple

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.capabilities import ask, out_of_scope, settle_amount
from actions.details import Details, remember
from actions.say import say
from knowledge import negotiation
from knowledge import reply as reply_parts
from knowledge.charts import bands_chart, employers_chart
from knowledge.compensation import OfferTerms, problems
from knowledge.cues import said
from knowledge.loader import Benchmark
from knowledge.offer_text import offered_by
from knowledge.parsing import plausible_salary
from knowledge.skills import GPU_SKILL, lean_on


def _one_place(bm: Benchmark, details: Details) -> Optional[str]:
    regions = details.regions(bm)
    return regions[0] if len(regions) == 1 else None


def _needs(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher, topic: str, amount: bool) -> Optional[List[EventType]]:
    """Ask for the first missing detail (the offer's base, one level, one place), or None when all are known."""
    if out_of_scope(dispatcher, details):
        return remember(details, topic=topic, pending=None)
    if amount and details.amount_is_total:  # "120k total comp": the band, email and script work on base salary
        dispatcher.utter_message(response="utter_total_comp_offer")
        details.amount = None
        return remember(details, topic=topic, pending="offer_amount")
    if amount or details.choose_offer:
        asked = settle_amount(dispatcher, bm, details, topic, "offer_amount")
        if asked is not None:
            return asked
    if len(details.levels(bm)) != 1:  # none, or years on a boundary: the email needs one band
        return ask(dispatcher, bm, details, topic, "level")
    if _one_place(bm, details) is None:
        return ask(dispatcher, bm, details, topic, "region")
    return None


def band_position(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    if details.amount is None and details.current_salary and (details.new.get("current_salary") or details.offer_amount is None):
        details.amount = details.current_salary  # "I'm on 120k, where does that sit?": their own pay, placed in the band
    asked = _needs(bm, details, dispatcher, "band_position", amount=True)
    if asked is not None:
        return asked
    say(dispatcher, negotiation.band_position_reply(bm, details.offer_amount, details.levels(bm), _one_place(bm, details)))
    return remember(details, topic="band_position", pending=None)


def counter_email(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """The email, when one is asked for: 'what should I counter with?' is the offer check (it names the
    counter), and writing about anything but pay is out of scope."""
    if not said("about_pay", details.text) and details.amount is None and details.offer_amount is None:  # no offer in sight
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
    asked = _needs(bm, details, dispatcher, "counter_email", amount=True)
    if asked is not None:
        return asked
    offer = details.offers[details.picked] if details.picked is not None else None
    employer = details.employer_said or details.unlisted_employer or offered_by(offer.label if offer else None)
    level, place = details.levels(bm)[0], _one_place(bm, details)
    prefer = [details.tip] if details.tip else []
    if said("gpu", details.text) or GPU_SKILL in details.skills:
        prefer.append("gpu_experience")
    reply = negotiation.counter_email_reply(
        bm,
        level,
        place,
        details.offer_amount,
        employer,
        user_name=details.user_name,
        recipient=details.recipient,
        prefer=prefer,
        competing=details.competing,
    )
    say(dispatcher, reply + lean_on(details.skills))
    return remember(details, topic="counter_email", pending=None)


def walk_away(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """'What's my walk-away figure?', 'they've said £36k is final, do I decline?': the least base worth
    accepting, from the band and the user's current pay, and whether a final offer clears it."""
    final = details.amount if details.amount is not None and not details.amount_is_total else None
    details.choose_offer = False  # the walk-away point is the same for every offer: each is set against it
    asked = _needs(bm, details, dispatcher, "walk_away", amount=False)
    if asked is not None:
        return asked
    if final is not None:
        details.offer_amount = final
    on_the_table = _offers_on_the_table(details) if final is None else []
    level, place = details.levels(bm)[0], _one_place(bm, details)
    say(dispatcher, negotiation.walk_away_reply(bm, level, place, details.current_salary, final, on_the_table))
    return remember(details, topic="walk_away", pending=None)


def _offers_on_the_table(details: Details) -> List[Tuple[str, float]]:
    """The offers already given, each with its base, to set against the walk-away point: the one picked,
    else all of them, else the one offer checked ("they offered 70k and say it's final", then "do I walk?")."""
    offers = [o for o in details.offers if o.base is not None]
    if details.picked is not None and details.offers[details.picked].base is not None:
        offers = [details.offers[details.picked]]
    if offers:
        return [(o.label or "Their offer", o.base) for o in offers]
    return [("Their offer", float(details.offer_amount))] if details.offer_amount else []


SKILL_BUTTONS = 6  # the benchmark's top skills offered as buttons when the user named none


def where_to_aim(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """'6 years, London, I run the GPU training cluster — where should I aim?': a point in the band from
    the skills named; with none named, which apply (a button each)."""
    asked = _needs(bm, details, dispatcher, "aim", amount=False)
    if asked is not None:
        return asked
    if not details.skills:
        buttons = [{"title": skill, "payload": f"I bring {skill}"} for skill in bm.top_skills[:SKILL_BUTTONS]]
        dispatcher.utter_message(response="utter_ask_skills", buttons=buttons)
        return remember(details, topic="aim", pending="skills")
    reply = negotiation.aim_reply(bm, details.levels(bm)[0], _one_place(bm, details), details.skills, GPU_SKILL)
    say(dispatcher, reply)
    return remember(details, topic="aim", pending=None)


def call_script(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """Lines for the call; 'they came back with 105' (a figure, no word of a call) is the offer check."""
    if details.amount is not None and not details.amount_is_total:
        details.offer_amount = details.amount
    asked = _needs(bm, details, dispatcher, "call_script", amount=False)
    if asked is not None:
        return asked
    reply = negotiation.call_script_reply(bm, details.levels(bm)[0], _one_place(bm, details), details.offer_amount)
    say(dispatcher, reply + lean_on(details.skills))
    return remember(details, topic="call_script", pending=None)


def _terms(details: Details) -> List[OfferTerms]:
    """The packages to work on: this message's, else the remembered ones, else the remembered base alone.
    An employer the NLU recognised ('deepmind offered ...') is the group a single package is compared with."""
    if details.picked is not None:  # "what's the bank one worth a year?"
        return [details.offers[details.picked]]
    if len(details.offers) == 1 and details.employers and not details.offers[0].employer:
        return [replace(details.offers[0], employer=details.employers[0])]
    if details.offers:
        return details.offers
    return [OfferTerms(base=details.offer_amount)] if details.offer_amount else []


def _level_and_place(bm: Benchmark, details: Details):
    levels = details.levels(bm)
    return (levels[0] if len(levels) == 1 else None), _one_place(bm, details)


def total_comp(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    terms = _terms(details)
    if not details.offers:  # nothing beyond a base: ask for the package
        dispatcher.utter_message(response="utter_ask_comp_terms")
        return remember(details, topic="total_comp", pending="comp_terms")
    level, place = _level_and_place(bm, details)
    say(dispatcher, negotiation.total_comp_reply(bm, terms[0], level, place))
    if terms[0].base and not problems(terms[0]):
        details.offer_amount = int(terms[0].base)
    return remember(details, topic="total_comp", pending="comp_terms" if problems(terms[0]) else None)  # it asked about a figure


def compare_offers(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    terms = details.offers
    if len(terms) < 2:
        dispatcher.utter_message(response="utter_ask_offers" if not terms else "utter_ask_second_offer")
        return remember(details, topic="compare_offers", pending="offers")
    if out_of_scope(dispatcher, details):
        return remember(details, topic="compare_offers", pending=None)
    level, place = _level_and_place(bm, details)  # without them the totals still compare; the bases wait
    known = _place_per_offer(terms, place) or place
    say(dispatcher, negotiation.compare_offers_reply(bm, terms, [level] if level and known else [], known if level else None))
    return remember(details, topic="compare_offers", pending="comp_terms" if any(problems(t) for t in terms) else None)


def _place_per_offer(offers: List[OfferTerms], place: Optional[str]) -> Optional[List[str]]:
    """One band region per offer when the offers were given places of their own ('option A is Sheffield,
    £63k' / 'option B is London, £79k'), the user's place standing in for an offer without one; None
    when they all share one place."""
    regions = [offer.region or place for offer in offers]
    if None in regions or len(set(regions)) < 2:
        return None
    return regions


def chart(bm: Benchmark, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """The bands as a picture (the user's offer marked when known), or the employer ranges."""
    if details.employers or said("employer_chart", details.text):
        part = employers_chart(bm)
        intro = "The employer groups' ranges (total compensation, not base salary):"
    else:
        figure = details.amount if details.amount is not None and not details.amount_is_total else details.offer_amount
        if details.new.get("current_salary") and details.amount is None:
            figure = details.current_salary  # "grpah of bands w my current 88k on it"
        mark = figure if plausible_salary(figure) else None  # "the bands with my 72k marked", or the offer checked before
        levels = details.levels(bm) if details.new.get("level") or details.new.get("years") else None  # "the bands": all of them
        regions = details.regions(bm) if details.new.get("region") else None
        part = bands_chart(bm, levels=levels or None, regions=regions or None, marker_amount=mark)
        intro = "The base-salary bands by level and place" + (", with your figure marked:" if mark else ":")
        one_band = mark and len(details.levels(bm)) == 1 and _one_place(bm, details)
        if one_band:  # "diagram showing where 95k sits for a senior in manchester": where, in words too
            intro = negotiation.position_sentence(bm, mark, details.levels(bm)[0], _one_place(bm, details)) + " " + intro
    say(dispatcher, reply_parts.of(reply_parts.text(intro), part))
    return remember(details, topic="chart", pending=None)
