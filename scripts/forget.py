"""`make forget ID=<conversation id>`: erase every stored event of one conversation from the tracker
store that endpoints.yml names (SQLite at TRACKER_DB, or the database at DB_URL), as "forget me" and
DELETE /webhooks/privacy/conversations/<id> do. A running server may keep the conversation in memory
only until its next message, which then starts fresh (runtime/tracker_store.py checks the database)."""

from __future__ import annotations

import argparse
import os
import sys

from rasa.core.tracker_store import TrackerStore
from rasa.utils.endpoints import read_endpoint_config

from runtime.rasa_workarounds import sql_tracker_store


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conversation_id", help='the conversation id, e.g. "rest:alice" or "slack:T1:D1:main:U1"')
    parser.add_argument("--endpoints", default="endpoints.yml")
    args = parser.parse_args(argv)
    for unused in ("ACTION_URL", "ACTION_SERVER_SECRET", "REDIS_URL"):  # endpoints.yml names them; erasing needs none
        os.environ.setdefault(unused, "")
    store = sql_tracker_store(TrackerStore.create(read_endpoint_config(args.endpoints, "tracker_store")))
    deleted = store.erase([args.conversation_id])
    if not deleted:
        print(f"no stored conversation {args.conversation_id!r}: nothing erased", file=sys.stderr)
        return 1
    print(f"erased conversation {args.conversation_id!r}: {deleted} stored events deleted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
