"""runtime/lock_store.py against a real Redis on loopback: turns of one conversation run one at a
time in the order their tickets were issued, a ticket left by a dead holder expires, and a Redis
that is down fails the turn at once (the channel apologises) instead of hanging it."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
from rasa.core.lock_store import LockError

from runtime.lock_store import ISSUE, RedisTicketLockStore

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: run scripts/install-services.sh (as root) or install 'redis-server'")
    port, folder = _free_port(), tempfile.mkdtemp(prefix="payband-redis-")
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--dir", folder],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode == 0:
            break
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)


def test_turns_run_one_at_a_time_in_ticket_order_across_two_replicas(redis_url):
    replicas = [RedisTicketLockStore(redis_url), RedisTicketLockStore(redis_url)]
    conversation = f"rest:{uuid.uuid4().hex}"
    log, inside = [], []

    async def turn(n: int) -> None:
        await asyncio.sleep(n * 0.004)  # tickets are issued in this order
        async with replicas[n % 2].lock(conversation):
            inside.append(n)
            assert len(inside) == 1, f"turns {inside} ran at once"
            log.append(n)
            await asyncio.sleep(0.01)
            inside.remove(n)

    async def all_turns() -> None:
        await asyncio.gather(*(turn(n) for n in range(30)))

    asyncio.run(all_turns())
    assert log == list(range(30))


def test_other_conversations_do_not_wait(redis_url):
    store = RedisTicketLockStore(redis_url)

    async def both() -> float:
        async with store.lock(f"rest:{uuid.uuid4().hex}"):
            t0 = time.perf_counter()
            async with store.lock(f"rest:{uuid.uuid4().hex}"):
                return time.perf_counter() - t0

    assert asyncio.run(both()) < 0.5


def test_a_ticket_left_by_a_dead_holder_expires(redis_url):
    store = RedisTicketLockStore(redis_url)
    conversation = f"rest:{uuid.uuid4().hex}"

    async def run() -> float:
        keys = store._keys(conversation)
        await store._script(ISSUE, [keys["counter"], keys["tickets"]], 1000)  # a replica took a ticket, then died
        t0 = time.perf_counter()
        async with store.lock(conversation, lock_lifetime=5):
            return time.perf_counter() - t0

    waited = asyncio.run(run())
    assert 0.9 < waited < 3


def test_a_waiting_ticket_that_outlives_its_lifetime_fails_the_turn(redis_url):
    store = RedisTicketLockStore(redis_url)
    conversation = f"rest:{uuid.uuid4().hex}"

    async def run() -> None:
        async with store.lock(conversation, lock_lifetime=10):
            async with store.lock(conversation, lock_lifetime=0.3):
                pass

    with pytest.raises(LockError, match="expired"):
        asyncio.run(run())


def test_redis_down_fails_the_turn_at_once():
    store = RedisTicketLockStore(f"redis://127.0.0.1:{_free_port()}/0")

    async def run() -> None:
        async with store.lock("rest:x"):
            pass

    t0 = time.perf_counter()
    with pytest.raises(Exception) as failure:
        asyncio.run(run())
    assert "Connection" in type(failure.value).__name__ and time.perf_counter() - t0 < 5


def test_one_slack_delivery_recorded_by_two_replicas_at_once_is_first_for_exactly_one(redis_url):
    """channels/dedupe.py: a delivery's keys (message, event id) are checked and recorded in one step.
    Checked one at a time, two replicas could each find one key new and the other seen: nobody answered."""
    from channels.dedupe import SharedRecentKeys

    replicas = [SharedRecentKeys(redis_url), SharedRecentKeys(redis_url)]

    async def deliveries() -> list:
        results = []
        for n in range(200):
            keys = [("message", "D0TEST", f"{n}.{uuid.uuid4().hex[:6]}"), ("event", f"Ev{uuid.uuid4().hex}")]
            results.append(await asyncio.gather(*(replica.seen(*keys) for replica in replicas)))
        return results

    assert all(sorted(pair) == [False, True] for pair in asyncio.run(deliveries()))


def test_a_slack_retry_with_a_new_event_id_for_a_message_already_seen_is_a_duplicate(redis_url):
    from channels.dedupe import SharedRecentKeys

    keys = SharedRecentKeys(redis_url)
    message = ("message", "D0TEST", uuid.uuid4().hex)

    async def run() -> tuple:
        return await keys.seen(message, ("event", "EvA")), await keys.seen(message, ("event", "EvB"))

    assert asyncio.run(run()) == (False, True)
