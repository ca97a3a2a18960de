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
    assert action._validate_action_result({"events": [{"event": "slot", "name": "level", "value": "senior"}], "responses": [{"text": "hi"}]})
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
