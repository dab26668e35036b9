"""The footer: the screen's keys, drawn by one widget.

Textual's `Footer` is a container with a `FooterKey` widget per key: 13 of the first screen's
57 DOM nodes, each styled, laid out and painted on its own. Counted in instructions to the
first painted frame of `orderdeck --demo` (valgrind), drawing them as one line of one widget
saved about 195M of 2,850M in the first experiment (7 %), about 155M as built here. And each
focus change that changes the keys shown rebuilt them all (13 widgets mounted, the screen
laid out again); here it repaints one line.

The look is Textual's (8.2): each key as `FooterKey` draws it, with its colours from the same
theme variables, the command-palette key at the right edge behind a thin border. Where keys
do not fit, those at the right end of the left group go (whole: no half keys; the last one
may lose its trailing space, as Textual clips it). Binding groups are drawn as plain keys:
no binding here has one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.color import Color
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen


# Records as NamedTuples, not frozen dataclasses: they load with the first frame, and a
# NamedTuple class costs about a tenth as much to create.


class ShownKey(NamedTuple):
    """One key in the footer."""

    key: str
    """What a click presses (`Binding.key`)."""
    key_display: str
    description: str
    action: str
    enabled: bool
    """False: drawn dim, and a click rings the bell instead."""
    tooltip: str
    """Shown while the mouse is on the key; "" for none."""


class _Keys(NamedTuple):
    """What the screen's bindings put in the footer."""

    left: tuple[ShownKey, ...]
    palette: ShownKey | None


class _Drawn(NamedTuple):
    """Where the last render drew a key: columns `start` to `end` (excluded)."""

    start: int
    end: int
    key: ShownKey


_PALETTE_EDGE = "▏"
"""The left border of the palette key (Textual's `vkey` edge)."""


class Footer(Widget, can_focus=False):
    """The screen's key bindings on one line, docked at the bottom."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key",
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
        "footer-key--disabled",
        "footer-key--palette",
        "footer-key--palette-key",
        "footer-key--palette-description",
    }
    # `footer-key` is what Textual's FooterKey widget carried (its background, its hover, its
    # dim when disabled); the palette key is a compact FooterKey with a border.
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer-key {
            background: $footer-item-background;
        }
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--hover {
            background: $block-hover-background;
        }
        .footer-key--disabled {
            text-style: dim;
        }
        .footer-key--palette {
            border-left: vkey $foreground 20%;
            padding: 0 1 0 0;
        }
        .footer-key--palette-key {
            padding: 0;
        }
        .footer-key--palette-description {
            padding: 0 0 0 1;
        }
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._keys: _Keys | None = None
        """What the bindings showed when last read; None: read them at the next render."""
        self._drawn: tuple[_Drawn, ...] = ()
        self._hover: ShownKey | None = None
        self._check_queued = False

    @property
    def shown(self) -> tuple[ShownKey, ...]:
        """The keys the last render drew, left to right (the palette key last)."""
        return tuple(drawn.key for drawn in self._drawn)

    # ---- following the bindings ----------------------------------------------------------

    def on_mount(self) -> None:
        self._keys = None  # whatever changed before the subscription, the first render reads
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Textual's footer ignores the changes while the app has lost focus (its focused
        # widget is blurred meanwhile): the keys would flicker.
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._check_queued:
            # Changes come in bursts (a focus move, a reactive, the screen's own): the
            # bindings are read once, after those already queued.
            self._check_queued = True
            self.call_later(self._check_keys)

    def _check_keys(self) -> None:
        self._check_queued = False
        if not self.is_attached:
            return
        keys = self._read_keys()
        if keys != self._keys:
            self._keys = keys
            self.refresh()  # the same one line: no layout

    def _read_keys(self) -> _Keys:
        app = self.app
        bindings = self.screen.active_bindings
        left: list[ShownKey] = []
        actions: set[str] = set()
        for _, binding, enabled, tooltip in bindings.values():
            # Textual shows the first key of each action.
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                left.append(self._shown_key(binding, enabled, tooltip))
        palette = None
        if app.ENABLE_COMMAND_PALETTE:
            active = bindings.get(app.COMMAND_PALETTE_BINDING)
            if active is not None:
                binding = active.binding
                tooltip = binding.tooltip or binding.description
                palette = self._shown_key(binding, active.enabled, tooltip)
        return _Keys(tuple(left), palette)

    def _shown_key(self, binding: Binding, enabled: bool, tooltip: str) -> ShownKey:
        return ShownKey(
            key=binding.key,
            key_display=self.app.get_key_display(binding),
            description=binding.description,
            action=binding.action,
            enabled=enabled,
            tooltip=tooltip,
        )

    # ---- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        # Segment by segment as Textual's footer drew the line (each key's text with its
        # offset, paddings and gaps in the background alone), so a screenshot is the same.
        if self._keys is None:
            self._keys = self._read_keys()
        keys = self._keys
        width = self.size.width
        painter = _Painter(self)
        palette: list[Segment] = []
        if keys.palette is not None:
            palette = painter.palette(keys.palette, keys.palette == self._hover)
        room = width - Segment.get_line_length(palette)
        segments: list[Segment] = []
        drawn: list[_Drawn] = []
        x = 0
        for key in keys.left:
            key_segments = painter.key(key, key == self._hover)
            size = Segment.get_line_length(key_segments)
            last = key_segments[-1]
            trailing = len(last.text) - len(last.text.rstrip(" "))
            if x + size - trailing > room:
                break  # this key and those after it do not fit
            if x + size > room:  # only its trailing space is cut, as Textual clips it
                cut = x + size - room
                key_segments[-1] = Segment(last.text[: len(last.text) - cut], last.style)
                size = room - x
            segments += key_segments
            drawn.append(_Drawn(x, x + size, key))
            x += size
        if keys.palette is not None:
            if room > x:
                segments.append(Segment(" " * (room - x), painter.blank))
            start = max(room, x)
            drawn.append(_Drawn(start, start + width - room, keys.palette))
            segments += palette
        self._drawn = tuple(drawn)
        return Strip(segments).crop(0, width).adjust_cell_length(width, painter.blank)

    # ---- the mouse -------------------------------------------------------------------------

    def _key_at(self, x: int) -> ShownKey | None:
        for drawn in self._drawn:
            if drawn.start <= x < drawn.end:
                return drawn.key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_on(self._key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_on(None)

    def _hover_on(self, key: ShownKey | None) -> None:
        if key == self._hover:
            return
        self._hover = key
        self.tooltip = None if key is None or not key.tooltip else key.tooltip
        self.styles.pointer = "default" if key is None else "pointer"
        self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


class _Painter:
    """The styles of one render, as Textual's FooterKey composes them: its background (or
    the hover's) over the footer's, each part's over that, colours blended accordingly."""

    def __init__(self, footer: Footer) -> None:
        self._footer = footer
        self._base = footer.background_colors[1]
        self._styles: dict[tuple[tuple[str, ...], bool, bool], tuple[Style, int, int]] = {}
        self.blank = RichStyle(bgcolor=self._base.rich_color)
        """The footer's background, where no key is."""

    def key(self, key: ShownKey, hover: bool) -> list[Segment]:
        return self._parts(key, hover, ("footer-key--key",), ("footer-key--description",))

    def palette(self, key: ShownKey, hover: bool) -> list[Segment]:
        """The palette key: a compact key (no padding around the key) behind a border."""
        styles = self._footer.get_component_styles("footer-key--palette")
        item = self._item(hover)
        padding = RichStyle(bgcolor=item.rich_color)
        segments: list[Segment] = []
        edge, edge_color = styles.border_left
        if edge not in ("", "none", "hidden"):
            edge_style = Style(item, self._base + edge_color).rich_style
            segments.append(Segment(_PALETTE_EDGE, edge_style))
        segments.append(Segment(" " * styles.padding.left, padding))
        key_part = ("footer-key--key", "footer-key--palette-key")
        description_part = ("footer-key--description", "footer-key--palette-description")
        segments += self._parts(key, hover, key_part, description_part)
        segments.append(Segment(" " * styles.padding.right, padding))
        return [segment for segment in segments if segment.text]

    def _parts(
        self,
        key: ShownKey,
        hover: bool,
        key_part: tuple[str, ...],
        description_part: tuple[str, ...],
    ) -> list[Segment]:
        """The key and its description, each with its offset in the key's text."""
        key_style, left, right = self._style(key_part, hover, not key.enabled)
        if not key.description:
            # As FooterKey: no padding then.
            return [Segment(key.key_display, key_style.rich_style_with_offset(0, 0))]
        description_style, before, after = self._style(description_part, hover, not key.enabled)
        key_text = " " * left + key.key_display + " " * right
        description = " " * before + key.description + " " * after
        return [
            Segment(key_text, key_style.rich_style_with_offset(0, 0)),
            Segment(description, description_style.rich_style_with_offset(len(key_text), 0)),
        ]

    def _item(self, hover: bool) -> Color:
        item = "footer-key--hover" if hover else "footer-key"
        return self._base + self._footer.get_component_styles(item).background

    def _style(self, part: tuple[str, ...], hover: bool, disabled: bool) -> tuple[Style, int, int]:
        """The part's style, and its padding left and right."""
        cache_key = (part, hover, disabled)
        if cache_key not in self._styles:
            footer = self._footer
            styles = footer.get_component_styles(*part)
            background = self._item(hover) + styles.background
            color = styles.color if styles.has_rule("color") else footer.styles.color
            text = styles.text_style
            if disabled:
                text += footer.get_component_styles("footer-key--disabled").text_style
            style = Style(
                background,
                background + color,
                bold=text.bold,
                dim=text.dim,
                italic=text.italic,
                underline=text.underline,
                reverse=text.reverse,
                strike=text.strike,
            )
            padding = styles.padding
            self._styles[cache_key] = (style, padding.left, padding.right)
        return self._styles[cache_key]
