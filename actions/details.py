"""What the user has told us so far: this message's entities on top of the remembered slots.

Entity values arrive already normalised by the NLU synonyms (e.g. "Leeds" ->
rest_of_uk); amounts and years are still text and are parsed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.offers_said import every_offer, needs_a_choice, packages, picked
from actions.options_said import all_known, every_option, levels_and_places, option_picked, weighed
from actions.slots import Remembered, offers_to_slot, remembered
from knowledge import answers
from knowledge.case import CASE_FIELDS, Case, option_name
from knowledge.compensation import OfferTerms
from knowledge.cues import said
from knowledge.loader import LEVELS, Benchmark
from knowledge.offer_text import company_named, name_words, people_named, read_offers
from knowledge.parsing import (
    competing_amount,
    current_amount,
    current_in_text,
    current_role,
    level_step,
    parse_experience,
    parse_money,
    pick_offer_amount,
    reply_amount,
)
from knowledge.pay_words import MAX_TEXT
from knowledge.queries import levels_for_years
from knowledge.skills import MAX_SKILLS, skills_named

PAY_TOPICS = ("offer", "band", "compare_regions", "compare_levels")  # after these, a bare '95' is an offer in thousands
EMAIL_INTENT, EMAIL_TOPIC = "draft_counter_email", "counter_email"  # the employer's name is used in the email only


@dataclass
class Details:
    level: Optional[str] = None
    also_levels: List[str] = field(default_factory=list)  # more levels named in this message ("junior and mid bands")
    years: Optional[float] = None
    years_to: Optional[float] = None  # the top of a span such as 'a handful of years' (3-5)
    region: Optional[str] = None
    amount: Optional[int] = None  # an amount in this message
    amount_unreadable: bool = False  # this message had an amount we could not read
    years_unreadable: bool = False
    place_name: Optional[str] = None  # the place as the user named it ("Cardiff"), for reading the case back
    role: Optional[str] = None  # what the user does now ('devops', 'mlops'), once they say
    current_salary: Optional[int] = None  # what the user earns now ("I'm on 62k", "currently £62k")
    offer_amount: Optional[int] = None
    devops_salary: Optional[int] = None
    amount_range: Optional[Tuple[int, int]] = None  # "85-90k": the offer was given as a range
    amount_is_total: bool = False  # "120k total comp": not comparable with the base-salary bands
    competing: Optional[int] = None  # another offer to be matched ("match the £108k I was offered elsewhere"): this message only
    employers: List[str] = field(default_factory=list)
    unlisted_employers: List[str] = field(default_factory=list)  # employers the benchmark doesn't list, each named as not covered
    text: str = ""
    tip: Optional[str] = None
    foreign_place: Optional[str] = None
    other_role: Optional[str] = None
    new: Dict[str, bool] = field(default_factory=dict)  # which fields this message supplied
    readings: List[str] = field(default_factory=list)  # how typos and informal phrases were read, shown to the user
    offers: List[OfferTerms] = field(
        default_factory=list
    )  # packages described (base, bonus, equity, sign-on): this message's, else remembered
    offers_new: bool = False  # this message described them
    offers_given: int = 0  # how many packages this message itself described ("A: 95k + 10%, B: 90k flat": 2)
    picked: Optional[int] = None  # the one remembered offer this message points at ("the bank one", "offer B")
    every_offer: bool = False  # "both", "each of them": every remembered offer
    choose_offer: bool = False  # a question about one of several offers that doesn't say which
    options: List[Tuple[Optional[str], Optional[str]]] = field(default_factory=list)  # roles weighed side by side
    weighing: bool = False  # this message asks about every option ("how do those two compare?")
    skills: List[str] = field(default_factory=list)  # the benchmark's skills the user says they bring
    employer_said: Optional[str] = None  # the employer as the user wrote it ("Monzo", "DeepMind"), for a drafted email
    places_said: List[str] = field(default_factory=list)  # each place this message names, in order ("London vs Leeds")
    user_name: Optional[str] = None  # "I'm Tom": signs a drafted email (this message only, never stored)
    recipient: Optional[str] = None  # "email to Sarah"
    topic: Optional[str] = None  # the capability that answered last (slot `topic`)
    pending: Optional[str] = None  # the detail Payband last asked for (slot `pending`)

    @property
    def unlisted_employer(self) -> Optional[str]:
        """Every unlisted employer named, joined with "and" (an email's "at ..."); None without one."""
        return " and ".join(self.unlisted_employers) or None

    def levels(self, bm: Benchmark) -> List[str]:
        """The level (and any others named with it: "mid vs senior?"), or the one or two levels that the
        years of experience fall in."""
        if self.level:
            return list(dict.fromkeys([self.level, *self.also_levels]))
        if self.years is not None:
            return levels_for_years(bm, self.years, self.years_to)
        return []

    def experience_shown(self) -> Optional[answers.Years]:
        """Years to mention in the reply: only when the levels came from years, not a named level."""
        if self.level or self.years is None:
            return None
        return (self.years, self.years_to) if self.years_to is not None and self.years_to > self.years else self.years

    def describes_terms(self) -> bool:
        """This message gives a figure for a bonus, equity or a sign-on (not just a base, not just a mention)."""
        return self.offers_new and any(offer.has_terms for offer in self.offers[-1:])

    def as_case(self) -> Case:
        """The case after this message: what the user has told Payband so far."""
        values = {name: getattr(self, name) for name in CASE_FIELDS}
        return Case(**{**values, "offers": tuple(self.offers), "options": tuple(self.options), "skills": tuple(self.skills)})

    def regions(self, bm: Benchmark) -> List[str]:
        """Band regions for the remembered place (aliases such as 'remote' and 'the UK' expand as the data file
        says); for one of several offers picked out ('is the second one fair?'), that offer's own place."""
        offer_place = self.offers[self.picked].region if self.picked is not None else None
        if offer_place and not self.new.get("region"):
            return [offer_place]
        return bm.bands_for(self.region)


def _place_name(tracker: Tracker, text: str, count: int) -> Optional[str]:
    """The place as the user named it ('Cardiff', a typo's correction), when they named one."""
    named = [e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "region"]
    if count != 1 or len(named) != 1:
        return None
    name = str(named[0].get("canonical") or _said(named[0], text)).strip()[:40]
    if not name or name == named[0].get("value"):  # no span to read the words from: only the region key
        return None
    return name[:1].upper() + name[1:]


def _stepped_level(details: Details, bm: Benchmark, text: str) -> Tuple[List[str], Optional[str]]:
    """The level one up or down from the one in the conversation (from the highest or lowest of two read
    from years), as if the user had named it, and a line saying how it was read; at the top or bottom
    of the ladder, that level again, and the line says so. Also the level the step started from."""
    (step, said), known = level_step(text), details.levels(bm)
    if not step or not known:
        return [], None
    start = known[-1] if step > 0 else known[0]
    wanted = LEVELS.index(start) + step
    at = max(0, min(len(LEVELS) - 1, wanted))
    title = bm.levels[LEVELS[at]].title
    if at != wanted:  # past the top or bottom of the ladder
        title += f", the {'top' if step > 0 else 'first'} level the benchmark has"
    details.readings.append(answers.reading(said, title))
    return [LEVELS[at]], start


def _entities(tracker: Tracker) -> Dict[str, List[Tuple[int, str]]]:
    """Entity values by type, each with where it starts in the message."""
    found: Dict[str, List[Tuple[int, str]]] = {}
    for entity in tracker.latest_message.get("entities") or []:
        value = entity.get("value")
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            start = entity.get("start") if isinstance(entity.get("start"), int) else 0
            found.setdefault(str(entity.get("entity")), []).append((start, str(value)[:MAX_TEXT]))
    return found


def _said(entity: Dict[str, Any], text: str) -> str:
    """The words that said the entity; a button's payload ('/give_details{"region": ...}') has none, only its value."""
    start, end = entity.get("start"), entity.get("end")
    if text.startswith("/"):
        return str(entity.get("value"))[:60]
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return text[start:end]
    return str(entity.get("value"))[:60]


def _corrections(tracker: Tracker, bm: Benchmark, text: str) -> List[str]:
    """Typos the entity matcher corrected (entities it marked `fuzzy`), as the user will read them."""
    readings = []
    for entity in tracker.latest_message.get("entities") or []:
        if not entity.get("fuzzy"):
            continue
        kind, value, said = entity.get("entity"), str(entity.get("value")), _said(entity, text)
        if kind == "region" and value in bm.regions:
            name = entity.get("canonical") or said
            meant = name if name.lower() == bm.regions[value].lower() else f"{name} ({bm.regions[value]})"
        elif kind == "level" and value in bm.levels:
            meant = bm.levels[value].title
        elif kind == "employer" and value in bm.employers:
            meant = bm.employers[value].name
        elif kind == "tip_topic" and value in bm.tips:
            meant = f"the tip '{bm.tips[value].title}'"
        else:
            continue
        readings.append(answers.reading(said, meant))
    return readings


_THERE = re.compile(  # the place already in the case, set beside a new one: "there vs Cardiff", "Leeds or here?"
    r"\b(?:there|here)\b.*\b(?:vs|versus|or|compared|against)\b|\b(?:vs|versus|or|compared to|compared with|against)\b.*\b(?:there|here)\b",
    re.I,
)
_NOT_THIS = re.compile(r"\b(?:not|no)\s+$", re.I)  # "I meant London not Cardiff": Cardiff is the mistake
_VESTING = re.compile(r"\b(?:over|across|vest\w*|spread)\s*$", re.I)  # "RSUs £100k over 4 yrs": a vesting period, not experience
_CORRECTED_YEARS = re.compile(r"(?<![\d£.,])\b(\d{1,2}(?:\.5)?)\b(?!\s*(?:k|%|grand|\d))", re.I)  # "closer to 6 actually"
_PLAIN_YEARS = re.compile(r"\s*\d+(\.\d+)?\s*(years?|yrs?|y|yoe)?\s*(of )?(experience|exp)?\s*", re.I)


def _informal_years(tracker: Tracker, text: str) -> Optional[str]:
    """The words of a years entity that are not a plain 'N years' ('a handful of years', 'nearly five'),
    unless the message also gives a plain one."""
    informal = None
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "years":
            said = _said(entity, text)
            if not _PLAIN_YEARS.fullmatch(said):
                informal = informal or said
            else:
                return None  # "donkey's years, like 12 yrs": the plain figure is the one used
    return informal


@dataclass(frozen=True)
class _Message:
    """The latest message as read_details' steps need it: its text, entities by type, and the slots."""

    tracker: Tracker
    text: str
    found: Dict[str, List[Tuple[int, str]]]
    slots: Remembered
    intent: Optional[str]

    def values(self, kind: str) -> List[str]:
        return [value for _, value in self.found.get(kind, [])]


def read_details(tracker: Tracker, bm: Benchmark) -> Details:
    """The case after this message, and what the message itself adds, in steps: experience, place,
    roles weighed, pay, names, offers, references to earlier things, then the rest."""
    text = tracker.latest_message.get("text")
    msg = _Message(
        tracker, text[:MAX_TEXT] if isinstance(text, str) else "", _entities(tracker), remembered(tracker, bm), intent_of(tracker)
    )
    case = msg.slots.case
    details = Details(
        **{name: getattr(case, name) for name in CASE_FIELDS if name not in ("offers", "options", "skills")},
        options=list(case.options),
        skills=list(case.skills),
        text=msg.text,
        topic=msg.slots.topic,
        pending=msg.slots.pending,
    )
    years_text, stepped_from = _read_experience(details, msg, bm)
    _read_place(details, msg, bm)
    single_places = [bands[0] for bands in (bm.bands_for(place) for place in details.places_said) if len(bands) == 1]
    known_places = bm.bands_for(details.region)
    named_levels = [details.level, *details.also_levels] if details.new.get("level") else []
    options = weighed(named_levels, single_places, known_places[0] if len(known_places) == 1 else None, stepped_from, case.options)
    if options is not None:
        details.options = list(options)
    _read_pay(details, msg, years_text)
    _read_names(details, msg, bm)
    _read_offers(details, msg, bm, single_places)
    if not (details.offers_new or len(details.offers) > 1 or details.new.get("level") or details.new.get("region") or details.amount):
        _option_referred_to(details, bm, msg.text)  # "band for the latter", "how do those two compare?"
    elif (
        len(options or ()) == 2  # two roles; a span of levels ("from junior to staff") is a list, not a choice
        and stepped_from is None
        and all_known(options)
        and details.amount is None
        and not details.offers_new
        and not said("all_levels", msg.text)
    ):
        _weigh(details, case)  # "staff in Bristol or senior in London", nothing else asked: side by side
    _read_the_rest(details, msg, bm)
    details.readings = _corrections(tracker, bm, msg.text) + details.readings
    return details


def _read_experience(details: Details, msg: _Message, bm: Benchmark) -> Tuple[List[str], Optional[str]]:
    """Levels and years named (or a step from the level known: 'and the next level?'); returns the
    years as said, and the level a step started from."""
    text = msg.text
    named = [
        (start, v)
        for start, v in sorted(msg.found.get("level", []))
        if v in LEVELS and not _NOT_THIS.search(text[max(0, start - 6) : start])
    ]
    levels = _level_span(named, text) or [v for _, v in named]
    spans = [
        value
        for start, value in msg.found.get("years", [])
        if not (_VESTING.search(text[max(0, start - 12) : start]) or re.match(r"\s*(?:over|across)\b", value, re.I))
    ]
    years_text = sorted(spans, key=lambda said: not _PLAIN_YEARS.fullmatch(str(said)))  # a plain "12 yrs" first
    bare_number = not years_text and msg.slots.pending == "level" and re.fullmatch(r"\s*\d{1,2}(\.\d)?\s*", text)
    if bare_number:
        years_text = [text]  # "3" in answer to "which level? (or your years)"
    corrected = _CORRECTED_YEARS.search(text) if not years_text and msg.slots.case.years is not None and said("correction", text) else None
    if corrected and not msg.found.get("amount"):
        years_text = [corrected.group(1)]  # "5 years in Leeds" / "well, closer to 6 actually"
    stepped_from = None
    if not levels and not years_text and not msg.found.get("amount"):
        levels, stepped_from = _stepped_level(details, bm, text)  # "and the next level?", "the one above that"
    if levels:
        details.level, details.years, details.years_to = levels[0], None, None
        details.also_levels = [level for level in dict.fromkeys(levels[1:]) if level != levels[0]]
        details.new["level"] = True
    if years_text:
        experience = parse_experience(years_text[0])
        if experience is None:
            details.years_unreadable = True
        else:
            details.years, details.years_to = experience.low, experience.high if experience.is_span else None
            details.level = levels[0] if levels else None
            details.new["years"] = True
            informal = _informal_years(msg.tracker, text)
            if informal and not levels:
                details.readings.append(answers.experience_reading(informal, details.experience_shown()))
            elif bare_number:  # a number alone could have been a choice from a list: say how it was read
                details.readings.append(answers.experience_reading(text.strip(), experience.low, about=False))
    return years_text, stepped_from


_SPAN_JOIN = re.compile(r"\W*(?:(?:level|levels|roles?|engineers?)\s+)?(?:to|through|thru|up to|-|–)\s+", re.I)


def _level_span(named: List[Tuple[int, str]], text: str) -> List[str]:
    """'from junior to staff', 'mid through staff': every level from the first to the second; [] otherwise."""
    if len(named) != 2:
        return []
    (start, first), (_, last) = named
    between = text[start : named[1][0]]
    join = between[len(re.match(r"\w[\w-]*", between).group()) :] if re.match(r"\w", between) else between
    if not _SPAN_JOIN.fullmatch(join):
        return []
    low, high = sorted((LEVELS.index(first), LEVELS.index(last)))
    return list(LEVELS[low : high + 1]) if high - low > 1 else []


def _read_place(details: Details, msg: _Message, bm: Benchmark) -> None:
    """The place named ('remote from Cardiff' is remote; 'London or Leeds' both bands; 'there vs Cardiff' both)."""
    text, regions = msg.text, msg.found.get("region", [])
    details.places_said = [value for _, value in sorted(regions) if bm.bands_for(value)]
    said_places = [value for start, value in regions if not _NOT_THIS.search(text[max(0, start - 6) : start])]
    if said_places and details.region and _THERE.search(text):  # "what about there vs Cardiff" after London: both
        said_places = [details.region, *said_places]
    place = bm.place_for(said_places)
    if place:
        details.region, details.new["region"] = place, True
        details.place_name = _place_name(msg.tracker, text, len(said_places))


def _read_pay(details: Details, msg: _Message, years_text: List[str]) -> None:
    """The user's job and current pay, and the amount to work on (an offer, a DevOps salary, a reply to 'how much?')."""
    text, slots, amounts = msg.text, msg.slots, msg.found.get("amount", [])
    details.competing = competing_amount(text, amounts) if amounts else None
    if details.competing is not None:  # the offer to match is not the offer to check
        amounts = [(start, value) for start, value in amounts if parse_money(value) != details.competing]
    role = current_role(text) or _devops_said_of_themselves(text)
    if role:
        details.role, details.new["role"] = role, True
    current = current_amount(text, amounts, loose=details.role is not None) if amounts else None  # "on £48k" once their job is known
    if current is None and slots.topic == "note" and slots.case.current_salary and len(amounts) == 1 and said("correction", text):
        current = parse_money(amounts[0][1])  # "on 75k" noted, then "sorry, 72k": their pay, corrected
    if current is not None:
        details.current_salary, details.new["current_salary"] = current, True
    if amounts and not (current is not None and len(amounts) == 1):  # "currently £62k" is no offer to check
        details.amount, details.amount_range, details.amount_is_total = pick_offer_amount(text, amounts)
        details.amount_unreadable = details.amount is None
    elif slots.pending != "devops_salary" and (said_pay := current_in_text(text)) is not None:  # "currently 62": their pay
        details.current_salary, details.new["current_salary"] = said_pay, True
    elif slots.pending in ("offer_amount", "devops_salary"):
        details.amount, details.amount_range = reply_amount(text, asked=True)
    elif slots.topic in PAY_TOPICS and not years_text and current is None:  # "on 62k" once their job is known: their pay
        details.amount, details.amount_range = reply_amount(text, asked=False)


def _read_names(details: Details, msg: _Message, bm: Benchmark) -> None:
    """Employers the benchmark lists, the employer as written (for an email), and people named."""
    entities, text = msg.tracker.latest_message.get("entities"), msg.text
    details.employers = list(dict.fromkeys(v for v in msg.values("employer") if v in bm.employers))
    details.employer_said = _employer_said(entities, text)
    if details.employer_said is None and (msg.intent == EMAIL_INTENT or msg.slots.topic == EMAIL_TOPIC):
        details.employer_said = _employer_said_earlier(msg.tracker)  # only an email uses the name: look back only for one
    details.user_name, details.recipient = people_named(text, _not_names(entities, text))


def _read_offers(details: Details, msg: _Message, bm: Benchmark, places: List[str]) -> None:
    """Packages given (each with its place), or one or all of the remembered ones pointed at."""
    text, slots = msg.text, msg.slots
    earlier = _employer_said_earlier(msg.tracker) if slots.case.offer_amount and not slots.case.offers else None
    aliases = {g.name.lower(): k for k, g in bm.employers.items()}
    before = bm.bands_for(slots.case.region)
    checked_in = before[0] if len(before) == 1 else None
    details.offers, details.offers_new = packages(text, msg.intent, slots, aliases, earlier, places, checked_in)
    if details.offers_new:
        details.offers_given = len([offer for offer in read_offers(text, aliases) if offer.has_figure])
        return
    details.picked = picked(text, details.offers)  # "the bank one", "offer B": one of the offers in the case
    details.every_offer = every_offer(text, details.offers)
    if details.picked is not None and name_words(details.offers[details.picked].label) & name_words(details.employer_said):
        details.employers, details.employer_said = [], None  # "and the scaleup?" after "the scaleup one: ...": that offer, not the group
    if details.picked is not None and details.offers[details.picked].base is not None:
        details.offer_amount = int(details.offers[details.picked].base)  # "is the bank one fair?": that offer's base
    details.choose_offer = needs_a_choice(
        details.offers, details.picked, details.every_offer, details.amount, slots.topic, slots.case.offer_amount
    )


def _read_the_rest(details: Details, msg: _Message, bm: Benchmark) -> None:
    """Skills, an employer the benchmark doesn't list, a tip's topic, a place abroad, another role."""
    text = msg.text
    named = [skill for skill in skills_named(bm, text) if skill not in details.skills]
    if named:  # "I run GPU clusters": kept, and pointed at in negotiation answers
        details.skills, details.new["skills"] = (details.skills + named)[-MAX_SKILLS:], True
    details.unlisted_employers = list(dict.fromkeys(msg.values("unlisted_employer")))  # "ocado or deliveroo": both named
    details.tip = (msg.values("tip_topic") or [None])[0]
    if details.tip == "remote_london_rates" and details.region is None and (details.level or details.years is not None):
        details.region, details.new["region"] = bm.reference_region, True  # "twelve years, london rates?": the London band, then the tip
    details.foreign_place = (msg.values("foreign_place") or [None])[0]
    details.other_role = (msg.values("other_role") or [None])[0]
    if details.other_role and details.new.get("role") and "devops" in details.other_role.lower().replace(" ", ""):
        details.other_role = None  # "I'm a devops engineer": what the user does now (_read_pay), not a question about DevOps pay


def _weigh(details: Details, case: Case) -> None:
    """Roles weighed side by side settle nothing yet: where they differ, the case keeps the level or
    place it had ('staff in Bristol or senior in London' leaves both open; 'junior or mid in Leeds'
    settles Leeds)."""
    levels, places = levels_and_places(details.options)
    details.weighing = True
    if len(levels) > 1:
        details.level, details.also_levels, details.years, details.years_to = case.level, [], case.years, case.years_to
    if len(places) > 1:
        details.region, details.place_name = case.region, case.place_name


def _devops_said_of_themselves(text: str) -> Optional[str]:
    """'senior devops in london', 'DevOps engineer, 120k, London', 'I do devops': a statement (no question,
    nothing asked about pay or MLOps) that names DevOps says what the user does now."""
    if not said("devops", text) or said("question", text) or said("not_about_me", text):
        return None
    return "devops"


def _option_referred_to(details: Details, bm: Benchmark, text: str) -> None:
    """One of the roles weighed ('the latter'), or all of them ('those two'), as if this message named them."""
    pointed = option_picked(text, details.options)
    if pointed is not None:
        index, words = pointed
        level, region = details.options[index]
        levels, places = ([level] if level else []), ([region] if region else [])
        details.readings.append(answers.reading(words, option_name(bm, details.options[index])))
    elif every_option(text, details.options) and all_known(details.options):
        details.weighing = True  # "how do those two compare?": the roles side by side, the case as it was
        return
    elif every_option(text, details.options):
        levels, places = levels_and_places(details.options)
    else:
        return
    if levels:
        details.level, details.also_levels, details.years, details.years_to = levels[0], levels[1:], None, None
        details.new["level"] = True
    if places:
        details.region, details.place_name, details.new["region"] = bm.place_for(places), None, True


def _not_names(entities: Any, text: str) -> List[str]:
    """Words the NLU read as a place, a level or a place abroad: never a company's or a person's name."""
    return [_said(e, text) for e in entities or [] if e.get("entity") in ("region", "level", "foreign_place")]


def _employer_said(entities: Any, text: str) -> Optional[str]:
    """The employer as written: a capitalised name that offered ('Corvid Labs offered 88k', 'at Acme AI'),
    else a known or unlisted one the NLU found (a group named for a competing offer comes second)."""
    named = company_named(text, _not_names(entities, text))
    if named:
        return named
    for entity in entities or []:
        if entity.get("entity") in ("employer", "unlisted_employer"):
            return _said(entity, text)[:60] or None
    return None


LOOK_BACK_EVENTS = 60  # about ten turns of user, bot and slot events


def intent_of(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _employer_said_earlier(tracker: Tracker) -> Optional[str]:
    """'offer from Northwind' one turn, 'write the email' the next: the latest employer named in the last
    few messages before this one (a bounded look back: the per-message cost must not grow with the conversation)."""
    earlier = [e for e in tracker.events[-LOOK_BACK_EVENTS:] if e.get("event") == "user"][:-1]
    for event in reversed(earlier):
        text = event.get("text")
        if isinstance(text, str) and not text.startswith("/"):
            said = _employer_said((event.get("parse_data") or {}).get("entities"), text[:MAX_TEXT])
            if said:
                return said
    return None


def remember(details: Details, **extra: Any) -> List[EventType]:
    """Slot events that store what this turn settled, so follow-ups can reuse it."""
    events = [
        SlotSet("level", details.level),
        SlotSet("years", details.years),
        SlotSet("years_to", details.years_to),
        SlotSet("region", details.region),
        SlotSet("place_name", details.place_name),
        SlotSet("role", details.role),
        SlotSet("current_salary", details.current_salary),
        SlotSet("offer_amount", details.offer_amount),
        SlotSet("devops_salary", details.devops_salary),
        SlotSet("options", [list(option) for option in details.options]),
        SlotSet("skills", list(details.skills)),
    ]
    if details.offers_new:
        events.append(SlotSet("offers", offers_to_slot(details.offers)))
    events += [SlotSet(name, value) for name, value in extra.items()]
    return events
