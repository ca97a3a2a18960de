"""Cue words are data (knowledge/cues.yml): every example there fits its cue, every cue is used by
the code, and a malformed file is refused with the cue's name."""

import re
from pathlib import Path

import pytest
import yaml

from knowledge.cues import CUES_FILE, CueError, cues, load_cues, said

ROOT = Path(__file__).resolve().parent.parent
DATA = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
EXAMPLES = [(name, text, True) for name, e in DATA.items() for text in e.get("match", [])] + [
    (name, text, False) for name, e in DATA.items() for text in e.get("miss", [])
]


def test_every_cue_has_examples_both_ways():
    for name, entry in DATA.items():
        assert entry.get("match") and entry.get("miss"), f"cue {name!r} needs match and miss examples"


@pytest.mark.parametrize("name, text, fits", EXAMPLES)
def test_each_example_fits_its_cue(name, text, fits):
    assert said(name, text) is fits


def test_every_cue_is_used_by_the_code():
    code = "\n".join(p.read_text() for folder in ("actions", "knowledge", "channels") for p in (ROOT / folder).glob("*.py"))
    used = set(re.findall(r'said\("(\w+)"', code))
    assert used == set(cues()), f"unused: {set(cues()) - used}; missing: {used - set(cues())}"


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("offer_words: {}\n", "offer_words"),
        ("offer_words: {any_of: [a], pattern: b}\n", "exactly one"),
        ("offer_words: {pattern: '(unclosed'}\n", "offer_words"),
        ("offer_words: {any_of: []}\n", "list of words"),
        ("- a list\n", "mapping"),
    ],
)
def test_a_malformed_cue_file_is_refused_by_name(tmp_path, text, complaint):
    path = tmp_path / "cues.yml"
    path.write_text(text)
    with pytest.raises(CueError, match=re.escape(complaint)):
        load_cues(path)


@pytest.mark.parametrize(
    "text, devops",
    [
        ("senior devops in london", True),
        ("DevOps engineer, 120k, London", True),
        ("I do devops", True),
        ("junior-ish devops", True),
        ("devops pay in london", False),
        ("is devops pay the right yardstick?", False),
        ("devops vs mlops", False),
    ],
)
def test_a_statement_naming_devops_is_the_users_job(text, devops):
    from actions.details import _devops_said_of_themselves

    assert (_devops_said_of_themselves(text) == "devops") is devops
