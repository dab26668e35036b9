"""Code run in a fresh Python process, for what only a clean `sys.modules` shows: which
modules an import or a command loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str) -> str:
    """`code`'s stripped stdout, run with `python -c` from the repository root; orderdeck's
    own environment variables are left out so the user's settings cannot steer it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERDECK_")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()
