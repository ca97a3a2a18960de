"""One real action server and one real Rasa server for the whole test session.

Both are started from the trained model in models/ (make test trains first) on
loopback ports of their own, so a developer's running `make serve` is untouched.
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests
from hypothesis import settings

from tests.support.action_proxy import ActionProxy
from tests.support.fake_slack import FakeSlackApi
from tests.support.slack_events import SIGNING_SECRET

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "payband.tar.gz"
BIN = Path(sys.executable).parent
ACTION_PORT = int(os.environ.get("TEST_ACTION_PORT", "5155"))
RASA_PORT = int(os.environ.get("TEST_RASA_PORT", "5105"))
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


# Property tests draw the same examples on every run of `make test` (derandomized), so CI neither
# rejects a good submission nor lands a bad one by luck; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) draws
# new ones from a seed it prints, many more per test, and prints a failing example to replay.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, max_examples=200, print_blob=True)
settings.register_profile("fuzz", database=None, deadline=None, max_examples=3000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# Tests that use one of these need the session's servers (and so the trained model) or
# PostgreSQL: they are marked slow at collection, so `make test-unit` (-m "not slow") skips them.
SERVER_FIXTURES = {"servers", "rasa_server", "chat", "fake_slack", "action_proxy", "postgres_url"}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fast_tier_guard(request, monkeypatch):
    """With PAYBAND_FAST_TIER=1 (make test-unit), a test not marked slow that loads the model or
    starts a process fails with its name, instead of quietly making the fast tier slow again."""
    if os.environ.get("PAYBAND_FAST_TIER") != "1" or request.node.get_closest_marker("slow"):
        yield
        return
    from rasa.core.agent import Agent

    def refuse(what):
        def refused(*args, **kwargs):
            pytest.fail(f"fast tier test {request.node.nodeid} tried to {what}; mark it slow (@pytest.mark.slow)", pytrace=False)

        return refused

    monkeypatch.setattr(Agent, "load", refuse("load the model"))
    monkeypatch.setattr(subprocess, "Popen", refuse("start a process"))
    yield


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} process exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in {seconds} s:\n{log.read_text()[-3000:]}")


def _start(args, log: Path, env=None) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=ROOT, env=env or ENV, stdout=log.open("a"), stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def fake_slack():
    api = FakeSlackApi()
    yield api
    api.close()


@pytest.fixture(scope="session")
def action_proxy():
    proxy = ActionProxy(f"http://127.0.0.1:{ACTION_PORT}")
    yield proxy
    proxy.close()


@pytest.fixture(autouse=True)
def _healthy_action_server(request):
    """Every test starts with the action proxy passing calls straight through."""
    yield
    if "action_proxy" in request.fixturenames:
        proxy = request.getfixturevalue("action_proxy")
        proxy.mode, proxy.delay = "pass", 0.0


ACTION_SECRET = "test-action-secret"


class Servers:
    """The session's action server and Rasa server; Rasa can be restarted on the same tracker store."""

    def __init__(self, workdir: Path, fake_slack: FakeSlackApi, action_proxy: ActionProxy) -> None:
        self.workdir = workdir
        self.url = f"http://127.0.0.1:{RASA_PORT}"
        self.tracker_db = workdir / "conversations.db"
        self.endpoints = workdir / "endpoints.yml"
        self.endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{action_proxy.port}/webhook"\n'
            f'  headers:\n    X-Payband-Action-Secret: "{ACTION_SECRET}"\n'
            f'tracker_store:\n  type: runtime.tracker_store.WindowedSQLTrackerStore\n  dialect: sqlite\n  db: "{self.tracker_db}"\n'
        )  # the store Payband ships (endpoints.yml): erasing and retention are its own
        self.credentials = workdir / "credentials.yml"
        self.credentials.write_text(
            "channels.rest.PaybandRestInput:\nchannels.web.PaybandWebInput:\nchannels.privacy.PrivacyInput:\nchannels.slack.PaybandSlackInput:\n"
            f'  slack_token: "test-bot-token"\n  slack_signing_secret: "{SIGNING_SECRET}"\n'
            f'  slack_channel: "C0PAYBAND"\n  slack_api_url: "{fake_slack.url}"\n'
        )
        self.env = {
            **ENV,
            "ACTION_PORT": str(ACTION_PORT),
            "ACTION_SERVER_SECRET": ACTION_SECRET,
            "ACTION_TIMEOUT": "4",
            "RASA_API_TOKEN": API_TOKEN,  # the same token guards erasing over HTTP (channels/privacy.py)
        }
        self.actions = _start([sys.executable, "-m", "actions.server"], workdir / "actions.log", self.env)
        _wait_for(f"http://127.0.0.1:{ACTION_PORT}/health", self.actions, workdir / "actions.log")
        self.rasa = self._start_rasa()

    def _start_rasa(self) -> subprocess.Popen:
        rasa = _start(
            [
                str(BIN / "python"),
                "-m",
                "runtime.launch",
                "run",
                "--model",
                str(MODEL),
                "--endpoints",
                str(self.endpoints),
                "--credentials",
                str(self.credentials),
                "--port",
                str(RASA_PORT),
                "--interface",
                "127.0.0.1",
                "--enable-api",
                "--auth-token",
                API_TOKEN,
            ],
            self.workdir / "rasa.log",
            self.env,
        )
        _wait_for(f"{self.url}/", rasa, self.workdir / "rasa.log")
        return rasa

    def restart_rasa(self) -> None:
        _stop(self.rasa)
        self.rasa = self._start_rasa()

    def stop(self) -> None:
        _stop(self.rasa)
        _stop(self.actions)


API_TOKEN = "test-api-token"


@pytest.fixture(scope="session")
def servers(fake_slack, action_proxy):
    """A real Rasa server (REST + Slack channels, HTTP API behind a token, SQLite tracker
    store) wired through a fault-injection proxy to a real action server; Slack's Web API is faked."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does)")
    running = Servers(Path(tempfile.mkdtemp(prefix="payband-e2e-")), fake_slack, action_proxy)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def rasa_server(servers):
    return servers.url


class Conversation:
    """One user talking to the REST channel; say() returns the reply text."""

    def __init__(self, base_url: str):
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = f"test-{uuid.uuid4().hex[:12]}"
        self.sender_id = f"rest:{self.sender}"  # the conversation id Payband's REST channel gives it
        self.last = []

    def say(self, text: str) -> str:
        response = requests.post(self.url, json={"sender": self.sender, "message": text}, timeout=60)
        response.raise_for_status()
        self.last = response.json()
        return "\n".join(m.get("text", "") for m in self.last)

    def buttons(self):
        return [b for m in self.last for b in m.get("buttons", [])]


@pytest.fixture
def chat(rasa_server):
    return Conversation(rasa_server)
