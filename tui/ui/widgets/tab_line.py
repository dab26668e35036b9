"""A row of tab labels over an underline bar, drawn by one widget.

It looks and behaves like Textual's `Tabs` (labels padded a cell each side, the active one
bright and its part of the bar highlighted; click a label, or ← → while focused), but
`Tabs` builds that from a widget per label, an `Underline` and three containers: seven
nodes for two tabs, each costing the first paint its styling and layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget


class _Tab(NamedTuple):
    name: str
    label: str
    start: int
    """First cell of the tab (its left padding)."""
    end: int
    """The cell after the tab (after its right padding)."""


BAR = "━"
HALF_BAR_LEFT = "╺"
HALF_BAR_RIGHT = "╸"


class TabLine(Widget, can_focus=True):
    """Two rows: the labels, then the bar. `active` is the shown tab's name."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous tab", show=False),
        Binding("right", "step(1)", "Next tab", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tab-line--tab",
        "tab-line--hover",
        "tab-line--active",
        "tab-line--bar",
        "tab-line--highlight",
    }

    # The colours of Textual's Tab, Tabs and Underline (8.2), so the pane looks as it did; in
    # ANSI colours, as there, the ANSI rules win over the focused ones.
    DEFAULT_CSS = """
    TabLine {
        width: 1fr;
        height: 2;
        & > .tab-line--tab { color: $foreground 50%; }
        & > .tab-line--hover { color: $foreground; }
        & > .tab-line--active { color: $foreground; }
        & > .tab-line--bar { color: $foreground 10%; }
        & > .tab-line--highlight { color: $block-cursor-background; }
        &:focus {
            & > .tab-line--active {
                text-style: $block-cursor-text-style;
                color: $block-cursor-foreground;
                background: $block-cursor-background;
            }
            & > .tab-line--bar { color: $foreground 30%; }
        }
        &:ansi {
            & > .tab-line--tab, & > .tab-line--hover { text-style: dim; }
            & > .tab-line--active { text-style: not dim bold; }
            & > .tab-line--bar { color: $border-blurred; }
        }
    }
    """

    class Activated(Message):
        """A click or a key made `tab` the active tab (setting `active` sends nothing)."""

        def __init__(self, tab_line: TabLine, tab: str) -> None:
            super().__init__()
            self.tab_line = tab_line
            self.tab = tab

        @property
        def control(self) -> TabLine:
            return self.tab_line

    def __init__(self, tabs: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        """`tabs`: (name, label) pairs, left to right; the first is active."""
        super().__init__(id=id)
        self._tabs: list[_Tab] = []
        start = 0
        for name, label in tabs:
            end = start + cell_len(label) + 2
            self._tabs.append(_Tab(name, label, start, end))
            start = end
        self._active = self._tabs[0].name
        self._hover: str | None = None

    @property
    def active(self) -> str:
        return self._active

    @active.setter
    def active(self, name: str) -> None:
        if name not in self._names:
            raise ValueError(f"no tab {name!r}")
        if name != self._active:
            self._active = name
            self.refresh()

    @property
    def _names(self) -> list[str]:
        return [tab.name for tab in self._tabs]

    def _tab_at(self, x: int) -> str | None:
        return next((tab.name for tab in self._tabs if tab.start <= x < tab.end), None)

    def _activate(self, name: str) -> None:
        if name != self._active:
            self.active = name
            self.post_message(self.Activated(self, name))

    def action_step(self, step: int) -> None:
        """← →: the previous or next tab, wrapping round as `Tabs` does."""
        names = self._names
        self._activate(names[(names.index(self._active) + step) % len(names)])

    def on_click(self, event: events.Click) -> None:
        # Either row: the bar under a label counts as the label, as Textual's Underline does.
        name = self._tab_at(event.x)
        if name is not None:
            self._activate(name)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_over(self._tab_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        if event.node is self:
            self._hover_over(None)

    def _hover_over(self, name: str | None) -> None:
        if name != self._hover:
            self._hover = name
            self.styles.pointer = "default" if name is None else "pointer"
            self.refresh()

    def _style(self, component: str) -> Style:
        return self.get_visual_style(component).rich_style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._labels(width)
        if y == 1:
            return self._bar(width)
        return Strip.blank(width, self.rich_style)

    def _labels(self, width: int) -> Strip:
        # Padding and the rest of the row carry a background only, as a Tab's padding does.
        segments: list[Segment] = []
        for tab in self._tabs:
            if tab.name == self._active:
                component = "tab-line--active"
            elif tab.name == self._hover:
                component = "tab-line--hover"
            else:
                component = "tab-line--tab"
            style = self._style(component)
            padding = Segment(" ", Style(bgcolor=style.bgcolor))
            segments += [padding, Segment(tab.label, style), padding]
        used = self._tabs[-1].end
        if used < width:
            segments.append(Segment(" " * (width - used), Style(bgcolor=self.rich_style.bgcolor)))
        return Strip(segments).crop(0, width)

    def _bar(self, width: int) -> Strip:
        """The bar, its cells under the active label (not its padding) highlighted; half bars
        round the highlight's ends, as Textual's `Bar` draws them."""
        active = next(tab for tab in self._tabs if tab.name == self._active)
        start, end = min(active.start + 1, width), min(active.end - 1, width)
        plain = self._style("tab-line--bar")
        segments: list[Segment] = []
        if start > 0:
            segments += [Segment(BAR * (start - 1), plain), Segment(HALF_BAR_RIGHT, plain)]
        segments.append(Segment(BAR * (end - start), self._style("tab-line--highlight")))
        if end < width:
            segments += [Segment(HALF_BAR_LEFT, plain), Segment(BAR * (width - end - 1), plain)]
        return Strip([segment for segment in segments if segment.text]).crop(0, width)
