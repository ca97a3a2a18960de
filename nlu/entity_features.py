"""EntityTypeFeaturizer: tells the intent classifier which kinds of detail a message names.

Many intents differ less in their words than in their details: "senior in London, 80k?"
checks an offer while "senior in London?" asks for the band; two places compare regions,
two levels compare levels. Words alone make DIET guess; this featurizer adds one sparse
feature per entity type present (and one for "two or more" of level, region and amount),
computed the same way at training and at run time - spaCy's entity rules plus the
Payband entity matcher - so the classifier learns from exactly what it will see.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List, Text, Type

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components import complete
from nlu.entity_matcher import shared_matcher

TYPES = ("level", "region", "employer", "amount", "years", "tip_topic", "foreign_place", "other_role", "unlisted_employer")
SEVERAL = ("level", "region", "amount")  # "two or more" of these is a comparison or a range
WIDTH = len(TYPES) + len(SEVERAL)


def entities_of(text: str, spacy_doc: Any) -> List[Dict[str, Any]]:
    """The entities the run-time pipeline would find: spaCy's rules, then the matcher."""
    found = [
        {"entity": ent.label_, "start": ent.start_char, "end": ent.end_char, "value": ent.text}
        for ent in (spacy_doc.ents if spacy_doc is not None else ())
        if ent.label_ in TYPES
    ]
    return complete(text, found, shared_matcher())


def feature_rows(entities: List[Dict[str, Any]], token_spans: List[tuple]) -> tuple:
    """(sequence matrix, sentence row): each token's entity type; the message's types and repeats."""
    sequence = np.zeros((len(token_spans), WIDTH), dtype=np.float32)
    sentence = np.zeros((1, WIDTH), dtype=np.float32)
    counts = Counter(e["entity"] for e in entities if e.get("entity") in TYPES)
    for entity in entities:
        if entity.get("entity") not in TYPES:
            continue
        column = TYPES.index(entity["entity"])
        for row, (start, end) in enumerate(token_spans):
            if start < entity["end"] and entity["start"] < end:
                sequence[row, column] = 1.0
    for kind in counts:
        sentence[0, TYPES.index(kind)] = 1.0
    for i, kind in enumerate(SEVERAL):
        if counts[kind] >= 2:
            sentence[0, len(TYPES) + i] = 1.0
    return sequence, sentence


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class EntityTypeFeaturizer(SparseFeaturizer, GraphComponent):
    """Sparse features: which detail types (and repeats) a message contains."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SparseFeaturizer.get_default_config()}

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "EntityTypeFeaturizer":
        return cls(config, execution_context.node_name)

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to check: the component has no options of its own."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples carry their annotations, not what the pipeline finds: find them as at run time."""
        for message in training_data.training_examples:
            if message.get(TEXT):
                self._featurize(message, entities_of(message.get(TEXT), message.get(SPACY_DOCS[TEXT])))
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """At run time the extractors before this component have already found the entities."""
        for message in messages:
            self._featurize(message, message.get(ENTITIES) or [])
        return messages

    def _featurize(self, message: Message, entities: List[Dict[str, Any]]) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT])
        if tokens:
            sequence, sentence = feature_rows(entities, [(t.start, t.end) for t in tokens])
            self.add_features_to_message(scipy.sparse.coo_matrix(sequence), scipy.sparse.coo_matrix(sentence), TEXT, message)
