"""The command palette's own commands: switch profile, every key of the main screen, help, and
placing an order where a profile can. Textual's system commands (theme, quit, ...) come from
its own provider beside this one.

The main screen's commands come from its bindings as they stand (a `[keymap]` remap, a binding
a screen disables), so each entry shows the key that does the same thing, and a binding added
to the main screen appears here without an edit. The palette reads titles and help as markup:
a profile name is escaped and gated.

`remember_theme` keeps the theme chosen in the palette across restarts (`tui.preferences`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, Final, NamedTuple, Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from tui.display import printable
from tui.logs import get_logger
from tui.preferences import ThemeChoice, save_theme_choice, theme_to_use
from tui.view_state import ALL_PROFILES

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import ActiveBinding, Binding
    from textual.theme import Theme

    from tui.deck import Deck


class PaletteTarget(Protocol):
    """What the palette runs on the main screen."""

    @property
    def active_bindings(self) -> Mapping[str, ActiveBinding]: ...

    def switch_view(self, key: str) -> None: ...
    def can_order(self, key: str) -> bool: ...
    def action_new_order(self, profile: str | None = None) -> None: ...
    def run_action(self, action: str) -> Any: ...
    def call_later(self, callback: Callable[..., Any], *args: Any) -> bool: ...


class PaletteHost(Protocol):
    """What the palette needs of the app: the profiles, the main screen, help, key names."""

    @property
    def deck(self) -> Deck: ...

    @property
    def main_screen(self) -> PaletteTarget | None: ...

    def action_help(self) -> None: ...
    def get_key_display(self, binding: Binding) -> str: ...


class PaletteCommand(NamedTuple):
    title: str
    help: str
    callback: Callable[[], object]


PALETTE_TITLES: Final = {
    "refresh": "Refresh",
    "previous_page": "Previous page",
    "next_page": "Next page",
    "load_all": "Load all",
    "focus_quick_filter": "Filter: quick filter over the loaded rows",
    "focus_filters": "Filter: go to the filter fields",
    "clear_filters": "Filter: clear every filter",
    "raw_json": "Detail: Details or Raw JSON",
    "cycle_sort": "Sort: by the next column",
    "reverse_sort": "Sort: reverse the direction",
    "cycle_page_size": "Page size: next size",
    "copy_id": "Copy order id",
    "copy_json": "Copy order JSON",
    "open_pay_link": "Open pay link",
    "export": "Export",
    "payments": "Payments",
    "toggle_detail": "Toggle detail pane",
}
"""Palette titles for the main screen's actions (a footer label is too short to search by);
an action not listed here is titled by its footer label."""

NOT_IN_PALETTE: Final = frozenset({"escape", "new_order", "switch_number"})
"""Actions the palette offers otherwise: escape means "back" wherever you are, and a new order
and a profile switch get one command per profile."""


def palette_commands(host: PaletteHost) -> list[PaletteCommand]:
    """Every command the palette offers now (none before the main screen is up)."""
    main = host.main_screen
    if main is None:
        return []
    keys = _keys_by_action(host, main)
    return [
        *_profile_commands(host.deck, main, keys),
        *_binding_commands(main, keys),
        PaletteCommand("Help", _with_keys("Every key binding", keys.get("help")), host.action_help),
        *_order_commands(host.deck, main, keys),
    ]


class _Keys(NamedTuple):
    """One action's keys as the footer writes them, with the binding that holds them."""

    binding: Binding
    shown: list[str]


def _keys_by_action(host: PaletteHost, main: PaletteTarget) -> dict[str, _Keys]:
    """Action (with its arguments, `switch_number(2)`) -> the keys that run it now."""
    found: dict[str, _Keys] = {}
    for active in main.active_bindings.values():
        binding = active.binding
        entry = found.setdefault(binding.action, _Keys(binding, []))
        display = host.get_key_display(binding)
        if display not in entry.shown:
            entry.shown.append(display)
    return found


def _with_keys(help_text: str, keys: _Keys | None) -> str:
    if keys is None or not keys.shown:
        return help_text
    return f"{help_text} · key {escape(' / '.join(keys.shown))}"


def _profile_commands(
    deck: Deck, main: PaletteTarget, keys: dict[str, _Keys]
) -> Iterator[PaletteCommand]:
    yield PaletteCommand(
        "Profile: All profiles",
        _with_keys("Orders of every profile, merged newest first", keys.get("switch_number(0)")),
        partial(main.switch_view, ALL_PROFILES),
    )
    for number, (name, status) in enumerate(deck.statuses.items(), start=1):
        shown = escape(printable(name))
        yield PaletteCommand(
            f"Profile: {shown}",
            _with_keys(
                f"Switch to {shown} ({status.provider_label})", keys.get(f"switch_number({number})")
            ),
            partial(main.switch_view, name),
        )


def _binding_commands(main: PaletteTarget, keys: dict[str, _Keys]) -> Iterator[PaletteCommand]:
    """One command per action the main screen binds (as it stands: disabled ones are left
    out), titled for searching, with its keys in the help line."""
    for action, entry in keys.items():
        if action.split("(")[0] in NOT_IN_PALETTE or entry.binding.action == "help":
            continue
        if entry.binding.action in ("quit", "command_palette"):
            continue  # Textual's own commands offer these
        title = PALETTE_TITLES.get(action, entry.binding.description or action)
        help_text = entry.binding.tooltip or entry.binding.description
        yield PaletteCommand(
            escape(title),
            _with_keys(escape(help_text), entry),
            partial(main.call_later, main.run_action, action),
        )


def _order_commands(
    deck: Deck, main: PaletteTarget, keys: dict[str, _Keys]
) -> Iterator[PaletteCommand]:
    for name in deck.profile_names:
        if main.can_order(name):
            yield PaletteCommand(
                "New CloudPond order",
                _with_keys(
                    f"Order edge hardware on profile {escape(printable(name))} (wizard)",
                    keys.get("new_order"),
                ),
                partial(main.action_new_order, name),
            )


class DeckCommands(Provider):
    """The app's `COMMANDS` entry for the commands above."""

    def _commands(self) -> list[PaletteCommand]:
        return palette_commands(cast("PaletteHost", self.app))

    async def discover(self) -> Hits:
        for command in sorted(self._commands(), key=lambda command: command.title):
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            if (score := matcher.match(command.title)) > 0:
                yield Hit(
                    score, matcher.highlight(command.title), command.callback, help=command.help
                )


# ---- the theme across restarts -------------------------------------------------------------


def remember_theme(app: App[Any], config_theme: str | None) -> None:
    """Start with the theme last chosen in the palette (while the config's `theme` is what it
    was then), and remember every theme chosen from now on."""
    wanted = theme_to_use(config_theme)
    if wanted not in app.available_themes:
        wanted = config_theme  # a remembered theme that is gone; the config's is checked
    if wanted:
        app.theme = wanted

    def chosen(theme: Theme) -> None:
        if theme.name == theme_to_use(config_theme):
            return  # nothing new (the start-up's own setting lands here too)
        try:
            save_theme_choice(ThemeChoice(theme.name, config_theme))
        except OSError as error:  # a read-only state dir costs the memory, not the session
            get_logger("ui").warning("could not remember the theme: %s", error)

    app.theme_changed_signal.subscribe(app, chosen)
