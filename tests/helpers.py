"""Builders for real rasa-sdk Trackers, shared by the action tests."""

from typing import Any, Dict, Iterable, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher


def tracker(intent: str, entities: Iterable[Tuple[str, str]] = (), slots: Optional[Dict[str, Any]] = None, text: str = "") -> Tracker:
    """A tracker whose latest message has this intent and (entity, value) pairs."""
    return Tracker(
        sender_id="test-user",
        slots=dict(slots or {}),
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.99},
            "entities": [{"entity": name, "value": value, "start": max(text.find(value), 0)} for name, value in entities],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(action, intent: str, entities=(), slots=None, text: str = ""):
    """Run an action; return (messages, slot changes as a dict)."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(intent, entities, slots, text), {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def turn(action, intent: str, text: str, said_as=(), slots=None):
    """Run an action on a message whose entities sit at the words that say them ((kind, value, word)
    each); return (messages, the slots after it, as Rasa would store them)."""
    conversation = tracker(intent, [], slots, text)
    conversation.latest_message["entities"] = [
        {"entity": kind, "value": value, "start": text.index(word), "end": text.index(word) + len(word)} for kind, value, word in said_as
    ]
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, conversation, {})
    return dispatcher.messages, apply(dict(slots or {}), {e["name"]: e["value"] for e in events if e["event"] == "slot"})


def texts(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or m.get("response") or "" for m in messages)


def apply(slots: Dict[str, Any], changes: Dict[str, Any]) -> Dict[str, Any]:
    """Slots after the action's SlotSet events, as Rasa would store them."""
    return {**slots, **changes}


__all__ = ["tracker", "run", "turn", "texts", "apply", "SlotSet"]


def read_endpoints(monkeypatch: Any, **env: str) -> Any:
    """endpoints.yml as `rasa run` reads it, every variable it names set: by default one process
    (an SQLite file at TRACKER_DB, no Redis); keyword arguments override any of them."""
    from pathlib import Path

    from rasa.core.utils import AvailableEndpoints

    defaults = {"DB_URL": "", "TRACKER_DB": "", "ACTION_URL": "http://127.0.0.1:5055/webhook", "REDIS_URL": "", "ACTION_SERVER_SECRET": "x"}
    for name, value in {**defaults, **env}.items():
        monkeypatch.setenv(name, value)
    return AvailableEndpoints.read_endpoints(str(Path(__file__).resolve().parent.parent / "endpoints.yml"))
