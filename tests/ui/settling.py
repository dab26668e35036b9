"""Waiting for the app to settle, shared by every test that drives it with Pilot."""

from __future__ import annotations

import contextlib
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

QUIET_ROUNDS = 2
"""Rounds in a row that must find no worker before the app counts as settled: a message a
worker posted as it finished can still be on its way in the first."""

MAX_ROUNDS = 30
"""Where waiting stops even if the app keeps starting workers (a timer that polls)."""


async def settle(pilot: Pilot[Any], rounds: int = 2) -> None:
    """Let every worker finish and every posted message be handled.

    At least `rounds` rounds of waiting for the workers and then a pause, and on until
    `QUIET_ROUNDS` in a row found no worker: a handled message may start the next worker (the
    first load, then its pending-count probe). A fixed number of rounds depended on how long
    Pilot's idle check sleeps; this waits for the chain to end, however long each link takes.
    """
    quiet = 0
    for done in range(1, MAX_ROUNDS + 1):
        busy = bool(pilot.app.workers)
        # An exclusive worker replaced by a newer one is cancelled: expected.
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        quiet = 0 if busy or pilot.app.workers else quiet + 1
        if done >= rounds and quiet >= QUIET_ROUNDS:
            return
