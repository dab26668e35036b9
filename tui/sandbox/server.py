"""Serving the sandbox: in a background thread on an ephemeral loopback port (the tests, and
the demo where no child process can serve it: see `process.py`), or in the foreground
(`orderdeck sandbox`)."""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import TYPE_CHECKING, Self

from tui.sandbox.state import SandboxState

if TYPE_CHECKING:
    import uvicorn

LOOPBACK = "127.0.0.1"


def make_server(state: SandboxState) -> uvicorn.Server:
    """uvicorn serving the sandbox app, quiet: a server for the demo and the tests, not a site."""
    import uvicorn

    from tui.sandbox.app import create_app

    config = uvicorn.Config(
        create_app(state),
        log_level="warning",
        access_log=False,
        lifespan="off",
        # The reset fault raises inside the app on purpose; keep uvicorn quiet about it.
        log_config=None,
    )
    return uvicorn.Server(config)


class SandboxServer:
    """`with SandboxServer() as sandbox:` -> `sandbox.url`, `sandbox.state`.

    uvicorn runs on its own thread and event loop, so a test's (or the app's) loop is never
    blocked by the fake server, and requests cross a real socket.
    """

    def __init__(
        self, state: SandboxState | None = None, host: str = LOOPBACK, port: int = 0
    ) -> None:
        self.state = state or SandboxState()
        self.host = host
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.port: int = self._socket.getsockname()[1]
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        server = self._server = make_server(self.state)
        started = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._socket.listen(128)
            serve = server.serve(sockets=[self._socket])
            task = loop.create_task(serve)
            loop.call_soon(started.set)
            loop.run_until_complete(task)
            loop.close()

        self._thread = threading.Thread(target=run, name="orderdeck-sandbox", daemon=True)
        self._thread.start()
        started.wait(5)
        # uvicorn.Server sets `started` once the socket is serving.
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        return self

    def stop(self, wait: bool = True) -> None:
        """Ask uvicorn to stop. With `wait`, until it has: up to 0.2 s, as it looks at
        `should_exit` every 0.1 s and then gives open connections 0.1 s to close. Without,
        it finishes on its own thread (its shutdown closes the socket): a test's teardown
        need not sit through that for a server nobody will call again."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None and self._thread.is_alive():
            if not wait:
                return
            self._thread.join(5)
        self._socket.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_forever(host: str = LOOPBACK, port: int = 8765, hostile: bool = False) -> None:
    """`orderdeck sandbox`: serve in the foreground until Ctrl-C; with `hostile`
    (`--hostile`), the first rows of every provider carry the hostile strings."""
    import uvicorn

    from tui.sandbox.app import create_app

    app = create_app(SandboxState(hostile=hostile))
    uvicorn.run(app, host=host, port=port, log_level="info", lifespan="off")
