"""The look of the dashboard, pinned as SVG snapshots (frozen clock, frozen sandbox data).

They show the demo's data, as the README does; `test_hostile_strings_render_escaped` alone
seeds the hostile strings, to pin how they look once escaped.

`scripts/screenshots.py` refreshes these and copies them to `screenshots/` for the README.
Update after an intended change: `uv run pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.server import SandboxServer
from tui.ui.widgets.profile_list import ALL_PROFILES

from .conftest import AppFactory

SCREEN = (120, 36)
"""The README's screenshot size."""


async def _settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause(0.4)  # the detail pane's debounce
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_cloudpond_main_screen(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app("edge"), terminal_size=SCREEN, run_before=_settle)


def test_duoplus_main_screen(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app("phones"), terminal_size=SCREEN, run_before=_settle)


def test_acedata_main_screen(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app("ace"), terminal_size=SCREEN, run_before=_settle)


def test_all_profiles(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(ALL_PROFILES), terminal_size=SCREEN, run_before=_settle)


def test_detail_pane_raw_json(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    async def open_raw(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("down", "down")
        await _settle(pilot)
        pilot.app.screen.query_one("#detail").active = "raw"
        await pilot.pause()

    assert snap_compare(make_app("ace"), terminal_size=SCREEN, run_before=open_raw)


def test_help_screen(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    async def open_help(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app("edge"), terminal_size=SCREEN, run_before=open_help)


def test_error_state(snap_compare, make_app: AppFactory, frozen_sandbox: SandboxServer) -> None:  # type: ignore[no-untyped-def]
    frozen_sandbox.state.faults.arm(
        Fault(FaultKind.STATUS, path_prefix="/api/v1/orders/", status=403, times=None)
    )
    assert snap_compare(make_app("ace"), terminal_size=SCREEN, run_before=_settle)


def test_narrow_terminal(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app("edge"), terminal_size=(80, 24), run_before=_settle)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
@pytest.mark.parametrize("profile", ["edge", "phones", "ace"])
def test_each_provider_at_80_and_160_columns(  # type: ignore[no-untyped-def]
    snap_compare, make_app: AppFactory, profile: str, size: tuple[int, int]
) -> None:
    """Nothing wraps mid-label, ids are cut in the middle, `?` is in the footer, and at 80
    columns the profile strip keeps the pending counts."""
    assert snap_compare(make_app(profile), terminal_size=size, run_before=_settle)


async def _filtered(pilot: Pilot[Any]) -> None:
    await _settle(pilot)
    await pilot.press("f", "enter")  # the status list opens
    await _settle(pilot)
    await pilot.press("down", "down", "enter")  # status: the second one (a reload)
    await _settle(pilot)
    await pilot.press("tab", "tab", *"lastweek", "enter")
    await _settle(pilot)
    await pilot.press("escape")  # back to the table: no blinking cursor in the picture
    await _settle(pilot)


def test_active_filters_and_a_rejected_date(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    """The note line under the filters: what is in force, or why an input was refused."""
    assert snap_compare(make_app("phones"), terminal_size=(150, 40), run_before=_filtered)


@pytest.mark.hostile
def test_hostile_strings_render_escaped(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    """Markup, an action, ANSI, bidi, zero-width and a very long name in the first rows, shown
    as inert text (`␛[31m`, `<U+202E>`, `[@click=...]` as typed)."""
    assert snap_compare(make_app("edge"), terminal_size=SCREEN, run_before=_settle)
