"""runtime/rasa_workarounds.py and the Rasa internals Payband's runtime relies on: these fail
if a Rasa upgrade changes them, so the work-arounds are looked at again."""

import asyncio
import inspect

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import SQLTrackerStore

from runtime import rasa_workarounds


def test_rasa_still_rechecks_the_schema_on_every_action_call():
    source = inspect.getsource(rasa_workarounds.RASA_VALIDATE_ACTION_RESULT)
    assert "validate(result, self.action_response_format_spec())" in source
    assert isinstance(inspect.getattr_static(RemoteAction, "action_response_format_spec"), staticmethod)


def test_the_patched_check_accepts_good_and_rejects_bad_action_responses():
    rasa_workarounds.apply()
    assert RemoteAction._validate_action_result is rasa_workarounds._validate_action_result
    action = RemoteAction("action_answer", None)
    assert action._validate_action_result(
        {"events": [{"event": "slot", "name": "level", "value": "senior"}], "responses": [{"text": "hi"}]}
    )
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
    with pytest.raises(ValidationError):
        rasa_workarounds.RASA_VALIDATE_ACTION_RESULT(action, {"events": "not a list"})  # Rasa's own agrees


def test_rasa_still_walks_every_event_subclass_per_event():
    source = inspect.getsource(rasa_workarounds.RASA_RESOLVE_BY_TYPE)
    assert "all_subclasses(Event)" in source and "cls.type_name == type_name" in source


def test_the_event_table_resolves_every_name_as_rasa_does():
    from rasa.shared.core.events import Event, SlotSet, UserUttered
    from rasa.shared.utils.common import all_subclasses

    rasa_workarounds.apply()
    assert Event.resolve_by_type("user") is UserUttered and Event.resolve_by_type("slot") is SlotSet
    for cls in all_subclasses(Event):
        assert rasa_workarounds.resolve_by_type(cls.type_name) is rasa_workarounds.RASA_RESOLVE_BY_TYPE(cls.type_name)
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


def test_rasa_still_opens_a_session_per_request():
    from rasa.utils.endpoints import EndpointConfig

    assert "async with self.session() as session" in inspect.getsource(EndpointConfig.request)
    assert "aiohttp.ClientSession(" in inspect.getsource(rasa_workarounds.RASA_ENDPOINT_SESSION)
    assert "headers=self.headers" in inspect.getsource(rasa_workarounds.RASA_ENDPOINT_SESSION)


async def test_action_calls_reuse_one_connection_with_rasas_headers():
    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    rasa_workarounds.apply()
    seen = []

    async def handler(request):
        seen.append((request.transport.get_extra_info("peername"), request.headers.get("X-Secret")))
        return web.json_response({"ok": len(seen)})

    app = web.Application()
    app.router.add_post("/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Secret": "s3"})
        assert [await endpoint.request(json={}) for _ in range(3)] == [{"ok": 1}, {"ok": 2}, {"ok": 3}]
        assert len({peer for peer, _ in seen}) == 1 and {secret for _, secret in seen} == {"s3"}
        await asyncio.sleep(rasa_workarounds.KEEP_ALIVE_S + 0.5)  # idle: the connection is dropped, a new one works
        assert await endpoint.request(json={}) == {"ok": 4}
    finally:
        await endpoint._payband_session[1].close()
        await runner.cleanup()


def test_the_event_branches_differ_by_their_event_name():
    item = RemoteAction.action_response_format_spec()["properties"]["events"]["items"]
    names = [branch["properties"]["event"]["const"] for branch in item["oneOf"]]
    assert len(names) == len(set(names)) > 10 and set(item) == {"type", "properties", "required", "oneOf"}


def _responses():
    """Action server responses, good and bad: every event type Rasa knows, and broken variants."""
    from rasa.shared.core import events as ev

    samples = [
        ev.UserUttered("hi", {"name": "greet", "confidence": 1.0}, [{"entity": "level", "value": "senior", "start": 0, "end": 6}]),
        ev.BotUttered("hello", {"buttons": [{"title": "a", "payload": "/b"}]}),
        ev.SlotSet("level", "senior"),
        ev.SlotSet("years", 4.5),
        ev.ActionExecuted("action_listen"),
        ev.SessionStarted(),
        ev.Restarted(),
        ev.AllSlotsReset(),
        ev.FollowupAction("action_answer"),
        ev.ActiveLoop(None),
        ev.UserUtteranceReverted(),
        ev.ActionReverted(),
        ev.ConversationPaused(),
        ev.ConversationResumed(),
        ev.ReminderCancelled("r"),
        ev.ActionExecutionRejected("action_x"),
        ev.AgentUttered("x"),
        ev.EntitiesAdded([{"entity": "a", "value": 1}]),
    ]
    good = [{"events": [e.as_dict() for e in samples], "responses": [{"text": "x", "buttons": []}]}, {"events": [], "responses": []}, {}]
    bad = [
        {"events": "x"},
        {"events": [{"event": "no_such"}]},
        {"events": [{"name": "level"}]},
        {"events": [42]},
        {"events": [{"event": "slot", "name": "level", "value": "x", "timestamp": "yesterday"}]},
        {"events": [{"event": "user", "text": 5}]},
        {"events": [{"event": "bot", "text": "x", "metadata": "m"}]},
        {"responses": "x"},
        {"events": [{"event": "action", "name": 3}]},
    ]
    return [(r, True) for r in good] + [(r, False) for r in bad] + [({"events": [e.as_dict()]}, True) for e in samples]


@pytest.mark.parametrize("response, valid", _responses())
def test_the_quick_check_gives_the_schemas_verdict(response, valid):
    from jsonschema import validate

    assert rasa_workarounds.quick_check(response) is valid
    if valid:
        validate(response, RemoteAction.action_response_format_spec())
    else:
        with pytest.raises(ValidationError):
            validate(response, RemoteAction.action_response_format_spec())


def test_apply_is_idempotent():
    rasa_workarounds.apply()
    rasa_workarounds.apply()
    assert RemoteAction._validate_action_result is rasa_workarounds._validate_action_result


def test_the_sql_store_internals_the_windowed_store_uses():
    columns = set(SQLTrackerStore.SQLEvent.__table__.columns.keys())
    assert {"id", "sender_id", "type_name", "timestamp", "intent_name", "action_name", "data"} <= columns
    assert SQLTrackerStore.SQLEvent.__tablename__ == "events"
    assert hasattr(SQLTrackerStore, "Base") and hasattr(SQLTrackerStore, "session_scope")
    assert list(inspect.signature(SQLTrackerStore._additional_events).parameters) == ["self", "session", "tracker"]


def test_rasa_still_builds_diet_by_fitting_one_example():
    from rasa.utils.tensorflow.models import RasaModel

    rasa_workarounds.apply()
    source = inspect.getsource(rasa_workarounds.RASA_MODEL_LOAD.__func__)
    for step in (
        "model.fit(data_generator, verbose=False)",
        "model.load_weights(model_file_name)",
        "model.run_inference(predict_data_example)",
        "run_eagerly=run_eagerly",
    ):
        assert step in source
    assert "self._tf_predict_step = tf.function(" in inspect.getsource(RasaModel._rasa_predict)


@pytest.mark.slow
def test_diet_loaded_the_quick_way_ranks_every_intent_as_rasas_load_does():
    """The same trained model loaded both ways gives the same intent ranking on the held-out set."""
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.utils.tensorflow.models import RasaModel

    from tests.conftest import MODEL, ROOT

    if not MODEL.exists():
        pytest.fail("no trained model: run `make train`")
    rasa_workarounds.apply()
    texts = [m.get("text") for m in load_data(str(ROOT / "tests" / "nlu_holdout.yml")).intent_examples][:120]

    def rankings():
        agent = Agent.load(str(MODEL))
        return [[(r["name"], round(r["confidence"], 5)) for r in asyncio.run(agent.parse_message(t))["intent_ranking"][:3]] for t in texts]

    quick = rankings()
    patched = RasaModel.__dict__["load"]
    RasaModel.load = rasa_workarounds.RASA_MODEL_LOAD
    try:
        assert rankings() == quick
    finally:
        RasaModel.load = patched


def test_rasa_still_runs_its_graph_with_dask():
    from rasa.engine.runner.dask import DaskGraphRunner

    rasa_workarounds.apply()
    source = inspect.getsource(rasa_workarounds.RASA_GRAPH_RUN)
    assert "dask.get(run_graph, run_targets)" in source and "minimal_graph_schema(run_targets)" in source
    assert "graph[input_name] = (input_name, input_value)" in inspect.getsource(DaskGraphRunner._add_inputs_to_graph)


@pytest.mark.slow
def test_the_graph_runs_as_dask_ran_it():
    """The trained model's parse and next-action prediction, with both runners."""
    from rasa.core.agent import Agent
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from tests.conftest import MODEL

    texts = ("hello", "senior in leeds", "is 80k fair for a mid in london", "what does deepmind pay", "tips", "thanks", "asdfgh")

    def run_all():
        agent = Agent.load(str(MODEL))

        async def go():
            out = []
            for text in texts:
                parsed = await agent.parse_message(text)
                tracker = DialogueStateTracker.from_events(
                    "graph",
                    [ActionExecuted("action_listen"), UserUttered(text, parsed["intent"], parsed["entities"], parse_data=parsed)],
                    agent.domain.slots,
                )
                prediction = agent.processor.predict_next_with_tracker(tracker)
                prediction["scores"].sort(key=lambda s: -s["score"])
                out.append(
                    (
                        parsed["intent"]["name"],
                        round(parsed["intent"]["confidence"], 5),
                        parsed["entities"],
                        prediction["policy"],
                        prediction["confidence"],
                        prediction["scores"][:3],
                    )
                )
            return out

        return asyncio.run(go())

    rasa_workarounds.apply()
    ours = run_all()
    DaskGraphRunner.run = rasa_workarounds.RASA_GRAPH_RUN
    try:
        theirs = run_all()
    finally:
        DaskGraphRunner.run = rasa_workarounds.run_graph
    assert ours == theirs and len({o[0] for o in ours}) >= 5


@pytest.mark.slow
def test_the_server_runs_without_the_packages_the_launcher_refuses():
    """In a fresh interpreter, as runtime.launch starts Rasa: the model loads and parses, and the
    refused packages were never imported."""
    import subprocess
    import sys

    from tests.conftest import MODEL, ROOT

    script = (
        "import sys, asyncio\n"
        "from runtime.launch import UNUSED, UnusedImports\n"
        "sys.meta_path.insert(0, UnusedImports())\n"
        "from runtime import rasa_workarounds, tracker_store\n"
        "rasa_workarounds.apply()\n"
        "import rasa.core.run, rasa.core.agent, channels.rest, channels.slack\n"
        f"agent = rasa.core.agent.Agent.load({str(MODEL)!r})\n"
        "print(asyncio.run(agent.parse_message('senior in leeds'))['intent']['name'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(UNUSED)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split("\n")[-3:-1] == ["give_details", "[]"]


def test_rasa_still_joins_sparse_features_with_hstack():
    rasa_workarounds.apply()
    source = inspect.getsource(rasa_workarounds.RASA_COMBINE_SPARSE)
    assert "hstack([self.features, additional_features.features])" in source and "_cached_fingerprint = None" in source


@pytest.mark.parametrize("seed", range(12))
def test_sparse_features_join_into_the_matrix_hstack_gives(seed):
    import numpy as np
    import scipy.sparse
    from rasa.shared.nlu.training_data.features import Features

    rasa_workarounds.apply()
    rng = np.random.default_rng(seed)
    rows = int(rng.integers(1, 9))
    dtypes = [np.float32, np.float64, np.int64]
    left = scipy.sparse.random(
        rows, int(rng.integers(1, 400)), density=0.05, format=["coo", "csr"][seed % 2], dtype=dtypes[seed % 3], random_state=seed
    )
    right = scipy.sparse.random(
        rows, int(rng.integers(1, 40)), density=0.3, format="coo", dtype=dtypes[(seed + 1) % 3], random_state=seed + 100
    )
    ours = Features(left, "sequence", "text", "a")
    ours.combine_with_features(Features(right, "sequence", "text", "b"))
    theirs = Features(left, "sequence", "text", "a")
    rasa_workarounds.RASA_COMBINE_SPARSE(theirs, Features(right, "sequence", "text", "b"))
    assert ours.features.format == theirs.features.format == "coo"
    assert ours.features.dtype == theirs.features.dtype and ours.features.shape == theirs.features.shape
    assert (ours.features.toarray() == theirs.features.toarray()).all()
    with pytest.raises(ValueError, match="sequence dimensions do not match"):
        ours.combine_with_features(Features(scipy.sparse.coo_matrix((rows + 1, 3)), "sequence", "text", "c"))
