"""Regenerate `screenshots/` from the pinned snapshot tests, so the README shows exactly what
the tests check: `uv run python scripts/screenshots.py`.

It re-records the snapshots (`--snapshot-update`) on the frozen sandbox, then copies each SVG
to `screenshots/<name>.svg`; the browser test takes `screenshots/browser_tab.png`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_DIR = ROOT / "tests" / "ui" / "__snapshots__"
OUT = ROOT / "screenshots"

SUITES = (
    "tests/ui/test_snapshots.py",
    "tests/ui/test_wizard_snapshots.py",
    "tests/ui/test_payments_snapshots.py",
)
"""Every snapshot suite whose pictures belong in the README."""


def main() -> int:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *SUITES,
            "--snapshot-update",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        print("snapshot run failed; screenshots not updated", file=sys.stderr)
        return result.returncode
    OUT.mkdir(exist_ok=True)
    copied = 0
    for svg in sorted(SNAPSHOT_DIR.rglob("*.svg")):
        name = svg.name.removeprefix("test_")
        shutil.copyfile(svg, OUT / name)
        copied += 1
    print(f"wrote {copied} screenshots to {OUT.relative_to(ROOT)}/")
    return browser_tab()


def browser_tab() -> int:
    """`screenshots/browser_tab.png`: the browser test's own picture of `orderdeck serve`
    (skipped, with its reason, where no Chromium is installed)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_serve_browser.py", "-q", "-n0", "-k",
         "browser_tab", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, "ORDERDECK_BROWSER_SHOT": "1"},
        check=False,
    )  # fmt: skip
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
