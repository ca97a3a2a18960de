"""Remember recently seen Slack deliveries so a retried or doubled event is answered once.

One process keeps them in memory (`RecentKeys`). Several replicas (REDIS_URL set) share them
in Redis (`SharedRecentKeys`): Slack's retry may reach another replica, or the same one after
a restart, and must still be recognised. Keys are Slack's event id and (channel, message ts):
no user id and no text.
"""

from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict
from typing import Hashable, Optional, Text, Tuple, Union

logger = logging.getLogger(__name__)
TTL_SECONDS = 3600  # Slack retries within minutes; an hour is ample
KEY_PREFIX = "payband:slack:seen:"
Key = Tuple[Optional[Text], ...]


class RecentKeys:
    """A bounded set with expiry: `seen(*keys)` is True if any key came in within `ttl` seconds."""

    def __init__(self, ttl: float = TTL_SECONDS, limit: int = 50_000) -> None:
        self.ttl, self.limit = ttl, limit
        self._keys: "OrderedDict[Hashable, float]" = OrderedDict()

    async def seen(self, *keys: Key) -> bool:
        """Record the keys; say whether any of them was already there (and fresh). No await inside:
        two deliveries in this process cannot interleave."""
        now = time.monotonic()
        while self._keys and (len(self._keys) > self.limit or next(iter(self._keys.values())) < now - self.ttl):
            self._keys.popitem(last=False)
        before = any(key in self._keys for key in keys)
        for key in keys:
            self._keys[key] = now
        return before


# one script, so Redis runs it atomically: two replicas recording the same delivery's keys at
# once cannot each find one of them new (then neither would answer)
SEEN_ANY = """
local seen = 0
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then seen = 1 end
end
for i = 1, #KEYS do redis.call('SET', KEYS[i], '1', 'EX', ARGV[1]) end
return seen
"""


class SharedRecentKeys:
    """The same set in Redis, shared by every replica: the first replica to record a delivery wins.

    If Redis cannot be reached the keys go to this process's memory, so Slack still gets its
    quick acknowledgement; the message itself then gets the apology (the lock needs Redis too)."""

    def __init__(self, url: Text, ttl: float = TTL_SECONDS) -> None:
        self.url, self.ttl = url, int(ttl)
        self.fallback = RecentKeys(ttl)

    async def seen(self, *keys: Key) -> bool:
        from runtime.shared_redis import client

        names = [KEY_PREFIX + ":".join(str(part) for part in key) for key in keys]
        try:
            return bool(await client(self.url).eval(SEEN_ANY, len(names), *names, self.ttl))
        except Exception as error:  # noqa: BLE001 - Redis is down or slow: remember it here instead
            logger.error("slack de-duplication: Redis unavailable (%s); remembering in this process", type(error).__name__)
            return await self.fallback.seen(*keys)


def recent_keys(url: Optional[Text] = None) -> Union[RecentKeys, SharedRecentKeys]:
    """Shared through Redis when REDIS_URL is set, else in this process."""
    url = os.environ.get("REDIS_URL", "") if url is None else url
    return SharedRecentKeys(url) if url else RecentKeys()
