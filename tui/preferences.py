"""What the dashboard remembers between runs that is not configuration: the theme last chosen
in the command palette. Kept in a small JSON file in the user's state dir (platformdirs), so
the user's config.toml is never rewritten behind their back.

The config's `theme` still decides when it changes: a palette choice is remembered together
with the config's theme at that moment, and applies only while the config still says the same.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NamedTuple

from tui.paths import user_state_file


def preferences_path() -> Path:
    return user_state_file("preferences.json")


class ThemeChoice(NamedTuple):
    theme: str
    """The theme chosen in the palette."""
    config_theme: str | None
    """The config's `theme` when it was chosen: a different one now means the config wins."""


def load_theme_choice(path: Path | None = None) -> ThemeChoice | None:
    """The remembered choice; None when there is none or the file is unreadable (a broken
    preferences file costs the theme, never the start-up)."""
    try:
        data: Any = json.loads((path or preferences_path()).read_text(encoding="utf-8"))
        theme, config_theme = data["theme"]["name"], data["theme"]["config_theme"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(theme, str) or not (config_theme is None or isinstance(config_theme, str)):
        return None
    return ThemeChoice(theme, config_theme)


def theme_to_use(config_theme: str | None, path: Path | None = None) -> str | None:
    """The theme to start with: the palette's last choice while the config's `theme` is what
    it was then, else the config's (None: Textual's default)."""
    choice = load_theme_choice(path)
    if choice is not None and choice.config_theme == config_theme:
        return choice.theme
    return config_theme


def save_theme_choice(choice: ThemeChoice, path: Path | None = None) -> None:
    """Write the choice atomically (a crash mid-write leaves the old file)."""
    target = path or preferences_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"theme": {"name": choice.theme, "config_theme": choice.config_theme}}
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, target)
