"""The cycle collector waits while orderdeck starts, and only then (`tui/startup_gc.py`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tui import startup_gc
from tui.cli import main as cli_main
from tui.providers.fast_path import thaw


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    # A big load earlier in this worker froze its heap (`tui/ui/long_lived.py`): a start
    # finds nothing frozen, so these tests do not either.
    thaw()
    yield
    startup_gc.release()
    gc.enable()


def test_what_the_start_allocated_joins_the_oldest_generation_unexamined() -> None:
    startup_gc.hold()
    assert not gc.isenabled()
    built = [[index] for index in range(100)]  # tracked containers, young until collected
    startup_gc.release()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert id(built) in oldest and all(id(item) in oldest for item in built)


def test_a_collector_turned_off_by_someone_else_stays_off() -> None:
    gc.disable()
    startup_gc.hold()
    startup_gc.release()
    assert not gc.isenabled()


def test_a_freeze_of_someone_else_s_is_not_thawed() -> None:
    startup_gc.hold()
    kept = [[1], [2]]
    gc.freeze()
    try:
        startup_gc.release()
        assert gc.isenabled()
        # Still frozen: in none of the collector's generations.
        assert not any(item is kept for item in gc.get_objects())
    finally:
        gc.unfreeze()


def test_a_command_other_than_the_dashboard_runs_with_the_collector_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    startup_gc.hold()
    assert cli_main(["config", "path"]) == 0
    assert gc.isenabled()
    assert capsys.readouterr().out.strip().endswith(".toml")
