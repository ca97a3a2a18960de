"""How long conversations are kept (README: Privacy): read from the environment by the tracker store,
which erases idle ones, and by "what do you know about me?", which says so. No Rasa imports."""

from __future__ import annotations

import logging
import os

DEFAULT_RETENTION_DAYS = 30
logger = logging.getLogger(__name__)


def retention_days() -> float:
    """RETENTION_DAYS (default 30): conversations idle longer are erased; 0 keeps them forever."""
    try:
        return max(0.0, float(os.environ.get("RETENTION_DAYS", DEFAULT_RETENTION_DAYS)))
    except ValueError:
        logger.error("RETENTION_DAYS is not a number; using %s", DEFAULT_RETENTION_DAYS)
        return float(DEFAULT_RETENTION_DAYS)


def retention_check_seconds() -> float:
    """How often a running server erases idle conversations (RETENTION_CHECK_SECONDS, default a day)."""
    try:
        return max(1.0, float(os.environ.get("RETENTION_CHECK_SECONDS", 86_400)))
    except ValueError:
        return 86_400.0
