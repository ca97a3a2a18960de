"""One redis-py asyncio client per (URL, event loop): the lock store and Slack's de-duplication share it.

A client is bound to the event loop it first ran on, and each Sanic worker has its own loop.
`health_check_interval` makes an idle connection PING before it is reused, and a command that
finds its connection dead is sent once more on a new one, so after Redis restarts the first
message goes through instead of failing on a dead connection. (That one retry could issue a
lock ticket twice if a connection broke after Redis ran the command but before it answered;
the spare ticket expires after TICKET_LOCK_LIFETIME. A restarted Redis holds no tickets.)
"""

from __future__ import annotations

import asyncio
from typing import Dict, Text, Tuple

import redis.asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError

_clients: Dict[Tuple[Text, int], redis.Redis] = {}


def client(url: Text) -> redis.Redis:
    key = (url, id(asyncio.get_running_loop()))
    if key not in _clients:
        _clients[key] = redis.Redis.from_url(
            url,
            socket_connect_timeout=2,
            socket_timeout=5,
            health_check_interval=2,
            retry=Retry(NoBackoff(), 1),
            retry_on_error=[RedisConnectionError],
        )
    return _clients[key]
