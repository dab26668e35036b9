"""Warm starts under PYTHONDONTWRITEBYTECODE: the environment is compiled once, in the
background, and never again while its caches are current."""

from __future__ import annotations

from importlib.util import cache_from_source
from pathlib import Path

import pytest

from tui.bytecode import environment_paths, is_cold, warm_bytecode_cache


def a_package(root: Path) -> list[Path]:
    site = root / "site-packages"
    (site / "textual").mkdir(parents=True)
    (site / "textual" / "app.py").write_text("APP = 1\n")
    own = root / "tui"
    own.mkdir()
    (own / "__init__.py").write_text("VERSION = '1'\n")
    return [site, own]


def test_a_cold_environment_is_compiled_once_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    paths = a_package(tmp_path)
    assert is_cold(paths)
    compiler = warm_bytecode_cache(paths)
    assert compiler is not None and compiler.wait(timeout=60) == 0
    for source in (paths[0] / "textual" / "app.py", paths[1] / "__init__.py"):
        assert Path(cache_from_source(str(source))).exists()
    assert not is_cold(paths)
    assert warm_bytecode_cache(paths) is None, "warm: nothing is started"


def test_an_edited_module_makes_the_environment_cold_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    paths = a_package(tmp_path)
    compiler = warm_bytecode_cache(paths)
    assert compiler is not None and compiler.wait(timeout=60) == 0
    init = paths[1] / "__init__.py"
    cached = Path(cache_from_source(str(init)))
    newer = cached.stat().st_mtime + 10
    init.write_text("VERSION = '2'\n")
    import os

    os.utime(init, (newer, newer))
    assert is_cold(paths)


def test_nothing_is_started_where_python_writes_its_own_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    assert warm_bytecode_cache(a_package(tmp_path)) is None


def test_the_environment_is_site_packages_and_orderdeck_itself() -> None:
    site, own = environment_paths()
    assert (site / "textual").is_dir()
    assert (own / "bytecode.py").is_file()
