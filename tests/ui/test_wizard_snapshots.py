"""The order wizard's look, pinned as SVG snapshots: every step and the placed order.

`scripts/screenshots.py` refreshes these with the dashboard's and copies them to `screenshots/`.
Update after an intended change:
`uv run pytest tests/ui/test_wizard_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tui.order_draft import Step

from .conftest import AppFactory
from .test_snapshots import SCREEN
from .test_wizard import SITE, add_pool, settle, walk_to, wizard_of


def at_step(step: Step) -> Any:
    async def walk(pilot: Pilot[Any]) -> None:
        await walk_to(pilot, step)
        await steady(pilot)

    return walk


async def steady(pilot: Pilot[Any]) -> None:
    """A blinking cursor would make the picture depend on the moment it is taken."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await settle(pilot)
    await pilot.pause(0.2)


def test_wizard_edge_site(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app("edge"), terminal_size=SCREEN, run_before=at_step(Step.SITE))


def test_wizard_billing(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app("edge"), terminal_size=SCREEN, run_before=at_step(Step.BILLING))


def test_wizard_servers(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app("edge"), terminal_size=SCREEN, run_before=at_step(Step.SERVERS))


def test_wizard_network_devices(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app("edge"), terminal_size=SCREEN, run_before=at_step(Step.NETWORK))


def test_wizard_storage_pools(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    async def refused_size(pilot: Pilot[Any]) -> None:
        await at_step(Step.STORAGE)(pilot)
        await add_pool(pilot, "SSD", "20")  # the inline refusal is part of the picture
        await steady(pilot)

    assert snap_compare(make_app("edge"), terminal_size=SCREEN, run_before=refused_size)


def test_wizard_review(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app("edge"), terminal_size=SCREEN, run_before=at_step(Step.REVIEW))


def test_wizard_review_at_80x24(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    """Narrow: the panels stack and the name to type is shown whole."""
    assert snap_compare(make_app("edge"), terminal_size=(80, 24), run_before=at_step(Step.REVIEW))


def test_wizard_review_at_160x48(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app("edge"), terminal_size=(160, 48), run_before=at_step(Step.REVIEW))


def test_wizard_order_placed(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    async def place(pilot: Pilot[Any]) -> None:
        await at_step(Step.REVIEW)(pilot)
        wizard = wizard_of(pilot.app)
        wizard.query_one("#confirm", Input).value = SITE
        await settle(pilot)
        wizard.action_submit()
        for _ in range(3):
            await settle(pilot)
        await pilot.pause(0.4)  # the detail pane's debounce behind the dialog
        await settle(pilot)

    assert snap_compare(make_app("edge"), terminal_size=SCREEN, run_before=place)
