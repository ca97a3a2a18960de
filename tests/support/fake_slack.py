"""A fake Slack Web API on loopback: answers chat.postMessage and the 3-step file upload as Slack does, and records each call.

File uploads (slack_sdk's files_upload_v2) go:
1. files.getUploadURLExternal (filename, length; slack_sdk sends them as query parameters of a POST)
   -> {"ok": true, "upload_url": ..., "file_id": "F..."};
2. POST of the file's raw bytes to upload_url (no token: the URL is the credential); the fake, like Slack's
   upload host, also takes a multipart form, checks the byte count equals the announced length and answers
   text/plain "OK - <n>" with 200;
3. files.completeUploadExternal (files=[{"id", "title"}] as JSON text, channel_id, thread_ts, initial_comment)
   -> {"ok": true, "files": [...]}; an id that was never issued or whose bytes never arrived is file_not_found.
"""

import json
import threading
import time
import uuid
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from tests.support.http_reply import send_json

UPLOAD_PATH = "/upload/v1/"


def _file_bytes(content_type: str, body: bytes) -> bytes:
    """The file in an upload request: the raw body, or the file part of a multipart form."""
    if not content_type.startswith("multipart/form-data"):
        return body
    message = BytesParser(policy=policy.HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    parts = [p for p in message.iter_parts()] if message.is_multipart() else []
    with_name = [p for p in parts if p.get_filename()]
    if not parts:
        return b""
    return (with_name or parts)[0].get_payload(decode=True) or b""


class FakeSlackApi:
    def __init__(self) -> None:
        self.posts: List[Dict[str, Any]] = []
        self.files: Dict[str, Dict[str, Any]] = {}  # file_id -> filename, length, upload_key, data (None until uploaded)
        self.shared: List[Dict[str, Any]] = []  # one record per file shared by files.completeUploadExternal
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                url = urlsplit(self.path)
                if url.path.startswith(UPLOAD_PATH):
                    status, text = api._receive_upload(url.path[len(UPLOAD_PATH) :], self.headers.get("Content-Type", ""), body)
                    data = text.encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                # Slack takes arguments in the query string as well as the body (slack_sdk sends files.* methods that way)
                args: Dict[str, Any] = {k: v[0] for k, v in parse_qs(url.query).items()}
                raw = body.decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    args.update(json.loads(raw or "{}"))
                else:
                    args.update({k: v[0] for k, v in parse_qs(raw).items()})
                method = url.path.rsplit("/", 1)[-1]
                if self.headers.get("Authorization") != "Bearer test-bot-token":
                    answer = {"ok": False, "error": "invalid_auth"}
                elif method == "chat.postMessage" and args.get("channel") and (args.get("text") or args.get("blocks")):
                    with api._lock:
                        api.posts.append({**args, "received": time.monotonic()})
                    answer = {"ok": True, "channel": args["channel"], "ts": f"{time.time():.6f}", "message": {"text": args.get("text")}}
                elif method == "chat.postMessage":
                    answer = {"ok": False, "error": "no_text"}
                elif method == "files.getUploadURLExternal":
                    answer = api._issue_upload_url(args, self.server.server_address[1])
                elif method == "files.completeUploadExternal":
                    answer = api._complete_upload(args)
                else:
                    answer = {"ok": False, "error": "unknown_method"}
                send_json(self, 200, json.dumps(answer).encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    # --- files.getUploadURLExternal, the upload URL, files.completeUploadExternal ---

    def _issue_upload_url(self, args: Dict[str, Any], port: int) -> Dict[str, Any]:
        missing = [name for name in ("filename", "length") if not args.get(name)]
        if missing:
            return {
                "ok": False,
                "error": "invalid_arguments",
                "response_metadata": {"messages": [f"[ERROR] missing required field: {missing[0]}"]},
            }
        try:
            length = int(args["length"])
        except (TypeError, ValueError):
            length = -1
        if length <= 0:
            return {
                "ok": False,
                "error": "invalid_arguments",
                "response_metadata": {"messages": ["[ERROR] invalid value for field: length"]},
            }
        file_id, key = f"F{uuid.uuid4().hex[:10].upper()}", uuid.uuid4().hex
        with self._lock:
            self.files[file_id] = {"filename": args["filename"], "length": length, "upload_key": key, "data": None}
        return {"ok": True, "upload_url": f"http://127.0.0.1:{port}{UPLOAD_PATH}{file_id}-{key}", "file_id": file_id}

    def _receive_upload(self, target: str, content_type: str, body: bytes) -> Tuple[int, str]:
        file_id, _, key = target.partition("-")
        data = _file_bytes(content_type, body)
        with self._lock:
            entry = self.files.get(file_id)
            if entry is None or entry["upload_key"] != key:
                return 404, "Not Found"
            if len(data) != entry["length"]:
                return 400, f"Bad Request - expected {entry['length']} bytes, got {len(data)}"
            entry["data"] = data
        return 200, f"OK - {len(data)}"

    def _complete_upload(self, args: Dict[str, Any]) -> Dict[str, Any]:
        files = args.get("files")
        try:
            items = json.loads(files) if isinstance(files, str) else files
        except json.JSONDecodeError:
            items = None
        if not isinstance(items, list) or not items or not all(isinstance(f, dict) and f.get("id") for f in items):
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": ["[ERROR] missing required field: files"]}}
        with self._lock:
            if any(self.files.get(f["id"], {}).get("data") is None for f in items):
                return {"ok": False, "error": "file_not_found"}
            done = []
            for f in items:
                entry = self.files[f["id"]]
                title = f.get("title") or entry["filename"]
                self.shared.append(
                    {
                        "id": f["id"],
                        "title": title,
                        "filename": entry["filename"],
                        "data": entry["data"],
                        "channel": args.get("channel_id"),
                        "thread_ts": args.get("thread_ts"),
                        "initial_comment": args.get("initial_comment"),
                        "received": time.monotonic(),
                    }
                )
                done.append({"id": f["id"], "title": title, "name": entry["filename"], "size": entry["length"]})
        return {"ok": True, "files": done}

    # --- what tests look at ---

    def posts_to(self, channel: str, thread_ts=None) -> List[Dict[str, Any]]:
        with self._lock:
            return [p for p in self.posts if p["channel"] == channel and (thread_ts is None or p.get("thread_ts") == thread_ts)]

    def wait_for(self, channel: str, count: int = 1, thread_ts=None, timeout: float = 30) -> List[Dict[str, Any]]:
        """Posts to a channel (and thread), once at least `count` have arrived."""
        found = _wait(lambda: self.posts_to(channel, thread_ts), count, timeout)
        if len(found) < count:
            raise AssertionError(f"expected {count} posts to {channel}/{thread_ts}, got {found}")
        return found

    def uploads_to(self, channel: str, thread_ts: Optional[str] = None) -> List[Dict[str, Any]]:
        """Files shared into a channel (and thread): id, title, filename, data (the bytes), channel, thread_ts, initial_comment."""
        with self._lock:
            return [u for u in self.shared if u["channel"] == channel and (thread_ts is None or u.get("thread_ts") == thread_ts)]

    def wait_for_upload(self, channel: str, count: int = 1, thread_ts: Optional[str] = None, timeout: float = 30) -> List[Dict[str, Any]]:
        """Files shared into a channel (and thread), once at least `count` have been completed."""
        found = _wait(lambda: self.uploads_to(channel, thread_ts), count, timeout)
        if len(found) < count:
            shown = [{k: v for k, v in u.items() if k != "data"} for u in found]
            raise AssertionError(f"expected {count} uploads to {channel}/{thread_ts}, got {shown}")
        return found

    def close(self) -> None:
        self.server.shutdown()


def _wait(fetch: Callable[[], List[Dict[str, Any]]], count: int, timeout: float) -> List[Dict[str, Any]]:
    """fetch() until it holds `count` items or `timeout` seconds pass; the last result either way."""
    deadline = time.monotonic() + timeout
    found = fetch()
    while len(found) < count and time.monotonic() < deadline:
        time.sleep(0.1)
        found = fetch()
    return found
