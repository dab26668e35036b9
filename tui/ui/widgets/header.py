"""The header: the title bar drawn by one widget.

Textual's `Header` is four widgets (the header, its icon, its title and the clock's empty
space); drawn as one line of one widget, it saved about 30-40M of the 2,850M instructions to
the first painted frame of `orderdeck --demo` (valgrind). It looks the same: the `⭘` icon at the
left (a click opens the command palette), `title — sub-title` centred between the icon's
8 columns and the clock's 10 (kept empty, as Textual's when the clock is off). A click on
the title does nothing (Textual's makes the header three lines tall, which nothing here used).

A new title repaints the header alone: the app's `title` does not repaint the whole screen
(see `OrderDeckApp.title`) and the payments watch changes it as orders near their deadline.
"""

from __future__ import annotations

from typing import ClassVar, Final

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from tui.display import printable

ICON: Final = "⭘"
ICON_WIDTH: Final = 8
"""Textual's `HeaderIcon`: the icon after one space, in 8 columns."""
CLOCK_WIDTH: Final = 10
"""Textual's `HeaderClockSpace`, the room its title is centred without."""
_FILL: Final = RichStyle(reverse=False)
"""What Textual's alignment adds to the spaces it fills with."""


class Header(Widget, can_focus=False):
    """The app's (or the screen's) title and sub-title, docked at the top."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"header--icon-hover"}
    DEFAULT_CSS = """
    Header {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        .header--icon-hover {
            background: $foreground 10%;
        }
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._icon_hover = False

    def on_mount(self) -> None:
        # As Textual's header: the screen's title, else the app's; each read when drawn.
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def _title(self) -> Content:
        screen, app = self.screen, self.app
        title = app.title if screen.title is None else screen.title
        sub_title = app.sub_title if screen.sub_title is None else screen.sub_title
        # A screen's title is not validated as the app's is; a printable text is kept as it is.
        return app.format_title(printable(title), printable(sub_title))

    def render_line(self, y: int) -> Strip:
        # Segment by segment as Textual's four widgets drew the line (paddings in the
        # background alone, alignment fills apart, text with its offset as any Textual text
        # carries it), so that a screenshot comes out the same.
        width = self.size.width
        style = self.visual_style
        blank = RichStyle(bgcolor=style.rich_style.bgcolor)
        fill = style.rich_style + _FILL
        icon = style
        if self._icon_hover:
            hover = self.get_component_styles("header--icon-hover").background
            icon = style + Style(self.background_colors[1] + hover)
        icon_pad = icon.background_style.rich_style
        room = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        title = self._title().truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        segments = [
            Segment(" ", icon_pad),
            Segment(ICON, icon.rich_style_with_offset(0, 0)),
            Segment(" " * (ICON_WIDTH - 3), icon.rich_style + _FILL),
            Segment(" ", icon_pad),
        ]
        if left:
            segments.append(Segment(" " * left, fill))
        x = 0
        for text, text_style in title.render(style, end=""):
            segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, 0)))
            x += len(text)
        if right := room - title.cell_length - left:
            segments.append(Segment(" " * right, fill))
        segments += [
            Segment(" ", blank),
            Segment("", style.rich_style_with_offset(0, 0)),
            Segment(" " * (CLOCK_WIDTH - 1), blank),
        ]
        return Strip(segments).crop(0, width).adjust_cell_length(width, blank)

    # ---- the mouse -------------------------------------------------------------------------

    def _on_icon(self, x: int) -> bool:
        return self.app.ENABLE_COMMAND_PALETTE and 0 <= x < ICON_WIDTH

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_icon(self._on_icon(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_icon(False)

    def _hover_icon(self, hover: bool) -> None:
        if hover != self._icon_hover:
            self._icon_hover = hover
            self.tooltip = "Open the command palette" if hover else None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        if self._on_icon(event.x):
            event.stop()
            await self.run_action("app.command_palette")
