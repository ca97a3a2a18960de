"""Work-arounds of Rasa 3.6 internals, all in this one module (tests/test_rasa_workarounds.py
fails if an upgrade changes what they rely on).

1. `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)` on
   every action call, and `validate` first re-checks the schema itself against the JSON
   Schema meta-schema: about half of the Rasa server's CPU per message under load. The
   schema never changes, so it is checked once and its validator kept; every action
   server response is still validated, with the same error on a bad one.

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

runtime/tracker_store.py subclasses SQLTrackerStore (a supported extension point) and
uses its `SQLEvent` table, `Base` metadata, `session_scope` and `_additional_events`;
the same test file checks those are still there.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, Optional, Text, Type

import asyncio

import aiohttp
import rasa.shared.utils.common
import rasa.utils.endpoints
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig

_applied = False
RASA_VALIDATE_ACTION_RESULT = RemoteAction._validate_action_result  # Rasa's own, before apply()
RASA_RESOLVE_BY_TYPE = Event.resolve_by_type
RASA_ENDPOINT_SESSION = EndpointConfig.session
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


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    from jsonschema import ValidationError

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
            headers=self.headers, auth=auth, timeout=aiohttp.ClientTimeout(total=rasa.utils.endpoints.DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_S),
        )
        kept = (loop, session)
        self._payband_session = kept
    return _KeptSession(kept[1])


def apply() -> None:
    """Install the work-arounds (idempotent)."""
    global _applied
    if not _applied:
        RemoteAction._validate_action_result = _validate_action_result
        Event.resolve_by_type = staticmethod(resolve_by_type)
        EndpointConfig.session = kept_session
        _applied = True
