"""Remember recently seen Slack deliveries so a retried or doubled event is answered once."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Hashable


class RecentKeys:
    """A bounded set with expiry: `seen(key)` is True if the key came in within `ttl` seconds."""

    def __init__(self, ttl: float = 3600, limit: int = 50_000) -> None:
        self.ttl, self.limit = ttl, limit
        self._keys: "OrderedDict[Hashable, float]" = OrderedDict()

    def seen(self, key: Hashable) -> bool:
        """Record the key; say whether it was already there (and fresh)."""
        now = time.monotonic()
        while self._keys and (len(self._keys) > self.limit or next(iter(self._keys.values())) < now - self.ttl):
            self._keys.popitem(last=False)
        if key in self._keys:
            return True
        self._keys[key] = now
        return False
