"""Generated conversations (tests/simulator.py) replayed over REST against the real Rasa and action
servers: facts over several messages, corrections, references and small talk, each ending in one ask
whose figures come from the data file. Prints the pass rate per ask and per phenomenon, and the seeds
that failed (`python -m tests.simulator --seed N` shows one to replay).

SIM_CONVERSATIONS sets how many (default 2,000, as issue 16 asks, in `make test` and `make simulate`).
MIN_PASS_RATE is issue 16's target, 0.98.
"""

import os
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.simulator import generate

CONVERSATIONS = int(os.environ.get("SIM_CONVERSATIONS", "2000"))
MIN_PASS_RATE = 0.98  # issue 16's target
_SAME = str.maketrans({"\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u2019": "'"})


def _norm(text: str) -> str:
    return " ".join(text.translate(_SAME).lower().split())


def _replay(base_url: str, seed: int):
    conversation = generate(seed)
    sender = f"sim-{seed}-{uuid.uuid4().hex[:6]}"
    reply = ""
    for turn in conversation.turns:
        answer = requests.post(f"{base_url}/webhooks/rest/webhook", json={"sender": sender, "message": turn}, timeout=60)
        reply = _norm(" ".join(m.get("text") or "" for m in answer.json()))
    missing = [e for e in conversation.expect if _norm(e) not in reply]
    unwanted = [e for e in conversation.expect_none if _norm(e) in reply]
    return conversation, not missing and not unwanted, reply


def test_generated_conversations_end_with_the_right_answer(rasa_server):
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda seed: _replay(rasa_server, seed), range(CONVERSATIONS)))
    by_ask, by_phenomenon, passed = Counter(), Counter(), Counter()
    for conversation, ok, _ in results:
        by_ask[conversation.ask] += 1
        passed[conversation.ask] += ok
        for phenomenon in conversation.phenomena:
            by_phenomenon[phenomenon] += 1
            passed["~" + phenomenon] += ok
    failed = [(c, reply) for c, ok, reply in results if not ok]
    print(f"\nsimulator: {len(results) - len(failed)}/{len(results)} conversations passed")
    for ask in sorted(by_ask):
        print(f"  ask {ask:15s} {passed[ask]}/{by_ask[ask]}")
    for phenomenon in sorted(by_phenomenon):
        print(f"  with {phenomenon:13s} {passed['~' + phenomenon]}/{by_phenomenon[phenomenon]}")
    for conversation, reply in failed[:15]:
        print(
            f"  failed seed {conversation.seed} ({conversation.ask}): {conversation.turns} expected {conversation.expect}; got {reply[:200]}"
        )
    rate = (len(results) - len(failed)) / len(results)
    assert len(results) == CONVERSATIONS and rate >= MIN_PASS_RATE, f"pass rate {rate:.3f}; failing seeds {[c.seed for c, _ in failed]}"
