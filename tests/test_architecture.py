"""The "how to add a capability" checklist in docs/architecture.md, checked for every capability
in the registry: an action class runs it, domain.yml lists the action, a rule routes an intent
to it, and that intent has training examples, held-out examples and a story test."""

import re
from pathlib import Path

import pytest
import yaml

from actions.actions import CapabilityAction
from actions.registry import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RULES = [rule for path in sorted((ROOT / "data" / "rules").glob("*.yml")) for rule in yaml.safe_load(path.read_text()).get("rules", [])]
NLU = [block for path in sorted((ROOT / "data" / "nlu").glob("*.yml")) for block in yaml.safe_load(path.read_text()).get("nlu", [])]
HELD_OUT = "\n".join((ROOT / "tests" / name).read_text(encoding="utf-8") for name in ("nlu_holdout.yml", "nlu_holdout_messy.yml"))
STORIES = (ROOT / "tests" / "test_stories.yml").read_text(encoding="utf-8")
ACTIONS = {cls.asks: cls.action_name for cls in CapabilityAction.__subclasses__()}  # capability topic -> its action


def _intents_for(action: str):
    return {
        step["intent"]
        for rule in RULES
        for i, step in enumerate(rule["steps"])
        if "intent" in step and any(s.get("action") == action for s in rule["steps"][i + 1 : i + 2])
    }


# reached only as a bare detail's continuation or by its cue words, never by an intent of its own
FOLLOW_UP_ONLY = {"note", "yardstick"}


def test_only_the_note_and_cue_capabilities_have_no_action_of_their_own():
    assert set(REGISTRY) - set(ACTIONS) == FOLLOW_UP_ONLY


@pytest.mark.parametrize("topic", sorted(set(REGISTRY) - FOLLOW_UP_ONLY))
def test_every_capability_is_wired_end_to_end(topic):
    action = ACTIONS.get(topic)
    assert action, f"no action class runs the '{topic}' capability"
    assert action in DOMAIN["actions"], f"{action} is not in domain.yml"
    intents = _intents_for(action)
    assert intents, f"no rule routes an intent to {action}"
    for intent in intents:
        assert intent in DOMAIN["intents"]
        examples = [b["examples"] for b in NLU if b.get("intent") == intent]
        assert examples and len(examples[0].strip().splitlines()) >= 10, f"'{intent}' needs training examples"
        assert f"intent: {intent}\n" in HELD_OUT, f"'{intent}' needs held-out examples"
    assert f"action: {action}\n" in STORIES, f"no story test runs {action}"


def test_every_action_class_runs_a_registered_capability():
    assert set(ACTIONS) <= set(REGISTRY), "an action asks for a capability the registry does not list"


def test_every_response_the_actions_send_is_in_the_domain():
    import re

    sent = set()
    for path in (ROOT / "actions").glob("*.py"):
        sent |= set(re.findall(r'"(utter_[a-z_]+)"', path.read_text(encoding="utf-8")))
    sent |= {f"utter_ask_{detail}" for detail in ("level", "region", "offer_amount", "devops_salary", "employer")}  # ask() builds these
    assert sent and sent <= set(DOMAIN["responses"]), sent - set(DOMAIN["responses"])


def _examples(blocks) -> set:
    return {
        re.sub(r"\W+", " ", line[2:].strip().strip('"').lower()).strip()
        for block in blocks
        if "intent" in block
        for line in block["examples"].splitlines()
        if line.startswith("- ")
    }


def test_no_held_out_example_is_also_a_training_example():
    """The held-out scores mean something only if the model never trained on the held-out lines."""
    held_out = [
        block
        for name in ("nlu_holdout.yml", "nlu_holdout_messy.yml")
        for block in yaml.safe_load((ROOT / "tests" / name).read_text())["nlu"]
    ]
    assert _examples(held_out) and not _examples(held_out) & _examples(NLU)
