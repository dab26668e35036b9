"""The cycle collector waits while the dashboard starts.

Everything the start allocates (modules, classes, the config, the screen's widgets) lives as
long as the process, so the young collections that run meanwhile examine it only to find it
alive: 3.5% of the instructions to the first painted frame of `orderdeck --demo`. `tui.launch`
turns the collector off before importing the rest; the dashboard turns it back on once its
first page (or its error) is drawn, any other command at once. What was allocated meanwhile
joins the oldest generation unexamined (`gc.freeze()` + `gc.unfreeze()`): otherwise the first
young collection afterwards would walk all of it in one pause.
"""

from __future__ import annotations

import gc

_held = False
"""`hold` turned the collector off and `release` has not turned it back on."""


def hold() -> None:
    """Turn the collector off for the start, unless something else already has."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Turn the collector back on after `hold`, the start's objects in the oldest generation;
    nothing when `hold` did not turn it off (the tests, a program embedding the app)."""
    global _held
    if not _held:
        return
    _held = False
    if not gc.get_freeze_count():  # someone else's freeze stays as it is
        gc.freeze()
        gc.unfreeze()
    gc.enable()
