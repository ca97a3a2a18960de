"""A loopback proxy between Rasa and the real action server, for injecting faults.

mode: "pass" (forward), "slow" (forward after `delay` seconds), "error" (HTTP 500),
"down" (close the connection without answering).
"""

import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.http_reply import send_json


class ActionProxy:
    def __init__(self, target: str) -> None:
        self.target, self.mode, self.delay = target, "pass", 0.0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if proxy.mode == "down":
                    self.close_connection = True
                    return
                if proxy.mode == "error":
                    self._reply(500, b'{"error": "injected"}')
                    return
                if proxy.mode == "slow":
                    time.sleep(proxy.delay)
                forwarded = {
                    k: v for k, v in self.headers.items() if k.lower() in ("content-type", "content-encoding", "x-payband-action-secret")
                }
                request = urllib.request.Request(proxy.target + self.path, data=body, headers=forwarded)
                try:
                    with urllib.request.urlopen(request, timeout=60) as answer:
                        self._reply(answer.status, answer.read())
                except urllib.error.HTTPError as error:
                    self._reply(error.code, error.read())

            def do_GET(self) -> None:  # noqa: N802
                with urllib.request.urlopen(proxy.target + self.path, timeout=10) as answer:
                    self._reply(answer.status, answer.read())

            def _reply(self, status: int, data: bytes) -> None:
                send_json(self, status, data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
