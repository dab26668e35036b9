"""The profile switcher drawn by one widget: keys, clicks, hover, following the shown view,
redrawing what changed, scrolling, and names shown as typed.

On a small app of its own, with the dashboard's stylesheet (the switcher's right edge, its
border when focused); how it looks on the dashboard is pinned by the snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.style import Style as RichStyle
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input

import tui.ui
from tui.deck import Health, ProfileStatus
from tui.sandbox.demo import demo_config
from tui.ui.widgets.profile_list import ALL_PROFILES, ProfileList

from .spies import count_layouts

APP_CSS = Path(tui.ui.__file__).parent / "app.tcss"


def demo_statuses(*names: str) -> list[ProfileStatus]:
    """The demo's profiles (edge, phones, ace, billing), renamed to `names` where given, each
    with a few pending orders."""
    profiles = list(demo_config("http://127.0.0.1:9").profiles.values())
    statuses = []
    for number, profile in enumerate(profiles):
        if number < len(names):
            profile = profile.model_copy(update={"name": names[number]})
        statuses.append(ProfileStatus(profile, Health.OK, pending_count=number + 1))
    return statuses


class SwitcherApp(App[None]):
    """The switcher beside a field; the field has the focus, so the list has no border but
    its right edge: a row of the list is a row of the screen."""

    CSS_PATH = APP_CSS
    AUTO_FOCUS = "#other"

    def __init__(self, statuses: list[ProfileStatus]) -> None:
        super().__init__()
        self.statuses = statuses
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield ProfileList(self.statuses, id="profiles")
            yield Input(id="other")

    @on(ProfileList.Chosen, "#profiles")
    def _chosen(self, event: ProfileList.Chosen) -> None:
        self.chosen.append(event.view)


def switcher(pilot: Pilot[Any]) -> ProfileList:
    return pilot.app.query_one(ProfileList)


def row_text(profiles: ProfileList, y: int) -> str:
    return "".join(segment.text for segment in profiles.render_line(y))


def row_background(profiles: ProfileList, y: int) -> object:
    styles = {segment.style.bgcolor for segment in profiles.render_line(y) if segment.style}
    assert len(styles) == 1, f"row {y} has several backgrounds: {styles}"
    return styles.pop()


def component_background(profiles: ProfileList, component: str) -> object:
    return profiles.get_visual_style(component).rich_style.bgcolor


# Rows at the sidebar's 27 columns: All 0-1, edge 2-3, phones 4-5, ace 6-7, billing 8-10 (its
# "Huawei billing · 4 pending" wraps, as OptionList wrapped it).


async def test_keys_move_the_highlight_and_enter_chooses() -> None:
    app = SwitcherApp(demo_statuses())
    async with app.run_test(size=(80, 30)) as pilot:
        profiles = switcher(pilot)
        profiles.focus()
        await pilot.pause()
        assert profiles.has_focus and profiles.highlighted == 0
        await pilot.press("down")
        assert profiles.highlighted == 1
        await pilot.press("up", "up")
        assert profiles.highlighted == 4, "up from the first wraps to the last, as OptionList"
        await pilot.press("down")
        assert profiles.highlighted == 0, "and down from the last to the first"
        await pilot.press("end")
        assert profiles.highlighted == 4
        await pilot.press("home")
        assert profiles.highlighted == 0
        await pilot.press("pagedown")
        assert profiles.highlighted == 4, "a page of 30 rows goes past the last option"
        await pilot.press("pageup")
        assert profiles.highlighted == 0
        assert app.chosen == []
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.chosen == ["phones"]


async def test_a_click_chooses_the_option_under_it() -> None:
    app = SwitcherApp(demo_statuses())
    async with app.run_test(size=(80, 30)) as pilot:
        profiles = switcher(pilot)
        await pilot.click("#profiles", offset=(3, 7))  # ace's second row
        await pilot.pause()
        assert app.chosen == ["ace"]
        assert profiles.highlighted == 3
        assert profiles.has_focus
        # Focused, the list has a border: its rows are one lower.
        await pilot.click("#profiles", offset=(3, 11))  # billing's wrapped third row
        await pilot.pause()
        assert app.chosen == ["ace", "billing"]
        await pilot.click("#profiles", offset=(3, 20))  # under the options: nothing
        await pilot.pause()
        assert app.chosen == ["ace", "billing"]
        assert profiles.highlighted == 4


async def test_the_option_under_the_mouse_is_hovered_until_it_leaves() -> None:
    app = SwitcherApp(demo_statuses())
    async with app.run_test(size=(80, 30)) as pilot:
        profiles = switcher(pilot)
        await pilot.pause()
        plain = row_background(profiles, 2)
        hover = component_background(profiles, "profile-list--hover")
        assert hover != plain
        await pilot.hover("#profiles", offset=(3, 4))  # phones
        await pilot.pause()
        assert row_background(profiles, 4) == row_background(profiles, 5) == hover
        assert row_background(profiles, 2) == plain
        await pilot.hover("#profiles", offset=(3, 6))  # on to ace
        await pilot.pause()
        assert row_background(profiles, 4) == plain
        assert row_background(profiles, 6) == hover
        await pilot.hover("#profiles", offset=(3, 0))  # the highlighted option keeps its look
        await pilot.pause()
        highlighted = component_background(profiles, "profile-list--highlighted")
        assert row_background(profiles, 0) == highlighted != hover
        assert row_background(profiles, 6) == plain
        await pilot.hover("#profiles", offset=(3, 6))
        await pilot.hover("#other")
        await pilot.pause()
        assert row_background(profiles, 6) == plain, "leaving the list ends the hover"


async def test_the_highlight_follows_select_view() -> None:
    app = SwitcherApp(demo_statuses())
    async with app.run_test(size=(80, 30)) as pilot:
        profiles = switcher(pilot)
        await pilot.pause()
        highlighted = component_background(profiles, "profile-list--highlighted")
        plain = row_background(profiles, 6)
        profiles.select_view("ace")
        await pilot.pause()
        assert profiles.highlighted == profiles.get_option_index("ace") == 3
        assert row_background(profiles, 6) == row_background(profiles, 7) == highlighted
        assert row_background(profiles, 0) == plain
        profiles.select_view(ALL_PROFILES)
        await pilot.pause()
        assert profiles.highlighted == 0
        assert row_background(profiles, 6) == plain
        with pytest.raises(ValueError):
            profiles.select_view("nowhere")
        assert app.chosen == [], "following the view chooses nothing"


async def test_a_changed_status_redraws_its_option_alone_without_a_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    statuses = demo_statuses()
    app = SwitcherApp(statuses)
    async with app.run_test(size=(80, 30)) as pilot:
        profiles = switcher(pilot)
        await pilot.pause()
        assert "2 pending" in row_text(profiles, 5)
        refreshes: list[tuple[tuple[Region, ...], bool]] = []
        real_refresh = ProfileList.refresh

        def counted(self: ProfileList, *regions: Region, **kwargs: Any) -> ProfileList:
            refreshes.append((regions, bool(kwargs.get("layout"))))
            return real_refresh(self, *regions, **kwargs)

        monkeypatch.setattr(ProfileList, "refresh", counted)
        layouts = count_layouts(monkeypatch)

        profiles.refresh_statuses()
        await pilot.pause()
        assert refreshes == [], "nothing changed: nothing drawn"

        statuses[1].pending_count = 12  # phones; All's total changes with it
        profiles.refresh_statuses()
        await pilot.pause()
        assert "12 pending" in row_text(profiles, 5)
        assert "20 pending" in row_text(profiles, 1)
        assert "1 pending" in row_text(profiles, 3), "edge as it was"
        drawn = [region for regions, _ in refreshes for region in regions]
        assert refreshes and all(regions and not layout for regions, layout in refreshes)
        assert {(region.y, region.height) for region in drawn} == {(0, 2), (4, 2)}
        assert layouts == []


async def test_a_list_taller_than_the_widget_scrolls_to_the_highlight() -> None:
    app = SwitcherApp(demo_statuses())
    async with app.run_test(size=(80, 7)) as pilot:
        profiles = switcher(pilot)
        profiles.focus()
        await pilot.pause()
        assert profiles.show_vertical_scrollbar
        assert profiles.scroll_offset.y == 0
        await pilot.press("end")
        await pilot.pause()
        assert profiles.highlighted == 4
        top = profiles.scroll_offset.y
        assert top > 0
        shown = "".join(row_text(profiles, y) for y in range(profiles.size.height))
        assert "4 ● billing" in shown and "0 ◆ All profiles" not in shown
        await pilot.press("home")
        await pilot.pause()
        assert profiles.scroll_offset.y == 0
        await pilot.press("pagedown")  # 5 rows down (7 less the focused border): phones's
        await pilot.pause()
        assert profiles.highlighted == 2
        assert profiles.scroll_offset.y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert profiles.highlighted == 0 and profiles.scroll_offset.y == 0
        profiles.select_view("billing")
        await pilot.pause()
        assert profiles.scroll_offset.y == top, "select_view scrolls the option into view"


async def test_hostile_profile_names_are_shown_as_typed() -> None:
    app = SwitcherApp(demo_statuses("[bold]x[/]", "\x1b[31mred", "[@click=app.quit]q[/]"))
    async with app.run_test(size=(80, 30)) as pilot:
        profiles = switcher(pilot)
        await pilot.pause()
        rows = [profiles.render_line(y) for y in range(12)]
        text = "".join(segment.text for row in rows for segment in row)
        assert "1 ● [bold]x[/]" in text
        assert "2 ● ␛[31mred" in text
        assert "3 ● [@click=app.quit]q[/]" in text
        assert "\x1b" not in text
        names = [segment for segment in rows[2] if "[bold]" in segment.text]
        assert names and names[0].style is not None
        assert names[0].style.bold, "the name's own style, and nothing its markup would add"
        assert not any(
            segment.style is not None and segment.style.link for row in rows for segment in row
        )
        assert all(
            isinstance(segment.style, RichStyle) and "@click" not in str(segment.style.meta)
            for row in rows
            for segment in row
        )
