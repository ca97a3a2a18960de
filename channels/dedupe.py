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


class RecentKeys:
    """A bounded set with expiry: `seen(key)` is True if the key came in within `ttl` seconds."""

    def __init__(self, ttl: float = TTL_SECONDS, limit: int = 50_000) -> None:
        self.ttl, self.limit = ttl, limit
        self._keys: "OrderedDict[Hashable, float]" = OrderedDict()

    async def seen(self, key: Tuple[Optional[Text], ...]) -> bool:
        """Record the key; say whether it was already there (and fresh)."""
        now = time.monotonic()
        while self._keys and (len(self._keys) > self.limit or next(iter(self._keys.values())) < now - self.ttl):
            self._keys.popitem(last=False)
        if key in self._keys:
            return True
        self._keys[key] = now
        return False


class SharedRecentKeys:
    """The same set in Redis (SET NX EX: the first replica to record a key wins), shared by every replica.

    If Redis cannot be reached the keys go to this process's memory, so Slack still gets its
    quick acknowledgement; the message itself then gets the apology (the lock needs Redis too)."""

    def __init__(self, url: Text, ttl: float = TTL_SECONDS) -> None:
        self.url, self.ttl = url, int(ttl)
        self.fallback = RecentKeys(ttl)

    async def seen(self, key: Tuple[Optional[Text], ...]) -> bool:
        from runtime.shared_redis import client

        name = KEY_PREFIX + ":".join(str(part) for part in key)
        try:
            return not await client(self.url).set(name, "1", nx=True, ex=self.ttl)
        except Exception as error:  # noqa: BLE001 - Redis is down or slow: remember it here instead
            logger.error("slack de-duplication: Redis unavailable (%s); remembering in this process", type(error).__name__)
            return await self.fallback.seen(key)


def recent_keys(url: Optional[Text] = None) -> Union[RecentKeys, SharedRecentKeys]:
    """Shared through Redis when REDIS_URL is set, else in this process."""
    url = os.environ.get("REDIS_URL", "") if url is None else url
    return SharedRecentKeys(url) if url else RecentKeys()
