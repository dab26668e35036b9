"""What the dashboard writes to the terminal, byte for byte, and the check that none of it is a
provider's control sequence.

`CapturingDriver` is Textual's headless driver that does not claim to be headless: the app then
renders every frame into real terminal output (SGR colours, cursor moves, the window title)
and hands it to `write`, which keeps it instead of printing it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from textual.drivers.headless_driver import HeadlessDriver

from tui.sandbox.hostile import HOSTILE_TEXTS


class CapturingDriver(HeadlessDriver):
    """Keeps every string the app writes; `written` is shared by the drivers of one test."""

    written: list[str] = []

    @property
    def is_headless(self) -> bool:
        return False  # so the app renders its frames and writes them here

    def write(self, data: str) -> None:
        CapturingDriver.written.append(data)


TEXTUAL_SEQUENCES: Final = re.compile(
    r"\x1b\[[0-9;?]*[A-Za-z]"  # CSI: colours, cursor moves, synchronized output, title stack
    r"|\x1b\]2;[^\x00-\x1f\x7f-\x9f]*\x07"  # OSC 2: the window title (text checked below)
    r"|\x1b\]22;[a-z-]+\x07"  # OSC 22: the pointer shape
)
"""What Textual itself writes. Removed before looking for controls; a provider's own CSI is
caught by its marker instead (see `raw_hostile_fragments`)."""


def _fragments(hostile: str) -> list[str]:
    """Each unsafe character of a hostile string with the text around it (3 characters before,
    6 after): seen raw in the output, the sequence arrived unescaped. The context keeps a
    server's `ESC[0m` apart from Textual's own."""
    return [
        hostile[max(0, index - 3) : index + 7]
        for index, char in enumerate(hostile)
        if not char.isprintable() and char != " "
    ]


HOSTILE_FRAGMENTS: Final = tuple(
    fragment for hostile in HOSTILE_TEXTS for fragment in _fragments(hostile)
)


def raw_hostile_fragments(output: str) -> list[str]:
    """Every hostile sequence found raw in `output`, and every control or invisible formatting
    character left once Textual's own sequences are taken out. Empty means safe."""
    found = [fragment for fragment in HOSTILE_FRAGMENTS if fragment in output]
    rest = TEXTUAL_SEQUENCES.sub("", output)
    found += sorted(
        {
            f"U+{ord(char):04X}"
            for char in rest
            if char not in "\n\x07"  # newline between rows; BEL is Textual's own bell
            and (unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs"))
        }
    )
    return found


def take_output() -> str:
    """Everything written since the last call."""
    output = "".join(CapturingDriver.written)
    CapturingDriver.written.clear()
    return output
