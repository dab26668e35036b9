"""`orderdeck serve`: the dashboard in a browser tab, through textual-serve.

textual-serve (from Textual's authors) serves a page that runs one app process per browser
tab and relays its terminal over a websocket. What orderdeck adds, since the process behind
the page holds keys that can spend money:

- an access token on every address but loopback, checked on every request (the page, its
  assets, the websocket) with a constant-time compare; the page's first request takes it as
  `?token=` and leaves an HttpOnly, SameSite=Strict cookie for the rest;
- read-only profiles unless `--allow-create`, said by a banner in the page's title bar;
- no secret on the page: credentials stay in this process's keyring or environment, which the
  tab's process inherits; the served HTML holds the page title and URLs only; textual-serve's
  log (which would print tracebacks with local variables) goes to orderdeck's redacted log.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from textual_serve.server import Server

from tui.errors import UsageError
from tui.logs import get_logger

LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "::1", "localhost"})
"""Addresses only this machine can reach: served without a token."""

TOKEN_PARAMETER: Final = "token"
TOKEN_COOKIE: Final = "orderdeck_token"

ServedMode = Literal["read-only", "allow-create"]


@dataclass(frozen=True, slots=True)
class ServeSettings:
    host: str
    port: int
    token: str | None
    """Required of every request when set; None only on a loopback address."""
    token_generated: bool
    """Printed once at start (a `--token-file` token is never printed)."""
    app_command: str
    """What each browser tab runs: this Python, `-m tui`, the config and the served mode."""
    mode: ServedMode


def needs_token(host: str) -> bool:
    return host not in LOOPBACK_HOSTS


def read_token(path: Path) -> str:
    """The token in `path`: its first line, at least 16 characters."""
    try:
        token = path.read_text(encoding="utf-8").strip().splitlines()[0].strip()
    except (OSError, IndexError, UnicodeDecodeError) as error:
        raise UsageError(f"--token-file {path}: cannot read a token ({error})") from None
    if len(token) < 16:
        raise UsageError(f"--token-file {path}: a token needs at least 16 characters")
    return token


def choose_token(host: str, token_file: Path | None) -> tuple[str | None, bool]:
    """The token to require and whether it was made here: a file's, else a new one off
    loopback, else none."""
    if token_file is not None:
        return read_token(token_file), False
    if needs_token(host):
        return secrets.token_urlsafe(24), True
    return None, False


def app_command(
    config_path: Path | None, profile: str | None, mode: ServedMode, python: str = sys.executable
) -> str:
    """The shell command textual-serve runs for each tab."""
    argv = [python, "-m", "tui"]
    if config_path is not None:
        argv += ["--config", str(config_path)]
    if profile is not None:
        argv += ["--profile", profile]
    argv += ["--served", mode]
    return shlex.join(argv)


def page_url(settings: ServeSettings) -> str:
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    url = f"http://{host}:{settings.port}/"
    if settings.token is not None and settings.token_generated:
        url += f"?{TOKEN_PARAMETER}={settings.token}"
    return url


def token_accepted(expected: str, presented: str | None) -> bool:
    return presented is not None and hmac.compare_digest(
        expected.encode("utf-8"), presented.encode("utf-8")
    )


def token_middleware(expected: str) -> Middleware:
    """Refuses every request that presents no valid token (query or cookie); the page's first
    request, which brings it as `?token=`, leaves it in a cookie for the assets and the
    websocket that follow."""

    @web.middleware
    async def require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
        from_query = request.query.get(TOKEN_PARAMETER)
        presented = from_query or request.cookies.get(TOKEN_COOKIE)
        if not token_accepted(expected, presented):
            get_logger("serve").warning(
                "refused %s %s: no valid token", request.method, request.path
            )
            raise web.HTTPForbidden(text="orderdeck: this dashboard needs its access token\n")
        response = await handler(request)
        if from_query is not None and not response.prepared:
            response.set_cookie(TOKEN_COOKIE, expected, httponly=True, samesite="Strict")
        return response

    return require_token


class DashboardServer(Server):
    """textual-serve's server with orderdeck's token, logging and start-up line."""

    def __init__(self, settings: ServeSettings) -> None:
        host = f"[{settings.host}]" if ":" in settings.host else settings.host
        super().__init__(
            settings.app_command,
            host=settings.host,
            port=settings.port,
            title=f"orderdeck ({settings.mode})",
            public_url=f"http://{host}:{settings.port}",
        )
        self.settings = settings

    def initialize_logging(self) -> None:
        """Into orderdeck's log file (redacted, gated, no local variables), not the console."""
        logging.getLogger("textual-serve").setLevel(logging.INFO)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        if self.settings.token is not None:
            app.middlewares.append(token_middleware(self.settings.token))
        return app

    async def on_startup(self, app: web.Application) -> None:
        mode = "read-only" if self.settings.mode == "read-only" else "orders can be placed"
        print(
            f"orderdeck serve: {page_url(self.settings)} ({mode}; Ctrl-C stops it)", file=sys.stderr
        )
        if self.settings.token is not None and not self.settings.token_generated:
            print(
                "orderdeck serve: open it with ?token=<the token in --token-file>", file=sys.stderr
            )
        sys.stderr.flush()
