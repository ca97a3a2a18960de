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
import tempfile
from pathlib import Path

import pytest

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
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.core.utils import AvailableEndpoints
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    for name, value in {"DB_URL": db_url, "TRACKER_DB": tracker_db, "ACTION_PORT": "5055", "ACTION_SERVER_SECRET": "x"}.items():
        monkeypatch.setenv(name, value)
    domain = Domain.load(str(ROOT / "domain.yml"))
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    store = TrackerStore.create(endpoints.tracker_store, domain)
    assert isinstance(store, SQLTrackerStore) and store.engine.dialect.name == dialect

    tracker = DialogueStateTracker.from_events(
        "rest:pg-user", [UserUttered("senior in london"), SlotSet("level", "senior"), SlotSet("region", "london")], domain.slots
    )
    asyncio.run(store.save(tracker))
    reopened = TrackerStore.create(endpoints.tracker_store, domain)
    restored = asyncio.run(reopened.retrieve("rest:pg-user"))
    assert restored.get_slot("level") == "senior" and restored.get_slot("region") == "london"
