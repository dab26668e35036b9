"""A dashboard served read-only (`orderdeck serve` without `--allow-create`): no wizard on any
profile, and the banner in the title bar says so."""

from __future__ import annotations

import contextlib

from textual.worker import WorkerCancelled

from tui.config import Config
from tui.ui.screens.main import MainScreen

from .conftest import AppFactory


async def test_a_read_only_served_dashboard_offers_no_order_wizard(
    make_app: AppFactory, ui_config: Config
) -> None:
    app = make_app("edge", config=ui_config.all_read_only())
    app.title = "orderdeck · served in a browser · read-only: orders cannot be placed here"
    async with app.run_test(size=(140, 40)) as pilot:
        for _ in range(2):
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete()
            await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen)
        assert not any(main.can_order(name) for name in app.deck.profile_names)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is main, "n opened nothing"
        assert "read-only" in app.title


def test_every_profile_becomes_read_only(ui_config: Config) -> None:
    assert any(not profile.read_only for profile in ui_config.profiles.values())
    served = ui_config.all_read_only()
    assert all(profile.read_only for profile in served.profiles.values())
    assert served.profiles.keys() == ui_config.profiles.keys()
