"""The type checker holds the contract: `mypy` (configured in pyproject.toml: strict for the
domain, the errors and the providers, default for the rest of tui/) reports nothing."""

from __future__ import annotations

import subprocess
import sys

from tests.fresh_interpreter import ROOT


def test_mypy_finds_no_errors_in_tui() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-color-output", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
