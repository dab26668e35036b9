"""The Payments view pinned as SVG snapshots at the two widths an operator uses: urgent rows
(warning-coloured) above normal ones, the orders with no deadline folded into one line, the
note saying what Owed means, on the frozen sandbox. Refreshed with the others by
`scripts/screenshots.py`."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tui.config import Config, PaymentsConfig

from .conftest import AppFactory
from .test_snapshots import _settle


async def _open_payments(pilot: Pilot[Any]) -> None:
    await _settle(pilot)
    await pilot.press("p")
    await pilot.pause()


def _config(ui_config: Config) -> Config:
    # 25 minutes: most of the seeded DuoPlus deadlines (5..29 min ahead) count as urgent.
    return ui_config.model_copy(update={"payments": PaymentsConfig(warn_minutes=25)})


def test_payments_view(snap_compare, make_app: AppFactory, ui_config: Config) -> None:  # type: ignore[no-untyped-def]
    app = make_app(config=_config(ui_config))
    assert snap_compare(app, terminal_size=(160, 48), run_before=_open_payments)


def test_payments_view_narrow(snap_compare, make_app: AppFactory, ui_config: Config) -> None:  # type: ignore[no-untyped-def]
    app = make_app(config=_config(ui_config))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open_payments)
