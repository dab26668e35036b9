"""The dashboard under fire: for each provider, one session walks through every list fault.
Each fault shows as a toast naming the profile and the error, marks the profile, keeps the
last good rows, and the next refresh after the fault clears brings the table back."""

from __future__ import annotations

import pytest

from tests.faults.catalogue import FAULTS, PROFILES, Case, arm, target
from tests.ui.settling import settle
from tui.deck import Deck, Health
from tui.sandbox.demo import demo_config, demo_secrets
from tui.sandbox.server import SandboxServer
from tui.ui.app import OrderDeckApp
from tui.ui.widgets.order_table import OrderTable

SIZE = (160, 40)

UI_FAULTS = [
    spec
    for spec in FAULTS
    if "list" in spec.operations and not spec.refused and not spec.once and spec.timeout is None
]
"""Every list fault but connect refused and the read timeout (the client matrix covers those:
they need another endpoint or timeout, not an armed fault)."""


@pytest.mark.usefixtures("no_duoplus_spacing")
@pytest.mark.parametrize("provider", ["cloudpond", "duoplus", "acedata", "huawei_bss"])
async def test_every_list_fault_is_shown_and_the_dashboard_stays_usable(
    provider: str, sandbox: SandboxServer
) -> None:
    profile = PROFILES[provider]
    config = demo_config(sandbox.url, refresh_seconds=0, timezone="UTC")
    app = OrderDeckApp(Deck(config, demo_secrets()), initial_view=profile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(OrderTable)
        good_rows = list(table.rows)
        assert good_rows
        for spec in UI_FAULTS:
            if provider not in spec.providers:
                continue
            case = Case(provider, "list", spec)
            app.clear_notifications()
            arm(sandbox.state.faults, case, target(provider, "list"), "")
            await pilot.press("r")
            await settle(pilot)
            status = app.deck.statuses[profile]
            if spec.expect_read is None:
                assert status.health is Health.OK, spec.label
                assert table.rows, spec.label
            else:
                toasts = [(n.title, n.message) for n in app._notifications]
                assert (f"{profile}: request failed", status.last_error) in toasts, spec.label
                assert status.health is not Health.OK, spec.label
                assert list(table.rows) == good_rows, f"{spec.label}: the last good rows stay"
            assert app.is_running
            sandbox.state.faults.clear()
            app.clear_notifications()
            await pilot.press("r")
            await settle(pilot)
            assert app.deck.statuses[profile].health is Health.OK, spec.label
            assert list(table.rows), spec.label
            good_rows = list(table.rows)
