"""Rasa SDK action classes. Each one reads what the user said, calls one
capability and returns the slots to remember; the benchmark is loaded and
validated once, when the action server imports this module.
"""

from __future__ import annotations

import abc
import logging
import re
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import capabilities, negotiation
from actions.details import Details, read_details, remember
from actions.registry import AMOUNT, LEVEL, REGION, REGISTRY, asked_about_the_case, asked_of_the_case, detail_kinds, follow_up_topic
from actions.say import prefix, say
from actions.slots import remembered
from knowledge import answers, case
from knowledge.loader import load_benchmark
from knowledge.pay_words import CORRECTION

BENCHMARK = load_benchmark()
logger = logging.getLogger(__name__)

FAQ_TOPICS = {
    "ask_average_salary": "average",
    "ask_mlops_vs_devops": "mlops_vs_devops",
    "ask_top_skills": "top_skills",
    "ask_market_growth": "growth",
    "ask_pay_drivers": "drivers",
    "ask_data_source": "source",
}


class CapabilityAction(Action, metaclass=abc.ABCMeta):
    """Runs one capability from actions/capabilities.py on this turn's details. Abstract, so
    rasa-sdk registers only its subclasses (each names its action and its capability)."""

    @property
    @abc.abstractmethod
    def action_name(self) -> Text:
        """The action's name in domain.yml."""

    @staticmethod
    @abc.abstractmethod
    def capability(bm: Any, details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
        """The capability this action runs."""

    def name(self) -> Text:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        details = read_details(tracker, BENCHMARK)
        if answers_the_question(details):  # "london" after "Where is the role?" in an offer check
            return follow_up(tracker, dispatcher, "utter_default", details)
        about = asked_about_the_case(details)  # "what's that a year all in?" read as a band question: the package
        events = answer_with_readings(REGISTRY[about].run if about else self.capability, details, dispatcher)
        log_outcome(tracker, self.action_name, events)
        return events


def log_outcome(tracker: Tracker, action: Text, events: List[EventType]) -> None:
    """The capability run and the detail it still asks for, by conversation id: never the
    message or the user's figures (personal data)."""
    pending = next((e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == "pending"), None)
    logger.info("conversation %s: %s%s", tracker.sender_id, action, f", asked for {pending}" if pending else ", answered")


PENDING_KIND = {"level": LEVEL, "region": REGION, "offer_amount": AMOUNT, "devops_salary": AMOUNT}  # the detail kind each question asks for


def answers_the_question(details: Details) -> bool:
    """A short reply that gives just what Payband asked for continues that question, whatever the
    classifier made of it: 'london' after 'Where is the role?' in an offer check stays an offer check."""
    pending = details.pending
    supplied = {
        "level": details.new.get("level") or details.new.get("years"),
        "region": details.new.get("region"),
        "offer_amount": details.amount is not None,
        "devops_salary": details.amount is not None,
        "comp_terms": details.offers_new,
        "offers": details.offers_new,
    }.get(pending)
    if not supplied or details.topic not in REGISTRY:
        return False
    words = len(details.text.split())
    # A package takes more words; so does a reply that adds only details the question takes ("mid in leeds, offer is 60k")
    fits = detail_kinds(details) <= REGISTRY[details.topic].continued_by | {PENDING_KIND.get(pending)}
    return words <= 4 or pending in ("comp_terms", "offers") or (fits and words <= 12)


def answer_with_readings(capability: Callable[..., List[EventType]], details: Details, dispatcher: CollectingDispatcher) -> List[EventType]:
    """Run the capability; how typos and informal phrases were read opens its first answer, so a wrong guess shows."""
    start = len(dispatcher.messages)
    events = capability(BENCHMARK, details, dispatcher)
    if details.readings:
        note = answers.understood(details.readings)
        first = dispatcher.messages[start] if len(dispatcher.messages) > start else None
        if not (first and prefix(first, note)):  # a templated question ("Which level?"): the reading goes just before it
            say(dispatcher, note)
            dispatcher.messages.insert(start, dispatcher.messages.pop())
    return events


class ActionAnswerBand(CapabilityAction):
    action_name = "action_answer_band"
    capability = staticmethod(capabilities.band)


class ActionCompareRegions(CapabilityAction):
    action_name = "action_compare_regions"
    capability = staticmethod(capabilities.compare_regions)


class ActionCompareLevels(CapabilityAction):
    action_name = "action_compare_levels"
    capability = staticmethod(capabilities.compare_levels)


class ActionCheckOffer(CapabilityAction):
    action_name = "action_check_offer"
    capability = staticmethod(capabilities.offer)


class ActionComputeDevopsPremium(CapabilityAction):
    action_name = "action_compute_devops_premium"
    capability = staticmethod(capabilities.devops_premium)


class ActionAnswerEmployer(CapabilityAction):
    action_name = "action_answer_employer"
    capability = staticmethod(capabilities.employer)


class ActionRankEmployers(CapabilityAction):
    action_name = "action_rank_employers"
    capability = staticmethod(capabilities.rank_employers)


class ActionGiveTips(CapabilityAction):
    action_name = "action_give_tips"
    capability = staticmethod(capabilities.tips)


class ActionLocateInBand(CapabilityAction):
    action_name = "action_locate_in_band"
    capability = staticmethod(negotiation.band_position)


class ActionDraftCounterEmail(CapabilityAction):
    action_name = "action_draft_counter_email"
    capability = staticmethod(negotiation.counter_email)


class ActionGiveCallScript(CapabilityAction):
    action_name = "action_give_call_script"
    capability = staticmethod(negotiation.call_script)


class ActionComputeTotalComp(CapabilityAction):
    action_name = "action_compute_total_comp"
    capability = staticmethod(negotiation.total_comp)


class ActionCompareOffers(CapabilityAction):
    action_name = "action_compare_offers"
    capability = staticmethod(negotiation.compare_offers)


class ActionShowChart(CapabilityAction):
    action_name = "action_show_chart"
    capability = staticmethod(negotiation.chart)


class ActionAnswerFaq(Action):
    """FAQ intents map to topics whose answers are built from the data file."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        details = read_details(tracker, BENCHMARK)
        if answers_the_question(details) or details.amount is not None:
            return follow_up(tracker, dispatcher, "utter_default", details)  # "95 base is what they said" is no FAQ
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        topic = FAQ_TOPICS.get(intent)
        if topic is None:  # a rule sends a new intent here without a topic: say so, don't answer another question
            logger.error("conversation %s: no FAQ topic for intent %r (add it to FAQ_TOPICS)", tracker.sender_id, intent)
            dispatcher.utter_message(response="utter_default")
            return []
        say(dispatcher, answers.faq(BENCHMARK, topic))
        # "how much more than DevOps?" is usually followed by "I'm on 80k": continue as the premium
        # what the message told Payband about the user is kept ("I'm a devops engineer" read as this FAQ)
        return remember(details, **({"topic": "devops_premium"} if topic == "mlops_vs_devops" else {}))


class ActionFollowUp(Action):
    """A bare detail ('and in London?', 'seniors', '95k') continues the last question."""

    def name(self) -> Text:
        return "action_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        return follow_up(tracker, dispatcher, otherwise="utter_default")


def follow_up(tracker: Tracker, dispatcher: CollectingDispatcher, otherwise: str, details: Optional[Details] = None) -> List[EventType]:
    """Continue the last question with this message's details, or say `otherwise` when it has none."""
    details = details or read_details(tracker, BENCHMARK)
    topic = follow_up_topic(details.topic, details)
    if topic is None:
        dispatcher.utter_message(response=otherwise)
        return []
    return answer_with_readings(REGISTRY[topic].run, details, dispatcher)


_QUESTION = re.compile(r"\?|^\W*(?:what|what's|whats|how|who|where|when|why|is|are|can|could|do|does|will|would|should)\b", re.I)


class ActionAnswerOffTopic(Action):
    """Off-topic chat gets the scope note; a message misread as off-topic that names a level,
    years, an amount or an employer ('senior in islington') is answered as the question it carries."""

    def name(self) -> Text:
        return "action_answer_off_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        details = read_details(tracker, BENCHMARK)
        corrected = details.new.get("region") and details.topic and CORRECTION.search(details.text)  # "sorry, I meant Leeds"
        if not (details.new.get("level") or details.new.get("years") or details.amount is not None or details.employers or corrected):
            topic = asked_of_the_case(details)  # "whats the going rate" after the band: a pay question after all
            if topic:
                return answer_with_readings(REGISTRY[topic].run, details, dispatcher)
            told = details.new.get("region") or details.new.get("role") or details.new.get("current_salary")
            if told and not _QUESTION.search(details.text):  # "the role is in Glasgow": a fact for the question to come
                return answer_with_readings(REGISTRY["note"].run, details, dispatcher)
            dispatcher.utter_message(response="utter_out_of_scope")  # a place alone ("weather in London?") is not a salary question
            return remember(details) if told else []
        return follow_up(tracker, dispatcher, "utter_out_of_scope", details)


class ActionShowCase(Action):
    """'What do you know about me?': the case as Payband holds it, in plain words."""

    def name(self) -> Text:
        return "action_show_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        say(dispatcher, case.describe(BENCHMARK, remembered(tracker, BENCHMARK).case))
        return []


START_OVER_BUTTONS = [
    {"title": "Yes, clear it", "payload": "/confirm_start_over"},
    {"title": "No, keep it", "payload": "/ask_what_you_know"},
]


class ActionStartOver(Action):
    """'Start over' asks first, with buttons (numbered in the terminal): clearing can't be undone."""

    def name(self) -> Text:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if remembered(tracker, BENCHMARK).case.empty:
            dispatcher.utter_message(response="utter_nothing_to_clear")
            return [SlotSet("topic", None), SlotSet("pending", None)]
        dispatcher.utter_message(response="utter_ask_start_over", buttons=START_OVER_BUTTONS)
        return [SlotSet("pending", "start_over")]


class ActionConfirmStartOver(Action):
    """Clears the case only when Payband has just asked, so a stray 'yes, clear it' never wipes anything."""

    def name(self) -> Text:
        return "action_confirm_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if remembered(tracker, BENCHMARK).pending != "start_over":  # a "yes" to nothing Payband asked: never a wipe
            return follow_up(tracker, dispatcher, otherwise="utter_nothing_asked_to_clear")
        logger.info("conversation %s: case cleared on request", tracker.sender_id)
        dispatcher.utter_message(response="utter_case_cleared")
        return [AllSlotsReset()]
