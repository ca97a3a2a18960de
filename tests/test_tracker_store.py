"""The SQL tracker store from endpoints.yml: an SQLite file by default, PostgreSQL (DB_URL)
against a real PostgreSQL server on loopback.

endpoints.yml is read exactly as `rasa run` reads it, with DB_URL pointing at a
throw-away cluster; a conversation saved through one store instance is read back
by a fresh one, as after a restart.
"""

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers import read_endpoints

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_bin(name: str):
    """Debian keeps initdb and pg_ctl in /usr/lib/postgresql/<version>/bin, off the PATH."""
    found = shutil.which(name)
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return found or (str(versions[-1]) if versions else None)


def _as_postgres(*args: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + [_postgres_bin(args[0]) or args[0], *args[1:]], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def postgres_url():
    if not _postgres_bin("initdb") or not _postgres_bin("pg_ctl"):
        pytest.fail("PostgreSQL server binaries are missing: run scripts/install-services.sh (as root) or install 'postgresql'")
    workdir = Path(tempfile.mkdtemp(prefix="payband-pg-"))
    os.chmod(workdir, 0o777)
    data, port = workdir / "data", _free_port()
    _as_postgres("initdb", "-D", str(data), "-U", "payband", "--auth=trust")
    _as_postgres("pg_ctl", "-D", str(data), "-l", str(workdir / "pg.log"), "-w", "-o", f"-h 127.0.0.1 -p {port} -k {workdir}", "start")
    try:
        _as_postgres("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "payband", "payband")
        yield f"postgresql://payband@127.0.0.1:{port}/payband"
    finally:
        _as_postgres("pg_ctl", "-D", str(data), "-m", "fast", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


def test_conversation_survives_a_new_store_on_postgres(postgres_url, monkeypatch):
    _check_store_survives(monkeypatch, postgres_url, "unused.db", "postgresql")


def test_default_is_an_sqlite_file(tmp_path, monkeypatch):
    _check_store_survives(monkeypatch, "", str(tmp_path / "conversations.db"), "sqlite")
    assert (tmp_path / "conversations.db").stat().st_size > 0


def _check_store_survives(monkeypatch, db_url: str, tracker_db: str, dialect: str) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = _store_on(monkeypatch, db_url, tracker_db)
    assert isinstance(store, SQLTrackerStore) and store.engine.dialect.name == dialect

    tracker = DialogueStateTracker.from_events(
        "rest:pg-user", [UserUttered("senior in london"), SlotSet("level", "senior"), SlotSet("region", "london")], store.domain.slots
    )
    asyncio.run(store.save(tracker))
    reopened = _store_on(monkeypatch, db_url, tracker_db)
    restored = asyncio.run(reopened.retrieve("rest:pg-user"))
    assert restored.get_slot("level") == "senior" and restored.get_slot("region") == "london"


# --- retention and erasing (issue 18), on both databases ------------------------------------------


def _store_on(monkeypatch, db_url: str, tracker_db: str, **env: str):
    from rasa.core.tracker_store import TrackerStore
    from rasa.shared.core.domain import Domain

    endpoints = read_endpoints(monkeypatch, DB_URL=db_url, TRACKER_DB=tracker_db, **env)
    return TrackerStore.create(endpoints.tracker_store, Domain.load(str(ROOT / "domain.yml")))


def _conversation(store, sender: str, days_ago: float):
    """A conversation whose last message was `days_ago` days ago (a back-dated one)."""
    import time

    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    when = time.time() - days_ago * 86_400
    events = [UserUttered("senior in london, offered 97k by Zyxcorp", timestamp=when), SlotSet("level", "senior", timestamp=when)]
    return DialogueStateTracker.from_events(sender, events, store.domain.slots)


def _said(store, sender: str, days_ago: float) -> None:
    asyncio.run(store.save(_conversation(store, sender, days_ago)))


def _check_retention_and_erasing(monkeypatch, db_url: str, tracker_db: str, script: bool = False) -> None:
    store = _store_on(monkeypatch, db_url, tracker_db, RETENTION_DAYS="30", RETENTION_CHECK_SECONDS="1")
    _said(store, "rest:retain-idle", 45)
    _said(store, "rest:retain-recent", 2)
    for user in ("U0AAAA1111", "U0BBBB2222"):
        _said(store, f"slack:T1:D0{user[-4:]}:main:{user}", 1)
        _said(store, f"slack:T1:C0CHANNEL1:1700000000.1:{user}", 1)
    assert set(store.conversations("rest:retain-")) == {"rest:retain-idle", "rest:retain-recent"}

    restarted = _store_on(monkeypatch, db_url, tracker_db, RETENTION_DAYS="30")  # at start-up: the idle one goes
    assert restarted.conversations("rest:retain-") == ["rest:retain-recent"]

    async def while_running():  # and daily while running (here every second)
        await restarted.retrieve("rest:retain-recent")
        await restarted.save(_conversation(restarted, "rest:retain-idle-later", 31))
        for _ in range(100):  # the check runs every second; allow for a loaded machine
            await asyncio.sleep(0.1)
            if "rest:retain-idle-later" not in restarted.conversations("rest:retain-"):
                break

    monkeypatch.setenv("RETENTION_CHECK_SECONDS", "1")
    asyncio.run(while_running())
    assert restarted.conversations("rest:retain-") == ["rest:retain-recent"]

    mine = restarted.conversations("slack:T1:", ":U0AAAA1111")  # one Slack user's DMs and threads in one workspace
    assert len(mine) == 2 and all(sender.endswith(":U0AAAA1111") for sender in mine)
    assert restarted.erase(mine) > 0
    assert restarted.conversations("slack:T1:", ":U0AAAA1111") == []
    assert len(restarted.conversations("slack:T1:", ":U0BBBB2222")) == 2  # another user's are untouched
    assert asyncio.run(restarted.retrieve(mine[0])) is None  # the next message starts fresh

    if not script:  # the fast tier starts no process; test_privacy.py runs `make forget`'s script on SQLite
        return
    theirs = restarted.conversations("slack:T1:", ":U0BBBB2222")[0]  # `make forget ID=...` on the same database
    env = {
        "DB_URL": db_url,
        "TRACKER_DB": tracker_db,
        "ACTION_URL": "http://127.0.0.1:5055/webhook",
        "REDIS_URL": "",
        "ACTION_SERVER_SECRET": "x",
        "PATH": os.environ["PATH"],
    }
    done = subprocess.run([sys.executable, "-m", "scripts.forget", theirs], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0 and "stored events deleted" in done.stdout, done.stderr[-2000:]
    assert theirs not in restarted.conversations("slack:T1:")


def test_retention_and_erasing_on_sqlite(tmp_path, monkeypatch):
    _check_retention_and_erasing(monkeypatch, "", str(tmp_path / "conversations.db"))


def test_retention_and_erasing_on_postgres(postgres_url, monkeypatch):
    _check_retention_and_erasing(monkeypatch, postgres_url, "unused.db", script=True)
