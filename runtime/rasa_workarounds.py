"""Work-arounds of Rasa 3.6 internals, all in this one module (tests/test_rasa_workarounds.py
fails if an upgrade changes what they rely on).

1. `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)` on
   every action call, and `validate` first re-checks the schema itself against the JSON
   Schema meta-schema: about half of the Rasa server's CPU per message under load. The
   schema never changes, so it is checked once and its validators kept. Each event is
   then checked against the one `oneOf` branch its "event" name selects (the branches
   differ by a `const` event name, so exactly that branch can match: the same verdict,
   2 ms less per call); anything that fails goes through Rasa's whole schema, so a bad
   response gets Rasa's own error.

2. `Event.resolve_by_type` walks every Event subclass (`all_subclasses`, recursive, with an
   `inspect.isabstract` check each) for every event it deserialises: a tenth of the
   server's CPU when a tracker is loaded. The type name -> class table is built once and
   rebuilt on a miss (a subclass imported later), then Rasa's own code answers anything
   still unknown (the old "topic" events, the default, the error).

3. `EndpointConfig.request` opens a new aiohttp session - a new TCP connection - for every
   action call (`async with self.session()`), and closes it after. The session is kept
   per endpoint and event loop instead, with Rasa's own headers, auth and timeout;
   idle connections are dropped after 2 s, before the action server's (Sanic's 5 s)
   keep-alive timeout, so a request never goes out on a connection being closed.

4. `RasaModel.load` (DIET) builds the model's weights by fitting one example before it
   loads the trained weights, and that fit traces a TensorFlow training graph: 3-5 s of
   the server's start. The one fit step runs eagerly instead (same weight shapes, then
   overwritten by the trained ones, exactly as before). Prediction keeps its traced graph,
   traced without AutoGraph's source rewriting (2 s): DIET's predict step has no Python
   control flow on tensors, so the graph is the same (the test compares the intent
   rankings of 120 held-out texts with Rasa's own load).

5. `DaskGraphRunner.run` (the model's graph: NLU, then the policies; two or three runs per
   message) prunes the graph schema, builds a dask graph and runs dask's scheduler on
   every call. The nodes' order for each set of targets is worked out once and the nodes
   are called in it, with exactly the inputs dask would pass them.

6. `Features._combine_sparse_features` joins each featurizer's sparse matrix to the others'
   with `scipy.sparse.hstack`, whose general block machinery costs ~150 µs a join (about
   ten joins a message). The two matrices are joined as COO arrays directly: the same
   matrix, the same COO format and value type, in ~30 µs.

runtime/tracker_store.py subclasses SQLTrackerStore (a supported extension point) and
uses its `SQLEvent` table, `Base` metadata, `session_scope` and `_additional_events`;
the same test file checks those are still there.

7. Erasing a conversation (channels/privacy.py) needs Payband's own store, which Rasa hands
   the agent wrapped in `AwaitableTrackerStore` and `FailSafeTrackerStore`; both keep the
   store they wrap in `_tracker_store`, which `sql_tracker_store` follows.

8. `FailSafeTrackerStore.retrieve` answers any error of the store with "no conversation" and
   `save` then saves to a fresh in-memory store: with the database down, a user would get
   an answer that has forgotten everything they said, and that turn would be lost when the
   database came back. Payband's store raises `StoreUnavailable` when its database cannot be
   reached; the wrapper lets that one error through, so the turn fails and the channel
   apologises (channels/guard.py). Every other error is handled by Rasa's code as before.
   (tests/test_scale_out_parts.py checks that Rasa still swallows the error, and that ours passes.)
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any, Dict, List, Optional, Text, Tuple, Type

import aiohttp
import rasa.shared.utils.common
import rasa.utils.endpoints
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.nlu.training_data.features import Features
from rasa.utils.endpoints import EndpointConfig

_applied = False
RASA_VALIDATE_ACTION_RESULT = RemoteAction._validate_action_result  # Rasa's own, before apply()
RASA_RESOLVE_BY_TYPE = Event.resolve_by_type
RASA_ENDPOINT_SESSION = EndpointConfig.session
RASA_MODEL_LOAD = None  # RasaModel.load, kept by apply() (importing TensorFlow here would slow every import)
RASA_GRAPH_RUN = None  # DaskGraphRunner.run, kept by apply()
RASA_COMBINE_SPARSE = Features._combine_sparse_features
KEEP_ALIVE_S = 2.0
_event_classes: Dict[Text, Any] = {}


@functools.lru_cache(maxsize=1)
def action_result_validator() -> Any:
    """The validator for RemoteAction's response schema, its schema checked once."""
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@functools.lru_cache(maxsize=1)
def event_validators() -> Tuple[Any, Dict[Text, Any]]:
    """(the schema without its event items, {event name: the item schema with that name's branch})."""
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    item = schema["properties"]["events"]["items"]
    common = {key: value for key, value in item.items() if key != "oneOf"}
    cls = validator_for(schema)
    branches = {branch["properties"]["event"]["const"]: cls({"allOf": [common, branch]}) for branch in item["oneOf"]}
    outer = {**schema, "properties": {**schema["properties"], "events": {"type": "array"}}}
    return cls(outer), branches


def quick_check(result: Any) -> bool:
    """The schema's verdict, event by event through the branch each event's name selects."""
    outer, branches = event_validators()
    if not outer.is_valid(result):
        return False
    for event in result.get("events") or []:
        branch = branches.get(event.get("event")) if isinstance(event, dict) else None
        if branch is None or not branch.is_valid(event):
            return False
    return True


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    from jsonschema import ValidationError

    if quick_check(result):
        return True
    try:
        action_result_validator().validate(result)
        return True
    except ValidationError as e:  # the same message as Rasa's own
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            "endpoint is valid. For more information about the format visit https://rasa.com/docs/rasa/custom-actions"
        )
        raise e


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Rasa's `Event.resolve_by_type`, from a table: the first subclass with the name, as Rasa's loop finds it."""
    found = _event_classes.get(type_name)
    if found is None:
        _event_classes.clear()
        for cls in rasa.shared.utils.common.all_subclasses(Event):
            _event_classes.setdefault(cls.type_name, cls)
        found = _event_classes.get(type_name)
    return found if found is not None else RASA_RESOLVE_BY_TYPE(type_name, default)


class _KeptSession:
    """`async with` on a session that stays open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc: Any) -> bool:
        return False


def kept_session(self: EndpointConfig) -> _KeptSession:
    """One open session per endpoint and event loop, configured as Rasa configures its own."""
    loop = asyncio.get_running_loop()
    kept = getattr(self, "_payband_session", None)
    if kept is None or kept[0] is not loop or kept[1].closed:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=rasa.utils.endpoints.DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_S),
        )
        kept = (loop, session)
        self._payband_session = kept
    return _KeptSession(kept[1])


def load_model_without_tracing_the_fit(
    cls: Any,
    model_file_name: Text,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """Rasa's `RasaModel.load` with its weight-building fit step run eagerly."""
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
    from rasa.utils.train_utils import create_data_generators

    model = cls(*args, **kwargs)
    learning_rate = kwargs.get("config", {}).get(LEARNING_RATE, 0.001)
    run_eagerly = kwargs.get("config", {}).get(RUN_EAGERLY)
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), run_eagerly=run_eagerly)  # as Rasa compiles it
    model.load_weights(model_file_name)
    if not finetune_mode and predict_data_example:
        generator, _ = create_data_generators(model_data=predict_data_example, batch_sizes=1, epochs=1, shuffle=False)
        batch_in = next(iter(generator))[0]
        traced = tf.function(model.predict_step, input_signature=model._dynamic_signature(batch_in), autograph=False)
        model._tf_predict_step = traced.get_concrete_function()  # called directly: no signature matching per call
        model.run_inference(predict_data_example)
    return model


def _order(self: Any, targets: Tuple[Text, ...]) -> List[Tuple[Text, Tuple[Text, ...]]]:
    """(node, the names it needs) for every node the targets need, each after what it needs."""
    cached = self.__dict__.setdefault("_payband_orders", {})
    if targets not in cached:
        schema = self._graph_schema.minimal_graph_schema(list(targets))
        order: List[Tuple[Text, Tuple[Text, ...]]] = []
        done: set = set()

        def visit(name: Text) -> None:
            if name in done or name not in schema.nodes:
                return
            done.add(name)
            needs = tuple(schema.nodes[name].needs.values())
            for need in needs:
                visit(need)
            order.append((name, needs))

        for name in schema.nodes:
            visit(name)
        cached[targets] = order
    return cached[targets]


def run_graph(self: Any, inputs: Optional[Dict[Text, Any]] = None, targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    """`DaskGraphRunner.run` without dask: the same nodes, inputs and result."""
    from rasa.engine.exceptions import GraphRunError

    run_targets = tuple(targets if targets else self._graph_schema.target_names)
    order = _order(self, run_targets)
    results: Dict[Text, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and any(value == node for node, _ in order):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input names "
                f"passed to the `run` method are the same as node names in the graph schema."
            )
        results[name] = (name, value)  # dask passes an input as this literal pair
    try:
        for name, needs in order:
            results[name] = self._instantiated_nodes[name](*(results[need] for need in needs))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    return dict(results[target] for target in run_targets)


def combine_sparse_features(self: Any, additional_features: Any) -> None:
    """Rasa's `Features._combine_sparse_features`: the same check, the same COO result, without bmat."""
    import numpy as np
    import scipy.sparse

    if self.features.shape[0] != additional_features.features.shape[0]:
        raise ValueError(
            f"Cannot combine sparse features as sequence dimensions do not match: "
            f"{self.features.shape[0]} != {additional_features.features.shape[0]}."
        )
    left, right = self.features.tocoo(), additional_features.features.tocoo()
    dtype = np.result_type(left.dtype, right.dtype)
    data = np.concatenate([left.data, right.data]).astype(dtype, copy=False)
    rows = np.concatenate([left.row, right.row])
    cols = np.concatenate([left.col, right.col + left.shape[1]])
    self.features = scipy.sparse.coo_matrix((data, (rows, cols)), shape=(left.shape[0], left.shape[1] + right.shape[1]))
    self._cached_fingerprint = None


class StoreUnavailable(Exception):
    """The tracker store's database cannot be reached: the turn must fail, not start afresh (8)."""


async def failsafe_retrieve(self: Any, sender_id: Text) -> Any:
    try:
        return await self._tracker_store.retrieve(sender_id)
    except StoreUnavailable:
        raise
    except Exception as error:  # noqa: BLE001 - Rasa's own handling, as in its method
        self.on_tracker_store_retrieve_error(error)
        return None


async def failsafe_save(self: Any, tracker: Any) -> None:
    try:
        await self._tracker_store.save(tracker)
    except StoreUnavailable:
        raise
    except Exception as error:  # noqa: BLE001 - Rasa's own handling, as in its method
        self.on_tracker_store_error(error)
        await self.fallback_tracker_store.save(tracker)


RASA_FAILSAFE: Dict[Text, Any] = {}  # Rasa's own methods, for the tests


def apply() -> None:
    """Install the work-arounds (idempotent)."""
    global _applied
    if not _applied:
        RemoteAction._validate_action_result = _validate_action_result
        Event.resolve_by_type = staticmethod(resolve_by_type)
        EndpointConfig.session = kept_session
        Features._combine_sparse_features = combine_sparse_features
        from rasa.engine.runner.dask import DaskGraphRunner
        from rasa.utils.tensorflow.models import RasaModel

        global RASA_GRAPH_RUN
        RASA_GRAPH_RUN = DaskGraphRunner.run
        DaskGraphRunner.run = run_graph

        global RASA_MODEL_LOAD
        RASA_MODEL_LOAD = RasaModel.__dict__["load"]  # the classmethod itself, to put back in tests
        RasaModel.load = classmethod(load_model_without_tracing_the_fit)

        from rasa.core.tracker_store import FailSafeTrackerStore

        RASA_FAILSAFE.update(retrieve=FailSafeTrackerStore.retrieve, save=FailSafeTrackerStore.save)
        FailSafeTrackerStore.retrieve = failsafe_retrieve
        FailSafeTrackerStore.save = failsafe_save
        _applied = True


def sql_tracker_store(store: Any) -> Any:
    """The tracker store under Rasa's wrappers (7): the one that can erase conversations."""
    for _ in range(5):
        if hasattr(store, "erase"):
            return store
        store = getattr(store, "_tracker_store", None)
        if store is None:
            break
    raise RuntimeError("no Payband tracker store under the agent's (runtime.tracker_store.WindowedSQLTrackerStore in endpoints.yml)")
