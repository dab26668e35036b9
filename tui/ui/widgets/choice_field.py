"""A drop-down choice drawn by one widget: the filter bar's status, type, product and pay way.

It looks and behaves like Textual's `Select` (8.2) as the filter bar styled it: the current
choice (or the dim prompt) in a tall-bordered field with `▼` at the right, `▲` while the
list is open; Enter, Space, ↑ or ↓ or a click opens the list under the field, Enter or a
click picks, Escape or a click elsewhere closes it unchanged, and typing jumps to the first
option that contains what was typed. But `Select` is six nodes from the start (itself, the
field, three labels and the list with its five component classes), each styled and laid out
for the first paint. Here the field is one node that draws its line itself, and the list is
made the first time it is opened.

No choice is `None` (the prompt's row in the list, `allow_blank` as `Select` has it), so a
value is any hashable but `None`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, ClassVar, Final, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.visual import RenderOptions
from textual.widget import Widget
from textual.widgets import OptionList

from tui.display import printable

ValueT = TypeVar("ValueT", bound=Hashable)

ARROW_CLOSED: Final = "▼"
ARROW_OPEN: Final = "▲"
ARROW_WIDTH: Final = 2
"""Textual's arrow: one cell after one cell of padding."""
SEARCH_RESET: Final = 0.7
"""Seconds after the last key before typing starts a new search (Select's overlay)."""
_LABEL_RULES: Final = {"text_wrap": "nowrap", "text_overflow": "ellipsis"}
"""A long label is cut with an ellipsis, as the filter bar styled Select's label."""


class ChoiceList(OptionList):
    """The open list of a `ChoiceField`: Select's overlay, made on the first opening."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "dismiss", "Dismiss menu")]

    # Select's rules for its overlay, here and not with the field's: they are parsed when the
    # first list is mounted, not for the first paint.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    ChoiceField > ChoiceList {
        display: none;
        height: auto;
        max-height: 12;
        overlay: screen;
        constrain: none inside;
        color: $foreground;
        border: tall $border-blurred;
        background: $surface;
        &:focus { background-tint: $foreground 5%; }
        & > .option-list--option { padding: 0 1; }
    }
    """

    class Dismissed(Message):
        """Close the list, no choice made. (Not a dataclass: that costs the start-up more.)"""

        def __init__(self, *, lost_focus: bool = False) -> None:
            super().__init__()
            self.lost_focus = lost_focus
            """True: the keys went elsewhere (a click or Tab), and stay there."""

    def __init__(self, labels: Sequence[Text]) -> None:
        super().__init__(*labels)
        self._search = ""
        self._search_timer: Timer | None = None

    @property
    def background_colors(self) -> tuple[Color, Color]:
        # Over what is under the field, not over the field: Select's list is the field's
        # sibling, and its border's outer half shows that colour.
        base = background = Color(0, 0, 0, 0)
        opacity = 1.0
        for node in reversed(self.ancestors_with_self):
            if isinstance(node, ChoiceField):
                continue
            styles = node.styles
            base = background
            opacity *= styles.opacity
            background += styles.background.tint(styles.background_tint).multiply_alpha(opacity)
        return base, background

    def action_dismiss(self) -> None:
        self.post_message(self.Dismissed())

    def _on_blur(self, event: events.Blur) -> None:
        self._forget_search()
        self.post_message(self.Dismissed(lost_focus=True))
        # As Select's overlay: the click that took the focus away only closes the list (a
        # click on the field would open it again).
        self.suppress_click()

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable()

    async def _on_key(self, event: events.Key) -> None:
        # Type to search, as Select's overlay: what was typed in the last moments, found
        # anywhere in a label (the earliest place wins), highlighted.
        if event.character is None or not event.is_printable:
            return
        event.stop()
        event.prevent_default()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_RESET, self._forget_search)
        self._search += event.character.lower()
        found = self._find(self._search)
        if found is not None:
            self.highlighted = found
            self.scroll_to_highlight()

    def _forget_search(self) -> None:
        self._search = ""

    def _find(self, query: str) -> int | None:
        places = [
            (place, index)
            for index, option in enumerate(self.options)
            if (place := str(option.prompt).lower().find(query)) != -1
        ]
        return min(places)[1] if places else None


class ChoiceField(Widget, Generic[ValueT], can_focus=True):
    """One of `options` ((label, value) pairs), or none (`value` is None: the prompt)."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,down,space,up", "open", "Show menu", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "choice-field--prompt",
        "choice-field--value",
        "choice-field--arrow",
    }

    # Select's rules (8.2) folded onto one node: the field is SelectCurrent (whose focus look
    # Select gave it), the prompt and value are its label Static, the arrow its arrow Static.
    # In ANSI colours the border stays as it is unfocused and focused, as Select's does.
    DEFAULT_CSS = """
    ChoiceField {
        width: 1fr;
        height: 3;
        color: $foreground;
        background: $surface;
        border: tall $border-blurred;
        padding: 0 2;
        pointer: pointer;
        & > .choice-field--prompt { color: $foreground 50%; background: transparent; }
        & > .choice-field--value { color: $foreground; background: transparent; }
        & > .choice-field--arrow { color: $foreground 50%; background: transparent; }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
        }
        &:ansi {
            color: ansi_default;
            background: ansi_default;
        }
    }
    """

    class Changed(Message):
        """The value changed: picked from the list, or set (`value`) by the program."""

        def __init__(self, choice_field: ChoiceField[Any], value: Hashable | None) -> None:
            super().__init__()
            self.choice_field = choice_field
            self.value = value

        @property
        def control(self) -> ChoiceField[Any]:
            return self.choice_field

    def __init__(
        self,
        options: Sequence[tuple[str, ValueT]],
        *,
        prompt: str,
        value: ValueT | None = None,
        id: str | None = None,
        classes: str | None = None,
        tooltip: str | None = None,
    ) -> None:
        """`options`: (label, value) pairs, top to bottom, under the prompt's row."""
        super().__init__(id=id, classes=classes)
        self._options = list(options)
        self._values: list[ValueT | None] = [None, *(v for _, v in self._options)]
        self._labels = [printable(prompt), *(printable(label) for label, _ in self._options)]
        self._check(value)
        self._value = value
        self._list: ChoiceList | None = None
        self._open_at_press = False
        if tooltip is not None:
            self.tooltip = tooltip

    def _check(self, value: ValueT | None) -> None:
        if value not in self._values:
            raise ValueError(f"{value!r} is not one of the choices")

    @property
    def value(self) -> ValueT | None:
        """The chosen value, or None when none is (the prompt shows)."""
        return self._value

    @value.setter
    def value(self, value: ValueT | None) -> None:
        self._check(value)
        if value != self._value:
            self._value = value
            self.refresh()
            self.post_message(self.Changed(self, value))

    @property
    def values(self) -> tuple[ValueT, ...]:
        """The options' values, top to bottom (the prompt's row, None, above them)."""
        return tuple(value for _, value in self._options)

    @property
    def expanded(self) -> bool:
        """True while the list is open."""
        return self._list is not None and self._list.display

    # ---- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        # The label then the arrow, segment for segment as Select's two Statics drew them
        # (text in its own style, each one's padding in the background alone), so that a
        # screenshot comes out the same. Border and padding are the styles' own.
        width = self.size.width
        background = RichStyle(bgcolor=self.visual_style.rich_style.bgcolor)
        if y != 0 or width <= 0:
            return Strip.blank(width, background)
        label_width = max(0, width - ARROW_WIDTH)
        chosen = self._values.index(self._value)
        component = "choice-field--prompt" if self._value is None else "choice-field--value"
        style = self.get_visual_style(component)
        options = RenderOptions(self._get_style, _LABEL_RULES)  # type: ignore[arg-type]
        strips = Content(self._labels[chosen]).render_strips(label_width, 1, style, options)
        label = strips[0] if strips else Strip([])
        arrow = ARROW_OPEN if self.expanded else ARROW_CLOSED
        arrow_style = self.get_visual_style("choice-field--arrow").rich_style_with_offset(0, 0)
        segments = [
            *label.adjust_cell_length(label_width, background),
            Segment(" ", background),
            Segment(arrow, arrow_style),
        ]
        return Strip(segments).crop(0, width)

    # ---- the list --------------------------------------------------------------------------

    async def action_open(self) -> None:
        """Open the list under the field, the current choice highlighted (the prompt's row
        when there is none), and give it the keys."""
        if self._list is None:
            self._list = ChoiceList(
                [Text(self._labels[0], style="dim"), *map(Text, self._labels[1:])]
            )
            await self.mount(self._list)
        choices = self._list
        # Under the whole field: the list's origin is the field's content, inside the border
        # and the padding.
        choices.styles.width = self.outer_size.width
        choices.styles.offset = (-self.gutter.left, self.size.height + self.gutter.bottom)
        choices.display = True
        choices.highlighted = self._values.index(self._value)
        choices.scroll_to_highlight()
        choices.focus(scroll_visible=False)
        self.refresh()

    def close(self, *, refocus: bool = True) -> None:
        """Close the list (if open); `refocus`: the keys go back to the field."""
        if refocus:
            self.focus()
        if self._list is not None and self._list.display:
            self._list.display = False
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.widget is self:
            self._open_at_press = self.expanded

    async def on_click(self, event: events.Click) -> None:
        if event.widget is not self:
            return  # a click in the list, which picks (or not) on its own
        event.stop()
        # Open when the button went down: the click closes it. The press took the focus from
        # the list, which closed it already, so asking only now would open it again (as a
        # quick second click on Select's field does).
        was_open, self._open_at_press = self._open_at_press, False
        if was_open or self.expanded:
            self.close()
        else:
            await self.action_open()

    def _on_choice_list_dismissed(self, event: ChoiceList.Dismissed) -> None:
        event.stop()
        self.close(refocus=not event.lost_focus)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.close()
        self.value = self._values[event.option_index]

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # the list's own business: nothing above hears it
