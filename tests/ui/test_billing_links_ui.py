"""What a CloudPond order placed in the wizard costs, seen where an operator looks: the result
screen, the detail pane after a restart, the Payments view. Keys only, on the frozen sandbox;
the link is kept in the test's own state dir, so a second app is a restart."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from tui.billing_links import BILLING_FIELD, BillingRead
from tui.display import printable
from tui.order_draft import Step
from tui.orders import Order, Status
from tui.providers.cloudpond.order_body import CreatedDeliveryOrder
from tui.ui.app import OrderDeckApp
from tui.ui.screens.wizard import dialogs
from tui.ui.screens.wizard.dialogs import OrderPlacedScreen
from tui.ui.screens.wizard.submit import WizardOutcome
from tui.ui.widgets.detail_pane import DetailPane

from .conftest import AppFactory
from .test_dashboard import screen_text, settle, table_of
from .test_payments_screen import open_payments
from .test_wizard import SITE
from .test_wizard_keys import keys, press, walk_by_keys

SIZE = (160, 48)


async def place_by_keys(app: OrderDeckApp, pilot: Pilot[Any]) -> tuple[str, list[Order]]:
    """Place the wizard's order; the placed id and its billing orders as the screen read them."""
    await walk_by_keys(pilot, Step.REVIEW)
    await press(pilot, *keys(SITE))
    await press(pilot, "enter")
    screen = app.screen
    assert isinstance(screen, OrderPlacedScreen)
    await settle(pilot)
    read = screen.billing_read
    assert read is not None and read.complete, read
    return screen.created.order.id, list(read.orders)


def money_text(order: Order) -> str:
    assert order.amount is not None
    return printable(str(order.amount))


async def test_the_placed_order_shows_what_each_billing_order_costs_and_when_to_pay(
    make_app: AppFactory,
) -> None:
    app = make_app("edge")
    async with app.run_test(size=SIZE) as pilot:
        _, billing = await place_by_keys(app, pilot)
        assert billing and all(one.amount and one.expires_at for one in billing)
        text = screen_text(app)
        for one in billing:
            assert one.id in text and money_text(one) in text
        assert "pay by 2026-" in text
        await press(pilot, "escape")
        assert not isinstance(app.screen, OrderPlacedScreen)


async def test_after_a_restart_the_detail_pane_and_payments_show_the_linked_billing_order(
    make_app: AppFactory,
) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:  # placed, then quit
        order_id, billing = await place_by_keys(pilot.app, pilot)
    (billing_order,) = billing

    second = make_app("edge")  # a new app and deck; the same state dir
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *keys(order_id[:13]), "enter")
        highlighted = table_of(second).highlighted
        assert highlighted is not None and highlighted.id == order_id
        await pilot.pause(0.4)  # the pane fetches once the cursor rests
        await settle(pilot)
        pane = second.screen.query_one(DetailPane)
        assert pane.order is not None and f"Billing {billing_order.id}" in pane.order.extra
        text = screen_text(second)
        assert f"Billing {billing_order.id}" in text and money_text(billing_order) in text

        screen = await open_payments(pilot)
        await settle(pilot)
        (owed,) = [o for o in second.payments.watch.orders if o.key == ("edge", order_id)]
        assert owed.status_raw == "ACCEPTING"
        assert owed.amount == billing_order.amount
        assert owed.expires_at == billing_order.expires_at
        assert owed.extra[BILLING_FIELD] == billing_order.id
        assert screen.highlighted_key is not None
        row_text = [line for line in screen_text(second).splitlines() if order_id[:8] in line]
        assert row_text and money_text(billing_order) in row_text[0] and "left" in row_text[0]


async def test_billing_orders_that_never_appear_are_read_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dialogs, "BILLING_POLL_INTERVAL", 0.0)
    reads: list[int] = []

    async def never_there() -> BillingRead:
        reads.append(1)
        return BillingRead(missing=("CS0000000000001",))

    placed = Order(
        provider="cloudpond", profile="edge", id="do-1", title="racks",
        status=Status.PENDING, status_raw="ACCEPTING",
    )  # fmt: skip
    outcome = WizardOutcome(CreatedDeliveryOrder(placed, ["CS0000000000001"]), "Frankfurt")

    class ResultOnly(App[None]):
        def on_mount(self) -> None:
            self.push_screen(OrderPlacedScreen(replace(outcome, read_billing=never_there)))

    app = ResultOnly()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(reads) == dialogs.BILLING_POLL_TRIES
        assert "CS0000000000001" in screen_text(app) and "not yet visible" in screen_text(app)
