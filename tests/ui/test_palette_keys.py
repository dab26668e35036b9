"""The command palette driven by keys only (`pilot.press`): ctrl+p, type, enter. Its entries
say which key does the same; sort and filter are there; the theme chosen in it is the theme
of the next start."""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette
from textual.widgets import Input

from tui.config import Config
from tui.preferences import load_theme_choice
from tui.ui.commands import palette_commands

from .conftest import AppFactory
from .test_dashboard import screen_text, settle

SIZE = (160, 48)


async def run_command(pilot: Any, typed: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*typed)
    await settle(pilot)
    await pilot.pause(0.3)  # the palette's search
    await pilot.press("enter")
    await settle(pilot)


async def test_entries_show_the_key_that_does_the_same(make_app: AppFactory) -> None:
    app = make_app(initial_view="phones")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"sort")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Sort: by the next column" in text
        assert "Cycle the sort column (shown columns only) · key s" in text
        assert "Flip the sort direction · key S" in text


async def test_a_sort_command_sorts_by_the_next_column(make_app: AppFactory) -> None:
    app = make_app(initial_view="phones")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main_screen
        assert main is not None
        before = main.view.sort_column
        await run_command(pilot, "sort by the next")
        assert main.view.sort_column != before


async def test_a_filter_command_puts_the_cursor_in_the_quick_filter(
    make_app: AppFactory,
) -> None:
    app = make_app(initial_view="phones")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_command(pilot, "quick filter")
        assert isinstance(app.focused, Input) and app.focused.id == "quick"


async def test_a_remapped_key_is_the_key_the_palette_shows(
    make_app: AppFactory, ui_config: Config
) -> None:
    app = make_app(config=ui_config.model_copy(update={"keymap": {"sort": "ctrl+o"}}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"next column")
        await pilot.pause(0.3)
        assert "Cycle the sort column (shown columns only) · key ^o" in screen_text(app)


async def test_the_theme_chosen_in_the_palette_is_the_theme_of_the_next_start(
    make_app: AppFactory,
) -> None:
    first = make_app()
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert first.theme != "nord"
        await run_command(pilot, "theme")
        await pilot.press(*"nord")
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert first.theme == "nord"
    choice = load_theme_choice()
    assert choice is not None and choice.theme == "nord"
    second = make_app()
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert second.theme == "nord"


async def test_clear_every_filter_is_a_command_while_a_filter_is_set(
    make_app: AppFactory,
) -> None:
    app = make_app(initial_view="phones")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in palette_commands(app)]
        assert "Filter: clear every filter" not in titles, "nothing to clear yet"
        await pilot.press("slash", *"Annual", "enter")
        await settle(pilot)
        titles = [command.title for command in palette_commands(app)]
        assert (
            "Filter: clear every filter" in titles and "Filter: go to the filter fields" in titles
        )
        await run_command(pilot, "clear every filter")
        main = app.main_screen
        assert main is not None
        assert not main.query_one("#quick", Input).value
