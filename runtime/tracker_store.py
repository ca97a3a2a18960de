"""The SQL tracker store with a turn's cost that does not grow with the conversation.

Rasa's SQLTrackerStore rebuilds the whole current session on every message and counts
every stored event of the sender on every save, so a Slack DM that runs for weeks gets
slower each turn (turn 200 took 6-7x as long as turn 1). This store keeps every event, exactly as
Rasa's does (same `events` table: the full transcript is still there, and
`retrieve_full_tracker` - the HTTP API's tracker - still returns all of it), and adds:

- a checkpoint per save: the id of the last event saved and the slots' values then
  (table `payband_checkpoints`);
- the rule for what a turn loads: the events after the checkpoint `turns_loaded` saves
  back, preceded by that checkpoint's slot values (as a session start and SlotSet
  events that are never saved). A conversation with fewer checkpoints (new, or from
  before this store) is loaded whole, as Rasa does. A session start inside the window
  starts the load there, as Rasa does. So slots, the pending question and the last
  `turns_loaded` turns are always there; older turns are not needed by the rules and
  memoization (max_history 5) that predict the next action;
- saving appends the events after the ones it loaded, without counting;
- the trackers this process saved last (`trackers_kept`, 1,000) stay in memory: the next
  turn uses one unless the newest checkpoint in the database is not the one it saved
  (another process wrote since), it holds events that were never saved (a turn that
  failed), or it has been saved `turns_loaded` times since it was loaded (then it is
  loaded again, so it never holds more than twice the window);
- on SQLite, connections are kept open (Rasa's engine opens the file for every session)
  and the database is in WAL mode with synchronous=NORMAL: a commit is not waiting for
  the disk, and a crash of the server loses nothing committed (a power cut can lose the
  last commits, as it can with PostgreSQL's synchronous_commit=off). Set
  `sqlite_synchronous: FULL` in endpoints.yml to wait for the disk on every commit;
- privacy (README: Privacy): `erase` deletes conversations' events and checkpoints ("forget me",
  `make forget`, the DELETE route), `conversations` finds one Slack user's, and conversations idle
  for RETENTION_DAYS are erased when the store starts and every RETENTION_CHECK_SECONDS after
  (runtime/retention.py). The daily erase takes no conversation lock: a message arriving in a
  conversation idle that long just starts it afresh;
- several replicas (README: Scaling out): each turn compares the checkpoint it kept with the
  newest one in the database, so a turn served by another replica is always seen. When the
  database cannot be reached, retrieve and save raise `StoreUnavailable` (the turn fails and
  the user gets the apology; Rasa would otherwise answer from an empty in-memory tracker);
  a turn's first query that meets a connection the database dropped (it restarted) is run
  once more on a new one, so after a database restart the next message works without anyone
  restarting Payband (cheaper than SQLAlchemy's `pool_pre_ping`, a round trip per query).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Text, Tuple

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from runtime import rasa_workarounds
from runtime.rasa_workarounds import StoreUnavailable
from runtime.retention import retention_check_seconds, retention_days

rasa_workarounds.apply()  # the Rasa server imports this module at start (also when started by `rasa run`)

LOADED = "_payband_events_loaded"  # set on a tracker this store built: how many of its events are stored
SAVES = "_payband_saves"  # how many times it was saved since it was loaded
DEFAULT_TURNS_LOADED = 3
DEFAULT_TRACKERS_KEPT = 1000
logger = logging.getLogger(__name__)


def _literal(text: Text) -> Text:
    """Text matched as itself inside a LIKE pattern (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class _Checkpoint(SQLTrackerStore.Base):  # type: ignore[valid-type,misc]
    """After a save: the last event's id and the slots' values."""

    __tablename__ = "payband_checkpoints"
    id = sa.Column(sa.Integer, primary_key=True)
    sender_id = sa.Column(sa.String(255), nullable=False, index=True)
    event_id = sa.Column(sa.Integer, nullable=False)
    slots = sa.Column(sa.Text, nullable=False)


# one sender's events in id order: the window's range query
_EVENTS_BY_SENDER = sa.Index("ix_events_sender_id_id", SQLTrackerStore.SQLEvent.sender_id, SQLTrackerStore.SQLEvent.id)


class WindowedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that loads the slots and the last turns, and saves without counting."""

    def __init__(
        self,
        *args: Any,
        turns_loaded: Any = DEFAULT_TURNS_LOADED,
        sqlite_synchronous: Text = "NORMAL",
        trackers_kept: Any = DEFAULT_TRACKERS_KEPT,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.turns_loaded = max(1, int(turns_loaded or DEFAULT_TURNS_LOADED))
        self.trackers_kept = max(0, int(trackers_kept if trackers_kept is not None else DEFAULT_TRACKERS_KEPT))
        self._kept: "OrderedDict[Text, Tuple[int, DialogueStateTracker]]" = OrderedDict()
        if self.engine.dialect.name == "sqlite":
            self._keep_sqlite_connections(str(sqlite_synchronous or "NORMAL").upper())
        _Checkpoint.__table__.create(self.engine, checkfirst=True)  # (Rasa's create_all logs and goes on if it fails)
        _EVENTS_BY_SENDER.create(self.engine, checkfirst=True)
        self._new: set = set()  # senders whose retrieve found nothing stored, until their first save
        self.retention_days = retention_days()
        self._retention_task: Optional[asyncio.Task] = None
        if self.retention_days:
            erased = self.erase_idle(self.retention_days)  # at start-up, then daily while running (_keep_retention)
            logger.info("retention: erased %d conversation(s) idle for more than %g days", erased, self.retention_days)
        # the two queries of every turn, built once (SQLAlchemy caches their compiled form)
        sender = sa.bindparam("sender")
        self._newest_checkpoint = sa.select(_Checkpoint.id).where(_Checkpoint.sender_id == sender).order_by(_Checkpoint.id.desc()).limit(1)
        self._any_event = sa.select(self.SQLEvent.id).where(self.SQLEvent.sender_id == sender).limit(1)

    def _keep_sqlite_connections(self, synchronous: Text) -> None:
        if synchronous not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise ValueError(f"sqlite_synchronous must be NORMAL, FULL, EXTRA or OFF, not {synchronous!r}")
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=sa.pool.QueuePool, pool_size=4, max_overflow=4, connect_args={"check_same_thread": False}
        )

        @sa.event.listens_for(self.engine, "connect")
        def _pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.close()

        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _keep_retention(self) -> None:
        """Erase idle conversations every RETENTION_CHECK_SECONDS (a day) while the server runs."""
        if self.retention_days and (self._retention_task is None or self._retention_task.done()):
            self._retention_task = asyncio.get_running_loop().create_task(self._retention_loop())

    async def _retention_loop(self) -> None:
        while True:
            await asyncio.sleep(retention_check_seconds())
            try:
                erased = self.erase_idle(self.retention_days)
                logger.info("retention: erased %d conversation(s) idle for more than %g days", erased, self.retention_days)
            except sa.exc.SQLAlchemyError as error:  # the database is down: try again next time
                logger.error("retention: could not erase idle conversations (%s)", type(error).__name__)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            return await self._retrieve_windowed(sender_id)
        except sa.exc.DBAPIError as error:
            if not error.connection_invalidated:
                raise StoreUnavailable(type(error).__name__) from error
        # a pooled connection the database dropped (it restarted): SQLAlchemy has now discarded the
        # pool's old connections, so once more on a new one; still failing means it is down
        try:
            return await self._retrieve_windowed(sender_id)
        except sa.exc.DBAPIError as error:
            raise StoreUnavailable(type(error).__name__) from error

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await self._save_windowed(tracker)
        except sa.exc.DBAPIError as error:
            raise StoreUnavailable(type(error).__name__) from error

    async def _retrieve_windowed(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self._keep_retention()
        with self.session_scope() as session:
            newest = session.execute(self._newest_checkpoint, {"sender": sender_id}).scalar()
            kept = self._kept.get(sender_id)
            if kept is not None and newest is not None and kept[0] == newest and self._fresh(kept[1]):
                self._kept.move_to_end(sender_id)
                return kept[1]  # this process saved the latest turn and the tracker has nothing unsaved
            if newest is None and self._nothing_stored(session, sender_id):
                if len(self._new) > 10_000:  # turns that never reached their save
                    self._new.clear()
                self._new.add(sender_id)
                return None  # a new conversation
            checkpoints = (
                session.query(_Checkpoint.event_id, _Checkpoint.slots)
                .filter(_Checkpoint.sender_id == sender_id)
                .order_by(_Checkpoint.id.desc())
                .offset(self.turns_loaded)
                .limit(1)
                .all()
            )
            rows = None
            if checkpoints:
                cut, slots = checkpoints[0]
                rows = (
                    session.query(self.SQLEvent.data)
                    .filter(self.SQLEvent.sender_id == sender_id, self.SQLEvent.id > cut)
                    .order_by(self.SQLEvent.id)
                    .all()
                )
        if rows is None:  # fewer checkpoints than the window (a short conversation, or one from before this store)
            tracker = await super().retrieve(sender_id)
        else:
            tracker = self._window(sender_id, [json.loads(data) for (data,) in rows], json.loads(slots))
        if tracker is not None:
            setattr(tracker, LOADED, len(tracker.events))
            setattr(tracker, SAVES, 0)
        return tracker

    def _fresh(self, tracker: DialogueStateTracker) -> bool:
        """Nothing added since its last save, and not grown past twice the window (then it is reloaded)."""
        return getattr(tracker, LOADED, -1) == len(tracker.events) and getattr(tracker, SAVES, 0) < self.turns_loaded

    def _window(self, sender_id: Text, events: List[Dict[str, Any]], slots: Dict[str, Any]) -> DialogueStateTracker:
        starts = [i for i, event in enumerate(events) if event.get("event") == SessionStarted.type_name]
        if starts:  # a new session inside the window: load it as Rasa would
            first = starts[-1]
            if first and events[first - 1].get("name") == ACTION_SESSION_START_NAME:
                first -= 1
            return DialogueStateTracker.from_dict(sender_id, events[first:], self.domain.slots)
        when = events[0].get("timestamp") if events else None
        prefix = [ActionExecuted(ACTION_SESSION_START_NAME, timestamp=when), SessionStarted(timestamp=when)]
        prefix += [SlotSet(name, value, timestamp=when) for name, value in slots.items() if value is not None]
        prefix.append(ActionExecuted(ACTION_LISTEN_NAME, timestamp=when))
        return DialogueStateTracker.from_dict(sender_id, [e.as_dict() for e in prefix] + events, self.domain.slots)

    async def _save_windowed(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        sender = tracker.sender_id
        with self.session_scope() as session:
            loaded = getattr(tracker, LOADED, None)
            if loaded is None and (sender in self._new or self._nothing_stored(session, sender)):  # a new conversation
                new = list(tracker.events)
            elif loaded is None:  # a tracker this store did not build: Rasa's count of what is stored
                new = list(self._additional_events(session, tracker))
            else:
                new = list(itertools.islice(tracker.events, loaded, None))
            checkpoint = None
            if new:
                session.execute(sa.insert(self.SQLEvent.__table__), [self._row(sender, event) for event in new])
                slots = {name: value for name, value in tracker.current_slot_values().items() if value is not None}
                last = sa.select(sa.func.max(self.SQLEvent.id)).where(self.SQLEvent.sender_id == sender).scalar_subquery()
                checkpoint = session.execute(
                    sa.insert(_Checkpoint.__table__).values(sender_id=sender, event_id=last, slots=json.dumps(slots))
                ).inserted_primary_key[0]
            session.commit()
        self._new.discard(sender)
        setattr(tracker, LOADED, len(tracker.events))
        setattr(tracker, SAVES, getattr(tracker, SAVES, 0) + 1)
        if checkpoint is not None:
            self._kept[sender] = (checkpoint, tracker)
            self._kept.move_to_end(sender)
            while len(self._kept) > self.trackers_kept:
                self._kept.popitem(last=False)

    def erase(self, sender_ids: List[Text]) -> int:
        """Delete every stored event and checkpoint of these conversations (and any tracker kept in memory):
        'forget me', `make forget`, the DELETE route. Returns how many events were deleted."""
        if not sender_ids:
            return 0
        with self.session_scope() as session:
            deleted = session.execute(sa.delete(self.SQLEvent.__table__).where(self.SQLEvent.sender_id.in_(sender_ids))).rowcount
            session.execute(sa.delete(_Checkpoint.__table__).where(_Checkpoint.sender_id.in_(sender_ids)))
            session.commit()
        for sender in sender_ids:
            self._kept.pop(sender, None)
            self._new.discard(sender)
        return int(deleted or 0)

    def conversations(self, prefix: Text, suffix: Text = "") -> List[Text]:
        """The stored conversation ids that start with `prefix` and end with `suffix` (a Slack user's, in one workspace)."""
        column = self.SQLEvent.sender_id
        query = sa.select(column).where(column.like(f"{_literal(prefix)}%{_literal(suffix)}", escape="\\")).distinct()
        with self.session_scope() as session:
            return sorted(sender for (sender,) in session.execute(query))

    def erase_idle(self, days: float, now: Optional[float] = None) -> int:
        """Delete the conversations whose last event is more than `days` old (RETENTION_DAYS). Returns how many."""
        cutoff = (time.time() if now is None else now) - days * 86_400
        last = sa.func.max(self.SQLEvent.timestamp)
        idle = sa.select(self.SQLEvent.sender_id).group_by(self.SQLEvent.sender_id).having(last < cutoff)
        with self.session_scope() as session:
            senders = [sender for (sender,) in session.execute(idle)]
        for start in range(0, len(senders), 500):
            self.erase(senders[start : start + 500])
        return len(senders)

    def _nothing_stored(self, session: Any, sender_id: Text) -> bool:
        return session.execute(self._any_event, {"sender": sender_id}).first() is None

    def _row(self, sender_id: Text, event: Any) -> Dict[str, Any]:
        data = event.as_dict()
        return dict(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )
