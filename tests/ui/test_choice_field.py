"""The filter bar's one-widget drop-down: keys, the mouse, focus, what it posts and draws.

On a small app of its own: the field, an input to take the focus elsewhere, and a record
of every `ChoiceField.Changed` that reached the app.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from tui.ui.widgets.choice_field import ChoiceField, ChoiceList

OPTIONS = [("pending", "p"), ("completed", "c"), ("failed", "f")]
HOSTILE = "[bold]x[/] \x1b[31mred"


class FieldApp(App[None]):
    CSS = "ChoiceField { width: 16; padding: 0 1; }"  # as the filter bar has it

    def __init__(self, options: list[tuple[str, str]] = OPTIONS, value: str | None = None) -> None:
        super().__init__()
        self.options = options
        self.value = value
        self.changes: list[Hashable | None] = []

    def compose(self) -> ComposeResult:
        yield ChoiceField(
            self.options, prompt="any status", value=self.value, id="status", tooltip="Status"
        )
        yield Input(id="other")

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        assert event.control is self.query_one(ChoiceField)
        self.changes.append(event.value)


def field_of(app: App[None]) -> ChoiceField[str]:
    return app.query_one("#status", ChoiceField)


def line(app: App[None], y: int = 1) -> str:
    """What the field shows on row `y` of its three (1: the label and the arrow)."""
    return field_of(app).render_lines(field_of(app).region.reset_offset)[y].text


def is_open(app: App[None]) -> bool:
    choices = field_of(app).query(ChoiceList)
    return bool(choices) and choices.first().display


async def open_with(pilot: Pilot[None], key: str) -> None:
    field_of(pilot.app).focus()
    await pilot.press(key)
    await pilot.pause()


async def test_the_field_is_one_node_until_it_is_first_opened() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        field = field_of(app)
        assert list(field.walk_children()) == []
        assert not field.expanded
        await open_with(pilot, "enter")
        assert [type(node) for node in field.walk_children()] == [ChoiceList]
        assert field.expanded


async def test_keys_open_walk_and_pick() -> None:
    for key in ("enter", "down", "space", "up"):
        app = FieldApp()
        async with app.run_test() as pilot:
            await open_with(pilot, key)
            assert is_open(app), key
            assert app.focused is field_of(app).query_one(ChoiceList)
            assert field_of(app).query_one(ChoiceList).highlighted == 0, "the prompt's row"
            assert "▲" in line(app)
            await pilot.press("down", "down", "enter")
            await pilot.pause()
            assert not is_open(app)
            assert field_of(app).value == "c"
            assert app.changes == ["c"]
            assert app.focused is field_of(app), "the keys come back to the field"
            assert line(app) == "▊ completed  ▼ ▎"


async def test_the_list_opens_on_the_current_value_and_the_prompt_clears_it() -> None:
    app = FieldApp(value="f")
    async with app.run_test() as pilot:
        await open_with(pilot, "enter")
        assert field_of(app).query_one(ChoiceList).highlighted == 3
        await pilot.press("home", "enter")
        await pilot.pause()
        assert field_of(app).value is None
        assert app.changes == [None]
        assert line(app) == "▊ any status ▼ ▎"


async def test_escape_closes_without_a_change() -> None:
    app = FieldApp(value="p")
    async with app.run_test() as pilot:
        await open_with(pilot, "enter")
        await pilot.press("down", "escape")
        await pilot.pause()
        assert not is_open(app)
        assert field_of(app).value == "p"
        assert app.changes == []
        assert app.focused is field_of(app)
        assert "▼" in line(app)


async def test_typing_jumps_to_a_matching_option() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        await open_with(pilot, "enter")
        await pilot.press("f", "a")
        assert field_of(app).query_one(ChoiceList).highlighted == 3
        await pilot.press("enter")
        await pilot.pause()
        assert field_of(app).value == "f"


async def test_a_click_opens_and_a_click_on_an_option_picks() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        await pilot.click("#status")
        await pilot.pause()
        assert is_open(app)
        choices = field_of(app).query_one(ChoiceList)
        field = field_of(app)
        # Under the field, as wide as it: its top border, then the prompt's row, then "pending".
        assert choices.region.x == field.region.x
        assert choices.region.y == field.region.bottom
        assert choices.region.width == field.region.width
        await pilot.click(choices, offset=(3, 2))
        await pilot.pause()
        assert not is_open(app)
        assert field.value == "p"
        assert app.changes == ["p"]
        assert app.focused is field


async def test_a_click_on_the_open_field_closes_it() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        await pilot.click("#status")
        await pilot.pause()
        assert is_open(app)
        await pilot.click("#status")
        await pilot.pause()
        assert not is_open(app)
        assert app.changes == []


async def test_losing_the_focus_closes_without_a_change() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        await open_with(pilot, "enter")
        await pilot.press("down")
        app.query_one("#other", Input).focus()
        await pilot.pause()
        assert not is_open(app)
        assert field_of(app).value is None
        assert app.changes == []
        assert app.focused is app.query_one("#other")


async def test_a_value_set_by_the_program_posts_changed_once() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        field_of(app).value = "c"
        field_of(app).value = "c"
        await pilot.pause()
        assert app.changes == ["c"]
        assert line(app) == "▊ completed  ▼ ▎"
        field_of(app).value = None
        await pilot.pause()
        assert app.changes == ["c", None]
        try:
            field_of(app).value = "nope"
        except ValueError:
            pass
        else:
            raise AssertionError("a value not among the options is refused")
        assert field_of(app).value is None


async def test_hostile_labels_are_drawn_as_typed() -> None:
    app = FieldApp(options=[(HOSTILE, "h"), ("ok", "o")], value="h")
    async with app.run_test(size=(80, 12)) as pilot:
        field_of(app).styles.width = 40
        await pilot.pause()
        shown = line(app)
        assert "[bold]x[/]" in shown
        assert "\x1b" not in shown and "␛[31mred" in shown
        await open_with(pilot, "enter")
        choices = field_of(app).query_one(ChoiceList)
        rows = [strip.text for strip in choices.render_lines(choices.region.reset_offset)]
        assert any("[bold]x[/] ␛[31mred" in row for row in rows), rows
        assert not any("\x1b" in row for row in rows)


async def test_a_long_label_ends_in_an_ellipsis() -> None:
    app = FieldApp(options=[("a very long status name", "l")], value="l")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert line(app) == "▊ a very lo… ▼ ▎"


async def test_the_tooltip_is_the_one_given() -> None:
    app = FieldApp()
    async with app.run_test():
        assert field_of(app).tooltip == "Status"
