"""`python -m runtime.launch <rasa arguments>`: Rasa's command line, started the way Payband
runs it (scripts/serve.sh, slack.sh, chat.sh and the end-to-end tests all use it).

Before Rasa (and with it TensorFlow) is imported, two packages that are installed but
never used by a Rasa server are made unimportable, so that nothing loads them:
- `jax`: TensorFlow 2.12 imports it for its TF-Lite converter when it is installed (Rasa
  never converts models); ~90 MB of every server process and half a second of each start;
- `h5py`: Keras imports it to read .h5 weight files; Rasa saves DIET's weights in
  TensorFlow's own format; ~10 MB.
Both are imported by their users inside `try: ... except ImportError`, which is what this
relies on (tests/test_rasa_workarounds.py loads and runs the model with both refused).
Then log records are made private (runtime/log_privacy.py), the work-arounds in
runtime/rasa_workarounds.py are applied and Rasa's `main` runs.
"""

from __future__ import annotations

import importlib.abc
import sys
from typing import Any, Optional, Sequence

UNUSED = ("jax", "jaxlib", "h5py")


class UnusedImports(importlib.abc.MetaPathFinder):
    """An import finder that refuses the packages in UNUSED (and their submodules)."""

    def find_spec(self, name: str, path: Optional[Sequence[str]] = None, target: Any = None) -> None:
        if name.split(".")[0] in UNUSED:
            raise ImportError(f"{name} is not used by Payband's Rasa server (runtime/launch.py)")
        return None


def main() -> None:
    if not any(isinstance(finder, UnusedImports) for finder in sys.meta_path):
        sys.meta_path.insert(0, UnusedImports())
    from runtime import log_privacy, rasa_workarounds

    log_privacy.install()  # before Rasa logs anything: no message content or Slack user id in its logs
    rasa_workarounds.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
