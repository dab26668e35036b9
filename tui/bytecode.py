"""Warm starts where Python is told not to write bytecode (`PYTHONDONTWRITEBYTECODE`, set on
many machines and container images).

Without `.pyc` files every start compiles textual, pydantic and httpx from source, which
roughly triples start-up. uv's `compile-bytecode` setting fixes that at the cost of
recompiling the whole environment before *every* `uv run` (about 0.2-0.4 s each time). This
does it once instead: when the flag is set and the caches are missing, a background process
compiles the environment while this start goes on; every later start reads the caches, which
Python does whatever the flag says.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from importlib.util import cache_from_source
from pathlib import Path

_PROBES = ("textual/app.py", "pydantic/main.py", "httpx/_client.py")
"""Modules every start imports: compiled, the environment is warm."""


def environment_paths() -> list[Path]:
    """Where the imported code lives: site-packages and orderdeck's own package."""
    site_packages = Path(sysconfig.get_paths()["purelib"])
    own_package = Path(__file__).resolve().parent
    return [site_packages, own_package]


def is_cold(paths: list[Path]) -> bool:
    """Any probe module (or orderdeck's own `__init__`) without its current bytecode."""
    sources = [paths[0] / probe for probe in _PROBES] + [paths[-1] / "__init__.py"]
    for source in sources:
        if not source.exists():
            continue
        cached = Path(cache_from_source(str(source)))
        if not cached.exists() or cached.stat().st_mtime < source.stat().st_mtime:
            return True
    return False


def warm_bytecode_cache(paths: list[Path] | None = None) -> subprocess.Popen[bytes] | None:
    """Start compiling `paths` in the background when bytecode is not written and missing.

    Returns the compiler's process (tests wait for it), or None when there is nothing to do.
    """
    if not sys.dont_write_bytecode:
        return None  # Python writes each module's cache as it imports it
    paths = paths or environment_paths()
    if not is_cold(paths):
        return None
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "compileall", "-q", "-j", "0", *map(str, paths)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # outlives a Ctrl-C of the dashboard; finishes on its own
        )
    except OSError:
        return None  # a read-only or odd environment: start cold, as without this
