"""What every command that reads profiles gets: the parsed arguments, the config, the
credential store and where to write. Loaded only once a command runs (the config pulls in
pydantic), never for `--help`."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TextIO

from tui.config import config_path, load_config
from tui.display import resolve_timezone
from tui.errors import UsageError
from tui.secrets import default_store

if TYPE_CHECKING:
    import argparse
    from collections.abc import Awaitable, Callable
    from datetime import tzinfo

    from tui.config import Config
    from tui.secrets import SecretStore

EXIT_OK: Final = 0


@dataclass
class Context:
    """What every command needs once arguments are parsed."""

    args: argparse.Namespace
    config: Config
    store: SecretStore
    demo: bool
    out: TextIO
    err: TextIO
    pause: Callable[[float], Awaitable[None]]
    """How `payments --watch` waits between two checks (the tests' seam)."""

    @property
    def profile_name(self) -> str | None:
        name: str | None = getattr(self.args, "profile", None)
        return name

    @property
    def zone(self) -> tzinfo:
        return resolve_timezone(self.config.timezone)

    @property
    def config_label(self) -> str:
        """Where the config comes from, as a message names it."""
        if self.demo:
            return "the demo config"
        return str(config_path(getattr(self.args, "config", None)))


def open_context(
    args: argparse.Namespace,
    sandbox_url: str | None,
    pause: Callable[[float], Awaitable[None]],
) -> Context:
    """The real config and credential store, or the demo profiles on the sandbox."""
    demo = bool(getattr(args, "demo", False))
    if demo and args.command in ("login", "logout"):
        raise UsageError("--demo uses built-in credentials; login and logout are for real profiles")
    config: Config
    store: SecretStore
    if sandbox_url is None:
        config, store = load_config(getattr(args, "config", None)), default_store()
    else:
        # The sandbox package only for --demo: a real profile never needs it.
        from tui.sandbox.demo import demo_config, demo_secrets

        config, store = demo_config(sandbox_url), demo_secrets()
    return Context(args, config, store, demo, sys.stdout, sys.stderr, pause)
