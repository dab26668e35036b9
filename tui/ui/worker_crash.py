"""A worker that crashed is a bug, not a provider fault: say so and keep the app alive.

Workers run with `exit_on_error=False`, so Textual leaves the crash to whoever handles the
worker's `Worker.StateChanged`: the screen for its loads, the app for the payments polls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.worker import Worker

from tui.display import error_text
from tui.logs import get_logger


def report_worker_crash(notify: Callable[..., None], worker: Worker[Any]) -> None:
    """Log the traceback (to the redacted log file) and toast the error through `notify`."""
    error = worker.error
    if error is None:
        return
    get_logger("ui").error("worker %s crashed", worker.name, exc_info=error)
    notify(
        f"{type(error).__name__}: {error_text(error)}",
        title="Internal error (please report)",
        severity="error",
        markup=False,
    )
