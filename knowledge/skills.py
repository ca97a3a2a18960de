"""Skills the user says they have, read against the benchmark's top skills and pay drivers.

The words are data (knowledge/skills.yml, in the same form as cues.yml); what a skill is called comes
from the benchmark, so a skill named back to the user is always one the benchmark says pushes pay up.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Pattern, Sequence

from knowledge import reply as r
from knowledge.cues import load_cues
from knowledge.loader import Benchmark

SKILLS_FILE = Path(__file__).with_name("skills.yml")
MAX_SKILLS = 8  # kept in the case; more than any answer points at
GPU_SKILL = "GPU cluster management"  # the skill the benchmark's GPU tip is about: a drafted email argues it


@lru_cache(maxsize=1)
def skill_words() -> Dict[str, Pattern[str]]:
    return load_cues(SKILLS_FILE)


def benchmark_skills(bm: Benchmark) -> List[str]:
    """Every skill the benchmark names as pushing pay up: its top skills, then its pay drivers."""
    return [*bm.top_skills, *(driver.name for driver in bm.drivers)]


def skills_named(bm: Benchmark, text: str) -> List[str]:
    """The benchmark's skills this text names, in the benchmark's order. Words one skill claims name no
    other: "real-time ML serving at scale" is the serving skill, not also the scale of systems run."""
    words, named, claimed = skill_words(), [], set()
    for name in benchmark_skills(bm):
        spans = [set(range(*m.span())) for m in words[name].finditer(text)] if name in words else []
        if any(not span & claimed for span in spans):
            named.append(name)
        claimed.update(*spans)
    return named


def lean_on(skills: Sequence[str]) -> r.Reply:
    """For a negotiation answer: the skills the user named, as the case to lead with."""
    if not skills:
        return r.of()
    return r.of(
        r.text(
            f"You told me you bring {_joined(skills)}: the benchmark counts "
            + ("it" if len(skills) == 1 else "each of those")
            + " among the skills that push pay up, so lead with a result from "
            + ("it" if len(skills) == 1 else "each")
            + " (what it saved, sped up or caught), not the tool's name."
        )
    )


def _joined(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
