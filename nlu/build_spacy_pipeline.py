"""Build Payband's spaCy pipeline from files in the repo (no model download).

A blank English pipeline plus an EntityRuler whose patterns come from
 - data/nlu/entities/*.yml: every synonym example becomes a phrase pattern whose
   label is the file name (region, level, employer, tip_topic); every lookup
   table becomes a phrase pattern labelled with the table name (foreign_place,
   other_role). Rasa's EntitySynonymMapper then normalises the matched text.
 - nlu/patterns/*.jsonl: token patterns for money amounts and years of experience.
The result is saved where config.yml's SpacyNLP loads it by path.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict, Iterator, List

import spacy
import yaml

ROOT = Path(__file__).resolve().parent.parent
ENTITY_DIR = ROOT / "data" / "nlu" / "entities"
PATTERN_DIR = ROOT / "nlu" / "patterns"
DEFAULT_OUT = ROOT / "build" / "spacy-en-payband"


def _examples(block: str) -> Iterator[str]:
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("- "):
            yield line[2:].strip()


def phrase_patterns() -> List[Dict[str, str]]:
    patterns = []
    for path in sorted(ENTITY_DIR.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            label = entry["lookup"] if "lookup" in entry else path.stem
            patterns += [{"label": label, "pattern": text} for text in _examples(entry["examples"])]
    return patterns


def token_patterns() -> List[dict]:
    patterns = []
    for path in sorted(PATTERN_DIR.glob("*.jsonl")):
        patterns += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return patterns


def build(out: Path = DEFAULT_OUT) -> Path:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(token_patterns() + phrase_patterns())
    nlp.meta["name"] = "payband"
    nlp.meta["description"] = "Blank English pipeline with Payband's entity rules (built by nlu/build_spacy_pipeline.py)."
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return out


if __name__ == "__main__":
    target = build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
    print(f"spaCy pipeline with {len(phrase_patterns()) + len(token_patterns())} entity patterns written to {target.relative_to(ROOT)}")
