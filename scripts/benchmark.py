"""`make benchmark`: prints the numbers the closing notes quote.

- training time of a forced `rasa train` (into a temporary folder)
- time from starting the servers (scripts/serve.sh) to the first REST reply
- per-message latency over a fixed conversation, and the servers' memory
- the cost per message of the messy-input components (channels/incoming.prepare and
  the NLU entity matcher), timed in this process on a mix of messy messages
Loopback only; every loop is bounded.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PORT, ACTION_PORT = 5205, 5255
MESSAGES = [
    "hello",
    "what does a senior earn in Manchester?",
    "and in London?",
    "what about juniors?",
    "is 90k fair for a mid-level in London?",
    "I'm on £70,000 as a DevOps engineer",
    "what does DeepMind pay?",
    "who pays the most?",
    "show me all levels in london",
    "negotiation tips",
    "thanks",
]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)], capture_output=True, text=True).stdout
    return sum(int(x) for x in out.split()) / 1024


MESSY = [
    "seinor in manchster",
    "juinor in edinburh whats the going rate",
    "a handful of years in leeds, what's the band",
    "mid-level band in Cardiff and what does DeepMind pay?",
    "staff in London vs a mid in Sheffield",
    "<strong>mid-level</strong> pay in <em>Bristol</em>",
    "<@U123> *senior* in <https://x.example/?q=london|London>",
    "offer came in at 80, currently on 72",
    "coming up on five years, glasgow",
    "senior in islington",
]


def component_costs() -> None:
    """Microseconds per message for the input preparation and the entity matcher, after one warm-up."""
    sys.path.insert(0, str(ROOT))
    from channels.incoming import prepare
    from nlu.entity_matcher import shared_matcher
    from tests.test_incoming import ADVERT

    matcher = shared_matcher()
    for name, run in (("prepare (markup, split, condense)", prepare), ("entity matcher", matcher.find)):
        for label, messages in (("short messages", MESSY), ("1,000-character advert", [ADVERT])):
            run(messages[0])
            times = []
            for _ in range(20):
                for message in messages:
                    t0 = time.perf_counter()
                    run(message)
                    times.append((time.perf_counter() - t0) * 1e6)
            times.sort()
            print(f"{name}, {label}: median {statistics.median(times):.0f} µs, p95 {times[int(len(times) * 0.95) - 1]:.0f} µs")


def main() -> None:
    component_costs()
    env = {**os.environ, "PORT": str(PORT), "ACTION_PORT": str(ACTION_PORT)}
    if "--skip-train" not in sys.argv:
        out = tempfile.mkdtemp(prefix="payband-bench-")
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "rasa", "train", "--force", "--out", out], cwd=ROOT, env=env, check=True, capture_output=True)
        print(f"training (forced, full): {time.monotonic() - start:.1f} s")
    start = time.monotonic()
    server = subprocess.Popen(
        ["scripts/serve.sh"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{PORT}/webhooks/rest/webhook"
    try:
        while time.monotonic() - start < 300:
            try:
                if requests.post(url, json={"sender": "bench-warmup", "message": "hi"}, timeout=30).json():
                    break
            except requests.RequestException:
                time.sleep(0.25)
        print(f"start to first reply: {time.monotonic() - start:.1f} s")
        sender, latencies = f"bench-{uuid.uuid4().hex[:8]}", []
        for _ in range(3):
            for message in MESSAGES:
                t0 = time.monotonic()
                requests.post(url, json={"sender": sender, "message": message}, timeout=30).raise_for_status()
                latencies.append((time.monotonic() - t0) * 1000)
        latencies.sort()
        print(
            f"reply latency over {len(latencies)} messages: median {statistics.median(latencies):.0f} ms, "
            f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.0f} ms, max {latencies[-1]:.0f} ms"
        )
        print(f"memory (serve.sh and children): {rss_mb(server.pid):.0f} MB")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
