"""`python -m actions.server`: the action server, on loopback by default and, when
ACTION_SERVER_SECRET is set, refusing any call without that shared secret.

rasa-sdk's own `rasa run actions` listens on 0.0.0.0 with CORS open to all
origins; this starts the same app (rasa_sdk.endpoint.create_app) without either.
"""

from __future__ import annotations

import hmac
import os
from typing import Optional

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from runtime import log_privacy

SECRET_HEADER = "X-Payband-Action-Secret"


def build_app(secret: Optional[str] = None) -> Sanic:
    app = create_app("actions", cors_origins=[])
    secret = os.environ.get("ACTION_SERVER_SECRET", "") if secret is None else secret
    if secret:

        @app.middleware("request")
        async def require_secret(request: Request) -> Optional[HTTPResponse]:
            if request.path == "/health":
                return None  # liveness only: says nothing about the actions
            if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
                return response.json({"error": f"missing or wrong {SECRET_HEADER} header"}, status=401)
            return None

    return app


def main() -> None:
    log_privacy.install()  # rasa-sdk's reply to a failing action echoes the request: never into a log
    host = os.environ.get("ACTION_HOST", "127.0.0.1")
    port = int(os.environ.get("ACTION_PORT", "5055"))
    build_app().run(host=host, port=port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
