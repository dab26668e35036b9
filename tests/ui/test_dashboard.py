"""The dashboard driven with Pilot against the sandbox: what an operator does all day."""

from __future__ import annotations

import asyncio
import gc
import html
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input

from tui import startup_gc
from tui.orders import Order, Status
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.server import SandboxServer
from tui.ui.commands import palette_commands
from tui.ui.messages import DetailLoaded
from tui.ui.screens.main import MainScreen
from tui.ui.widgets.choice_field import ChoiceField
from tui.ui.widgets.detail_pane import FOLLOW_INTERVAL, DetailPane
from tui.ui.widgets.footer import Footer
from tui.ui.widgets.order_table import OrderTable
from tui.ui.widgets.profile_list import ALL_PROFILES, ProfileList, ProfileStrip

from .conftest import AppFactory
from .settling import settle
from .spies import count_layouts, count_restyles

SIZE = (140, 40)


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """What is on screen, as plain text (from the same SVG export the snapshots use)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def table_of(app) -> OrderTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(OrderTable)


async def test_first_page_is_on_screen_without_a_key_press(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert len(table.rows) > 0
        assert {order.profile for order in table.rows} == {"edge"}
        assert app.sub_title == "edge · CloudPond"


async def test_the_footer_repaints_when_its_keys_change_and_never_lays_out(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual's footer rebuilt its 13 key widgets, and laid the screen out, on every binding
    # change; this one repaints its line when the keys it shows change, and only then.
    app = make_app("edge")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        footer = screen.query_one(Footer)
        assert not footer.children
        painted: list[set[str]] = []
        real_render_line = Footer.render_line

        def counting_render_line(self: Footer, y: int) -> Strip:
            strip = real_render_line(self, y)
            painted.append({key.action for key in self.shown})
            return strip

        monkeypatch.setattr(Footer, "render_line", counting_render_line)
        layouts: list[bool] = []
        real_refresh = footer.refresh

        def spy(*regions: Region, layout: bool = False, **flags: bool) -> Footer:
            layouts.append(layout)
            return real_refresh(*regions, layout=layout, **flags)

        monkeypatch.setattr(footer, "refresh", spy)
        for _ in range(5):
            screen.refresh_bindings()  # the same keys
        await settle(pilot)
        assert painted == []
        await pilot.press("f")  # on a filter, esc (back to the table) joins the footer
        await settle(pilot)
        assert len(painted) == 1 and "escape" in painted[0]
        await pilot.press("escape")
        await settle(pilot)
        assert len(painted) == 2 and "escape" not in painted[1]
        assert layouts and not any(layouts)
        assert not footer.children


async def test_number_keys_switch_profiles_and_zero_merges_all(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert {order.profile for order in table_of(app).rows} == {"phones"}
        await pilot.press("3")
        await settle(pilot)
        assert {order.profile for order in table_of(app).rows} == {"ace"}
        await pilot.press("0")
        await settle(pilot)
        rows = table_of(app).rows
        assert {order.profile for order in rows} == {"edge", "phones", "ace", "billing"}
        created = [order.created_at for order in rows if order.created_at]
        assert created == sorted(created, reverse=True), "All profiles is newest first"
        assert table_of(app).show_profile


async def test_clicking_a_profile_switches_to_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        profiles = screen.query_one("#profiles")
        profiles.focus()
        profiles.highlighted = 3  # All, edge, phones, ace
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view_key == "ace"


async def test_profiles_show_health_and_pending_counts(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        statuses = app.deck.statuses
        assert all(status.health.value == "ok" for status in statuses.values())
        assert all((status.pending_count or 0) > 0 for status in statuses.values())


async def test_next_and_previous_page_walk_cloudpond_markers(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first_page = [order.id for order in table_of(app).rows]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        second_page = [order.id for order in table_of(app).rows]
        assert second_page and not set(second_page) & set(first_page)
        markers = [
            dict(r.query).get("marker")
            for r in frozen_sandbox.state.requests_for("cloudpond", "/delivery-orders")
        ]
        assert any(markers), "the second page was asked for with a marker"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert [order.id for order in table_of(app).rows] == first_page
        assert "page 1" in str(app.screen.query_one("#status-line").render())


async def test_cloudpond_status_filter_reaches_the_wire(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#status", ChoiceField).value = Status.PENDING
        await settle(pilot)
        last = frozen_sandbox.state.requests_for("cloudpond", "/delivery-orders")[-1]
        assert ("status", "ACCEPTING") in last.query
        assert {order.status for order in table_of(app).rows} == {Status.PENDING}


async def test_duoplus_filters_reach_the_wire(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app(initial_view="phones")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#since", Input).value = "2026-10-01"
        screen.query_one("#until", Input).value = "2026-11-20"
        screen.query_one("#phones", Input).value = "phone-a, phone-b"
        screen.query_one("#status", ChoiceField).value = Status.COMPLETED
        await settle(pilot)
        screen.query_one("#since", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        bodies = [r.json() for r in frozen_sandbox.state.requests_for("duoplus", "/team/order")]
        body = next(b for b in reversed(bodies) if "image_ids" in b)
        assert body["status"] == ["5"]
        assert body["image_ids"] == ["phone-a", "phone-b"]
        start = datetime.fromisoformat(body["created_at_start"])
        end = datetime.fromisoformat(body["created_at_end"])
        assert start == datetime(2026, 10, 1, tzinfo=UTC), "dates are in the display zone (UTC)"
        assert end == datetime(2026, 11, 20, 23, 59, 59, tzinfo=UTC)


async def test_a_bad_date_is_marked_and_nothing_is_sent(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app(initial_view="ace")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = len(frozen_sandbox.state.requests_for("acedata", "/orders/"))
        since = app.screen.query_one("#since", Input)
        since.focus()
        since.value = "last tuesday"
        await pilot.press("enter")
        await settle(pilot)
        assert since.has_class("-invalid")
        assert len(frozen_sandbox.state.requests_for("acedata", "/orders/")) == before


async def test_acedata_state_filter_reaches_the_wire(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app(initial_view="ace")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#status", ChoiceField).value = Status.PENDING
        await settle(pilot)
        last = frozen_sandbox.state.requests_for("acedata", "/orders/")[-1]
        assert "Pending" in dict(last.query).get("state", "") or ("state", "Pending") in last.query
        assert all(order.pay_url for order in table_of(app).rows)


async def test_quick_filter_narrows_loaded_rows_and_escape_clears(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        everything = len(table.rows)
        target = table.rows[3].id
        await pilot.press("slash")
        await pilot.press(*target)
        await pilot.pause(0.3)
        assert [order.id for order in table.rows] == [target]
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert len(table.rows) == everything


async def test_a_slow_old_answer_never_replaces_a_newer_one(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    detail_shown = asyncio.Event()

    def note_detail(message: Message) -> None:
        if isinstance(message, DetailLoaded):
            detail_shown.set()

    app = make_app()
    async with app.run_test(size=SIZE, message_hook=note_detail) as pilot:
        await settle(pilot)
        # The detail pane's own fetch (after its debounce) must not take the fault below.
        await asyncio.wait_for(detail_shown.wait(), timeout=10)
        first_page = [order.id for order in table_of(app).rows]
        # The next-page request is slow; a refresh of page 1 overtakes it.
        frozen_sandbox.state.faults.arm(
            Fault(FaultKind.LATENCY, path_prefix="/v2/", seconds=1.0, times=1)
        )
        await pilot.press("right_square_bracket")
        await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.view.pages.back()
        screen.action_refresh()
        await settle(pilot)
        await pilot.pause(1.2)
        await settle(pilot)
        assert [order.id for order in table_of(app).rows] == first_page


async def test_detail_pane_shows_provider_fields_and_raw_json(make_app: AppFactory) -> None:
    app = make_app(initial_view="ace")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.4)
        await settle(pilot)
        pane = app.screen.query_one(DetailPane)
        order = table_of(app).highlighted
        assert order is not None and pane.order is not None
        assert pane.order.id == order.id
        shown = screen_text(app)
        assert "Pay way" in shown and "Credits" in shown
        assert order.id in shown
        pane.active = "raw"
        await pilot.pause()
        assert f'"id": "{order.id}"' in screen_text(app)


async def test_refresh_keeps_the_cursor_on_the_same_order(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app(initial_view="ace")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        table.cursor_row = 5
        chosen = table.highlighted
        assert chosen is not None
        await pilot.press("r")
        await settle(pilot)
        assert table.highlighted is not None and table.highlighted.key == chosen.key


async def test_provider_error_toasts_code_and_request_id_and_keeps_rows(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = [order.id for order in table_of(app).rows]
        # Every CloudPond call refused, not only the next: the detail pane's own fetch, once
        # its debounce ends, could take a one-time fault before the refresh does.
        frozen_sandbox.state.faults.arm(
            Fault(FaultKind.STATUS, path_prefix="/v2/", status=403, times=None)
        )
        await pilot.press("r")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("HTTP 403" in m and "request id" in m for m in messages), messages
        assert [order.id for order in table_of(app).rows] == before
        assert app.deck.statuses["edge"].health.value == "auth error"


async def test_export_writes_the_shown_rows(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(initial_view="phones")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = [order.id for order in table_of(app).rows]
        await pilot.press("e")
        await pilot.pause()
        path_input = app.screen.query_one("#path", Input)
        path_input.value = str(tmp_path / "orders.json")
        await pilot.click("#json")
        await pilot.click("#export")
        await settle(pilot)
        written = json.loads((tmp_path / "orders.json").read_text())
        assert [row["id"] for row in written] == shown


async def test_help_lists_every_binding_with_its_id(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for binding_id in ("next-page", "previous-page", "load-all", "export", "refresh"):
            assert binding_id in text


async def test_keymap_in_config_remaps_a_binding(make_app: AppFactory, ui_config) -> None:  # type: ignore[no-untyped-def]
    config = ui_config.model_copy(update={"keymap": {"next-page": "ctrl+n"}})
    app = make_app(config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = [order.id for order in table_of(app).rows]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert [order.id for order in table_of(app).rows] != first


async def test_load_all_fetches_every_page(make_app: AppFactory) -> None:
    app = make_app(initial_view="ace")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.view.all_loaded
        assert len(table_of(app).rows) == 360


async def test_all_profiles_tags_each_row_with_its_profile(make_app: AppFactory) -> None:
    app = make_app(initial_view=ALL_PROFILES)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert table.show_profile
        header = str(table.render_line(0).text)
        assert "Profile" in header


@pytest.mark.hostile
async def test_hostile_strings_render_literally_and_trigger_nothing(
    make_app: AppFactory,
) -> None:
    app = make_app("edge")
    async with app.run_test(size=(180, 40)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        table = table_of(app)
        expectations = {
            "[bold]x[/]": "[bold]x[/] order",
            "red alert": "␛[31mred alert␛[0m order",
            "redro": "<U+202E>redro<U+202C>",
            "click me": "[@click=app.quit]click me[/]",
        }
        for needle, shown in expectations.items():
            table.set_quick_filter(needle)
            assert len(table.rows) == 1, needle
            line = table.render_line(1).text
            assert shown in line
            assert "\x1b" not in line and "\u202e" not in line
        # Clicking the row whose name is a Textual action runs nothing.
        table.focus()
        await pilot.click(OrderTable, offset=(60, 1))
        await pilot.pause()
        assert app.is_running
        assert table.highlighted is not None and "click me" in table.highlighted.title
        assert "[@click=app.quit]" in screen_text(app)


async def test_auto_refresh_updates_rows_in_place_and_keeps_the_cursor(
    make_app: AppFactory,
    ui_config,
    frozen_sandbox: SandboxServer,  # type: ignore[no-untyped-def]
) -> None:
    config = ui_config.model_copy(update={"refresh_seconds": 1})
    app = make_app(initial_view="ace", config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        table.cursor_row = 4
        chosen = table.highlighted
        assert chosen is not None
        frozen_sandbox.state.clear_requests()
        # The order under the cursor is paid meanwhile: the refresh shows it, in place.
        from tui.sandbox import acedata

        assert acedata.set_order_status(frozen_sandbox.state, chosen.id, "Paid")
        await pilot.pause(1.4)
        await settle(pilot)
        lists = frozen_sandbox.state.requests_for("acedata", "/orders/", method="GET")
        assert lists, "the timer asked the server again"
        assert table.highlighted is not None and table.highlighted.key == chosen.key
        assert table.highlighted.status_raw == "Paid"


@pytest.mark.usefixtures("duoplus_spacing")
async def test_load_all_can_be_cancelled_and_keeps_what_arrived(make_app: AppFactory) -> None:
    app = make_app(initial_view="phones")  # DuoPlus: 1 page per second, slow enough to cancel
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen._requery(replace(screen.view.query, page_size=50))
        await settle(pilot)
        await pilot.press("A")
        await pilot.pause(1.5)
        assert screen.query_one("#load-all-progress").display
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.view.all_loaded
        assert not screen.query_one("#load-all-progress").display
        assert 0 < len(table_of(app).rows) < 360
        assert any("cancelled" in n.message for n in app._notifications)


async def test_sorting_goes_to_the_server_where_the_provider_sorts(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app(initial_view="phones")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")  # created
        await settle(pilot)
        await pilot.press("s")  # amount
        await settle(pilot)
        await pilot.press("S")  # amount, ascending
        await settle(pilot)
        bodies = [r.json() for r in frozen_sandbox.state.requests_for("duoplus", "/team/order")]
        assert {"sort_by": "total", "order": "asc"}.items() <= bodies[-1].items()
        amounts = [o.amount.amount for o in table_of(app).rows if o.amount is not None]
        assert amounts == sorted(amounts)
        assert "sorted by amount ▲ on the server" in screen_text(app)


async def test_sorting_is_local_and_says_so_where_the_provider_cannot(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app(initial_view="edge")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = len(frozen_sandbox.state.requests_for("cloudpond", "/delivery-orders"))
        await pilot.press("s")
        await settle(pilot)
        assert len(frozen_sandbox.state.requests_for("cloudpond", "/delivery-orders")) == before
        created = [o.created_at for o in table_of(app).rows]
        assert created == sorted(created, reverse=True)
        assert "this page sorted by created ▼" in screen_text(app)


async def test_clicking_a_header_sorts_by_that_column(make_app: AppFactory) -> None:
    app = make_app(initial_view="edge")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        header = table.render_line(0).text
        await pilot.click(OrderTable, offset=(header.index("Status") + 1, 0))
        await settle(pilot)
        statuses = [o.status.value for o in table.rows]
        assert statuses == sorted(statuses, reverse=True)
        assert table.sort_column == "status"


async def test_copy_and_pay_link_actions(make_app: AppFactory) -> None:
    app = make_app(initial_view="ace")
    copied: list[str] = []
    opened: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    app.open_url = lambda url, **_: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        order = table_of(app).highlighted
        assert order is not None and order.pay_url, "the newest Ace Data orders are pending"
        await pilot.press("y")
        await pilot.press("Y")
        await pilot.press("o")
        await pilot.pause()
        assert copied[0] == order.id
        assert json.loads(copied[1])["id"] == order.id
        assert opened == [order.pay_url]
        toasts = [n.message for n in app._notifications]
        assert not any(message.startswith("Copied") for message in toasts)
        assert any("order id" in m and "if it did not arrive" in m for m in toasts), toasts


async def test_detail_pane_fetches_the_detail_endpoint(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app(initial_view="edge")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await pilot.pause(0.4)
        await settle(pilot)
        order = table_of(app).highlighted
        assert order is not None
        detail_path = f"/delivery-orders/{order.id}"
        assert frozen_sandbox.state.requests_for("cloudpond", detail_path)


async def test_page_size_key_changes_the_page_size_on_the_wire(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app(initial_view="ace")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        limits = [
            dict(r.query).get("limit")
            for r in frozen_sandbox.state.requests_for("acedata", "/orders/")
        ]
        assert limits[-1] == "100" or "100" in limits
        assert len(table_of(app).rows) == 100


async def test_palette_offers_every_action_and_profile(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Ours, and Textual's own (Theme, Quit, ...) beside them.
        titles = {command.title for command in palette_commands(app)}
        titles |= {command.title for command in app.get_system_commands(app.screen)}
        for expected in (
            "Profile: All profiles",
            "Profile: edge",
            "Profile: phones",
            "Profile: ace",
            "Load all",
            "Export",
            "Copy order id",
            "Copy order JSON",
            "Open pay link",
            "Theme",
        ):
            assert expected in titles


async def test_detail_pane_follows_a_running_cursor_without_rendering_every_row(
    make_app: AppFactory,
) -> None:
    """Held ↓: the pane re-renders at most every FOLLOW_INTERVAL, and ends on the last row."""
    app = make_app(initial_view="ace")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(FOLLOW_INTERVAL)
        pane = app.screen.query_one(DetailPane)
        shown: list[str] = []
        render = pane.show

        def counting_show(order: Order | None, note: str = "") -> None:
            shown.append(order.id if order else "")
            render(order, note)

        pane.show = counting_show  # type: ignore[method-assign]
        table = table_of(app)
        for _ in range(8):
            table.action_cursor(1)
            await asyncio.sleep(0.01)
        assert 1 <= len(shown) < 8
        await pilot.pause(FOLLOW_INTERVAL * 2)
        highlighted = table.highlighted
        assert highlighted is not None
        assert shown[-1] == highlighted.id == pane.order.id  # type: ignore[union-attr]
        assert table.cursor_row == 8


async def test_a_resize_to_the_size_laid_out_is_not_laid_out_again(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual delivers the terminal's first size report again once the app is idle; a real
    # resize still lays the screen out and fits the sidebar to the new width.
    app = make_app("edge")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert not screen.query(ProfileStrip)  # made only once the terminal is narrow
        layouts = count_layouts(monkeypatch)
        screen.post_message(events.Resize(app.size, app.size))
        await settle(pilot)
        assert layouts == []

        await pilot.resize_terminal(80, 30)
        await settle(pilot)
        assert layouts
        assert not screen.query_one(ProfileList).display
        assert screen.query_one(ProfileStrip).display
        assert "edge" in str(screen.query_one(ProfileStrip).render())
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert screen.query_one(ProfileList).display
        assert not screen.query_one(ProfileStrip).display


async def test_the_first_size_is_laid_out_once(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The main screen's first resume lays it out at the terminal's size; the resize event of
    # that same size that follows it lays out nothing more.
    laid_out_by_resize: list[Size] = []
    real_resized = Screen._screen_resized

    def spied(self: Screen[object], size: Size) -> None:
        if isinstance(self, MainScreen) and self.stack_updates and self.is_attached:
            laid_out_by_resize.append(size)
        real_resized(self, size)

    monkeypatch.setattr(Screen, "_screen_resized", spied)
    app = make_app("edge")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert table_of(app).rows
        assert laid_out_by_resize == []
        assert app.screen.query_one(ProfileList).display  # fitted to the width all the same


async def test_the_first_resume_does_not_restyle_what_the_mount_just_styled(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    restyles = count_restyles(monkeypatch)
    app = make_app("edge")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and table_of(app).rows
        whole_screen = len(list(screen.walk_children(with_self=True)))
        # Pseudo-class changes restyle a node or a few (focus, a hidden field); the resume
        # that the push posted would have restyled the whole screen, all 29 nodes then.
        assert max(restyles) < whole_screen // 2, (restyles, whole_screen)

        # Only that first one is skipped: any later request restyles the whole screen.
        screen.update_node_styles()
        assert restyles[-1] == whole_screen


async def test_the_collector_held_for_the_start_is_back_once_the_first_page_is_drawn(
    make_app: AppFactory,
) -> None:
    startup_gc.hold()
    try:
        app = make_app("edge")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert len(table_of(app).rows) > 0
            assert gc.isenabled()
    finally:
        startup_gc.release()
        gc.enable()
