"""Copying text for the operator, and saying truthfully what happened.

Textual copies by writing an OSC 52 sequence to the terminal; nothing comes back to say
whether the terminal took it (many block it, tmux needs `set-clipboard on`), so the toast
says where the text went rather than claiming it arrived.
"""

from __future__ import annotations

from typing import Any, Final

from textual.screen import Screen

from tui.display import printable

NOT_CONFIRMED: Final = "if it did not arrive, this terminal blocks clipboard writes"
"""The part of every copy toast that owns up to OSC 52 being fire-and-forget."""


def copy_text(screen: Screen[Any], text: str, what: str) -> None:
    """Send `text` to the terminal's clipboard and say so: `what` names it (`the pay link`)."""
    screen.app.copy_to_clipboard(text)
    screen.notify(
        f"Sent {printable(what)} to the terminal's clipboard (OSC 52); {NOT_CONFIRMED}",
        title="Clipboard",
        timeout=4,
        markup=False,
    )
