"""`orderdeck serve`: the dashboard in a browser tab (see `tui.serve` for what is guarded).

With `--demo` one sandbox serves every tab: its config goes to a private temporary file and
its (public) demo credentials to this process's environment, which each tab's process
inherits. Real credentials stay where they are: the keyring, or the environment.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.context import EXIT_OK
from tui.config import config_path, load_config
from tui.errors import UsageError

if TYPE_CHECKING:
    import argparse


def cmd_serve(args: argparse.Namespace) -> int:
    # aiohttp and textual-serve only for this command.
    from tui.serve import DashboardServer, ServedMode, ServeSettings, app_command, choose_token

    token, generated = choose_token(args.host, args.token_file)
    mode: ServedMode = "allow-create" if args.allow_create else "read-only"
    profile: str | None = getattr(args, "profile", None)
    with _served_config(args) as config_file:
        if profile is not None:
            load_config(config_file).profile(profile)  # an unknown name fails now, exit 2
        command = app_command(config_file, profile, mode)
        settings = ServeSettings(args.host, args.port, token, generated, command, mode)
        try:
            DashboardServer(settings).serve()
        except OSError as error:
            raise UsageError(f"cannot serve on {args.host}:{args.port}: {error}") from None
    return EXIT_OK


@contextmanager
def _served_config(args: argparse.Namespace) -> Iterator[Path]:
    """The config file every tab reads: the user's (checked now), or the demo's."""
    if not getattr(args, "demo", False):
        path = config_path(getattr(args, "config", None))
        load_config(path)  # a broken file fails here, once, not in every tab
        yield path
        return
    from tui.sandbox.demo import DEMO_CREDENTIALS, demo_config_toml
    from tui.sandbox.process import demo_sandbox
    from tui.secrets import env_var_name

    with demo_sandbox() as url, tempfile.TemporaryDirectory(prefix="orderdeck-serve-") as folder:
        path = Path(folder) / "demo.toml"
        path.write_text(demo_config_toml(url), encoding="utf-8")
        for (name, field), value in DEMO_CREDENTIALS.items():
            os.environ[env_var_name(name, field)] = value
        yield path
