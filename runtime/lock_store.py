"""The conversation lock (endpoints.yml `lock_store`): one process or every replica.

Rasa takes a conversation's lock around each message, so its turns run one at a time, in the
order they arrived. With REDIS_URL empty (one process: `make serve`, `make chat`) this is
Rasa's own in-memory lock, as before. With REDIS_URL set (`make cluster`, Kubernetes) the lock
is shared through Redis by every replica and Sanic worker.

Why not Rasa's `RedisLockStore`: it issues a ticket by reading the lock's JSON, adding a
ticket and writing it back (GET then SET), so two replicas that take a ticket at the same
moment can both get the same number and both run; it also polls once a second. Here each
step is one Lua script, which Redis runs atomically:
- issue: INCR the conversation's counter (the ticket), record its deadline in a hash, and say
  whether it is the lowest (then it holds the lock without another round trip);
- try: drop expired tickets, then the lowest live ticket holds the lock (first come, first
  served; a replica that died holding a ticket blocks the others only until its deadline);
- release: delete the ticket.
A waiter polls every POLL_SECONDS. Redis calls use redis-py's asyncio client, one per event
loop (each Sanic worker has its own). If Redis is down the message fails and the channel
apologises (channels/guard.py); the next message after Redis is back goes through.
"""

from __future__ import annotations

import asyncio
import logging
import os
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Dict, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from runtime.shared_redis import client

logger = logging.getLogger(__name__)
POLL_SECONDS = 0.02
KEY_PREFIX = "payband:lock:"

# issue a ticket and say whether it holds the lock at once: {ticket, 1} or {ticket, 0}
ISSUE = """
local t = redis.call('INCR', KEYS[1])
local now = redis.call('TIME')
local ms = now[1] * 1000 + math.floor(now[2] / 1000)
redis.call('HSET', KEYS[2], t, ms + tonumber(ARGV[1]))
redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[1]))
redis.call('PEXPIRE', KEYS[2], 2 * tonumber(ARGV[1]))
local tickets = redis.call('HKEYS', KEYS[2])
for i = 1, #tickets do
  if tonumber(tickets[i]) < t then return {t, 0} end
end
return {t, 1}
"""

# 1: the ticket holds the lock; 0: wait; -1: the ticket expired
TRY = """
local now = redis.call('TIME')
local ms = now[1] * 1000 + math.floor(now[2] / 1000)
local tickets = redis.call('HGETALL', KEYS[1])
local lowest = nil
local mine = false
for i = 1, #tickets, 2 do
  local t, deadline = tonumber(tickets[i]), tonumber(tickets[i + 1])
  if deadline < ms then
    redis.call('HDEL', KEYS[1], tickets[i])
  else
    if t == tonumber(ARGV[1]) then mine = true end
    if lowest == nil or t < lowest then lowest = t end
  end
end
if not mine then return -1 end
if lowest == tonumber(ARGV[1]) then return 1 end
return 0
"""

RELEASE = """
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[1]) end
return 1
"""


def sanic_workers() -> int:
    try:
        return int(os.environ.get("SANIC_WORKERS", "1") or 1)
    except ValueError:
        return 1


class PaybandLockStore(LockStore):
    """endpoints.yml's lock store: Rasa's in-memory lock for one process, the shared Redis lock when
    the endpoint has a URL. Rasa builds a custom lock store from a class, so this one picks in `__new__`."""

    def __new__(cls, endpoint_config: Optional[EndpointConfig] = None) -> LockStore:  # type: ignore[misc]
        url = (endpoint_config.url if endpoint_config else None) or ""
        if url:
            return RedisTicketLockStore(url)
        if sanic_workers() > 1:  # Rasa would start the workers anyway, each with a lock of its own
            raise ValueError("SANIC_WORKERS > 1 needs a lock shared between processes: set REDIS_URL (README: Scaling out)")
        return InMemoryLockStore()


class RedisTicketLockStore(LockStore):
    """First-come, first-served conversation locks in Redis, each step atomic (see the module's docstring)."""

    def __init__(self, url: Text) -> None:
        super().__init__()
        self.url = url
        self._scripts: Dict[Text, Any] = {}

    def _keys(self, conversation_id: Text) -> Dict[str, str]:
        base = KEY_PREFIX + conversation_id
        return {"counter": base + ":next", "tickets": base + ":tickets"}

    async def _script(self, source: Text, keys: list, *args: Any) -> Any:
        """Run a script by its SHA (EVALSHA; redis-py loads it again after a Redis restart)."""
        redis = client(self.url)
        if source not in self._scripts:
            self._scripts[source] = redis.register_script(source)
        return await self._scripts[source](keys=keys, args=list(args), client=redis)

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = POLL_SECONDS
    ) -> AsyncGenerator[TicketLock, None]:
        keys = self._keys(conversation_id)
        ticket, state = await self._script(ISSUE, [keys["counter"], keys["tickets"]], int(lock_lifetime * 1000))
        try:
            while int(state) != 1:
                await asyncio.sleep(min(wait_time_in_seconds, POLL_SECONDS))
                state = await self._script(TRY, [keys["tickets"]], ticket)
                if int(state) == -1:
                    raise LockError(f"the lock ticket for a conversation expired after {lock_lifetime:g} s while waiting")
            yield TicketLock(conversation_id)
        finally:
            try:
                await self._script(RELEASE, [keys["tickets"]], ticket)
            except Exception as error:  # noqa: BLE001 - Redis went away: the ticket expires by itself
                logger.error("lock store: could not release a ticket (%s); it expires by itself", type(error).__name__)

    # Rasa's own synchronous lock interface is not used by Rasa 3.6 outside `lock()`;
    # it is refused rather than answered from a second, non-atomic code path.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        raise NotImplementedError("use `async with lock_store.lock(conversation_id)`")

    def delete_lock(self, conversation_id: Text) -> None:
        raise NotImplementedError("use `async with lock_store.lock(conversation_id)`")

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("use `async with lock_store.lock(conversation_id)`")
