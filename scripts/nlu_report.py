"""Summarise `rasa test nlu` results: weighted intent F1 and the most-confused intent pairs.

`make nlu-eval` runs it on each results folder. Rasa writes the confusion matrix
(intent_confusion_matrix.png) and the misclassified examples (intent_errors.json)
there; this prints the figure the targets are stated in and the pairs to work on.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path


def report(folder: Path, worst: int = 8) -> str:
    intents = json.loads((folder / "intent_report.json").read_text(encoding="utf-8"))
    weighted = intents.get("weighted avg", {})
    lines = [f"{folder}: intent F1 (weighted) {weighted.get('f1-score', 0):.3f}, accuracy {intents.get('accuracy', 0):.3f}"]
    errors_file = folder / "intent_errors.json"
    errors = json.loads(errors_file.read_text(encoding="utf-8")) if errors_file.exists() else []
    pairs = collections.Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    if pairs:
        lines.append("  most confused (true -> predicted: count):")
        lines += [f"    {gold} -> {predicted}: {count}" for (gold, predicted), count in pairs.most_common(worst)]
    matrix = folder / "intent_confusion_matrix.png"
    if matrix.exists():
        lines.append(f"  confusion matrix: {matrix}")
    return "\n".join(lines)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(report(Path(name)))
