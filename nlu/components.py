"""Payband's own Rasa NLU components.

PaybandEntityMatcher runs the entity matcher (nlu/entity_matcher.py) after spaCy's rules:
spaCy's EntityRuler finds the exact phrases; this adds what it cannot: typos
("manchster"), the gazetteer's UK places and places abroad, informal experience
("coming up on five years" replaces the bare "five years" inside it) and
unit-less amounts after money words. Its entities carry `fuzzy: true` and the
canonical name when a typo was corrected, so the reply can say how it read them
(Rasa passes extra entity keys through to the action server; tests/test_e2e_messy.py
fails if an upgrade stops doing so).

DetailsOnlyIntent, after DIET, makes a message of nothing but details `give_details`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Set, Text

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.entity_matcher import EntityMatcher, Match, shared_matcher

FALSE_FRIENDS = Path(__file__).resolve().parent / "false_friends.yml"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PaybandEntityMatcher(GraphComponent, EntityExtractorMixin):
    """Adds typo-tolerant and gazetteer entities that do not overlap the ones already found."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "PaybandEntityMatcher":
        return cls()

    def __init__(self) -> None:
        self.matcher = shared_matcher()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # training examples keep their own annotations

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and text:
                message.set(ENTITIES, complete(text, message.get(ENTITIES, []), self.matcher), add_to_output=True)
        return messages


def complete(text: str, found: List[Dict[str, Any]], matcher: EntityMatcher) -> List[Dict[str, Any]]:
    """spaCy's entities plus the matcher's, without the false friends ('a senior moment').
    Years, amounts and places abroad stay open to a longer match ('northen ireland')."""
    taken = [(e["start"], e["end"]) for e in found if e.get("entity") not in REPLACEABLE_BY and "start" in e]
    merged = merge(found, matcher.find(text, taken), matcher.value_of)
    return [e for e in merged if not _false_friend(text, e)]


# entity type -> the match types that may replace one inside them
REPLACEABLE_BY = {"years": {"years"}, "amount": {"amount"}, "foreign_place": {"region"}}


@functools.lru_cache(maxsize=1)
def _false_friend_patterns() -> Dict[str, List["re.Pattern[str]"]]:
    entries = yaml.safe_load(FALSE_FRIENDS.read_text(encoding="utf-8")) or {}
    return {kind: [re.compile(rf"\b(?:{p})\b", re.I) for p in patterns] for kind, patterns in entries.items()}


def _false_friend(text: str, entity: Dict[str, Any]) -> bool:
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return False
    for pattern in _false_friend_patterns().get(str(entity.get("entity")), []):
        for m in pattern.finditer(text):
            group = "word" if "word" in pattern.groupindex else 0
            if m.start(group) <= start and end <= m.end(group):
                return True
    return False


def merge(
    existing: List[Dict[str, Any]], matches: List[Match], value_of: Callable[[str, str], Optional[str]] = lambda entity, text: None
) -> List[Dict[str, Any]]:
    """Existing entities plus the matches. A longer years or amount phrase replaces the entity of its
    kind inside it ("coming up on five years", "85-90k"), a UK place the place abroad inside it
    ("northen ireland"); two pieces of one name become one entity."""
    kept = list(existing)
    for match in matches:
        inside = [e for e in kept if e.get("start", -1) < match.end and match.start < e.get("end", -1)]
        if any(
            match.entity not in REPLACEABLE_BY.get(str(e.get("entity")), ()) or not (match.start <= e["start"] and e["end"] <= match.end)
            for e in inside
        ):
            continue
        kept = [e for e in kept if e not in inside]
        entity: Dict[str, Any] = {
            "entity": match.entity,
            "start": match.start,
            "end": match.end,
            "value": match.value,
            "extractor": "PaybandEntityMatcher",
        }
        if match.fuzzy:
            entity.update(fuzzy=True, canonical=match.display)
        kept.append(entity)
    return _join_pieces(sorted(kept, key=lambda e: e.get("start", 0)), value_of)


def _join_pieces(entities: List[Dict[str, Any]], value_of: Callable[[str, str], Optional[str]]) -> List[Dict[str, Any]]:
    """'googel deepmind', 'series b startups': neighbours with the same type and value are one mention
    (spaCy's entities still carry their text here: the synonym mapper runs later)."""

    def value(entity: Dict[str, Any]) -> Any:
        return value_of(str(entity.get("entity")), str(entity.get("value"))) or entity.get("value")

    joined: List[Dict[str, Any]] = []
    for entity in entities:
        last = joined[-1] if joined else None
        if (
            last
            and entity.get("entity") == last.get("entity")
            and entity.get("entity") in ("employer", "region", "level")
            and value(entity) == value(last)
            and isinstance(last.get("end"), int)
            and entity.get("start", -9) - last["end"] <= 1
        ):
            joined[-1] = {**last, "end": entity["end"], "value": value(last), "fuzzy": last.get("fuzzy") or entity.get("fuzzy")}
            if not joined[-1]["fuzzy"]:
                joined[-1].pop("fuzzy")
            continue
        joined.append(entity)
    return joined


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DetailsOnlyIntent(GraphComponent, IntentClassifier):
    """A message made only of details and filler words ('senior in london', 'the best part of a
    decade, leeds', 'moved to bristol') is `give_details`, whatever the classifier guessed: the
    actions then continue the last question with it, or answer the band. Runs after DIET; the
    filler words are in config.yml."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent": "give_details",
            "entities": ["level", "region", "years", "amount", "employer", "foreign_place"],
            "filler_words": [],
        }

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "DetailsOnlyIntent":
        return cls(config)

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.intent = config["intent"]
        self.entities = set(config["entities"])
        self.filler = {str(word).lower() for word in config["filler_words"]}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.details_only(message.get(TEXT) or "", message.get(ENTITIES, [])):
                message.set(INTENT, {"name": self.intent, "confidence": 1.0}, add_to_output=True)
                ranking = [r for r in message.get(INTENT_RANKING_KEY, []) if r.get("name") != self.intent]
                message.set(INTENT_RANKING_KEY, [{"name": self.intent, "confidence": 1.0}] + ranking, add_to_output=True)
        return messages

    def details_only(self, text: str, entities: List[Dict[str, Any]]) -> bool:
        spans = [(e["start"], e["end"]) for e in entities if e.get("entity") in self.entities and "start" in e and "end" in e]
        if not spans or text.startswith("/"):
            return False
        rest = "".join(" " if any(start <= i < end for start, end in spans) else ch for i, ch in enumerate(text))
        return all(word in self.filler for word in re.findall(r"[a-z][a-z']*", rest.lower()))


# Shell and SQL punctuation: three or more in a message with no salary detail make it code, not a question,
# however many English words it holds ('DROP TABLE' would otherwise ask for the levels table).
_CODE_SYMBOLS = re.compile(r"--|&&|\|\||\$\(|/etc/|\brm\s+-rf\b|[;`|<>{}\\]")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class UnreadableMessage(GraphComponent, IntentClassifier):
    """A message with no word Payband knows, no number and no detail ('asdfghjkl qwv', '💰💰💰'), or code
    gives the classifier nothing to go on, so whatever it guessed gets confidence 0 and the
    FallbackClassifier after it turns that into nlu_fallback: the help text, not a guess."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "UnreadableMessage":
        return cls(shared_matcher().known_words)

    def __init__(self, known_words: Set[str]) -> None:
        self.known_words = known_words
        self.by_letter: Dict[str, List[str]] = {}
        for word in known_words:
            self.by_letter.setdefault(word[:1], []).append(word)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT)
            if intent and not self.readable(message.get(TEXT) or "", message.get(ENTITIES, [])):
                message.set(INTENT, {**intent, "confidence": 0.0}, add_to_output=True)
        return messages

    def readable(self, text: str, entities: List[Dict[str, Any]]) -> bool:
        """A detail, a number, or a word that is known, or known once its stretched letters ('hellooo')
        or one slip ('thnaks') are undone."""
        if entities or text.startswith("/"):
            return True
        if len(_CODE_SYMBOLS.findall(text)) >= 3:  # "'; DROP TABLE events; --", "$(rm -rf /) && cat /etc/passwd"
            return False
        if re.search(r"\d", text):
            return True
        words = [re.sub(r"(.)\1{2,}", r"\1\1", word) for word in re.findall(r"[a-z][a-z']*", text.lower())]
        variants = {form for word in words for form in (word, word.rstrip("s"), re.sub(r"(.)\1+", r"\1", word))}
        if variants & self.known_words:
            return True
        return any(
            process.extractOne(word, self.by_letter.get(word[:1], []), scorer=OSA.distance, score_cutoff=1) is not None
            for word in words
            if len(word) >= 4
        )
