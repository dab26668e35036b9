"""`orderdeck sandbox`: the fake provider APIs (the demo's back end) served in the foreground."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from tui.cli.context import EXIT_OK
from tui.config import is_loopback_host
from tui.errors import UsageError

if TYPE_CHECKING:
    import argparse


def cmd_sandbox(args: argparse.Namespace) -> int:
    host: str = args.host
    if not is_loopback_host(host) and not args.allow_remote:
        raise UsageError(
            f"refusing to serve on {host}: the sandbox accepts public demo credentials; "
            "use 127.0.0.1, or pass --allow-remote if you mean it"
        )
    # The sandbox (Starlette, uvicorn) only once the address is accepted.
    from tui.sandbox.server import serve_forever

    print(f"Sandbox on http://{host}:{args.port} (Ctrl-C stops it)", file=sys.stderr)
    serve_forever(host=host, port=args.port, hostile=args.hostile)
    return EXIT_OK
