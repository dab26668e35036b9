"""The one-widget footer and header: what they show, and what the mouse does on them.

Most of it on a small app of their own (keys that are disabled, hidden, or share an action),
the first frame on the dashboard itself.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

from tui.ui.widgets.footer import Footer, ShownKey
from tui.ui.widgets.header import CLOCK_WIDTH, ICON_WIDTH, Header

from .conftest import AppFactory
from .settling import settle

PALETTE = "▏^p palette "
"""The command-palette key, at the right edge: its border, the key, its description."""


class KeysApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "note('a')", "Alpha", tooltip="The first key"),
        Binding("b", "note('b')", "Beta"),
        Binding("c", "off", "Gamma", tooltip="Not now"),
        Binding("d", "note('d')", "Delta", show=False),
        Binding("e", "note('a')", "Again"),  # Alpha's action: only its first key is shown
    ]

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "off" else True  # None: shown, disabled

    def action_note(self, what: str) -> None:
        self.notes.append(what)

    def action_off(self) -> None:
        self.notes.append("off")

    def bell(self) -> None:
        self.bells += 1


def line(widget: Widget) -> Strip:
    """The widget's line as last painted (its cached line, unless a repaint is due)."""
    return widget.render_lines(Region(0, 0, widget.size.width, 1))[0]


def style_at(strip: Strip, text: str) -> Style:
    """The style of the segment holding `text`."""
    style = next(segment.style for segment in strip if text in segment.text)
    assert style is not None
    return style


def footer_of(app: App[Any]) -> Footer:
    return app.screen.query_one(Footer)


def actions(shown: tuple[ShownKey, ...]) -> list[str]:
    return [key.action for key in shown]


async def test_the_keys_in_order_one_per_action_disabled_dim_and_the_palette_at_the_right() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        footer = footer_of(app)
        strip = line(footer)
        assert strip.text == " a Alpha  b Beta  c Gamma ".ljust(60 - len(PALETTE)) + PALETTE
        assert actions(footer.shown) == ["note('a')", "note('b')", "off", "command_palette"]
        assert [key.enabled for key in footer.shown] == [True, True, False, True]
        assert [key.tooltip for key in footer.shown][:3] == ["The first key", "", "Not now"]
        assert footer.shown[0] == ShownKey("a", "a", "Alpha", "note('a')", True, "The first key")
        style = {text: style_at(strip, text) for text in (" b ", "Beta ", " c ", "Gamma ")}
        # Dim (drawn as a colour nearer the background): the disabled key and its description.
        assert style[" c "].color != style[" b "].color
        assert style["Gamma "].color != style["Beta "].color
        assert style[" b "].bold and style[" c "].bold and not style["Beta "].bold


@pytest.mark.parametrize(
    ("width", "keys"),
    [
        (38, " a Alpha  b Beta  c Gamma "),
        (37, " a Alpha  b Beta  c Gamma"),  # only its trailing space is cut
        (36, " a Alpha  b Beta "),
        (20, " a Alpha"),
    ],
)
async def test_keys_that_do_not_fit_go_whole_from_the_right_and_the_palette_stays(
    width: int, keys: str
) -> None:
    app = KeysApp()
    async with app.run_test(size=(width, 8)) as pilot:
        await pilot.pause()
        footer = footer_of(app)
        assert line(footer).text == keys.ljust(width - len(PALETTE)) + PALETTE
        assert footer.shown[-1].action == "command_palette"
        assert all(f" {key.key} {key.description}" in keys for key in footer.shown[:-1])
        assert len(footer.shown) - 1 == sum(f" {key} " in keys for key in "abc")


async def test_the_keys_follow_the_focus_and_the_first_frame_has_them(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual's footer drew nothing until the screen's first binding change arrived.
    first_frames: list[tuple[ShownKey, ...]] = []
    real_render_line = Footer.render_line

    def recording_render_line(self: Footer, y: int) -> Strip:
        strip = real_render_line(self, y)
        first_frames.append(self.shown)
        return strip

    monkeypatch.setattr(Footer, "render_line", recording_render_line)
    app = make_app("edge")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        first = actions(first_frames[0])
        assert first[:3] == ["app.help", "focus_filters", "cycle_sort"]
        assert first[-1] == "command_palette" and "escape" not in first
        await pilot.press("f")
        await settle(pilot)
        assert "escape" in actions(footer_of(app).shown)


async def test_a_footer_mounted_later_shows_the_keys_without_a_binding_change() -> None:
    # Textual's footer waits for the screen's next binding change; none comes here.
    app = KeysApp()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        footer = Footer(id="later")
        await app.screen.mount(footer)
        await pilot.pause()
        assert actions(footer.shown) == ["note('a')", "note('b')", "off", "command_palette"]
        assert line(footer).text.startswith(" a Alpha  b Beta  c Gamma ")


async def test_a_click_on_a_key_runs_its_binding() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        text = line(footer_of(app)).text
        await pilot.click(Footer, offset=(text.index("Beta"), 0))
        await pilot.click(Footer, offset=(text.index(" a "), 0))
        await pilot.click(Footer, offset=(text.index("Gamma") + 7, 0))  # between keys
        await pilot.pause()
        assert app.notes == ["b", "a"] and app.bells == 0
        await pilot.click(Footer, offset=(text.index("palette"), 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_a_click_on_a_disabled_key_rings_the_bell_instead() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        text = line(footer_of(app)).text
        await pilot.click(Footer, offset=(text.index("Gamma"), 0))
        await pilot.pause()
        assert app.notes == [] and app.bells == 1


async def hover(pilot: Pilot[Any], widget: type[Widget], x: int) -> None:
    await pilot.hover(widget, offset=(x, 0))
    await pilot.pause()


def tooltip_shown(app: App[Any]) -> str | None:
    tooltip = app.screen.query_one("#textual-tooltip")
    return str(tooltip.render()) if tooltip.display else None


async def test_the_key_under_the_mouse_is_highlighted_with_its_tooltip() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 8), tooltips=True) as pilot:
        await pilot.pause()
        footer = footer_of(app)
        text = line(footer).text
        plain = style_at(line(footer), "Alpha ")
        await hover(pilot, Footer, text.index("Alpha"))
        assert footer.tooltip == "The first key"
        lit = line(footer)
        assert style_at(lit, "Alpha ").bgcolor != plain.bgcolor
        assert style_at(lit, " a ").bgcolor == style_at(lit, "Alpha ").bgcolor
        assert style_at(lit, "Beta ").bgcolor == plain.bgcolor
        await pilot.pause(app.TOOLTIP_DELAY + 0.3)
        assert tooltip_shown(app) == "The first key"
        await hover(pilot, Footer, text.index("Beta"))  # a key without a tooltip
        assert footer.tooltip is None
        assert style_at(line(footer), "Alpha ").bgcolor == plain.bgcolor
        await hover(pilot, Footer, text.index("Gamma") + 8)  # between the keys and the palette
        assert footer.tooltip is None
        await hover(pilot, Footer, text.index("palette"))
        assert footer.tooltip == "Open the command palette"


def title_area(app: App[Any]) -> str:
    """What the header shows between its icon and the clock's space."""
    text = line(app.screen.query_one(Header)).text
    return text[ICON_WIDTH : len(text) - CLOCK_WIDTH]


async def test_the_header_shows_the_title_and_sub_title_centred_and_follows_them() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 8)) as pilot:
        app.title, app.sub_title = "Keys", "all of them"
        await pilot.pause()
        text = line(app.screen.query_one(Header)).text
        assert text.startswith(" ⭘      ") and len(text) == 60
        assert title_area(app) == "Keys — all of them".center(42)
        header = line(app.screen.query_one(Header))
        # The sub-title dim, as Textual's: drawn in a colour nearer the background.
        assert style_at(header, "all of them").color != style_at(header, "Keys").color
        app.screen.title = "A screen's"
        await pilot.pause()
        assert title_area(app).strip() == "A screen's — all of them"
        app.screen.sub_title = "own\x1b[2J"  # a screen's text is not the app's, validated
        app.title = "Unseen"
        await pilot.pause()
        assert title_area(app).strip() == "A screen's — own␛[2J"
        app.screen.title = app.screen.sub_title = None
        await pilot.pause()
        assert title_area(app).strip() == "Unseen — all of them"
        app.title = "x" * 60
        await pilot.pause()
        assert title_area(app) == "x" * 41 + "…"


async def test_a_click_on_the_icon_opens_the_command_palette_and_one_on_the_title_not() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.click(Header, offset=(30, 0))
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        header = app.screen.query_one(Header)
        plain = style_at(line(header), "⭘")
        await hover(pilot, Header, 4)
        assert header.tooltip == "Open the command palette"
        assert style_at(line(header), "⭘").bgcolor != plain.bgcolor
        await hover(pilot, Header, 30)
        assert header.tooltip is None
        await pilot.click(Header, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
