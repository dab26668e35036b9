"""The start-up yardstick: a bare Textual app with one empty DataTable, exiting after its first
paint and writing the moment (`time.time()`) to the path given. Run by `first_paint.py`.

With `--stack` it first does the least any dashboard on orderdeck's stack must do before it can
show orders: import pydantic and define one model, import httpx and make one client. That is the
stack's floor, measured for reference: no orderdeck code runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import DataTable


def load_the_stack() -> None:
    # With orderdeck's own savings, so the floor is not overstated: httpx's command-line tool
    # is not loaded (tui/__init__.py), and a plain-http client loads no CA store
    # (tui/providers/http.py).
    sys.modules.setdefault("httpx._main", None)
    import ssl

    import httpx
    from pydantic import BaseModel

    class Settings(BaseModel):
        endpoint: str = "http://127.0.0.1"

    no_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    httpx.AsyncClient(
        base_url=Settings().endpoint, transport=httpx.AsyncHTTPTransport(verify=no_tls)
    )


class BareApp(App[None]):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.path.write_text(f"{time.time():.6f}\n", encoding="ascii")
        self.exit()


if __name__ == "__main__":
    if "--stack" in sys.argv[2:]:
        load_the_stack()
    BareApp(Path(sys.argv[1])).run()
