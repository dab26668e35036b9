"""The Payments view pinned as an SVG snapshot: urgent rows (warning-coloured) above normal
ones, on the frozen sandbox. Refreshed with the others by `scripts/screenshots.py`."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tui.config import Config, PaymentsConfig

from .conftest import AppFactory
from .test_snapshots import SCREEN, _settle


def test_payments_view(snap_compare, make_app: AppFactory, ui_config: Config) -> None:  # type: ignore[no-untyped-def]
    # 25 minutes: most of the seeded DuoPlus deadlines (5..29 min ahead) count as urgent.
    config = ui_config.model_copy(update={"payments": PaymentsConfig(warn_minutes=25)})

    async def open_payments(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("p")
        await pilot.pause()

    assert snap_compare(make_app(config=config), terminal_size=SCREEN, run_before=open_payments)
