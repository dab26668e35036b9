"""Where orderdeck keeps its files on this machine: the platformdirs user directories.

Kept apart from `config.py` so a process that only logs (the demo's sandbox child) or only
keeps state never imports pydantic to find a directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

APP_NAME: Final = "orderdeck"


def user_config_path() -> Path:
    """The config file read when neither `--config` nor `$ORDERDECK_CONFIG` names one."""
    from platformdirs import user_config_path as _user_config_path

    return _user_config_path(APP_NAME, appauthor=False) / "config.toml"


def user_log_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def user_state_file(name: str) -> Path:
    """`name` in the user's state dir: preferences, billing links, kept drafts."""
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False) / name
