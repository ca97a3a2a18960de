"""`make cluster` for real (issue 19): scripts/cluster.sh starts PostgreSQL, Redis, the action
server, three Rasa replicas and nginx on loopback ports of their own, and these tests talk to the
replicas directly (to choose which one serves a turn) and through nginx (as users do). Slack's
Web API is the fake that speaks its protocol (tests/support/fake_slack.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List

import pytest
import requests

from channels.apology import APOLOGY
from tests import figures
from tests.conftest import ENV, ROOT
from tests.support.slack_events import SIGNING_SECRET, event_callback, message, post_event

pytestmark = pytest.mark.slow

BASE = int(os.environ.get("TEST_CLUSTER_BASE_PORT", "5810"))
PORTS = {"PG_PORT": BASE, "REDIS_PORT": BASE + 1, "ACTION_PORT": BASE + 2, "BALANCER_PORT": BASE + 3, "RASA_BASE_PORT": BASE + 10}
REPLICAS = 3


class Cluster:
    """scripts/cluster.sh in its own process group; the replicas' URLs and its folder."""

    def __init__(self, workdir: Path, fake_slack_url: str, replicas: int = REPLICAS, **extra_env: str) -> None:
        self.dir = workdir
        self.env = {
            **ENV,
            **{name: str(port) for name, port in PORTS.items()},
            "REPLICAS": str(replicas),
            "CLUSTER_DIR": str(workdir),
            "ACTION_SERVER_SECRET": "cluster-test-secret",
            "CREDENTIALS": "credentials-slack.yml",
            "SLACK_BOT_TOKEN": "test-bot-token",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_CHANNEL": "C0PAYBAND",
            "SLACK_API_URL": fake_slack_url,
            **extra_env,
        }
        for name in ("DB_URL", "REDIS_URL", "ACTION_URL", "TRACKER_DB"):
            self.env.pop(name, None)
        self.balancer = f"http://127.0.0.1:{PORTS['BALANCER_PORT']}"
        self.replicas = [f"http://127.0.0.1:{PORTS['RASA_BASE_PORT'] + i}" for i in range(replicas)]
        self.output = workdir / "cluster.out"
        self.process = subprocess.Popen(
            ["bash", "scripts/cluster.sh"],
            cwd=ROOT,
            env=self.env,
            stdout=self.output.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_until_up()

    def wait_until_up(self, seconds: float = 420) -> None:
        deadline = time.monotonic() + seconds
        while "cluster is up" not in self.output.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"make cluster did not come up:\n{self.output.read_text()[-3000:]}")
            time.sleep(0.5)

    def pid(self, part: str) -> int:
        return int((self.dir / "pids" / f"{part}.pid").read_text())

    def pids(self) -> List[int]:
        return [int(path.read_text()) for path in (self.dir / "pids").glob("*.pid")]

    def log(self, part: str) -> str:
        return (self.dir / "logs" / f"{part}.log").read_text(errors="replace")

    def pg_ctl(self, *args: str) -> None:
        pg_ctl = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + [str(pg_ctl), "-D", str(self.dir / "pg" / "data"), *args], check=True, capture_output=True, timeout=90)

    def events(self, sender: str) -> List[Dict]:
        """The stored events of one conversation, in the order they were saved."""
        sql = f"select data from events where sender_id = 'rest:{sender}' order by id"  # noqa: S608 - test-made id
        psql = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))[-1]
        out = subprocess.run(
            [str(psql), "-h", "127.0.0.1", "-p", str(PORTS["PG_PORT"]), "-U", "payband", "-d", "payband", "-tAc", sql],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def all_replicas_up(self, seconds: float = 240) -> None:
        """A replica killed by an earlier test is being started again: wait for it."""
        deadline = time.monotonic() + seconds
        for url in self.replicas:
            while not _answers(url):
                assert time.monotonic() < deadline, f"{url} is not back"
                time.sleep(0.5)

    def stop(self) -> int:
        """SIGTERM to the script alone, as `kill` or a supervisor sends it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=120)


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/", timeout=2).ok
    except requests.RequestException:
        return False


@pytest.fixture(scope="module")
def cluster(fake_slack):
    workdir = Path(tempfile.mkdtemp(prefix="payband-cluster-"))
    workdir.chmod(0o755)  # PostgreSQL runs as its own user, which must reach its folder inside
    running = Cluster(workdir, fake_slack.url)
    yield running
    running.stop()


def say(url: str, sender: str, text: str, timeout: float = 60) -> str:
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=timeout)
    assert reply.status_code == 200, reply.text[:300]
    return "\n".join(part.get("text", "") for part in reply.json())


def new_sender() -> str:
    return f"cluster-{uuid.uuid4().hex[:10]}"


def test_a_conversation_served_by_three_replicas_keeps_its_details_and_offers(cluster):
    one, two, three = cluster.replicas
    sender = new_sender()
    say(one, sender, "I'm mid level")
    london = say(two, sender, "and in London?")
    assert figures.span_of(figures.band("mid", "london")) in london
    first = say(three, sender, f"Acme offered me {figures.k(figures.low('mid', 'london') + 12000)}")
    assert figures.pounds(figures.low("mid", "london") + 12000) in first and "Mid-level" in first and "London" in first
    say(one, sender, f"Initech offered {figures.k(figures.low('mid', 'london') + 20000)}")
    table = say(two, sender, "compare the two offers")
    assert "Acme" in table and "Initech" in table
    assert figures.pounds(figures.low("mid", "london") + 12000) in table and figures.pounds(figures.low("mid", "london") + 20000) in table
    through_nginx = say(cluster.balancer, sender, "and for a senior?")
    assert figures.span_of(figures.band("senior", "london")) in through_nginx


def _turns(events: List[Dict]) -> List[List[Dict]]:
    """Stored events cut at each user message: each turn starts with its `user` event."""
    turns: List[List[Dict]] = []
    for event in events:
        if event["event"] == "user":
            turns.append([event])
        elif turns:
            turns[-1].append(event)
    return turns


def test_concurrent_messages_through_different_replicas_run_one_at_a_time_in_order(cluster):
    sender = new_sender()
    say(cluster.replicas[0], sender, "senior in leeds")
    texts = [f"what about {place}?" for place in ("london", "manchester", "bristol", "edinburgh", "cardiff", "glasgow", "belfast", "york")]
    texts += [f"and for a {level}?" for level in ("junior", "mid level", "staff", "senior")]
    starts = threading.Barrier(len(texts))

    def send(index: int) -> str:
        starts.wait()
        time.sleep(index * 0.03)  # they arrive in this order, each while the ones before are still being answered
        return say(cluster.replicas[index % REPLICAS], sender, texts[index])

    with ThreadPoolExecutor(len(texts)) as pool:
        replies = list(pool.map(send, range(len(texts))))
    assert all(reply and APOLOGY not in reply for reply in replies)

    turns = _turns(cluster.events(sender))
    said = [turn[0]["text"] for turn in turns]
    assert said == ["senior in leeds", *texts]  # none lost, none doubled, in the order they arrived
    for turn in turns:  # each turn whole before the next began: the reply, then listening
        kinds = [event["event"] for event in turn]
        assert kinds.count("user") == 1 and "bot" in kinds
        assert turn[-1]["event"] == "action" and turn[-1]["name"] == "action_listen"


def _slack_event(text: str) -> Dict:
    return event_callback(message(text, f"D{uuid.uuid4().hex[:8].upper()}"))


def test_one_slack_event_delivered_to_two_replicas_and_retried_after_a_restart_is_answered_once(cluster, fake_slack):
    body = _slack_event("senior in london")
    dm = body["event"]["channel"]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda url: post_event(url, body), cluster.replicas[:2]))
    assert [answer.status_code for answer in answers] == [200, 200]
    fake_slack.wait_for(dm)

    old = cluster.pid("rasa-1")
    os.kill(old, signal.SIGKILL)
    _wait_restarted(cluster, "rasa-1", old, cluster.replicas[0])
    retry = post_event(cluster.replicas[0], body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status_code == 200
    time.sleep(3)
    posts = fake_slack.posts_to(dm)
    assert len(posts) == 1, posts
    assert figures.span_of(figures.band("senior", "london")) in json.dumps(posts[0], ensure_ascii=False)

    lost = _slack_event("junior in leeds")  # the first delivery never reached a replica: its retry is answered
    answer = post_event(cluster.balancer, lost, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    assert answer.status_code == 200
    assert len(fake_slack.wait_for(lost["event"]["channel"])) == 1


def _wait_restarted(cluster: Cluster, part: str, old_pid: int, url: str, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if cluster.pid(part) != old_pid and _answers(url):
                return
        except (ValueError, FileNotFoundError):  # the pid file is being rewritten
            pass
        time.sleep(0.5)
    raise AssertionError(f"{part} was not started again within {seconds} s:\n{cluster.log(part)[-2000:]}")


def test_a_replica_killed_under_load_loses_no_conversation(cluster):
    """8 users through nginx, each a conversation of 10 turns whose replies depend on the turns before;
    replica 2 is killed (SIGKILL) after the first round. The only failures allowed are the requests it
    was answering at that moment: nginx sends every later one to the others."""
    users = [new_sender() for _ in range(8)]
    levels = ["junior", "mid", "senior", "staff"]
    places = ["london", "manchester", "bristol", "leeds"]
    failures: List[str] = []
    checked = 0
    lock = threading.Lock()
    first_round = threading.Barrier(len(users))  # the kill comes after every user's level is stored

    def conversation(index: int) -> None:
        nonlocal checked
        sender, level = users[index], levels[index % 4]
        say_ok = lambda text: _say_or_fail(cluster.balancer, sender, text, failures, lock)  # noqa: E731
        say_ok(f"{'mid level' if level == 'mid' else level}")
        first_round.wait(timeout=120)
        for turn in range(9):
            region = places[turn % 4]
            reply = say_ok(f"and in {region}?")
            if reply is None or APOLOGY in reply:
                continue
            expected = figures.span_of(figures.band(level, "london" if region == "london" else "rest_of_uk"))
            with lock:
                checked += 1
                if expected not in reply:
                    failures.append(f"{sender} turn {turn}: lost its level ({level}): {reply[:160]!r}")
            if index == 0 and turn == 0:
                os.kill(cluster.pid("rasa-2"), signal.SIGKILL)

    with ThreadPoolExecutor(len(users)) as pool:
        list(pool.map(conversation, range(len(users))))
    lost_state = [failure for failure in failures if "lost its level" in failure]
    print(f"\nreplica killed under load: {checked} answers checked, {len(failures)} failed requests: {failures}")
    assert not lost_state
    assert len(failures) <= len(users)  # at most the requests in flight on the killed replica
    assert checked >= len(users) * 9 - len(users)


def _say_or_fail(url: str, sender: str, text: str, failures: List[str], lock: threading.Lock):
    try:
        reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
    except requests.RequestException as error:
        with lock:
            failures.append(f"{sender}: {type(error).__name__}")
        return None
    if reply.status_code != 200:
        with lock:
            failures.append(f"{sender}: HTTP {reply.status_code}")
        return None
    text = "\n".join(part.get("text", "") for part in reply.json())
    if APOLOGY in text:
        with lock:
            failures.append(f"{sender}: apology")
    return text


def test_postgres_restart_gives_the_apology_then_recovers_without_a_restart_of_payband(cluster):
    cluster.all_replicas_up()
    sender = new_sender()
    say(cluster.balancer, sender, "staff in london")
    cluster.pg_ctl("-m", "fast", "-w", "stop")
    try:
        during = requests.post(f"{cluster.balancer}/webhooks/rest/webhook", json={"sender": sender, "message": "and in leeds?"}, timeout=60)
    finally:
        cluster.pg_ctl("-l", str(cluster.dir / "pg" / "postgres.log"), "-w", "-o", _pg_options(cluster), "start")
    assert during.status_code == 200 and APOLOGY in during.text
    for replica in cluster.replicas:  # every replica's pool held connections to the old server
        assert figures.span_of(figures.band("staff", "rest_of_uk")) in say(replica, sender, "and in leeds?")


def _pg_options(cluster: Cluster) -> str:
    return f"-h 127.0.0.1 -p {PORTS['PG_PORT']} -k {cluster.dir / 'pg'} -c max_connections=200"


def test_redis_restart_gives_the_apology_then_recovers(cluster):
    cluster.all_replicas_up()
    sender = new_sender()
    say(cluster.balancer, sender, "junior in london")
    old = cluster.pid("redis")
    subprocess.run(["redis-cli", "-p", str(PORTS["REDIS_PORT"]), "shutdown", "nosave"], capture_output=True, timeout=10)
    during = requests.post(f"{cluster.balancer}/webhooks/rest/webhook", json={"sender": sender, "message": "and in leeds?"}, timeout=60)
    assert during.status_code == 200 and APOLOGY in during.text
    deadline = time.monotonic() + 30  # make cluster starts Redis again, as Kubernetes would
    while (
        time.monotonic() < deadline
        and subprocess.run(["redis-cli", "-p", str(PORTS["REDIS_PORT"]), "ping"], capture_output=True).returncode
    ):
        time.sleep(0.2)
    assert cluster.pid("redis") != old
    for replica in cluster.replicas:
        assert figures.span_of(figures.band("junior", "rest_of_uk")) in say(replica, sender, "and in leeds?")


def test_logs_of_the_cluster_hold_no_message_text(cluster):
    sender = new_sender()
    say(cluster.balancer, sender, "Zanzibarco offered me 91234 as a staff engineer in london")
    requests.delete(f"{cluster.balancer}/webhooks/privacy/conversations/rest:{sender}", timeout=10)
    time.sleep(1)
    logs = "\n".join(path.read_text(errors="replace") for path in (cluster.dir / "logs").glob("*.log"))
    assert "/webhooks/rest/webhook" in logs  # the access log is there, and written
    for secret in ("Zanzibarco", "91234", "91,234", sender):
        assert secret not in logs


def test_only_the_webhooks_are_reachable_through_nginx(cluster):
    assert requests.get(f"{cluster.balancer}/health", timeout=10).ok
    assert requests.get(f"{cluster.balancer}/conversations/x/tracker", timeout=10).status_code == 404
    assert requests.get(f"{cluster.balancer}/status", timeout=10).status_code == 404


def test_sigterm_stops_every_part_and_a_rerun_after_kill_9_cleans_up(cluster, fake_slack):
    """Last in this file: stops the module's cluster."""
    pids = cluster.pids()
    assert cluster.stop() == 0
    assert not [pid for pid in pids if _alive(pid)]
    assert not _pg_running(cluster)

    again = Cluster(cluster.dir, fake_slack.url, replicas=1)  # same folder: the database is kept
    sender = new_sender()
    say(again.balancer, sender, "senior in london")
    again.process.kill()  # SIGKILL to the script alone: its parts are left running
    again.process.wait(timeout=30)
    left = again.pids()
    assert [pid for pid in left if _alive(pid)]
    # stops what the killed run left, then starts; this time one replica with two Sanic workers
    third = Cluster(cluster.dir, fake_slack.url, replicas=1, SANIC_WORKERS="2")
    assert not [pid for pid in left if _alive(pid)]
    assert figures.span_of(figures.band("senior", "rest_of_uk")) in say(third.balancer, sender, "and in leeds?")
    workers = _workers(third.pid("rasa-1"))
    assert len(workers) == 2  # Rasa kept both: the lock store is shared
    pids = third.pids()
    assert third.stop() == 0
    assert not [pid for pid in pids + workers if _alive(pid)] and not _pg_running(third)  # no worker outlives its server


def _workers(parent: int) -> List[int]:
    """The Rasa server's worker processes: its children that run the same command."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"runtime.launch" in cmdline:
            children.append(int(stat.parent.name))
    return children


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]


def _pg_running(cluster: Cluster) -> bool:
    return (cluster.dir / "pg" / "data" / "postmaster.pid").exists()
