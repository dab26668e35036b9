"""The command palette's own commands: switch profile, the main screen's actions, help, and
placing an order where a profile can. Textual's system commands (theme, quit, ...) come from
its own provider beside this one.

The palette reads titles and help as markup: a profile name is escaped and gated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from tui.display import printable
from tui.view_state import ALL_PROFILES

if TYPE_CHECKING:
    from tui.deck import Deck


class PaletteTarget(Protocol):
    """What the palette runs on the main screen."""

    def switch_view(self, key: str) -> None: ...
    def can_order(self, key: str) -> bool: ...
    def action_new_order(self, profile: str | None = None) -> None: ...
    def action_refresh(self) -> None: ...
    def action_next_page(self) -> None: ...
    def action_previous_page(self) -> None: ...
    def action_load_all(self) -> None: ...
    def action_export(self) -> None: ...
    def action_payments(self) -> None: ...
    def action_copy_id(self) -> None: ...
    def action_copy_json(self) -> None: ...
    def action_open_pay_link(self) -> None: ...
    def action_cycle_sort(self) -> None: ...
    def action_toggle_detail(self) -> None: ...


class PaletteHost(Protocol):
    """What the palette needs of the app: the profiles, the main screen, help."""

    @property
    def deck(self) -> Deck: ...

    @property
    def main_screen(self) -> PaletteTarget | None: ...

    def action_help(self) -> None: ...


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    help: str
    callback: Callable[[], object]


def palette_commands(host: PaletteHost) -> list[PaletteCommand]:
    """Every command the palette offers now (none before the main screen is up)."""
    main = host.main_screen
    if main is None:
        return []
    return [*_profile_commands(host.deck, main), *_action_commands(host, main)]


def _profile_commands(deck: Deck, main: PaletteTarget) -> Iterator[PaletteCommand]:
    yield PaletteCommand(
        "Profile: All profiles",
        "Orders of every profile, merged newest first",
        partial(main.switch_view, ALL_PROFILES),
    )
    for name, status in deck.statuses.items():
        shown = escape(printable(name))
        yield PaletteCommand(
            f"Profile: {shown}",
            f"Switch to {shown} ({status.provider_label})",
            partial(main.switch_view, name),
        )


def _action_commands(host: PaletteHost, main: PaletteTarget) -> Iterator[PaletteCommand]:
    actions: tuple[tuple[str, str, Callable[[], object]], ...] = (
        ("Refresh", "Reload the current page", main.action_refresh),
        ("Next page", "Fetch the next page", main.action_next_page),
        ("Previous page", "Go back one page", main.action_previous_page),
        ("Load all", "Fetch every page of the current view", main.action_load_all),
        ("Export", "Write the shown orders to CSV or JSON", main.action_export),
        (
            "Payments",
            "Pending payments across profiles, soonest deadline first",
            main.action_payments,
        ),
        ("Copy order id", "Copy the highlighted order's id", main.action_copy_id),
        ("Copy order JSON", "Copy the highlighted order as JSON", main.action_copy_json),
        ("Open pay link", "Open the highlighted order's pay link", main.action_open_pay_link),
        ("Cycle sort", "Sort by the next column", main.action_cycle_sort),
        ("Toggle detail pane", "Show or hide the detail pane", main.action_toggle_detail),
        ("Help", "Every key binding", host.action_help),
    )
    for title, help_text, callback in actions:
        yield PaletteCommand(title, help_text, callback)
    for name in host.deck.profile_names:
        if main.can_order(name):
            yield PaletteCommand(
                "New CloudPond order",
                f"Order edge hardware on profile {escape(printable(name))} (wizard)",
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
