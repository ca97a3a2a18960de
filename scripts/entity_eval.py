"""Entity precision/recall/F1 on the held-out sets (tests/nlu_holdout*.yml).

`rasa test nlu` leaves pre-trained extractors such as SpacyEntityExtractor out of
its entity report, so this scores the trained model's parse (spaCy rules +
synonym mapping) itself: an entity counts when type, span and value all match.
"""
import asyncio
import collections
import logging
import sys
from pathlib import Path

import structlog

from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

logging.disable(logging.WARNING)
structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))  # Rasa's per-message debug lines


FREE_TEXT = {"years", "amount", "foreign_place", "other_role", "unlisted_employer"}


def _key(entity: dict) -> tuple:
    """Type and span; plus the normalised value, except for entities annotated as free text
    (years and amounts are read by the actions: '3-5' and 'a handful of years' are the same)."""
    value = "" if entity["entity"] in FREE_TEXT else str(entity["value"])
    return entity["start"], entity["end"], entity["entity"], value


async def main(model: str, data_files: list) -> None:
    agent = Agent.load(model)
    counts = collections.defaultdict(lambda: [0, 0, 0])  # true positives, predicted, gold
    examples = [example for data in data_files for example in load_data(data).intent_examples]
    for example in examples:
        text = example.get("text")
        gold = {_key(e) for e in example.get("entities") or []}
        parsed = await agent.parse_message(text)
        predicted = {_key(e) for e in parsed["entities"]}
        for key, group in ((g[2], g) for g in gold):
            counts[key][2] += 1
            counts[key][0] += group in predicted
        for key in (p[2] for p in predicted):
            counts[key][1] += 1
        for miss in sorted(gold - predicted):
            print(f"missed   {miss[2]}={miss[3]!r} in {text!r}")
        for extra in sorted(predicted - gold):
            print(f"spurious {extra[2]}={extra[3]!r} in {text!r}")
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    print(f"{'entity':15s} {'prec':>6s} {'recall':>6s} {'f1':>6s} {'gold':>5s}")
    for name, (tp, pred, gold) in sorted(counts.items()) + [("ALL (micro)", total)]:
        precision, recall = tp / pred if pred else 0.0, tp / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{name:15s} {precision:6.3f} {recall:6.3f} {f1:6.3f} {gold:5d}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the model's own component (nlu.components)
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "models/payband.tar.gz", sys.argv[2:] or ["tests/nlu_holdout.yml"]))
