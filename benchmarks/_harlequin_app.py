"""harlequin to its first full screen, for `first_paint.py`: a peer Textual app of orderdeck's
size (a SQL IDE: catalog tree, editor, results table, footer), timed on the same pty harness.

harlequin is not a dependency: `first_paint.py` runs this module with `uv run --with
harlequin`. It starts harlequin's own command line (`harlequin`, an in-memory DuckDB, no
tzdata download) with its app class swapped for a subclass that writes `time.time()` to the
path given once the database's catalog is on screen, the moment its screen is whole (as
orderdeck's is once the first page of orders is), then exits.

Run: `uv run --with harlequin python -m benchmarks._harlequin_app PATH`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import harlequin.app
import harlequin.cli
from harlequin import Harlequin
from harlequin.app import NewCatalog
from textual import on


def _as_list(paths: object) -> list[str]:
    return [str(path) for path in (paths if isinstance(paths, list | tuple) else [paths])]


class FirstFullScreen(Harlequin):
    """harlequin, exiting once its catalog tree is drawn."""

    CSS_PATH = [  # harlequin's own, which Textual finds beside the app's module
        Path(harlequin.app.__file__).parent / path for path in _as_list(Harlequin.CSS_PATH)
    ]
    mark: Path

    @on(NewCatalog)
    def _catalog_drawn(self, message: NewCatalog) -> None:
        # harlequin's own handler fills the tree first (handlers run in class order).
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        if not self.mark.exists():
            self.mark.write_text(f"{time.time():.6f}\n", encoding="ascii")
        self.exit()


if __name__ == "__main__":
    FirstFullScreen.mark = Path(sys.argv[1])
    harlequin.cli.Harlequin = FirstFullScreen  # type: ignore[misc]
    sys.argv = ["harlequin", "--no-download-tzdata", "--locale", "C"]
    harlequin.cli.harlequin()
