"""Entity precision/recall/F1 on the held-out sets (tests/nlu_holdout*.yml).

`rasa test nlu` leaves pre-trained extractors such as SpacyEntityExtractor out of
its entity report, so this scores the trained model's parse (spaCy rules +
synonym mapping) itself. An entity counts when its type matches, its span overlaps
the annotated one, and it means the same thing to the actions: the same canonical
value for looked-up entities (level, region, employer, tip topic), the same reading
for years and amounts ("a handful of years" and "3-5" are both 3-5 years), the same
text for other free text. Span edges alone ("gpu experience" vs "gpu experience
help") do not change an answer, so they are not scored.
"""

import asyncio
import collections
import logging
import sys
from pathlib import Path

import structlog
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # knowledge/, and the model's own components (nlu/)
from knowledge.parsing import bare_amount, parse_experience, parse_money

logging.disable(logging.WARNING)
structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))  # Rasa's per-message debug lines


FREE_TEXT = {"years", "amount", "foreign_place", "other_role", "unlisted_employer"}


def _meaning(entity: dict, text: str) -> str:
    """What the actions take from the entity."""
    kind, span = entity["entity"], text[entity["start"] : entity["end"]]
    if kind == "years":
        return repr(parse_experience(span))
    if kind == "amount":
        return repr(parse_money(span) or bare_amount(span))
    if kind in FREE_TEXT:
        return span.lower()
    return str(entity["value"])


def _key(entity: dict, text: str) -> tuple:
    return entity["start"], entity["end"], entity["entity"], _meaning(entity, text)


def _same(gold: tuple, predicted: tuple) -> bool:
    return gold[2:] == predicted[2:] and gold[0] < predicted[1] and predicted[0] < gold[1]


async def main(model: str, data_files: list) -> None:
    agent = Agent.load(model)
    counts = collections.defaultdict(lambda: [0, 0, 0, 0])  # gold found, predicted right, predicted, gold
    examples = [example for data in data_files for example in load_data(data).intent_examples]
    for example in examples:
        text = example.get("text")
        gold = {_key(e, text) for e in example.get("entities") or []}
        parsed = await agent.parse_message(text)
        predicted = {_key(e, text) for e in parsed["entities"]}
        found = {g for g in gold if any(_same(g, p) for p in predicted)}
        right = {p for p in predicted if any(_same(g, p) for g in gold)}
        for g in gold:
            counts[g[2]][3] += 1
            counts[g[2]][0] += g in found
        for p in predicted:
            counts[p[2]][2] += 1
            counts[p[2]][1] += p in right
        for miss in sorted(gold - found):
            print(f"missed   {miss[2]}={miss[3]!r} in {text!r}")
        for extra in sorted(predicted - right):
            print(f"spurious {extra[2]}={extra[3]!r} in {text!r}")
    total = [sum(c[i] for c in counts.values()) for i in range(4)]
    print(f"{'entity':15s} {'prec':>6s} {'recall':>6s} {'f1':>6s} {'gold':>5s}")
    for name, (found, right, pred, gold) in sorted(counts.items()) + [("ALL (micro)", total)]:
        precision, recall = right / pred if pred else 0.0, found / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{name:15s} {precision:6.3f} {recall:6.3f} {f1:6.3f} {gold:5d}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "models/payband.tar.gz", sys.argv[2:] or ["tests/nlu_holdout.yml"]))
