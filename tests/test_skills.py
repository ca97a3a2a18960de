"""Skills the user names (knowledge/skills.py, words in knowledge/skills.yml): every key is a skill the
benchmark names, every example fits, a skill said is kept in the case and pointed at in the
negotiation answers."""

import pytest
import yaml

from actions import actions
from knowledge.case import Case, facts
from knowledge.skills import GPU_SKILL, SKILLS_FILE, benchmark_skills, skills_named
from tests import figures
from tests.helpers import apply, run, texts, turn

BM = figures.BM
DATA = yaml.safe_load(SKILLS_FILE.read_text(encoding="utf-8"))


def test_every_skill_is_one_the_benchmark_names_and_each_has_words():
    assert set(DATA) <= set(benchmark_skills(BM))
    assert set(bm_skill for bm_skill in BM.top_skills) <= set(DATA), "every top skill needs words"
    assert GPU_SKILL in BM.top_skills


@pytest.mark.parametrize(
    "name, text, fits",
    [(name, text, True) for name, e in DATA.items() for text in e["match"]]
    + [(name, text, False) for name, e in DATA.items() for text in e["miss"]],
)
def test_each_example_names_its_skill_or_not(name, text, fits):
    assert (name in skills_named(BM, text)) is fits


def test_the_case_lists_the_skills_named():
    assert "Skills: GPU cluster management, Advanced Kubernetes" in facts(
        BM, Case(skills=("GPU cluster management", "Advanced Kubernetes"))
    )


async def test_skills_said_alone_are_noted_then_used_in_the_offer_check_and_the_email():
    messages, slots = await turn(actions.ActionFollowUp(), "give_details", "I run GPU clusters and lots of k8s")
    said = texts(messages)
    assert "Noted" in said and "GPU cluster management" in said and "Advanced Kubernetes" in said
    assert slots["skills"] == ["GPU cluster management", "Advanced Kubernetes"]
    slots = apply(slots, {"level": "senior", "region": "london"})
    offer = figures.point("senior", "london", 0.25)
    messages, _ = await run(
        actions.ActionCheckOffer(), "check_offer", [("amount", figures.k(offer))], slots, f"is {figures.k(offer)} fair?"
    )
    assert "You told me you bring GPU cluster management and Advanced Kubernetes" in texts(messages)
    messages, _ = await run(
        actions.ActionDraftCounterEmail(), "draft_counter_email", [], apply(slots, {"offer_amount": offer}), "write the email"
    )
    said = texts(messages)
    assert "GPU clusters" in said  # the benchmark's GPU reason is argued in the email itself
    assert "You told me you bring" in said


def test_words_one_skill_claims_name_no_other():
    assert skills_named(BM, "I do real-time ML serving at scale") == ["Real-time ML serving"]
    assert set(skills_named(BM, "I run ML at scale on kubernetes")) == {"Advanced Kubernetes", "Scale of systems run"}
