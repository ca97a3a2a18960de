"""`make test-unit` is the fast tier (-m "not slow"): no trained model, no servers, no PostgreSQL.

The fast tier is run here as the Makefile runs it, with PAYBAND_FAST_TIER=1, under which
tests/conftest.py fails any test not marked slow that loads the model or starts a process.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # runs pytest in a subprocess


def test_the_fast_tier_passes_without_loading_the_model_or_starting_a_process():
    env = {**os.environ, "PAYBAND_FAST_TIER": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "not slow", "-p", "no:cacheprovider", "-p", "no:warnings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"\b[1-9]\d* passed\b", summary) and re.search(r"\b[1-9]\d* deselected\b", summary), summary
    assert not re.search(r"\b(failed|errors?)\b", summary), summary
