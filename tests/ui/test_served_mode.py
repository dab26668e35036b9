"""A dashboard served read-only (`orderdeck serve` without `--allow-create`): no wizard on any
profile, and the banner in the title bar says so."""

from __future__ import annotations

import contextlib

from textual.worker import WorkerCancelled

from tests.ui.test_dashboard import screen_text
from tui.cli.dashboard import SERVED_BANNERS
from tui.config import Config
from tui.deck import Deck
from tui.sandbox.demo import demo_secrets
from tui.ui.app import OrderDeckApp
from tui.ui.screens.main import MainScreen

from .conftest import frozen_clock


async def test_a_read_only_served_dashboard_offers_no_order_wizard(
    ui_config: Config,
) -> None:
    deck = Deck(ui_config.all_read_only(), demo_secrets(), clock=frozen_clock)
    banner = SERVED_BANNERS["read-only"]
    app = OrderDeckApp(deck, initial_view="edge", clock=frozen_clock, banner=banner)
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
        assert "read-only: orders cannot be placed here" in screen_text(app), "the banner"


def test_every_profile_becomes_read_only(ui_config: Config) -> None:
    assert any(not profile.read_only for profile in ui_config.profiles.values())
    served = ui_config.all_read_only()
    assert all(profile.read_only for profile in served.profiles.values())
    assert served.profiles.keys() == ui_config.profiles.keys()
