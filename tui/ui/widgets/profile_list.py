"""The profile switcher: "All profiles", then every configured profile with its provider,
a health mark and its pending-order count."""

from __future__ import annotations

from typing import Final

from rich.text import Text
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

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
    and pending count of every profile stay on screen."""

    DEFAULT_CSS = """
    ProfileStrip { height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self, statuses: list[ProfileStatus], *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._profile_statuses = statuses

    def show(self, view: str) -> None:
        # One line at the screen's width (height: 1): new text never changes its size, so no
        # layout of the whole screen (it came after every load, even with the strip hidden).
        self.update(strip_text(self._profile_statuses, view), layout=False)
