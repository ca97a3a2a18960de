"""`make benchmark`: prints the numbers the closing notes quote.

- training time of a forced `rasa train` (into a temporary folder)
- time from starting the servers (scripts/serve.sh) to the first REST reply
- per-message latency over a fixed conversation, and the servers' memory
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
    "hello", "what does a senior earn in Manchester?", "and in London?", "what about juniors?",
    "is 90k fair for a mid-level in London?", "I'm on £70,000 as a DevOps engineer", "what does DeepMind pay?",
    "who pays the most?", "show me all levels in london", "negotiation tips", "thanks",
]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)], capture_output=True, text=True).stdout
    return sum(int(x) for x in out.split()) / 1024


def main() -> None:
    env = {**os.environ, "PORT": str(PORT), "ACTION_PORT": str(ACTION_PORT)}
    if "--skip-train" not in sys.argv:
        out = tempfile.mkdtemp(prefix="payband-bench-")
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "rasa", "train", "--force", "--out", out], cwd=ROOT, env=env, check=True, capture_output=True)
        print(f"training (forced, full): {time.monotonic() - start:.1f} s")
    start = time.monotonic()
    server = subprocess.Popen(["scripts/serve.sh"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
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
        print(f"reply latency over {len(latencies)} messages: median {statistics.median(latencies):.0f} ms, "
              f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.0f} ms, max {latencies[-1]:.0f} ms")
        print(f"memory (serve.sh and children): {rss_mb(server.pid):.0f} MB")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
