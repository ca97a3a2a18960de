"""Payband's chat page: GET /webhooks/web/ serves it, POST /webhooks/web/webhook answers it.

The page (channels/web_page/: one HTML file, one stylesheet, one script, nothing fetched from
elsewhere) talks to this channel, which answers exactly as the REST channel does (same body
checks, length limit, input preparation, "forget me" and apology: PaybandRestInput.answer),
in conversations of their own ("web:<id>"). What the browser gets is locked down:

- every page response carries a Content-Security-Policy that allows only this origin's own
  script, stylesheet and requests, and images from it or data: URLs (the charts); no inline
  script or style, no framing;
- a POST from another origin (its Origin header) is refused with 403, unless that origin is
  listed in WEB_ALLOWED_ORIGINS. The scripts pass the same list to Rasa's --cors, whose CORS
  layer answers the browser's preflight and adds the headers (Rasa's server answers every
  OPTIONS itself, before any channel sees it). The body must be JSON, which a plain HTML
  form on another site cannot send.
"""

from __future__ import annotations

import os
from http import HTTPStatus
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, FrozenSet, Optional, Text
from urllib.parse import urlsplit

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.rest import PaybandRestInput

PAGE_DIR = Path(__file__).resolve().parent / "web_page"
FILES = {
    "": ("index.html", "text/html; charset=utf-8"),
    "app.css": ("app.css", "text/css; charset=utf-8"),
    "app.js": ("app.js", "text/javascript; charset=utf-8"),
}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def parse_origins(listed: str) -> FrozenSet[str]:
    """'https://a.example, https://b.example' as a set of origins, without trailing '/'."""
    return frozenset(item.rstrip("/").lower() for item in listed.replace(",", " ").split())


def same_origin(origin: str, host: str) -> bool:
    """True when the Origin header names the host the request was sent to (any scheme: a TLS proxy may sit in front)."""
    return bool(host) and urlsplit(origin).netloc.lower() == host.lower()


def origin_refused(origin: Optional[str], host: str, allowed: FrozenSet[str]) -> bool:
    """A browser sends Origin with every cross-site POST; no Origin means a non-browser client or the page itself."""
    if not origin:
        return False
    return not same_origin(origin, host) and origin.rstrip("/").lower() not in allowed


def load_page() -> Dict[str, bytes]:
    """The page's three files, read once at start."""
    return {route: (PAGE_DIR / name).read_bytes() for route, (name, _) in FILES.items()}


class PaybandWebInput(PaybandRestInput):
    """The chat page and the JSON endpoint it posts to (same body and replies as REST)."""

    def __init__(self, allowed_origins: FrozenSet[str] = frozenset()) -> None:
        """allowed_origins: other sites whose pages may post here (WEB_ALLOWED_ORIGINS)."""
        super().__init__()
        self.allowed_origins = allowed_origins
        self.page = load_page()

    @classmethod
    def name(cls) -> Text:
        return "web"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls(parse_origins(os.environ.get("WEB_ALLOWED_ORIGINS", "")))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        web = Blueprint("payband_web", __name__)

        def serve(route: str) -> HTTPResponse:
            return response.raw(self.page[route], content_type=FILES[route][1], headers=PAGE_HEADERS)

        @web.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            if not request.path.endswith("/"):  # the page's files and its endpoint are relative to ".../web/"
                return response.redirect(request.path + "/")
            return serve("")

        @web.route("/app.css", methods=["GET"])
        async def stylesheet(_: Request) -> HTTPResponse:
            return serve("app.css")

        @web.route("/app.js", methods=["GET"])
        async def script(_: Request) -> HTTPResponse:
            return serve("app.js")

        @web.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if origin_refused(request.headers.get("origin"), request.headers.get("host", ""), self.allowed_origins):
                reason = "requests from other sites are refused; list the site in WEB_ALLOWED_ORIGINS to allow it"
                return response.json({"error": reason}, status=HTTPStatus.FORBIDDEN)
            if request.content_type.split(";")[0].strip().lower() != "application/json":
                return response.json({"error": "send JSON (Content-Type: application/json)"}, status=HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
            return await self.answer(request, on_new_message)

        return web
