"""An operator's day, keys only, typed the way a person types: `pilot.press` and nothing else
(no clicks, no widget values set, no actions called, no `.focus()`). After each step the tests
say where the focus is and what the status line says, at 160x48 and 80x24."""

from __future__ import annotations

import pytest

from tui.orders import Status
from tui.sandbox.server import SandboxServer
from tui.ui.screens.order_detail import OrderDetailScreen
from tui.ui.widgets.choice_field import ChoiceField
from tui.ui.widgets.detail_pane import DetailPane

from .conftest import AppFactory
from .test_dashboard import screen_text, settle, table_of

WIDE = (160, 48)
NARROW = (80, 24)


def focus_of(app) -> str:  # type: ignore[no-untyped-def]
    """The focused widget's id, or its type where it has none."""
    focused = app.focused
    if focused is None:
        return "nothing"
    return focused.id or type(focused).__name__


def status_line(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#status-line").render())


def filter_note(app) -> str:  # type: ignore[no-untyped-def]
    note = app.screen.query_one("#filter-note")
    return str(note.render()) if note.display else ""


async def pick(pilot, select_id: str, value: object) -> None:  # type: ignore[no-untyped-def]
    """Open the focused select with Enter, walk down to `value`, Enter."""
    choice = pilot.app.screen.query_one(f"#{select_id}", ChoiceField)
    values = [None, *choice.values]
    await pilot.press("enter")
    await pilot.press(*["down"] * values.index(value), "enter")
    await settle(pilot)


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_duoplus_unpaid_orders_of_the_last_seven_days(
    make_app: AppFactory, frozen_sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    app = make_app("phones")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert focus_of(app) == "orders"
        assert status_line(app).startswith("page 1 of 4 · 360 orders")

        await pilot.press("f")  # one key to the filters, not five Tabs
        assert focus_of(app) == "status"
        await pick(pilot, "status", Status.PENDING)
        assert focus_of(app) == "status"
        assert filter_note(app) == "filters: status pending · x clears all"

        await pilot.press("tab", "tab")  # order id, then since
        assert focus_of(app) == "since"
        await pilot.press(*"7d", "enter")
        await settle(pilot)
        assert focus_of(app) == "since"
        assert filter_note(app) == "filters: status pending · since 7d · x clears all"
        body = frozen_sandbox.state.requests_for("duoplus", "/team/order")[-1].json()
        assert body["status"] and body["created_at_start"].startswith("2026-11-15")
        rows = table_of(app).rows
        assert rows and {order.status for order in rows} == {Status.PENDING}
        assert status_line(app).startswith(f"page 1 of 1 · {len(rows)} orders")

        await pilot.press("escape")  # one key back to the table
        assert focus_of(app) == "orders"
        await pilot.press("x")  # one key clears them all
        await settle(pilot)
        assert focus_of(app) == "orders"
        assert filter_note(app) == ""
        assert status_line(app).startswith("page 1 of 4 · 360 orders")
        body = frozen_sandbox.state.requests_for("duoplus", "/team/order")[-1].json()
        assert "status" not in body and body["created_at_start"].startswith("2025-")


async def test_a_rejected_date_says_why_next_to_the_field(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app("phones")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = len(frozen_sandbox.state.requests_for("duoplus", "/team/order"))
        await pilot.press("f", "tab", "tab", *"lastweek", "enter")
        await settle(pilot)
        assert focus_of(app) == "since"
        assert filter_note(app).startswith("✖ since: not a date: 'lastweek'")
        assert len(frozen_sandbox.state.requests_for("duoplus", "/team/order")) == before
        await pilot.press(*["backspace"] * 8)
        assert filter_note(app) == ""


async def test_profile_digits_work_wherever_digits_cannot_be_typed(make_app: AppFactory) -> None:
    app = make_app("phones")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("f")  # a select: digits cannot be meant
        assert focus_of(app) == "status"
        await pilot.press("3")
        await settle(pilot)
        assert app.screen.view_key == "ace"
        await pilot.press("f", "tab")  # the order id field: digits are typed
        assert focus_of(app) == "order-id"
        await pilot.press("2")
        assert app.screen.view_key == "ace"
        assert "esc Table" in screen_text(app)  # the way back is in the footer
        await pilot.press("escape", "1")
        await settle(pilot)
        assert focus_of(app) == "orders" and app.screen.view_key == "edge"


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_finding_an_ace_data_order_by_id(make_app: AppFactory, size: tuple[int, int]) -> None:
    app = make_app("ace")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        target = table_of(app).rows[7].id
        await pilot.press("f", "tab")
        assert focus_of(app) == "order-id"
        await pilot.press(*target, "enter")
        await settle(pilot)
        assert focus_of(app) == "order-id"
        assert [order.id for order in table_of(app).rows] == [target]
        assert filter_note(app).startswith(f"filters: id {target[:8]}")
        assert status_line(app).startswith("page 1 of 1 · 1 orders")

        await pilot.press("escape", "enter")  # the table, then the order's detail
        await settle(pilot)
        if size == WIDE:
            assert app.focused in app.screen.query_one(DetailPane).query("*")
            await pilot.press("J")
            assert app.screen.query_one(DetailPane).active == "raw"
            assert target in screen_text(app)
        else:
            assert isinstance(app.screen, OrderDetailScreen)  # no pane: full-screen
            assert target[:8] in screen_text(app)
            await pilot.press("J")
            assert f'"id": "{target}"' in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert focus_of(app) == "orders"


async def test_sorting_shows_the_top_of_the_sort_and_says_what_was_sorted(
    make_app: AppFactory,
) -> None:
    app = make_app("ace")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press(*["down"] * 30)
        await pilot.press("s")  # created: Ace Data sorts it on the server
        await settle(pilot)
        assert focus_of(app) == "orders"
        assert "sorted by created ▼ on the server" in status_line(app)
        await pilot.press(*["down"] * 30)
        await pilot.press("s")  # amount: the server cannot, so this page is sorted
        await settle(pilot)
        assert focus_of(app) == "orders"
        assert "this page sorted by amount ▼" in status_line(app)
        assert "(server)" not in status_line(app)
        table = table_of(app)
        amounts = [o.amount.amount for o in table.rows if o.amount is not None]
        assert table.cursor_row == 0 and table.highlighted is not None
        assert table.highlighted.amount is not None
        assert table.highlighted.amount.amount == max(amounts)
        walked = []
        for _ in range(6):
            await pilot.press("s")
            await settle(pilot)
            walked.append(status_line(app))
        assert not any("pay in" in line for line in walked), walked


async def test_paging_forward_and_back(make_app: AppFactory) -> None:
    app = make_app("ace")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        first = [order.id for order in table_of(app).rows]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert focus_of(app) == "orders"
        assert status_line(app).startswith("page 2 of 4 · 360 orders")
        assert not set(first) & {order.id for order in table_of(app).rows}
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert focus_of(app) == "orders"
        assert status_line(app).startswith("page 1 of 4 · 360 orders")
        footer = screen_text(app).splitlines()[-4]
        assert "? Help" in footer and "[ Prev" in footer and "p Payments" in footer, footer


async def test_load_all_at_80_columns_keeps_pending_counts(make_app: AppFactory) -> None:
    app = make_app("phones")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert focus_of(app) == "orders"
        assert status_line(app).startswith("all 360 loaded")
        # No sidebar at 80 columns: one line keeps every profile's key and pending count.
        strip = "pending 0 ◆ All 38 · 1 ● edge 17 · 2 ● phones 7 · 3 ● ace 9 · 4 ● billing 5"
        assert strip in screen_text(app)


@pytest.mark.usefixtures("duoplus_spacing")
async def test_a_cancelled_load_all_says_how_much_of_the_total_arrived(
    make_app: AppFactory,
) -> None:
    app = make_app("phones")  # DuoPlus: one page a second, slow enough to cancel
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await pilot.pause(1.5)
        assert "esc Table" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert focus_of(app) == "orders"
        loaded = len(table_of(app).rows)
        assert 0 < loaded < 360
        line = status_line(app)
        assert line.startswith(f"{loaded} of 360 loaded (load all stopped)"), line
        assert "page" not in line
