"""The profile switcher: "All profiles", then every configured profile with its provider,
a health mark and its pending-order count.

`ProfileList` draws its two-line options itself, line by line (Textual's line API), as
Textual's `OptionList` drew them (8.2): the same colours from the same theme variables, the
highlighted option in the block cursor (blurred when the list is not focused), the option
under the mouse in the hover background, a scrollbar where the options do not fit. Through
`OptionList` the switcher cost the first paint its visual and content machinery, a line
cache, a render cache and five component classes restyled with every restyle of the screen.

It is a `ScrollView`, as `OptionList` is: the scrollbars, the mouse wheel and scrolling a
region into view are Textual's own, so they look and behave as they did. The options are rows
of its virtual size: two a prompt, more where a line is wider than the list, word-wrapped as
`OptionList` wrapped it whatever the prompt's `no_wrap` said (at the sidebar's 27 columns
"Huawei billing · 5 pending" takes two rows, as the screenshots have always shown it). A
changed status redraws its own rows; only one whose row count changed lays the list out
again, as a new prompt of another height did in `OptionList`.
"""

from __future__ import annotations

from typing import ClassVar, Final, NamedTuple

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from tui.deck import Health, ProfileStatus
from tui.display import printable
from tui.view_state import ALL_PROFILES

__all__ = ["ALL_PROFILES", "ProfileList", "ProfileStrip"]

_MARKS: Final = {
    Health.UNKNOWN: ("○", "dim"),
    Health.OK: ("●", "green"),
    Health.AUTH: ("✖", "red"),
    Health.UNREACHABLE: ("⚠", "red"),
    Health.THROTTLED: ("◔", "yellow"),
    Health.ERROR: ("⚠", "yellow"),
}


def profile_prompt(number: int, status: ProfileStatus) -> Text:
    mark, colour = _MARKS[status.health]
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{number} ", style="dim")
    text.append(mark + " ", style=colour)
    text.append(printable(status.profile.name), style="bold")
    text.append("\n  ")
    text.append(status.provider_label, style="dim")
    if status.health not in (Health.OK, Health.UNKNOWN):
        text.append(f" · {status.health.value}", style=colour)
    elif status.pending_count:
        text.append(f" · {status.pending_count} pending", style="yellow")
    return text


def all_profiles_prompt(pending_total: int) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("0 ", style="dim")
    text.append("◆ ", style="cyan")
    text.append("All profiles", style="bold")
    text.append("\n  ")
    text.append("merged", style="dim")
    if pending_total:
        text.append(f" · {pending_total} pending", style="yellow")
    return text


class _Row(NamedTuple):
    """One drawn line of an option: its text and where that text starts in the prompt."""

    option: int
    text: Content
    x: int
    """The text's first character in its line of the prompt (Textual's offset meta)."""
    y: int
    """Which line of the prompt it comes from."""


def wrap_prompt(option: int, prompt: Content, width: int) -> list[_Row]:
    """The prompt's lines word-wrapped at `width` as OptionList wrapped them (it ignores the
    prompt's `no_wrap`: a long line goes on in the next row)."""
    rows: list[_Row] = []
    for y, line in enumerate(prompt.split(allow_blank=True)):
        plain, start = line.plain, 0
        for part in line.wrap(width):
            # Parts follow each other, the spaces where a line broke left out.
            x = plain.find(part.plain, start) if part.plain else start
            x = start if x < 0 else x
            rows.append(_Row(option, part, x, y))
            start = x + len(part.plain)
    return rows


class ProfileList(ScrollView, can_focus=True):
    """The views to switch to, `*all*` first then each profile; a click or Enter on one sends
    `Chosen` with its view key."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
        Binding("home", "first", "First", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
        Binding("up", "cursor_up", "Up", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "profile-list--highlighted",
        "profile-list--hover",
    }
    # OptionList's rules as they fell on the switcher (its `border: tall` when focused beat
    # the `border: none` here, so a focused list keeps it; app.tcss draws the right edge).
    DEFAULT_CSS = """
    ProfileList {
        width: 28;
        height: 1fr;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: none;
        padding: 0;
        background: $surface;
        & > .profile-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .profile-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .profile-list--hover {
            background: $block-hover-background;
        }
    }
    """

    class Chosen(Message):
        """A click or Enter chose the view `view` (`*all*` or a profile name)."""

        def __init__(self, profile_list: ProfileList, view: str) -> None:
            super().__init__()
            self.profile_list = profile_list
            self.view = view

        @property
        def control(self) -> ProfileList:
            return self.profile_list

    def __init__(self, statuses: list[ProfileStatus], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._profile_statuses = statuses
        self._prompts = self._build_prompts()
        self._views = (ALL_PROFILES, *(status.profile.name for status in statuses))
        self._contents: list[Content | None] = [None] * len(self._prompts)
        """Each prompt as Textual content, made when first drawn."""
        self._width = 0
        """The width `_rows` were wrapped at; 0: not yet."""
        self._rows: list[_Row] = []
        """Every line of every option, top to bottom."""
        self._first_row: list[int] = []
        self._strips: dict[tuple[int, Style, int], Strip] = {}
        """Drawn lines by (row, style, width); emptied when the rows change."""
        self._highlighted = 0
        self._hover: int | None = None

    # ---- the options -----------------------------------------------------------------------

    @property
    def option_count(self) -> int:
        return len(self._prompts)

    @property
    def views(self) -> tuple[str, ...]:
        """The options' view keys, top to bottom."""
        return self._views

    def prompt(self, index: int) -> Text:
        return self._prompts[index]

    def get_option_index(self, view: str) -> int:
        """The index of the option for `view`; ValueError for a view it does not list."""
        return self._views.index(view)

    def _build_prompts(self) -> list[Text]:
        pending_total = sum(s.pending_count or 0 for s in self._profile_statuses)
        prompts = [all_profiles_prompt(pending_total)]
        for number, status in enumerate(self._profile_statuses, start=1):
            prompts.append(profile_prompt(number, status))
        return prompts

    def refresh_statuses(self) -> None:
        """Redraw marks and counts after a health or count change (keeps the highlight)."""
        for index, prompt in enumerate(self._build_prompts()):
            if prompt == self._prompts[index]:
                continue
            self._prompts[index] = prompt
            self._contents[index] = None
            if not self._width:
                continue  # wrapped when first drawn
            # Only a changed option is drawn again; it is laid out only if its height
            # changed (its rows are more or fewer: the list's virtual size with them).
            first, height = self._first_row[index], self._height(index)
            rows = wrap_prompt(index, self._content(index), self._width)
            self._rows[first : first + height] = rows
            self._strips.clear()
            if len(rows) == height:
                self.refresh_lines(first, height)
            else:
                self._index_rows()
                self.refresh()  # the options below it moved

    def select_view(self, view: str) -> None:
        self.highlighted = self.get_option_index(view)

    # ---- rows ------------------------------------------------------------------------------

    def _content(self, index: int) -> Content:
        content = self._contents[index]
        if content is None:
            content = Content.from_rich_text(self._prompts[index], self.app.console)
            self._contents[index] = content
        return content

    def _update_rows(self) -> None:
        """The rows at the width the options are drawn at, as OptionList kept its lines."""
        width = self.scrollable_content_region.width
        if not width or width == self._width:
            return
        self._width = width
        self._rows = [
            row
            for index in range(len(self._prompts))
            for row in wrap_prompt(index, self._content(index), width)
        ]
        self._strips.clear()
        self._index_rows()

    def _index_rows(self) -> None:
        self._first_row = []
        for number, row in enumerate(self._rows):
            if row.option == len(self._first_row):
                self._first_row.append(number)
        virtual_size = Size(self._width, len(self._rows))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size  # a layout, as OptionList's new line count
            self._scroll_update(virtual_size)

    def _height(self, index: int) -> int:
        end = self._first_row[index + 1] if index + 1 < len(self._first_row) else len(self._rows)
        return end - self._first_row[index]

    # ---- the highlight -----------------------------------------------------------------------

    @property
    def highlighted(self) -> int:
        """The highlighted option's index (always one: the list is never empty)."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int) -> None:
        index = max(0, min(index, len(self._prompts) - 1))
        if index != self._highlighted:
            self._refresh_option(self._highlighted)
            self._highlighted = index
            self._refresh_option(index)
            self.scroll_to_highlight()

    def scroll_to_highlight(self) -> None:
        if not self.is_mounted:
            return
        self._update_rows()
        if not self._width:
            return
        top, height = self._first_row[self._highlighted], self._height(self._highlighted)
        self.scroll_to_region(
            Region(0, top, self._width, height),
            force=True,
            animate=False,
            immediate=True,
        )

    def on_show(self) -> None:
        self.scroll_to_highlight()

    def _refresh_option(self, index: int) -> None:
        if self._width:
            self.refresh_lines(self._first_row[index], self._height(index))

    def action_cursor_up(self) -> None:
        self.highlighted = (self._highlighted - 1) % len(self._prompts)  # wraps, as OptionList

    def action_cursor_down(self) -> None:
        self.highlighted = (self._highlighted + 1) % len(self._prompts)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self._prompts) - 1

    def action_page_up(self) -> None:
        self._move_page(-1)

    def action_page_down(self) -> None:
        self._move_page(1)

    def _move_page(self, direction: int) -> None:
        """By the list's height in rows, to the option on that row (OptionList's paging)."""
        self._update_rows()
        if not self._rows:
            return
        row = self._first_row[self._highlighted] + direction * self.scrollable_content_region.height
        self.highlighted = self._rows[max(0, min(row, len(self._rows) - 1))].option

    def action_select(self) -> None:
        self.post_message(self.Chosen(self, self._views[self._highlighted]))

    # ---- the mouse ---------------------------------------------------------------------------

    def _option_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or offset.x >= self._width:
            return None
        row = offset.y + self.scroll_offset.y
        return self._rows[row].option if 0 <= row < len(self._rows) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_on(self._option_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_on(None)

    def _hover_on(self, index: int | None) -> None:
        if index != self._hover:
            for shown in (self._hover, index):
                if shown is not None:
                    self._refresh_option(shown)
            self._hover = index

    def on_click(self, event: events.Click) -> None:
        index = self._option_at(event)
        if index is not None:
            self.highlighted = index
            self.action_select()

    # ---- drawing -----------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._update_rows()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        if not 0 <= row < len(self._rows) or width != self._width:
            return Strip.blank(width, self.visual_style.rich_style)
        index = self._rows[row].option
        if index == self._highlighted:
            style = self.get_visual_style("profile-list--highlighted")
        elif index == self._hover:
            style = self.get_visual_style("profile-list--hover")
        else:
            style = self.visual_style
        key = (row, style, width)
        if (strip := self._strips.get(key)) is None:
            strip = self._strips[key] = self._draw(self._rows[row], style, width)
        return strip

    def _draw(self, row: _Row, style: Style, width: int) -> Strip:
        # Segment by segment as OptionList drew a line (each run of text with its offset,
        # the rest of the line in the option's style), so that a screenshot is the same.
        segments: list[Segment] = []
        x = row.x
        for part, part_style in row.text.render(style, end=""):
            segments.append(Segment(part, (style + part_style).rich_style_with_offset(x, row.y)))
            x += len(part)
        if width > row.text.cell_length:
            segments.append(Segment(" " * (width - row.text.cell_length), style.rich_style))
        return Strip(segments, width)


def strip_text(statuses: list[ProfileStatus], view: str) -> Text:
    """`0 All 33 · 1 ● edge 17 · 2 ● phones 7 · 3 ● ace 9`: each profile's key, health and
    pending count, the shown one in reverse."""
    pending_total = sum(s.pending_count or 0 for s in statuses)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("pending ", style="dim")
    entries: list[tuple[str, str, int | None, str]] = [
        (ALL_PROFILES, "0 ◆ All", pending_total, "cyan")
    ]
    for number, status in enumerate(statuses, start=1):
        mark, colour = _MARKS[status.health]
        name = printable(status.profile.name)
        label = f"{number} {mark} {name}"
        entries.append((status.profile.name, label, status.pending_count, colour))
    for index, (key, label, pending, colour) in enumerate(entries):
        if index:
            text.append(" · ", style="dim")
        style = "reverse bold" if key == view else ""
        text.append(label, style=style or colour)
        text.append(f" {pending or 0}", style=(style + " yellow") if pending else "dim")
    return text


class ProfileStrip(Static):
    """The sidebar folded into one line where the terminal is narrow: the number keys, health
    and pending count of every profile stay on screen. The main screen makes it the first
    time the terminal is narrow."""

    DEFAULT_CSS = """
    ProfileStrip { height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self, statuses: list[ProfileStatus], view: str, *, id: str | None = None) -> None:
        super().__init__(strip_text(statuses, view), id=id)
        self._profile_statuses = statuses

    def show(self, view: str) -> None:
        # One line at the screen's width (height: 1): new text never changes its size, so no
        # layout of the whole screen (it came after every load, even with the strip hidden).
        self.update(strip_text(self._profile_statuses, view), layout=False)


def fit_strip(center: Widget, narrow: bool, statuses: list[ProfileStatus], view: str) -> None:
    """Show the strip at the top of `center` while the terminal is narrow; it is made the
    first time it is (a wide terminal never needs one)."""
    strips = list(center.query(ProfileStrip).results(ProfileStrip))
    if narrow and not strips:
        center.mount(ProfileStrip(statuses, view), before=0)
    for strip in strips:
        strip.display = narrow
