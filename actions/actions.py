"""Rasa SDK action classes. Each one reads what the user said, asks the router (actions/router.py)
which capability answers, runs it and returns the slots to remember; the benchmark is loaded and
validated once, when the action server imports this module.
"""

from __future__ import annotations

import abc
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.details import Details, read_details, remember
from actions.recall import recalled
from actions.registry import REGISTRY
from actions.router import answers_the_question, asked_by_its_cue, asked_of_the_case, detail_kinds, hand_over, route
from actions.say import prefix, say
from actions.slots import offers_to_slot, remembered
from knowledge import answers, case
from knowledge.compensation import OfferTerms
from knowledge.cues import said
from knowledge.loader import load_benchmark
from runtime.retention import retention_days

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
    """Answers the question its intent asks, through the router. Abstract, so rasa-sdk registers only
    its subclasses (each names its action and the capability its intent asks for)."""

    @property
    @abc.abstractmethod
    def action_name(self) -> Text:
        """The action's name in domain.yml."""

    @property
    @abc.abstractmethod
    def asks(self) -> Text:
        """The capability (registry topic) this action's intent asks for."""

    def name(self) -> Text:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        details = read_details(tracker, BENCHMARK)
        if forgets_an_offer(details):  # "forget the startup" read as another question
            return forget_one_offer(details, remembered(tracker, BENCHMARK).case.offer_amount, dispatcher)
        events = answer(route(BENCHMARK, details, self.asks), details, dispatcher, otherwise="utter_default")
        log_outcome(tracker, self.action_name, events)
        return events


def log_outcome(tracker: Tracker, action: Text, events: List[EventType]) -> None:
    """The capability run and the detail it still asks for, by conversation id: never the
    message or the user's figures (personal data)."""
    pending = next((e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == "pending"), None)
    logger.info("conversation %s: %s%s", tracker.sender_id, action, f", asked for {pending}" if pending else ", answered")


def answer(plan: List[str], details: Details, dispatcher: CollectingDispatcher, otherwise: str) -> List[EventType]:
    """Run the capabilities the router chose, in order (or say `otherwise` when it chose none). How
    typos and informal phrases were read opens the first answer, so a wrong guess shows."""
    if not plan:
        dispatcher.utter_message(response=otherwise)
        return []
    start = len(dispatcher.messages)
    events: List[EventType] = []
    for topic in plan:
        events += REGISTRY[topic].run(BENCHMARK, details, dispatcher)
    answered = not any(e.get("event") == "slot" and e.get("name") == "pending" and e.get("value") for e in events)
    used = recalled(BENCHMARK, details, plan[-1]) if answered else None  # "For your senior offer in Manchester (...):"
    for note in (used, answers.understood(details.readings) if details.readings else None)[::-1]:
        if note is None:
            continue
        first = dispatcher.messages[start] if len(dispatcher.messages) > start else None
        if not (first and prefix(first, note)):  # a templated question ("Which level?"): the note goes just before it
            say(dispatcher, note)
            dispatcher.messages.insert(start, dispatcher.messages.pop())
    return events


class ActionAnswerBand(CapabilityAction):
    action_name = "action_answer_band"
    asks = "band"


class ActionCompareRegions(CapabilityAction):
    action_name = "action_compare_regions"
    asks = "compare_regions"


class ActionCompareLevels(CapabilityAction):
    action_name = "action_compare_levels"
    asks = "compare_levels"


class ActionCheckOffer(CapabilityAction):
    action_name = "action_check_offer"
    asks = "offer"


class ActionComputeDevopsPremium(CapabilityAction):
    action_name = "action_compute_devops_premium"
    asks = "devops_premium"


class ActionAnswerEmployer(CapabilityAction):
    action_name = "action_answer_employer"
    asks = "employer"


class ActionRankEmployers(CapabilityAction):
    action_name = "action_rank_employers"
    asks = "rank_employers"


class ActionGiveTips(CapabilityAction):
    action_name = "action_give_tips"
    asks = "tips"


class ActionLocateInBand(CapabilityAction):
    action_name = "action_locate_in_band"
    asks = "band_position"


class ActionDraftCounterEmail(CapabilityAction):
    action_name = "action_draft_counter_email"
    asks = "counter_email"


class ActionGiveCallScript(CapabilityAction):
    action_name = "action_give_call_script"
    asks = "call_script"


class ActionGiveWalkAway(CapabilityAction):
    action_name = "action_give_walk_away"
    asks = "walk_away"


class ActionSuggestAim(CapabilityAction):
    action_name = "action_suggest_aim"
    asks = "aim"


class ActionComputeTotalComp(CapabilityAction):
    action_name = "action_compute_total_comp"
    asks = "total_comp"


class ActionCompareOffers(CapabilityAction):
    action_name = "action_compare_offers"
    asks = "compare_offers"


class ActionShowChart(CapabilityAction):
    action_name = "action_show_chart"
    asks = "chart"


# FAQs that the user's own facts answer better, once given: the average by their band, and MLOps vs
# DevOps by the premium on their DevOps pay (only that: a level alone doesn't answer "MLOps vs DevOps?")
FROM_THE_CASE = {"average": ("band", "devops_premium", "offer", "total_comp", "compare_offers"), "mlops_vs_devops": ("devops_premium",)}


class ActionAnswerFaq(Action):
    """FAQ intents map to topics whose answers are built from the data file."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        details = read_details(tracker, BENCHMARK)
        if asked_by_its_cue(BENCHMARK, details, None):  # "senior in manchester, sagemaker pipelines. where to aim?" is no FAQ
            return answer(route(BENCHMARK, details, asked=None), details, dispatcher, "utter_default")
        if answers_the_question(details) or details.amount is not None or details.weighing:
            return follow_up(tracker, dispatcher, "utter_default", details)  # "95 base is what they said", "which pays more?" is no FAQ
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        topic = FAQ_TOPICS.get(intent)
        if asked_of_the_case(details) in FROM_THE_CASE.get(topic, ()):  # "what's typical pay" after "principal, in Reading": their band
            return answer(route(BENCHMARK, details, asked=None), details, dispatcher, "utter_default")
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
    if forgets_an_offer(details):  # "forget the startup"
        return forget_one_offer(details, remembered(tracker, BENCHMARK).case.offer_amount, dispatcher)
    return answer(route(BENCHMARK, details, asked=None), details, dispatcher, otherwise)


class ActionSayGoodbye(Action):
    """'bye' gets a goodbye; a message misread as one that carries a detail or points at something said
    before ('got a role in Reading in mind', 'go with the latter') is answered as what it carries."""

    def name(self) -> Text:
        return "action_say_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        details = read_details(tracker, BENCHMARK)
        if detail_kinds(details) or details.offers_new or details.picked is not None or details.weighing or details.readings:
            return follow_up(tracker, dispatcher, "utter_goodbye", details)
        dispatcher.utter_message(response="utter_goodbye")
        return []


class ActionAnswerOffTopic(Action):
    """Off-topic chat gets the scope note; a message misread as off-topic that names a level,
    years, an amount or an employer ('senior in islington') is answered as the question it carries."""

    def name(self) -> Text:
        return "action_answer_off_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        details = read_details(tracker, BENCHMARK)
        corrected = details.new.get("region") and details.topic and said("correction", details.text)  # "sorry, I meant Leeds"
        gave = details.new.get("level") or details.new.get("years") or details.amount is not None or details.offers_new
        if not (gave or details.employers or corrected):  # "bonus is 25%" after "base 130k" is no small talk
            topic = asked_of_the_case(details)  # "whats the going rate" after the band: a pay question after all
            if topic:
                return answer(hand_over(BENCHMARK, details, topic), details, dispatcher, "utter_out_of_scope")
            told = any(details.new.get(fact) for fact in ("region", "role", "current_salary", "skills"))
            if told and not said("question", details.text):  # "the role is in Glasgow": a fact for the question to come
                return answer(["note"], details, dispatcher, "utter_out_of_scope")
            dispatcher.utter_message(response="utter_out_of_scope")  # a place alone ("weather in London?") is not a salary question
            return remember(details) if told else []
        return follow_up(tracker, dispatcher, "utter_out_of_scope", details)


class ActionShowCase(Action):
    """'What do you know about me?': the case as Payband holds it, in plain words."""

    def name(self) -> Text:
        return "action_show_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        say(dispatcher, case.describe(BENCHMARK, remembered(tracker, BENCHMARK).case, retention_days()))
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
        details = read_details(tracker, BENCHMARK)
        if forgets_an_offer(details):
            return forget_one_offer(details, remembered(tracker, BENCHMARK).case.offer_amount, dispatcher)
        if remembered(tracker, BENCHMARK).case.empty:
            dispatcher.utter_message(response="utter_nothing_to_clear")
            return [SlotSet("topic", None), SlotSet("pending", None)]
        dispatcher.utter_message(response="utter_ask_start_over", buttons=START_OVER_BUTTONS)
        return [SlotSet("pending", "start_over")]


def forgets_an_offer(details: Details) -> bool:
    """'forget that offer', 'drop offer B', 'forget the startup' (an offer named), whatever the intent."""
    if not (details.offers or details.offer_amount):
        return False
    return said("forget_one_offer", details.text) or (details.picked is not None and said("forget_word", details.text))


def forget_one_offer(details: Details, checked: Optional[int], dispatcher: CollectingDispatcher) -> List[EventType]:
    """'Forget that offer', 'drop offer B': the offer named (else the last one) leaves the case, at once:
    saying it again brings it back, so there is nothing to confirm."""
    offers = list(details.offers) or [OfferTerms(base=checked)]
    index = details.picked if details.picked is not None else len(offers) - 1
    gone = offers.pop(index)
    say(dispatcher, case.dropped(BENCHMARK, gone, index + 1, tuple(offers)))
    kept = [offer.base for offer in offers if offer.base is not None]
    offer_amount = checked if checked in kept else (int(kept[-1]) if kept else None)  # the one checked last, else the one left
    return [SlotSet("offers", offers_to_slot(offers) or None), SlotSet("offer_amount", offer_amount), SlotSet("pending", None)]


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
