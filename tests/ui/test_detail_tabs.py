"""The detail pane's two tabs (Details, Raw JSON) drawn by a `TabLine`: clicks, keys, the
setter, and which body is on screen. Their look is pinned by the snapshots."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Static

from tui.orders import Order
from tui.ui.after_first_rows import AfterFirstRows, reveal_all
from tui.ui.app import OrderDeckApp
from tui.ui.messages import OrdersLoaded
from tui.ui.screens.order_detail import OrderDetailScreen
from tui.ui.widgets.detail_pane import DetailPane
from tui.ui.widgets.tab_line import TabLine

from .conftest import AppFactory
from .test_dashboard import screen_text, settle, table_of

SIZE = (140, 40)

DETAILS_LABEL = (4, 0)
RAW_LABEL = (13, 0)
"""Offsets in the tab line: " Details " covers cells 0-8, " Raw JSON " cells 9-18."""


async def open_pane(pilot: Pilot[Any]) -> tuple[DetailPane, Order]:
    """The ace view settled, the pane showing the highlighted order's detail."""
    await settle(pilot)
    await pilot.pause(0.4)  # the detail fetch's debounce
    await settle(pilot)
    pane = pilot.app.screen.query_one(DetailPane)
    order = table_of(pilot.app).highlighted
    assert order is not None and pane.order is not None and pane.order.key == order.key
    return pane, order


def raw_json_of(order: Order) -> str:
    return f'"id": "{order.id}"'


def raw_body_text(pane: DetailPane) -> str:
    return str(pane.query_one("#raw-body", Static).render())


def shown_bodies(pane: DetailPane) -> list[str]:
    """The ids of the bodies on screen."""
    bodies = pane.query(VerticalScroll).results(VerticalScroll)
    return [str(body.id) for body in bodies if body.display and body.region.area]


def fields_text(pane: DetailPane) -> str:
    """The Details tab's body as drawn."""
    body = pane.query_one("#fields-body", Static)
    return "\n".join(strip.text for strip in body.render_lines(Region(0, 0, *body.size)))


def painted(tab_line: TabLine) -> list[Strip]:
    """The tab line's rows as the next paint takes them (lines not refreshed come from the
    cache)."""
    return tab_line.render_lines(tab_line.size.region)


def tab_line_rows(app: OrderDeckApp) -> tuple[str, str]:
    labels, bar = painted(app.screen.query_one(TabLine))
    return labels.text, bar.text


async def test_clicking_each_label_shows_its_body_and_fills_the_raw_json(
    make_app: AppFactory,
) -> None:
    app = make_app("ace")
    async with app.run_test(size=SIZE) as pilot:
        pane, order = await open_pane(pilot)
        assert shown_bodies(pane) == ["fields"]
        assert raw_body_text(pane) == ""  # filled only once shown
        assert raw_json_of(order) not in screen_text(app)

        await pilot.click(TabLine, offset=RAW_LABEL)
        await settle(pilot)
        assert pane.active == "raw"
        assert shown_bodies(pane) == ["raw"]
        assert app.focused is app.screen.query_one(TabLine)  # as a click on Textual's Tabs
        assert raw_json_of(order) in screen_text(app)
        assert "Pay way" not in screen_text(app)  # the Details body is hidden

        await pilot.click(TabLine, offset=DETAILS_LABEL)
        await settle(pilot)
        assert pane.active == "fields"
        assert shown_bodies(pane) == ["fields"]
        assert "Pay way" in screen_text(app)
        assert raw_json_of(order) not in screen_text(app)


async def test_the_bar_under_a_label_switches_too_and_blank_space_does_not(
    make_app: AppFactory,
) -> None:
    app = make_app("ace")
    async with app.run_test(size=SIZE) as pilot:
        pane, order = await open_pane(pilot)
        await pilot.click(TabLine, offset=(RAW_LABEL[0], 1))
        await settle(pilot)
        assert pane.active == "raw" and raw_json_of(order) in screen_text(app)
        await pilot.click(TabLine, offset=(40, 0))
        await settle(pilot)
        assert pane.active == "raw"


async def test_the_bar_highlights_the_active_label(make_app: AppFactory) -> None:
    app = make_app("ace")
    async with app.run_test(size=SIZE) as pilot:
        pane, _ = await open_pane(pilot)
        labels, bar = tab_line_rows(app)
        assert labels.startswith(" Details  Raw JSON ")
        # Half bars round the highlight, under the label and not its padding.
        assert bar.startswith("╸" + "━" * 7 + "╺━")
        pane.active = "raw"
        await pilot.pause()
        assert tab_line_rows(app)[1].startswith("━" * 9 + "╸" + "━" * 8 + "╺━")


async def test_j_toggles_details_and_raw_json_and_the_table_keeps_the_focus(
    make_app: AppFactory,
) -> None:
    app = make_app("ace")
    async with app.run_test(size=SIZE) as pilot:
        pane, order = await open_pane(pilot)
        await pilot.press("J")
        await settle(pilot)
        assert pane.active == "raw" and shown_bodies(pane) == ["raw"]
        assert raw_json_of(order) in screen_text(app)
        assert app.focused is table_of(app)
        await pilot.press("J")
        await settle(pilot)
        assert pane.active == "fields" and shown_bodies(pane) == ["fields"]
        assert raw_json_of(order) not in screen_text(app)


async def test_the_setter_shows_the_raw_json_of_the_highlighted_order_at_once(
    make_app: AppFactory,
) -> None:
    app = make_app("ace")
    async with app.run_test(size=SIZE) as pilot:
        pane, order = await open_pane(pilot)
        pane.active = "raw"
        assert raw_json_of(order) in raw_body_text(pane)  # no message to wait for
        await pilot.pause()
        assert shown_bodies(pane) == ["raw"]
        assert raw_json_of(order) in screen_text(app)

        await pilot.press("down")  # the shown Raw JSON follows the cursor
        await pilot.pause(0.4)
        await settle(pilot)
        following = table_of(app).highlighted
        assert following is not None and following.key != order.key
        assert raw_json_of(following) in screen_text(app)
        assert raw_json_of(order) not in raw_body_text(pane)


async def test_tab_reaches_the_tab_line_where_left_and_right_switch(
    make_app: AppFactory,
) -> None:
    app = make_app("ace")
    async with app.run_test(size=SIZE) as pilot:
        pane, order = await open_pane(pilot)
        tab_line = app.screen.query_one(TabLine)
        blurred = painted(tab_line)[0]
        await pilot.press("tab")  # from the table
        assert app.focused is tab_line
        # Focused, the active label takes the block cursor's colours.
        focused = painted(tab_line)[0]
        assert focused != blurred and focused.text == blurred.text
        await pilot.press("right")
        await settle(pilot)
        assert pane.active == "raw" and raw_json_of(order) in screen_text(app)
        await pilot.press("right")  # wraps round
        await settle(pilot)
        assert pane.active == "fields" and shown_bodies(pane) == ["fields"]
        await pilot.press("left")
        await settle(pilot)
        assert pane.active == "raw" and shown_bodies(pane) == ["raw"]
        await pilot.press("J")  # from the tab line, J lands in the shown text
        await settle(pilot)
        assert pane.active == "fields"
        assert app.focused is pane.query_one("#fields")


async def test_enter_focuses_the_body_where_arrows_scroll_and_j_keeps_focus_inside(
    make_app: AppFactory,
) -> None:
    app = make_app("ace")
    async with app.run_test(size=SIZE) as pilot:
        pane, _ = await open_pane(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is pane.query_one("#fields")
        await pilot.press("J")
        await settle(pilot)
        raw = pane.query_one("#raw", VerticalScroll)
        assert app.focused is raw
        assert raw.max_scroll_y > 0  # an order's JSON is taller than the pane
        await pilot.press("down", "down")
        await pilot.pause()
        assert raw.scroll_y == 2
        await pilot.press("escape")
        assert app.focused is table_of(app)


async def test_a_focused_body_hands_its_focus_to_the_body_shown_instead(
    make_app: AppFactory,
) -> None:
    app = make_app("ace")
    async with app.run_test(size=SIZE) as pilot:
        pane, _ = await open_pane(pilot)
        pane.focus_body()
        await pilot.pause()
        pane.active = "raw"
        await pilot.pause()
        assert app.focused is pane.query_one("#raw")


async def test_hovering_a_label_brightens_it(make_app: AppFactory) -> None:
    app = make_app("ace")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        tab_line = app.screen.query_one(TabLine)
        await pilot.hover(TabLine, offset=DETAILS_LABEL)  # the pointer is a hand from here on
        await pilot.pause()
        resting = painted(tab_line)[0]
        await pilot.hover(TabLine, offset=RAW_LABEL)
        await pilot.pause()
        hovered = painted(tab_line)[0]
        assert hovered != resting
        raw_style = next(s.style for s in hovered if s.text == "Raw JSON")
        details_style = next(s.style for s in hovered if s.text == "Details")
        assert raw_style == details_style  # as bright as the active label
        assert tab_line.styles.pointer == "pointer"
        await pilot.hover(TabLine, offset=(40, 0))  # past the labels
        await pilot.pause()
        assert painted(tab_line)[0] == resting
        assert tab_line.styles.pointer == "default"
        await pilot.hover(TabLine, offset=RAW_LABEL)
        await pilot.hover("#orders")
        await pilot.pause()
        assert painted(tab_line)[0] == resting


async def test_j_where_the_pane_is_hidden_opens_the_order_full_screen_on_raw_json(
    make_app: AppFactory,
) -> None:
    app = make_app("ace")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        order = table_of(app).highlighted
        assert order is not None
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(app.screen, OrderDetailScreen)
        pane = app.screen.query_one(DetailPane)
        assert not pane.query(AfterFirstRows)  # the dashboard's own pane alone waits for rows
        assert pane.active == "raw" and shown_bodies(pane) == ["raw"]
        assert app.focused is pane.query_one("#raw")
        assert raw_json_of(order) in screen_text(app)
        await pilot.press("J")
        await settle(pilot)
        assert pane.active == "fields" and app.focused is pane.query_one("#fields")
        assert raw_json_of(order) not in screen_text(app)
        assert order.id[:20] in fields_text(pane)  # the id wraps at 80 columns


async def test_the_dashboards_pane_mounts_its_tabs_once_the_first_rows_are_drawn(
    make_app: AppFactory,
) -> None:
    # The first frame with rows draws the pane's empty frame; its tabs, bodies and the
    # highlighted order's fields come right after, off the first rows' path.
    at_first_rows: list[list[str]] = []

    def note_first_rows(message: Message) -> None:
        if isinstance(message, OrdersLoaded) and not at_first_rows:
            pane = app.screen.query_one(DetailPane)
            at_first_rows.append([type(child).__name__ for child in pane.children])

    app = make_app("ace")
    async with app.run_test(size=SIZE, message_hook=note_first_rows) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(DetailPane)
        assert at_first_rows == [["AfterFirstRows"]]
        assert [type(child).__name__ for child in pane.children] == [
            "TabLine",
            "VerticalScroll",
            "VerticalScroll",
        ]
        highlighted = table_of(app).highlighted
        assert highlighted is not None and pane.order is not None
        assert pane.order.key == highlighted.key  # the listed order, or its detail by now
        assert highlighted.id in fields_text(pane)
        assert shown_bodies(pane) == ["fields"]


async def test_held_widgets_mount_in_order_where_the_stand_in_was() -> None:
    class Holder(App[None]):
        def compose(self) -> ComposeResult:
            with Vertical(id="box"):
                yield Static("before", id="before")
                yield AfterFirstRows(Static("one", id="one"), make_two)
                yield Static("after", id="after")

        def on_after_first_rows_revealed(self, message: AfterFirstRows.Revealed) -> None:
            revealed.append([str(child.id) for child in self.query_one("#box").children])

    def make_two() -> Static:  # a widget whose class need not load before the first rows
        made.append("two")
        return Static("two", id="two")

    revealed: list[list[str]] = []
    made: list[str] = []
    app = Holder()
    async with app.run_test() as pilot:
        assert [child.id for child in app.query_one("#box").children][::2] == ["before", "after"]
        assert made == []
        reveal_all(app.screen_stack)
        await pilot.pause()
        await pilot.pause()
        assert revealed == [["before", "one", "two", "after"]] and made == ["two"]
        assert not app.query(AfterFirstRows)
