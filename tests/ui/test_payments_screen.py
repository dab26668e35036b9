"""The Payments view and the strip behind it, driven with Pilot against the frozen sandbox."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from tui.config import Config
from tui.deck import Deck
from tui.orders import Status
from tui.payments import countdown
from tui.sandbox.demo import demo_secrets
from tui.sandbox.server import SandboxServer
from tui.ui.app import OrderDeckApp
from tui.ui.commands import palette_commands
from tui.ui.payments_feed import title_sequence, urgent_title
from tui.ui.screens.main import DETAIL_DEBOUNCE, MainScreen
from tui.ui.screens.payments import PaymentsScreen, PaymentsTable
from tui.ui.widgets.payments_monitor import PaymentsMonitor

from .conftest import FROZEN_NOW, AppFactory
from .test_dashboard import screen_text, settle, table_of

SIZE = (140, 40)


class Clock:
    """The app's clock, moved by hand; the sandbox's stays at FROZEN_NOW."""

    def __init__(self) -> None:
        self.now = FROZEN_NOW

    def __call__(self) -> datetime:
        return self.now


def app_with_clock(config: Config, clock: Clock) -> OrderDeckApp:
    return OrderDeckApp(Deck(config, demo_secrets(), clock=clock), clock=clock)


async def open_payments(pilot: Any) -> PaymentsScreen:
    await settle(pilot)
    await pilot.press("p")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PaymentsScreen)
    return screen


def monitor_of(app: OrderDeckApp) -> PaymentsMonitor:
    main = app.main_screen
    assert main is not None
    return main.query_one(PaymentsMonitor)


def shown_keys(screen: PaymentsScreen) -> list[tuple[str, str]]:
    table = screen.query_one(PaymentsTable)
    return [tuple(str(row.key.value).split("\x1f")) for row in table.ordered_rows]  # type: ignore[misc]


async def test_p_lists_every_profiles_pending_orders_soonest_deadline_first(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_payments(pilot)
        await pilot.press("u")  # the orders with no deadline get rows too
        watched = app.payments.watch.orders
        assert {o.profile for o in watched} == {"edge", "phones", "ace", "billing"}
        assert shown_keys(screen) == [o.key for o in watched]
        first = watched[0]
        assert first.expires_at is not None, "a deadline comes first"
        text = screen_text(app)
        assert countdown(first, FROZEN_NOW) in text
        assert "age " in text, "orders without a deadline show their age"
        assert "https://pay.example.invalid/" in text


async def test_countdowns_tick_from_the_deadline_without_a_request(
    ui_config: Config, frozen_sandbox: SandboxServer
) -> None:
    clock = Clock()
    app = app_with_clock(ui_config, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_payments(pilot)
        first = app.payments.watch.orders[0]
        await pilot.pause(DETAIL_DEBOUNCE)  # start-up's last request: the highlighted order
        await settle(pilot)
        sent = len(frozen_sandbox.state.requests)
        clock.now = FROZEN_NOW + timedelta(seconds=65)
        await pilot.pause(1.3)
        table = screen.query_one(PaymentsTable)
        cell = table.get_cell(table.coordinate_to_cell_key((0, 0)).row_key, "countdown")
        assert cell.plain == countdown(first, FROZEN_NOW + timedelta(seconds=65))
        assert len(frozen_sandbox.state.requests) == sent, "countdowns never refetch"


async def test_an_order_paid_during_the_watch_leaves_the_view_with_one_toast(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_payments(pilot)
        paid = next(o for o in app.payments.watch.orders if o.profile == "ace")
        answer = httpx.post(
            f"{frozen_sandbox.url}/_sandbox/orders/acedata/{paid.id}/status",
            json={"status": "Paid"},
        )
        assert answer.status_code == 200
        for _ in range(2):  # the second check must not announce it again
            await pilot.press("r")
            await settle(pilot)
            await pilot.pause(1.1)  # the screen's one-second sync
        assert paid.key not in shown_keys(screen)
        toasts = [n.message for n in app._notifications if paid.id in n.message]
        assert toasts == [f"ace {paid.id}: paid (Paid)"]


async def test_an_order_crossing_the_threshold_alerts_once_with_bell_and_title(
    ui_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    app = app_with_clock(ui_config, clock)
    bells: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(None))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        watch = app.payments.watch
        urgent_at_start = len(watch.urgent())
        assert app.title == urgent_title("orderdeck", urgent_at_start)
        assert not bells, "orders already urgent at start-up do not ring"
        nearest = next(o for o in watch.orders if o not in watch.urgent())
        assert nearest.expires_at is not None
        clock.now = nearest.expires_at - watch.warn_before + timedelta(seconds=1)
        await pilot.pause(1.3)
        await pilot.pause(1.1)
        due = [n for n in app._notifications if nearest.id in n.message]
        assert len(due) == 1 and due[0].title == "Payment due"
        assert len(bells) == 1
        assert app.title == f"orderdeck · {urgent_at_start + 1} urgent payments"
        assert "under 15 min" in str(monitor_of(app).render())


async def test_enter_jumps_to_the_order_in_its_profiles_table(make_app: AppFactory) -> None:
    app = make_app(initial_view="ace")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_payments(pilot)
        await pilot.press("u")
        keys = shown_keys(screen)
        target = next(key for key in reversed(keys) if key[0] == "edge")  # not loaded yet
        screen.query_one(PaymentsTable).move_cursor(row=keys.index(target))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.view_key == "edge"
        highlighted = table_of(app).highlighted
        assert highlighted is not None and highlighted.key == target
        assert highlighted.status is Status.PENDING


async def test_o_opens_and_y_copies_the_pay_link(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    opened: list[str] = []
    copied: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_payments(pilot)
        await pilot.press("u")
        keys = shown_keys(screen)
        ace = next(o for o in app.payments.watch.orders if o.profile == "ace")
        screen.query_one(PaymentsTable).move_cursor(row=keys.index(ace.key))
        await pilot.press("o", "y")
        assert opened == [ace.pay_url] and copied == [ace.pay_url]
        edge = next(k for k in keys if k[0] == "edge")
        screen.query_one(PaymentsTable).move_cursor(row=keys.index(edge))
        await pilot.press("o")
        assert len(opened) == 1
        assert any("no pay link" in n.message for n in app._notifications)


async def test_the_strip_and_the_palette_lead_to_the_payments(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = app.payments.watch.summary()
        strip = str(monitor_of(app).render())
        assert strip.startswith(f"Pending payments: {summary.count} · ")
        assert summary.totals_text() in strip
        statuses = app.deck.statuses
        assert statuses["phones"].pending_count == summary.per_profile["phones"]
        main = app.main_screen
        assert main is not None
        command = next(c for c in palette_commands(app) if c.title == "Payments")
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, PaymentsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


def test_the_terminal_title_cannot_be_broken_out_of() -> None:
    assert title_sequence("orderdeck · 2 urgent payments") == (
        "\x1b]2;orderdeck · 2 urgent payments\x07"
    )
    assert "\x07" not in title_sequence("evil\x07\x1b]0;pwned")[:-1]
