"""The profile switcher: "All profiles", then every configured profile with its provider,
a health mark and its pending-order count."""

from __future__ import annotations

from typing import Final

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.deck import Health, ProfileStatus
from tui.display import printable
from tui.view_state import ALL_PROFILES

__all__ = ["ALL_PROFILES", "ProfileList"]

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


class ProfileList(OptionList):
    """Option ids are view keys: `*all*` or a profile name."""

    DEFAULT_CSS = """
    ProfileList { width: 28; height: 1fr; border: none; padding: 0; }
    """

    def __init__(self, statuses: list[ProfileStatus], *, id: str | None = None) -> None:
        self._profile_statuses = statuses
        super().__init__(*self._build_options(), id=id)

    def _build_options(self) -> list[Option]:
        pending_total = sum(s.pending_count or 0 for s in self._profile_statuses)
        options = [Option(all_profiles_prompt(pending_total), id=ALL_PROFILES)]
        for number, status in enumerate(self._profile_statuses, start=1):
            options.append(Option(profile_prompt(number, status), id=status.profile.name))
        return options

    def refresh_statuses(self) -> None:
        """Redraw marks and counts after a health or count change (keeps the highlight)."""
        for option in self._build_options():
            # Unchanged prompts are left alone: a replaced one lays the screen out again.
            if option.id is not None and self.get_option(option.id).prompt != option.prompt:
                self.replace_option_prompt(option.id, option.prompt)

    def select_view(self, view: str) -> None:
        self.highlighted = self.get_option_index(view)
