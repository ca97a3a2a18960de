"""Build Payband's spaCy pipeline from files in the repo (no model download).

A blank English pipeline plus an EntityRuler whose patterns come from
 - data/nlu/entities/*.yml: every synonym example becomes a phrase pattern whose
   label is the file name (region, level, employer, tip_topic); every lookup
   table becomes a phrase pattern labelled with the table name (foreign_place,
   other_role). Rasa's EntitySynonymMapper then normalises the matched text.
 - nlu/patterns/*.jsonl: token patterns for money amounts and years of experience.
The result is saved where config.yml's SpacyNLP loads it by path. Beside it goes
build/common-words.txt and build/known-words.txt: English words by spaCy's lexeme
probabilities (spacy-lookups-data). nlu/entity_matcher.py never reads a known word as a
typo ("bridging" is not "Bridgend"), and a place named like a common word ("Bath",
"Reading") needs a capital or "in ..." to count.
"""

from __future__ import annotations

import gzip
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
WORD_LISTS = {  # file -> lowest log probability kept
    ROOT / "build" / "common-words.txt": -14.0,  # about 20,000 words: "mind", "bath", "reading", "principle"
    ROOT / "build" / "known-words.txt": -17.0,  # about 76,000 words: also "bridging", "manc"; typos are rarer still
}


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


def write_word_lists() -> None:
    import spacy_lookups_data

    table = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    probs = json.loads(gzip.decompress(table.read_bytes()))
    for out, lowest in WORD_LISTS.items():
        words = sorted(w for w, p in probs.items() if p >= lowest and w.isalpha() and w.islower())
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(words) + "\n", encoding="utf-8")
        print(f"{len(words)} English words written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    target = build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
    write_word_lists()
    print(f"spaCy pipeline with {len(phrase_patterns()) + len(token_patterns())} entity patterns written to {target.relative_to(ROOT)}")
