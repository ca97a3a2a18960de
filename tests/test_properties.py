"""Property-based: random unicode, numbers and huge strings into parsing, details and every capability."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import BENCHMARK
from actions.details import read_details
from actions.registry import REGISTRY
from actions.router import follow_up_topic
from channels.render.slack import slack_message
from channels.rest import parse_body
from knowledge import reply as reply_parts
from tests.helpers import tracker

ENTITY_NAMES = ["level", "region", "years", "amount", "employer", "tip_topic", "foreign_place", "other_role", "junk"]
values = st.one_of(
    st.text(max_size=50),
    st.sampled_from(["senior", "london", "uk", "remote_uk", "6 years", "90k", "deepmind_google", "gpu_experience", "£0", "1e309 years"]),
    st.text(min_size=5000, max_size=20000),
)
entities = st.lists(st.tuples(st.sampled_from(ENTITY_NAMES), values), max_size=6)
slots = st.fixed_dictionaries(
    {},
    optional={
        "level": st.one_of(st.none(), st.text(max_size=10), st.sampled_from(["junior", "staff"])),
        "region": st.one_of(st.none(), st.text(max_size=10), st.sampled_from(["london", "uk"])),
        "years": st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
        "offer_amount": st.one_of(st.none(), st.integers(-(10**12), 10**12), st.floats(allow_nan=True)),
        "devops_salary": st.one_of(st.none(), st.integers(-(10**12), 10**12)),
        "topic": st.one_of(st.none(), st.text(max_size=10), st.sampled_from(list(REGISTRY))),
        "pending": st.one_of(st.none(), st.sampled_from(["offer_amount", "devops_salary", "level", "comp_terms", "offers"])),
        "offers": st.one_of(
            st.none(),
            st.text(max_size=5),
            st.lists(
                st.dictionaries(
                    st.sampled_from(
                        [
                            "base",
                            "bonus_pct",
                            "bonus_amount",
                            "equity_per_year",
                            "equity_total",
                            "equity_years",
                            "sign_on",
                            "label",
                            "unknown",
                        ]
                    ),
                    st.one_of(
                        st.integers(-(10**7), 10**7),
                        st.floats(allow_nan=True),
                        st.text(max_size=5),
                        st.lists(st.text(max_size=6), max_size=2),
                    ),
                    max_size=4,
                ),
                max_size=3,
            ),
        ),
    },
)
texts_with_packages = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        ["base is 100k", "15% bonus and 20k rsus", "offer A 90k vs offer B 85k + 10k sign-on", "what if the first one's bonus was 5%"]
    ),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entities, slots, texts_with_packages, st.sampled_from(sorted(REGISTRY)))
def test_every_capability_answers_anything_without_raising(found, remembered, text, topic):
    dispatcher = CollectingDispatcher()
    details = read_details(tracker("give_details", found, remembered, text), BENCHMARK)
    events = REGISTRY[topic].run(BENCHMARK, details, dispatcher)
    assert dispatcher.messages, "every turn says something"
    assert all(e["event"] == "slot" for e in events)
    follow_up = follow_up_topic(remembered.get("topic"), details)
    assert follow_up is None or follow_up in REGISTRY, follow_up  # a capability that can run, or nothing to continue


_cells = st.text(max_size=40)
_parts = st.one_of(
    _cells.map(reply_parts.text),
    _cells.map(reply_parts.heading),
    _cells.map(reply_parts.note),
    st.lists(st.tuples(st.one_of(st.none(), _cells), _cells), max_size=5).map(reply_parts.bullets),
    st.lists(st.lists(_cells, min_size=2, max_size=2), max_size=5).map(lambda rows: reply_parts.table(["a", "b"], rows)),
    st.tuples(_cells, st.text(max_size=4000)).map(lambda d: reply_parts.draft(*d)),
)


@settings(deadline=None)
@given(st.lists(_parts, max_size=60))
def test_slack_rendering_never_raises_escapes_and_keeps_within_limits(parts):
    message = slack_message(reply_parts.Reply(parts))
    assert "<" not in message["text"] and ">" not in message["text"]
    assert len(message["blocks"]) <= 50
    for block in message["blocks"]:
        texts = [block["text"]["text"]] if block["type"] == "section" else [e["text"] for e in block["elements"]]
        assert all(len(t) <= 3000 and "<" not in t for t in texts)


@settings(deadline=None)
@given(st.one_of(st.binary(max_size=500), st.text(max_size=500).map(str.encode)))
def test_rest_body_check_never_raises(raw):
    checked = parse_body(raw)
    assert isinstance(checked, (str, dict))
