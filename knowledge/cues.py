"""Cue words as data: knowledge/cues.yml, compiled once. The router's hand-over rows and a few answers
ask `said("offer_words", text)` instead of keeping their own regular expressions in code."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Pattern

import yaml

CUES_FILE = Path(__file__).with_name("cues.yml")


class CueError(ValueError):
    """cues.yml is malformed: the message names the cue."""


def _compile(name: str, entry: object) -> Pattern[str]:
    if not isinstance(entry, dict) or ("any_of" in entry) == ("pattern" in entry):
        raise CueError(f"cue {name!r}: give exactly one of any_of or pattern")
    if "any_of" in entry:
        words = entry["any_of"]
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise CueError(f"cue {name!r}: any_of must be a list of words")
        source = r"\b(?:" + "|".join(words) + r")\b"
    else:
        source = entry["pattern"]
        if not isinstance(source, str) or not source:
            raise CueError(f"cue {name!r}: pattern must be a string")
    try:
        return re.compile(source, re.I)
    except re.error as error:
        raise CueError(f"cue {name!r}: {error}") from None


def load_cues(path: Path = CUES_FILE) -> Dict[str, Pattern[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CueError(f"{path.name}: expected a mapping of cue names")
    return {str(name): _compile(str(name), entry) for name, entry in data.items()}


@lru_cache(maxsize=1)
def cues() -> Dict[str, Pattern[str]]:
    return load_cues()


def said(cue: str, text: str) -> bool:
    """The text carries this cue (a KeyError names a cue missing from cues.yml)."""
    return bool(cues()[cue].search(text))
