"""The demo's sandbox in a child process: it imports the web stack and seeds its data on the
other core while the dashboard starts, and serving a request never holds the dashboard's GIL.

The parent binds the loopback socket and listens before it spawns the child, so the URL is
known at once and a request sent before the child serves waits in the listen backlog. The child
exits when its stdin reaches end of file: when the parent closes it, exits, or is killed (even
with SIGKILL), so no sandbox outlives its dashboard.

This module is the parent's side too, so it imports nothing heavy at the top: the parent never
loads starlette, uvicorn or the sandbox's routers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Final, Self

import tui

if TYPE_CHECKING:
    import uvicorn

LOOPBACK: Final = "127.0.0.1"

BACKLOG: Final = 128
"""Connections the kernel holds before the child accepts: the dashboard opens a handful."""

HOSTILE_ARGUMENT: Final = "--hostile"
"""The child's second argument when it is to seed the hostile strings."""

STOP_TIMEOUT: Final = 5.0
"""Seconds to wait for the child to exit once its stdin is closed, before killing it."""


def can_spawn() -> bool:
    """A child interpreter can be started with the listening socket handed over: POSIX only
    (`pass_fds`), and not from a frozen executable that cannot run `-m`."""
    return os.name == "posix" and bool(sys.executable) and not getattr(sys, "frozen", False)


class SandboxProcess:
    """`with SandboxProcess() as sandbox:` -> `sandbox.url`, served by a child process;
    `SandboxProcess(hostile=True)` seeds the hostile strings (`SandboxState.hostile`)."""

    def __init__(self, host: str = LOOPBACK, hostile: bool = False) -> None:
        self.host = host
        self.hostile = hostile
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((host, 0))
        self._listener.listen(BACKLOG)
        self.port: int = self._listener.getsockname()[1]
        self._child: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        fd = self._listener.fileno()
        # The child imports the same `tui` as this process, and `-P` keeps the working
        # directory off its path (a stray `tui/` or `starlette.py` there is not imported).
        package_root = str(Path(tui.__file__).resolve().parent.parent)
        python_path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
        try:
            self._child = subprocess.Popen(
                [sys.executable, "-P", "-m", "tui.sandbox.process", str(fd)]
                + ([HOSTILE_ARGUMENT] if self.hostile else []),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # the child logs to orderdeck's log file
                pass_fds=(fd,),
                # Its own session: Ctrl-C or Ctrl-Z at the terminal is for the dashboard.
                start_new_session=True,
                env={**os.environ, "PYTHONPATH": python_path},
            )
        finally:
            # The child holds the socket now; if it dies, requests are refused at once
            # instead of waiting in a backlog nobody reads.
            self._listener.close()
        return self

    def stop(self) -> None:
        child = self._child
        if child is None:
            return
        self._child = None
        if child.stdin is not None:
            child.stdin.close()  # end of file: the child exits
        try:
            child.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


_early: SandboxProcess | None = None
"""The child `start_early` spawned, until `demo_sandbox` takes it (or `stop_early` stops it)."""


def start_early() -> None:
    """Spawn the demo's sandbox now, before the caller imports the rest of orderdeck; the
    next `demo_sandbox()` serves from it. Does nothing where no child can be spawned."""
    global _early
    if _early is None and can_spawn():
        _early = SandboxProcess().start()


def stop_early() -> None:
    """Stop a sandbox `start_early` spawned for a command that turned out not to need it."""
    global _early
    early, _early = _early, None
    if early is not None:
        early.stop()


@contextmanager
def demo_sandbox(hostile: bool = False) -> Iterator[str]:
    """The demo's sandbox URL: a child process where one can be spawned (the one `start_early`
    spawned, if any and unless `hostile` asks for another data set), else (Windows) the
    in-process thread server."""
    global _early
    if can_spawn():
        if hostile:
            stop_early()
        process, _early = _early or SandboxProcess(hostile=hostile).start(), None
        try:
            yield process.url
        finally:
            process.stop()
        return
    from tui.sandbox.server import SandboxServer
    from tui.sandbox.state import SandboxState

    with SandboxServer(SandboxState(hostile=hostile)) as server:
        yield server.url


# --- the child --------------------------------------------------------------------------------


def _exit_at_end_of_input() -> None:
    """Blocks until the parent closes our stdin (or dies), then ends the process at once:
    the sandbox keeps nothing that needs saving, and a graceful shutdown would wait on the
    dead parent's keep-alive connections."""
    try:
        sys.stdin.buffer.read()
    finally:
        os._exit(0)


def serve(fd: int, hostile: bool = False) -> None:
    """Serve the sandbox on the inherited listening socket `fd` until stdin closes; `hostile`
    seeds the hostile strings (`SandboxState.hostile`)."""
    import asyncio
    import threading

    threading.Thread(target=_exit_at_end_of_input, name="parent-watch", daemon=True).start()
    from tui.logs import get_logger

    try:
        server = prepared_server(hostile)
        listener = socket.socket(fileno=fd)
        asyncio.run(server.serve(sockets=[listener]))
    except BaseException:
        get_logger("sandbox").exception("the demo sandbox failed")
        raise


def prepared_server(hostile: bool = False) -> uvicorn.Server:
    """The child's logging and its server, seeded and ready to serve: everything the first
    answer waits for, so each import here delays the demo's first page (no pydantic: the
    child validates nothing a user wrote)."""
    from tui.logs import setup_logging
    from tui.sandbox.server import make_server
    from tui.sandbox.state import SandboxState

    setup_logging()
    return make_server(SandboxState(hostile=hostile))


if __name__ == "__main__":
    serve(int(sys.argv[1]), hostile=sys.argv[2:] == [HOSTILE_ARGUMENT])
