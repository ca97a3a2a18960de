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
from knowledge.loader import BenchmarkError, load_benchmark
from knowledge.reply import Reply
from tests.helpers import tracker

REAL = yaml.safe_load(Path("knowledge/benchmark.yml").read_text(encoding="utf-8"))
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
        assert answers.faq(bm, topic)


def test_the_real_file_is_accepted_and_every_path_is_tried():
    assert load_benchmark() and len(PATHS) > 100


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
