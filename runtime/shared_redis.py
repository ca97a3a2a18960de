"""One redis-py asyncio client per (URL, event loop): the lock store and Slack's de-duplication share it.

A client is bound to the event loop it first ran on, and each Sanic worker has its own loop.
`health_check_interval` makes an idle connection PING before it is reused, so after Redis
restarts the first message finds out on a fresh connection instead of failing on a dead one.
"""

from __future__ import annotations

import asyncio
from typing import Dict, Text, Tuple

import redis.asyncio as redis

_clients: Dict[Tuple[Text, int], redis.Redis] = {}


def client(url: Text) -> redis.Redis:
    key = (url, id(asyncio.get_running_loop()))
    if key not in _clients:
        _clients[key] = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=2)
    return _clients[key]
