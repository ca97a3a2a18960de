"""scripts/serve.sh (behind `make serve`): refuses bad data, serves REST, stops cleanly on SIGTERM."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests import figures

pytestmark = pytest.mark.slow  # starts scripts/serve.sh (the model, both servers); slack.sh would too if its check broke

ROOT = Path(__file__).resolve().parent.parent


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_broken_benchmark_stops_start_up_with_the_field_named(tmp_path):
    broken = tmp_path / "benchmark.yml"
    low, high = figures.low("senior", "london"), figures.high("senior", "london")
    text = figures.PATH.read_text()
    broken.write_text(text.replace(f"low: {low}, high: {high}", f"low: {low}, high: {low - 10_000}"))  # a top below its bottom
    assert broken.read_text() != text, "the senior London band is written 'low: N, high: N' in the data file"
    result = subprocess.run(
        ["scripts/serve.sh"],
        cwd=ROOT,
        env={**os.environ, "PAYBAND_BENCHMARK": str(broken), "PORT": "5405", "ACTION_PORT": "5455"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "bands.senior.london" in result.stderr
    assert not _listening(5455)


def test_serve_answers_then_sigterm_leaves_no_process():
    env = {**os.environ, "PORT": "5405", "ACTION_PORT": "5455"}
    server = subprocess.Popen(["scripts/serve.sh"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        reply, deadline = None, time.monotonic() + 240
        while reply is None and time.monotonic() < deadline:
            try:
                reply = requests.post(
                    "http://127.0.0.1:5405/webhooks/rest/webhook", json={"sender": "serve-test", "message": "junior in Cardiff"}, timeout=30
                ).json()
            except requests.RequestException:
                time.sleep(0.5)
        assert reply and figures.span("junior", "rest_of_uk") in reply[0]["text"]
        # secure defaults: no HTTP API, action server on loopback behind a per-start secret
        assert requests.get("http://127.0.0.1:5405/status", timeout=5).status_code == 404
        assert requests.post("http://127.0.0.1:5455/webhook", json={"next_action": "action_answer_band"}, timeout=5).status_code == 401
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    time.sleep(1)
    assert not _listening(5455) and not _listening(5405)


def test_make_slack_names_the_missing_variables():
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    result = subprocess.run(["scripts/slack.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "SLACK_BOT_TOKEN" in result.stderr and "SLACK_SIGNING_SECRET" in result.stderr
    result = subprocess.run(["scripts/slack.sh"], cwd=ROOT, env={**env, "SLACK_BOT_TOKEN": "t"}, capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "SLACK_SIGNING_SECRET" in result.stderr and "SLACK_BOT_TOKEN" not in result.stderr
