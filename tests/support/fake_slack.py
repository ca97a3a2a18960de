"""A fake Slack Web API on loopback: answers chat.postMessage as Slack does and records each call."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List
from urllib.parse import parse_qs

from tests.support.http_reply import send_json


class FakeSlackApi:
    def __init__(self) -> None:
        self.posts: List[Dict[str, Any]] = []
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    args = json.loads(raw or "{}")
                else:
                    args = {k: v[0] for k, v in parse_qs(raw).items()}
                method = self.path.rsplit("/", 1)[-1]
                if self.headers.get("Authorization") != "Bearer test-bot-token":
                    body = {"ok": False, "error": "invalid_auth"}
                elif method == "chat.postMessage" and args.get("channel") and (args.get("text") or args.get("blocks")):
                    with api._lock:
                        api.posts.append({**args, "received": time.monotonic()})
                    body = {"ok": True, "channel": args["channel"], "ts": f"{time.time():.6f}", "message": {"text": args.get("text")}}
                else:
                    body = {"ok": False, "error": "no_text" if method == "chat.postMessage" else "unknown_method"}
                send_json(self, 200, json.dumps(body).encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def posts_to(self, channel: str, thread_ts=None) -> List[Dict[str, Any]]:
        with self._lock:
            return [p for p in self.posts if p["channel"] == channel and (thread_ts is None or p.get("thread_ts") == thread_ts)]

    def wait_for(self, channel: str, count: int = 1, thread_ts=None, timeout: float = 30) -> List[Dict[str, Any]]:
        """Posts to a channel (and thread), once at least `count` have arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.posts_to(channel, thread_ts)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"expected {count} posts to {channel}/{thread_ts}, got {self.posts_to(channel, thread_ts)}")

    def close(self) -> None:
        self.server.shutdown()
