"""Conversations from the fresh-eyes QA rounds that once failed and were fixed, replayed over REST.

tests/qa_regressions.yml keeps them as the tester wrote them: each turn lists text that
must appear in the reply (`expect_all`), at least one of (`expect_any`) and none of
(`expect_none`), compared case-insensitively with dashes and spaces normalised. Benchmark
figures are placeholders ({band.mid.london.low}, {employer.investment_banks.high}, ...) that
tests/figures.py fills from the data file before use; an unknown placeholder fails the load.
"""

from pathlib import Path

import pytest
import yaml

from tests.figures import fill

CONVERSATIONS = fill(yaml.safe_load((Path(__file__).parent / "qa_regressions.yml").read_text(encoding="utf-8")))
_SAME = str.maketrans({"\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u2019": "'", "\u2018": "'"})


def _norm(text: str) -> str:
    return " ".join(str(text).translate(_SAME).lower().split())


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_fixed_qa_conversation(chat, conversation):
    for turn in conversation["turns"]:
        reply = _norm(chat.say(turn["user"]))
        missing = [e for e in turn.get("expect_all") or [] if _norm(e) not in reply]
        unwanted = [e for e in turn.get("expect_none") or [] if _norm(e) in reply]
        alternatives = turn.get("expect_any") or []
        assert not missing and not unwanted, f"{turn['user']!r}: missing {missing}, unwanted {unwanted}\n{reply}"
        assert not alternatives or any(_norm(e) in reply for e in alternatives), f"{turn['user']!r}: none of {alternatives}\n{reply}"
