"""The Payments view driven the way an operator drives it: keys only (`pilot.press`), at the
two sizes the issue was tried at. Nothing here clicks, sets a value or calls an action."""

from __future__ import annotations

import pytest

from tui.orders import Order
from tui.ui.screens.main import MainScreen
from tui.ui.screens.payments import PaymentsScreen, PaymentsTable

from .conftest import AppFactory
from .test_dashboard import screen_text, settle, table_of
from .test_payments_screen import open_payments, shown_keys

SIZES = [(160, 48), (80, 24)]


def charged(orders: list[Order]) -> Order:
    """A DuoPlus order whose amount is written as a charge (`-$96.84`)."""
    return next(o for o in orders if o.amount is not None and o.amount.amount < 0)


@pytest.mark.parametrize("size", SIZES)
async def test_the_most_urgent_payment_is_highlighted_with_its_title_and_enter_goes_to_it(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_payments(pilot)
        assert isinstance(app.focused, PaymentsTable)
        most_urgent = app.payments.watch.orders[0]
        assert most_urgent.expires_at is not None
        assert screen.highlighted_key == most_urgent.key
        assert most_urgent.title[:16] in screen_text(app), "a title column, not only ids"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        highlighted = table_of(app).highlighted
        assert highlighted is not None and highlighted.key == most_urgent.key


@pytest.mark.parametrize("size", SIZES)
async def test_orders_with_no_deadline_fold_into_one_line_that_u_opens_and_closes(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_payments(pilot)
        edge = [o.key for o in app.payments.watch.orders if o.profile == "edge"]
        assert len(edge) == 17
        assert not set(edge) & set(shown_keys(screen))
        assert "17 CloudPond orders with no deadline (ACCEPTING) · u lists them" in (
            screen_text(app)
        )
        await pilot.press("u")
        assert shown_keys(screen)[-17:] == edge, "listed after every order with something to pay"
        assert "u folds them" in screen_text(app)
        await pilot.press("u")
        assert not set(edge) & set(shown_keys(screen))
        assert isinstance(app.focused, PaymentsTable)


async def test_owed_is_positive_and_the_note_says_how_the_table_writes_it(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_payments(pilot)
        order = charged(app.payments.watch.orders)
        assert order.amount is not None
        table = screen.query_one(PaymentsTable)
        row = shown_keys(screen).index(order.key)
        owed = table.get_cell(table.coordinate_to_cell_key((row, 0)).row_key, "owed")
        assert owed.plain == str(order.amount)[1:]  # -$96.84 -> $96.84
        text = screen_text(app)
        assert " Owed " in text and "owed · " in text
        assert f"DuoPlus signs charges: its {order.amount}" in text
        assert f"is {owed.plain} owed." in text


async def test_y_says_the_pay_link_was_sent_to_the_terminal_not_that_it_arrived(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_payments(pilot)
        first_ace = next(i for i, key in enumerate(shown_keys(screen)) if key[0] == "ace")
        await pilot.press(*["down"] * first_ace, "y")
        order = next(o for o in app.payments.watch.orders if o.key == screen.highlighted_key)
        assert copied == [order.pay_url]
        toast = list(app._notifications)[-1]
        assert "OSC 52" in toast.message and "blocks clipboard writes" in toast.message
        assert not toast.message.startswith("Copied")


async def test_at_80_columns_every_shown_column_fits_without_scrolling_sideways(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_payments(pilot)
        assert isinstance(screen, PaymentsScreen)
        table = screen.query_one(PaymentsTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        labels = [str(column.label) for column in table.columns.values()]
        assert labels[:5] == ["Profile", "Order", "Title", "Owed", "Pay in"]
