"""Before the first rows: what the first frame leaves out (the filter fields follow the rows,
in the height kept for them; load all's bar waits for a load all), and keys pressed before the
first page arrives, which must find what they need."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.geometry import Region
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Static

from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.server import SandboxServer
from tui.ui.after_first_rows import AfterFirstRows
from tui.ui.app import OrderDeckApp
from tui.ui.messages import OrdersLoaded
from tui.ui.widgets.choice_field import ChoiceField
from tui.ui.widgets.filter_bar import FilterBar

from .conftest import AppFactory
from .settling import settle
from .test_dashboard import SIZE, table_of

SLOW_FIRST_PAGE = 0.5
"""Seconds the sandbox holds the first list request, so keys arrive before its rows."""


@asynccontextmanager
async def before_the_first_page(
    make_app: AppFactory, sandbox: SandboxServer, slow_requests: int | None = 1
) -> AsyncIterator[tuple[OrderDeckApp, Pilot[None]]]:
    """The edge profile's dashboard, its first page held by the sandbox: keys pressed now
    arrive before its rows. `slow_requests=None` holds every CloudPond request, so a key that
    loads a page (a refresh) cannot bring rows sooner either."""
    sandbox.state.faults.arm(
        Fault(FaultKind.LATENCY, path_prefix="/v2/", seconds=SLOW_FIRST_PAGE, times=slow_requests)
    )
    app = make_app("edge")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        yield app, pilot


async def test_the_fields_mount_after_the_first_rows_in_the_height_kept_for_them(
    make_app: AppFactory,
) -> None:
    at_first_rows: list[tuple[list[str], Region, Region]] = []

    def note_first_rows(message: Message) -> None:
        if isinstance(message, OrdersLoaded) and not at_first_rows:
            slot = app.screen.query_one("#filter-slot")
            children = [type(child).__name__ for child in slot.children]
            at_first_rows.append((children, slot.region, table_of(app).region))

    app = make_app("edge")
    async with app.run_test(size=SIZE, message_hook=note_first_rows) as pilot:
        await settle(pilot)
        assert at_first_rows
        children, slot_then, table_then = at_first_rows[0]
        assert children == ["AfterFirstRows"]
        bar = app.screen.query_one(FilterBar)
        assert bar.region == slot_then and slot_then.height == 3
        assert app.screen.query_one("#quick", Input).region.height == 3
        assert table_of(app).region == table_then  # the rows did not move


async def test_f_before_the_first_page_mounts_the_fields_and_focuses_the_first(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    async with before_the_first_page(make_app, frozen_sandbox) as (app, pilot):
        assert not table_of(app).rows and app.screen.query(AfterFirstRows)
        await pilot.press("f")
        assert app.focused is app.screen.query_one("#status", ChoiceField)
        assert not table_of(app).rows  # still waiting for the page
        await settle(pilot)
        assert table_of(app).rows
        assert len(app.screen.query(FilterBar)) == 1  # the first rows mounted no second bar


async def test_slash_and_escape_before_the_first_page(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    async with before_the_first_page(make_app, frozen_sandbox) as (app, pilot):
        await pilot.press("escape")  # no fields yet: back to the table, and nothing breaks
        assert app.focused is table_of(app)
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#quick", Input)
        await pilot.press("escape")
        assert app.focused is table_of(app)
        assert not table_of(app).rows


async def test_a_second_reveal_waits_for_the_first_and_mounts_nothing_twice() -> None:
    class Holder(App[None]):
        def compose(self) -> ComposeResult:
            with Vertical(id="box"):
                yield AfterFirstRows(make_one)

    def make_one() -> Static:
        made.append("one")
        return Static("one", id="one")

    made: list[str] = []
    app = Holder()
    async with app.run_test() as pilot:
        stand_in = app.query_one(AfterFirstRows)
        await asyncio.gather(stand_in.reveal(), stand_in.reveal())
        assert made == ["one"]
        assert [child.id for child in app.query_one("#box").children] == ["one"]
        assert app.query_one("#one", Static).is_mounted
        await stand_in.reveal()  # removed by now: still nothing more
        await pilot.pause()
        assert made == ["one"]


async def test_a_focused_field_shows_the_accent_edge(make_app: AppFactory) -> None:
    # Where typing goes stays visible in every theme: the fields carry this rule themselves
    # (FilterBar's CSS), so it is parsed when they mount, not with the first frame.
    app = make_app("phones")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        accent = Color.parse(app.get_css_variables()["accent"])
        await pilot.press("f")
        for _ in range(3):  # the status choice, the date inputs
            field_widget = app.focused
            assert field_widget is not None
            edge, colour = field_widget.styles.border_top
            assert (edge, colour) == ("tall", accent), type(field_widget).__name__
            assert field_widget.styles.background == accent.with_alpha(0.15)
            await pilot.press("tab")


async def test_load_all_before_the_first_page_makes_its_bar_then(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    # The bar is made by the first load all, whenever it comes (it once waited for the rows,
    # and `A` before them found no bar).
    async with before_the_first_page(make_app, frozen_sandbox) as (app, pilot):
        assert not app.screen.query("#load-all-progress")
        await pilot.press("A")
        bars = app.screen.query("#load-all-progress").results(ProgressBar)
        assert [bar.display for bar in bars] == [True]
        await settle(pilot)
        assert table_of(app).rows and app.screen.view.all_loaded  # type: ignore[attr-defined]
        assert not app.screen.query_one("#load-all-progress").display


async def test_every_table_key_before_the_first_page_leaves_the_dashboard_working(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    # What mounts after the first rows must not be what a key pressed sooner needs.
    async with before_the_first_page(make_app, frozen_sandbox, None) as (app, pilot):
        assert app.screen.query(AfterFirstRows)
        keys = ["escape", "x", "s", "S", "z", "y", "Y", "o", "J", "J", "d", "d"]
        await pilot.press(*keys, "left_square_bracket", "right_square_bracket", "r", "A")
        await pilot.press("escape")
        assert not table_of(app).rows  # every key came before the first page
        frozen_sandbox.state.faults.clear()
        await settle(pilot)
        assert app.is_running and app.return_code is None
        await pilot.press("r")  # the last esc cancelled the load all, keeping its no rows
        await settle(pilot)
        assert table_of(app).rows
        assert not app.screen.query(AfterFirstRows)
