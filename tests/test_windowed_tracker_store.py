"""runtime/tracker_store.py: a turn loads the slots and the last turns; every event is kept."""

import asyncio
import json
from pathlib import Path

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from runtime.tracker_store import LOADED, WindowedSQLTrackerStore
from tests.helpers import read_endpoints

ROOT = Path(__file__).resolve().parent.parent
TURNS = 3


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def store(tmp_path, domain, monkeypatch):
    endpoints = read_endpoints(monkeypatch, TRACKER_DB=str(tmp_path / "c.db"))
    created = TrackerStore.create(endpoints.tracker_store, domain)
    assert isinstance(created, WindowedSQLTrackerStore) and created.turns_loaded == TURNS  # endpoints.yml names this store
    return created


def run(coroutine):
    return asyncio.run(coroutine)


def turn(i: int):
    """One user turn as Rasa logs it; the level changes every turn, the region once."""
    events = [
        UserUttered(f"message {i}", {"name": "give_details"}),
        ActionExecuted("action_answer"),
        SlotSet("level", ["junior", "mid", "senior"][i % 3]),
        BotUttered(f"answer {i}"),
        ActionExecuted("action_listen"),
    ]
    if i == 3:
        events.insert(2, SlotSet("region", "london"))
    return events


def talk(store, sender: str, turns: int) -> DialogueStateTracker:
    """Turns as the Rasa server takes them: retrieve (or create), add the turn's events, save."""
    for i in range(turns):
        tracker = run(store.retrieve(sender)) or DialogueStateTracker(sender, store.domain.slots)
        for event in turn(i):
            tracker.update(event)
        run(store.save(tracker))
    return run(store.retrieve(sender))


def stored_rows(store, sender):
    with store.session_scope() as session:
        return [
            json.loads(row.data)
            for row in session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).order_by(store.SQLEvent.id)
        ]


def test_a_long_conversation_loads_its_slots_and_last_turns_only(store):
    tracker = talk(store, "rest:long", 40)
    assert tracker.get_slot("level") == ["junior", "mid", "senior"][39 % 3]
    assert tracker.get_slot("region") == "london"  # set at turn 3, long out of the window
    users = [e.text for e in tracker.events if isinstance(e, UserUttered)]
    assert TURNS <= len(users) < 2 * TURNS  # the window, plus the turns since it was loaded
    assert users == [f"message {i}" for i in range(40 - len(users), 40)]
    fresh = run(reopen(store).retrieve("rest:long"))  # as another process loads it: the window exactly
    assert [e.text for e in fresh.events if isinstance(e, UserUttered)] == [f"message {i}" for i in range(40 - TURNS, 40)]
    assert fresh.current_slot_values() == tracker.current_slot_values()


def test_every_event_is_stored_once_and_the_full_tracker_has_them_all(store):
    talk(store, "rest:all", 25)
    rows = stored_rows(store, "rest:all")
    assert [r["text"] for r in rows if r["event"] == "user"] == [f"message {i}" for i in range(25)]
    assert len(rows) == sum(len(turn(i)) for i in range(25))
    full = run(store.retrieve_full_tracker("rest:all"))
    assert len([e for e in full.events if isinstance(e, UserUttered)]) == 25


def test_a_short_conversation_is_loaded_whole(store):
    kept = talk(store, "rest:short", TURNS)
    loaded = run(reopen(store).retrieve("rest:short"))  # from the database: the tracker kept in memory is whole anyway
    assert loaded is not kept
    assert [e.text for e in loaded.events if isinstance(e, UserUttered)] == [f"message {i}" for i in range(TURNS)]
    assert [e.as_dict() for e in loaded.events] == stored_rows(store, "rest:short")  # every event, as stored, no slots prefix
    assert loaded.get_slot("level") == ["junior", "mid", "senior"][(TURNS - 1) % 3]


def reopen(store):
    """Another store on the same database: another process, or the same after a restart."""
    return WindowedSQLTrackerStore(domain=store.domain, db=store.engine.url.database, turns_loaded=TURNS)


def test_a_restarted_store_reads_the_same_window(store):
    talk(store, "rest:restart", 20)
    first, second = run(reopen(store).retrieve("rest:restart")), run(reopen(store).retrieve("rest:restart"))
    assert first.current_slot_values() == second.current_slot_values() == run(store.retrieve("rest:restart")).current_slot_values()
    assert [e.as_dict() for e in first.events] == [e.as_dict() for e in second.events]


def test_the_tracker_saved_last_is_reused_while_it_is_current(store):
    talk(store, "rest:kept", 1)
    tracker = run(store.retrieve("rest:kept"))
    tracker.update(UserUttered("one more"))
    run(store.save(tracker))
    kept = run(store.retrieve("rest:kept"))
    assert kept is tracker and run(store.retrieve("rest:kept")) is kept  # saved here, nothing new: no reload
    kept.update(UserUttered("a turn that failed before its save"))
    assert run(store.retrieve("rest:kept")) is not kept  # unsaved events: loaded again from the database


def test_a_save_by_another_process_is_seen(store):
    talk(store, "rest:two", 3)
    mine = run(store.retrieve("rest:two"))
    other = reopen(store)
    tracker = run(other.retrieve("rest:two"))
    tracker.update(SlotSet("region", "london"))
    run(other.save(tracker))
    seen = run(store.retrieve("rest:two"))
    assert seen is not mine and seen.get_slot("region") == "london"


def test_a_kept_tracker_is_reloaded_before_it_holds_two_windows(store):
    talk(store, "rest:grow", 3 * TURNS + 1)
    for _ in range(3 * TURNS):
        users = [e for e in run(store.retrieve("rest:grow")).events if isinstance(e, UserUttered)]
        assert len(users) < 2 * TURNS
        talk(store, "rest:grow", 1)


def test_a_session_start_inside_the_window_starts_the_load(store):
    talk(store, "rest:session", 12)
    tracker = run(store.retrieve("rest:session"))
    for event in [ActionExecuted("action_session_start"), SessionStarted(), SlotSet("level", "staff"), ActionExecuted("action_listen")]:
        tracker.update(event)
    run(store.save(tracker))
    reloaded = run(reopen(store).retrieve("rest:session"))
    assert [e for e in reloaded.events if isinstance(e, UserUttered)] == []
    assert reloaded.get_slot("level") == "staff"


def test_a_restart_inside_the_window_still_resets_the_slots(store):
    talk(store, "rest:reset", 12)
    tracker = run(store.retrieve("rest:reset"))
    tracker.update(Restarted())
    run(store.save(tracker))
    loaded = run(reopen(store).retrieve("rest:reset"))  # from the database: the kept tracker has the restart applied already
    assert loaded is not tracker
    # the window: the last TURNS saves (two turns and the restart's), after the checkpoint's slots
    assert [e.text for e in loaded.events if isinstance(e, UserUttered)] == [f"message {i}" for i in range(12 - (TURNS - 1), 12)]
    assert isinstance(loaded.events[-1], Restarted) and loaded.applied_events() == []
    assert {name: value for name, value in loaded.current_slot_values().items() if value is not None} == {}


def test_a_tracker_not_built_by_the_store_is_saved_by_counting(store):
    tracker = DialogueStateTracker.from_events("rest:api", [UserUttered("hi"), SlotSet("level", "senior")], store.domain.slots)
    assert not hasattr(tracker, LOADED)
    run(store.save(tracker))
    run(store.save(tracker))  # a second save of the same object adds nothing
    assert len(stored_rows(store, "rest:api")) == 2


def test_sqlite_keeps_its_connections_in_wal_mode(store):
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    assert type(store.engine.pool).__name__ == "QueuePool"


def test_a_wrong_synchronous_setting_is_one_clear_error(tmp_path, domain):
    with pytest.raises(ValueError, match="sqlite_synchronous"):
        WindowedSQLTrackerStore(domain=domain, db=str(tmp_path / "x.db"), sqlite_synchronous="sometimes")
