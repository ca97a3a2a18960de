"""Property: benchmark files made by breaking the real one at a random place. Any file the loader
accepts, every capability and FAQ answers from without an exception; any file it refuses, one
line names the field."""

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import FAQ_TOPICS
from actions.details import read_details
from actions.registry import REGISTRY
from channels.render.slack import slack_message
from knowledge import answers
from knowledge.loader import LEVELS, Benchmark, BenchmarkError, load_benchmark
from knowledge.reply import Reply
from tests.figures import span_of
from tests.helpers import tracker

REAL_PATH = Path("knowledge/benchmark.yml")
REAL = yaml.safe_load(REAL_PATH.read_text(encoding="utf-8"))
DETAILS = [  # (entities, text): the text carries the packages the negotiation capabilities read
    ([("level", "senior"), ("region", "london"), ("amount", "90k")], "senior in london offered 90k base, 10% bonus, 15k rsus a year"),
    ([("level", "junior"), ("region", "rest_of_uk"), ("amount", "30k")], "offer A 30k vs offer B 45k plus 5k sign-on"),
    ([("years", "6 years"), ("region", "remote_uk"), ("amount", "250k"), ("employer", "deepmind_google")], "message"),
    ([("level", "staff"), ("region", "uk"), ("tip_topic", "gpu_experience")], "message"),
    ([("level", "mid"), ("region", "london"), ("amount", "76k")], "where is 76k in the band"),
    ([], "message"),
]


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


PATHS = [p for p in _paths(REAL) if p]
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _faq_says(bm: Benchmark, topic: str) -> list:
    """What each FAQ answer must state from the file it was loaded from."""
    reference = [span_of(bm.bands[(level, bm.reference_region)]) for level in LEVELS if level != "mid"]
    return {
        "average": [span_of(bm.average_mid_level), *reference],
        "mlops_vs_devops": [bm.mlops_vs_devops, "{}–{}%".format(*bm.premium_pct)],
        "top_skills": list(bm.top_skills),
        "growth": [bm.market_growth],
        "drivers": [text for d in bm.drivers for text in (d.name, d.summary)],
        "source": [str(bm.source[key]) for key in ("title", "year", "basis", "scope", "note")],
    }[topic]


def _text_of(reply: Reply) -> str:
    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)

    return "\n".join(strings(reply.to_json()))


def _broken(path, value, delete):
    raw = yaml.safe_load(yaml.safe_dump(REAL))
    node = raw
    for key in path[:-1]:
        node = node[key]
    if delete and isinstance(node, dict):
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return raw


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.sampled_from(PATHS), junk, st.booleans())
def test_a_broken_file_is_refused_in_one_line_or_answered_from(tmp_path, path, value, delete):
    file = tmp_path / "benchmark.yml"
    file.write_text(yaml.safe_dump(_broken(path, value, delete), allow_unicode=True), encoding="utf-8")
    try:
        bm = load_benchmark(file)
    except BenchmarkError as error:
        message = str(error)
        assert message.startswith("benchmark data:") and "\n" not in message and "'" in message
        return
    for found, text in DETAILS:
        details = read_details(tracker("give_details", found, {}, text), bm)
        for capability in (c.run for c in REGISTRY.values()):
            dispatcher = CollectingDispatcher()
            capability(bm, details, dispatcher)
            assert dispatcher.messages
            for message in dispatcher.messages:  # every reply also renders for Slack
                if message.get("reply"):
                    slack_message(Reply.from_json(message["reply"]))
    for topic in FAQ_TOPICS.values():
        said = _text_of(answers.faq(bm, topic))
        assert [text for text in _faq_says(bm, topic) if text not in said] == [], (topic, said)


def test_the_real_file_is_accepted_and_every_path_is_tried():
    bm = load_benchmark(REAL_PATH)
    bands = {
        (level, region): (b["low"], b["high"], b["open_ended"]) for level, regions in REAL["bands"].items() for region, b in regions.items()
    }
    assert {key: (b.low, b.high, b.open_ended) for key, b in bm.bands.items()} == bands
    assert {key: (e.pay.low, e.pay.high) for key, e in bm.employers.items()} == {
        key: (e["low"], e["high"]) for key, e in REAL["employer_groups"].items()
    }
    assert ("bands", "staff", "london", "open_ended") in PATHS and len(PATHS) > 100  # down to every leaf


def _synonym_values(name):
    raw = yaml.safe_load(Path(f"data/nlu/entities/{name}.yml").read_text(encoding="utf-8"))
    values = {str(block["synonym"]) for block in raw.get("nlu", []) if "synonym" in block}
    assert values, f"no synonyms in {name}.yml"
    return values


def test_every_entity_synonym_names_something_in_the_benchmark():
    bm = load_benchmark()
    assert _synonym_values("region") <= set(bm.place_values())
    assert _synonym_values("level") <= set(bm.levels)
    assert _synonym_values("employer") <= set(bm.employers)
    assert _synonym_values("tip_topic") <= set(bm.tips)
