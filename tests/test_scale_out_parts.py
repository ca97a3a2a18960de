"""The parts of the scale-out that need no running service (issue 19): which lock store
endpoints.yml gives, Rasa's worker check, the store's errors reaching the user as the apology,
and Slack's de-duplication falling back when Redis is unreachable. The same parts against real
PostgreSQL, Redis and nginx: tests/test_cluster.py and tests/test_lock_store.py."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.lock_store import InMemoryLockStore, LockStore
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints, number_of_sanic_workers
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.dedupe import RecentKeys, SharedRecentKeys, recent_keys
from runtime import rasa_workarounds
from runtime.lock_store import RedisTicketLockStore
from runtime.rasa_workarounds import StoreUnavailable
from tests.helpers import read_endpoints

ROOT = Path(__file__).resolve().parent.parent


def _endpoints(monkeypatch, tmp_path, **env: str) -> AvailableEndpoints:
    return read_endpoints(monkeypatch, **{"TRACKER_DB": str(tmp_path / "c.db"), "ACTION_URL": "", **env})


def test_one_process_gets_rasas_in_memory_lock(monkeypatch, tmp_path):
    monkeypatch.delenv("SANIC_WORKERS", raising=False)
    assert type(LockStore.create(_endpoints(monkeypatch, tmp_path).lock_store)) is InMemoryLockStore


def test_redis_url_gives_the_shared_lock(monkeypatch, tmp_path):
    store = LockStore.create(_endpoints(monkeypatch, tmp_path, REDIS_URL="redis://127.0.0.1:6399/0").lock_store)
    assert isinstance(store, RedisTicketLockStore) and store.url == "redis://127.0.0.1:6399/0"


def test_several_workers_without_redis_are_refused_with_the_fix(monkeypatch, tmp_path):
    endpoints = _endpoints(monkeypatch, tmp_path, SANIC_WORKERS="2")
    with pytest.raises(ValueError, match="REDIS_URL"):
        LockStore.create(endpoints.lock_store)


def test_rasa_allows_several_sanic_workers_only_with_a_lock_store_like_ours(monkeypatch, tmp_path):
    """What `rasa run` decides from endpoints.yml (rasa.core.run): our custom type counts as shared."""
    endpoints = _endpoints(monkeypatch, tmp_path, SANIC_WORKERS="3", REDIS_URL="redis://127.0.0.1:6399/0")
    assert number_of_sanic_workers(endpoints.lock_store) == 3
    assert number_of_sanic_workers(None) == 1  # Rasa's silent fallback without one


def test_rasa_still_takes_the_lock_only_through_lock():
    """RedisTicketLockStore implements `lock()` alone; Rasa's agent must still use only that."""
    assert "self.lock_store.lock(message.sender_id)" in inspect.getsource(Agent.handle_message)
    with pytest.raises(NotImplementedError):
        RedisTicketLockStore("redis://127.0.0.1:6399/0").get_lock("x")


# --- the tracker store's errors ----------------------------------------------------------------------


class _Down(TrackerStore):
    def __init__(self, error: Exception) -> None:
        super().__init__(None)
        self.error = error

    async def retrieve(self, sender_id):
        raise self.error

    async def save(self, tracker):
        raise self.error


def test_rasa_still_answers_a_store_error_with_an_empty_conversation():
    """Why work-around 8 exists: Rasa's own FailSafeTrackerStore swallows every error."""
    rasa_workarounds.apply()
    wrapped = FailSafeTrackerStore(_Down(StoreUnavailable("OperationalError")))
    assert asyncio.run(rasa_workarounds.RASA_FAILSAFE["retrieve"](wrapped, "x")) is None


def test_an_unavailable_store_fails_the_turn_and_other_errors_keep_rasas_handling():
    rasa_workarounds.apply()
    down = FailSafeTrackerStore(_Down(StoreUnavailable("OperationalError")))
    with pytest.raises(StoreUnavailable):
        asyncio.run(down.retrieve("x"))
    with pytest.raises(StoreUnavailable):
        asyncio.run(down.save(DialogueStateTracker("x", [])))
    other = FailSafeTrackerStore(_Down(KeyError("odd")), fallback_tracker_store=InMemoryTrackerStore(None))
    assert asyncio.run(other.retrieve("x")) is None
    asyncio.run(other.save(DialogueStateTracker("x", [])))
    assert asyncio.run(other.fallback_tracker_store.retrieve("x")) is not None


@pytest.fixture
def store(monkeypatch, tmp_path):
    domain = Domain.load(str(ROOT / "domain.yml"))
    return TrackerStore.create(_endpoints(monkeypatch, tmp_path).tracker_store, domain)


def _dbapi_error(invalidated: bool) -> sa.exc.DBAPIError:
    return sa.exc.OperationalError("select 1", {}, Exception("server closed the connection"), connection_invalidated=invalidated)


def test_a_database_that_cannot_be_reached_raises_store_unavailable(store, monkeypatch):
    def down(*_args, **_kwargs):
        raise _dbapi_error(False)

    monkeypatch.setattr(store, "session_scope", down)
    with pytest.raises(StoreUnavailable):
        asyncio.run(store.retrieve("rest:x"))
    with pytest.raises(StoreUnavailable):
        asyncio.run(store.save(DialogueStateTracker("rest:x", [])))


def test_a_connection_dropped_by_a_database_restart_is_retried_once(store, monkeypatch):
    tracker = DialogueStateTracker.from_events("rest:y", [UserUttered("senior"), SlotSet("level", "senior")], store.domain.slots)
    asyncio.run(store.save(tracker))
    store._kept.clear()
    real, calls = store.session_scope, []

    def first_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise _dbapi_error(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "session_scope", first_fails)
    assert asyncio.run(store.retrieve("rest:y")).get_slot("level") == "senior"
    calls.clear()

    def always_fails(*_args, **_kwargs):
        raise _dbapi_error(True)

    monkeypatch.setattr(store, "session_scope", always_fails)
    with pytest.raises(StoreUnavailable):  # still dropped on a new connection: the database is down
        asyncio.run(store.retrieve("rest:y"))


# --- Slack's de-duplication -------------------------------------------------------------------------


def test_recent_keys_in_one_process():
    keys = RecentKeys(ttl=60)
    assert asyncio.run(keys.seen(("event", "Ev1"))) is False
    assert asyncio.run(keys.seen(("event", "Ev1"))) is True
    assert asyncio.run(keys.seen(("event", "Ev2"))) is False


def test_the_shared_keys_are_chosen_by_redis_url(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "")
    assert isinstance(recent_keys(), RecentKeys)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6399/0")
    assert isinstance(recent_keys(), SharedRecentKeys)


def test_unreachable_redis_falls_back_to_this_process(caplog):
    keys = SharedRecentKeys("redis://127.0.0.1:9/0")  # nothing listens on port 9: refused at once

    async def twice():
        return await keys.seen(("event", "Ev9")), await keys.seen(("event", "Ev9"))

    assert asyncio.run(twice()) == (False, True)
    assert "Redis unavailable" in caplog.text and "Ev9" not in caplog.text


def test_rasas_redis_lock_store_still_issues_a_ticket_by_reading_then_writing():
    """Why runtime/lock_store.py has its own Redis lock: Rasa's reads the lock, adds a ticket in
    Python and writes it back, so two replicas can draw the same ticket."""
    source = inspect.getsource(LockStore.issue_ticket)
    assert source.index("get_or_create_lock") < source.index("issue_ticket(lock_lifetime)") < source.index("save_lock")
