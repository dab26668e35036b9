"""The order wizard driven the way a person drives it: keys only (`pilot.press`), no clicks, no
widget values set, no actions called, no `.focus()`. After every step the test checks what has
focus, because a key pressed with nothing focused is lost; at the end, the exact body the
sandbox received."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, Static

from tui.order_draft import Step
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.server import SandboxServer
from tui.ui.screens.wizard.dialogs import LeaveDialog, OrderPlacedScreen

from .conftest import AppFactory
from .test_wizard import (
    BILLING,
    DEVICES,
    POOLS,
    SERVERS,
    SITE,
    expected_body,
    footer_actions,
    posts,
    settle,
    wizard_of,
)

SIZES = ((160, 48), (80, 24))
"""The widths the issue was tried at: a roomy terminal and the classic 80x24."""

KEY_NAMES = {" ": "space", "/": "slash", ".": "full_stop", "-": "minus"}
"""Characters whose key has a name of its own."""

MAX_PRESSES = 40
"""More arrow or Tab presses than any list here needs: a loop that goes past it is lost."""


def keys(text: str) -> list[str]:
    """`text` as the keys that type it, one by one."""
    return [KEY_NAMES.get(char, char) for char in text]


def focused(pilot: Pilot[Any]) -> Widget:
    widget = pilot.app.focused
    assert widget is not None, "nothing has focus: typed keys would be dropped"
    return widget


def focused_id(pilot: Pilot[Any]) -> str | None:
    widget = pilot.app.focused
    return widget.id if widget is not None else None


async def press(pilot: Pilot[Any], *names: str) -> None:
    await pilot.press(*names)
    await settle(pilot)


async def arrow_to(pilot: Pilot[Any], matches: Callable[[str, str], bool]) -> None:
    """Press Down in the focused list until the highlighted option (id, prompt) matches."""
    for _ in range(MAX_PRESSES):
        options = focused(pilot)
        assert isinstance(options, OptionList), f"focus is on {options!r}, not a list"
        option = options.highlighted_option
        if option is not None and matches(option.id or "", str(option.prompt)):
            return
        await press(pilot, "down")
    raise AssertionError("the option was never highlighted")


async def tab_to(pilot: Pilot[Any], matches: Callable[[Widget], bool]) -> Widget:
    """Press Tab until the focused widget matches."""
    for _ in range(MAX_PRESSES):
        widget = focused(pilot)
        if matches(widget):
            return widget
        await press(pilot, "tab")
    raise AssertionError("Tab never reached the widget")


def count_for(name: str) -> Callable[[Widget], bool]:
    """The count field on the row of the offering called `name`."""

    def matches(widget: Widget) -> bool:
        row = widget.parent
        if not isinstance(widget, Input) or row is None or not widget.has_class("count"):
            return False
        return str(row.query_one(".offering", Static).render()).startswith(name)

    return matches


async def type_counts(pilot: Pilot[Any], counts: dict[str, str]) -> None:
    first = focused(pilot)
    assert isinstance(first, Input) and first.has_class("count"), (
        f"the step opened with focus on {first!r}, not a count"
    )
    for name, count in counts.items():
        field = await tab_to(pilot, count_for(name))
        await press(pilot, *keys(count))
        assert isinstance(field, Input) and field.value == count, "each digit landed"


async def pick_in_select(pilot: Pilot[Any], wanted: str) -> None:
    """Open the focused Select with Enter, arrow to `wanted`, Enter."""
    select = focused(pilot)
    assert isinstance(select, Select), f"focus is on {select!r}, not a select"
    await press(pilot, "enter")
    await arrow_to(pilot, lambda _id, prompt: prompt.strip() == wanted)
    await press(pilot, "enter")
    assert focused(pilot) is select


async def add_pool_by_keys(pilot: Pilot[Any], kind: str, size: str) -> None:
    assert focused_id(pilot) == "pool-type"
    await pick_in_select(pilot, kind)
    await press(pilot, "tab")
    if focused_id(pilot) == "pool-size":
        await pick_in_select(pilot, f"{size} TB")
        await press(pilot, "tab")
        assert focused_id(pilot) == "add-pool"
    else:
        assert focused_id(pilot) == "pool-size-input"
        await press(pilot, *keys(size))
    await press(pilot, "enter")
    assert focused_id(pilot) == "pool-type", "ready for the next pool"


async def walk_by_keys(pilot: Pilot[Any], last: Step) -> None:
    """From the order table through the wizard's steps up to `last`, every key a person would
    press, checking where focus is at each step."""
    await settle(pilot)
    await press(pilot, "n")
    wizard = wizard_of(pilot.app)
    assert focused_id(pilot) == "sites", "the edge sites are ready for the arrows"

    await press(pilot, "slash", *keys("frankfurt"))
    assert focused_id(pilot) == "site-search"
    await press(pilot, "enter")
    assert focused_id(pilot) == "sites"
    await arrow_to(pilot, lambda _id, prompt: SITE in prompt)
    await press(pilot, "enter")
    assert wizard.site is not None and wizard.site.name == SITE
    if last >= Step.BILLING:
        await press(pilot, "ctrl+n")
        assert wizard.step is Step.BILLING and focused_id(pilot) == "cycles"
        await arrow_to(pilot, lambda option_id, _prompt: option_id == BILLING)
        await press(pilot, "enter")
    for step, counts in ((Step.SERVERS, SERVERS), (Step.NETWORK, DEVICES)):
        if last >= step:
            await press(pilot, "ctrl+n")
            assert wizard.step is step
            await type_counts(pilot, counts)
    if last >= Step.STORAGE:
        await press(pilot, "ctrl+n")
        assert wizard.step is Step.STORAGE
        for kind, size in POOLS:
            await add_pool_by_keys(pilot, kind, size)
    if last >= Step.REVIEW:
        await press(pilot, "ctrl+n")
        assert wizard.step is Step.REVIEW and focused_id(pilot) == "confirm"
    assert wizard.step is last


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_an_order_is_placed_with_keys_only_and_typed_counts(
    make_app: AppFactory, frozen_sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    app = make_app("edge")
    async with app.run_test(size=size) as pilot:
        frozen_sandbox.state.clear_requests()
        await walk_by_keys(pilot, Step.REVIEW)
        await press(pilot, *keys(SITE))
        await press(pilot, "enter")
        sent = posts(frozen_sandbox)
        assert len(sent) == 1 and sent[0].status == 200
        assert sent[0].json() == expected_body(frozen_sandbox)
        assert isinstance(app.screen, OrderPlacedScreen)


def arm_catalogue(sandbox: SandboxServer, fault: Fault) -> None:
    """`fault` on the next catalogue reads (the offerings are under /v2/)."""
    sandbox.state.faults.arm(replace(fault, path_prefix="/v2/", method="GET"))


async def test_a_key_typed_while_the_offerings_load_is_answered_then_focus_lands_on_a_count(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    async with make_app("edge").run_test(size=SIZES[0]) as pilot:
        await walk_by_keys(pilot, Step.BILLING)
        arm_catalogue(frozen_sandbox, Fault(FaultKind.LATENCY, seconds=0.5))
        await pilot.press("ctrl+n")
        await pilot.press("2")
        assert pilot.app.focused is None
        assert any("still loading" in n.message for n in pilot.app._notifications)
        await settle(pilot)
        field = focused(pilot)
        assert isinstance(field, Input) and field.id == "count-0"
        await press(pilot, "2")
        assert field.value == "2"
        assert "So far: 2 servers" in str(pilot.app.screen.query_one("#running-totals").render())


async def test_choices_that_failed_to_load_put_focus_on_try_again(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    async with make_app("edge").run_test(size=SIZES[1]) as pilot:
        await walk_by_keys(pilot, Step.BILLING)
        arm_catalogue(frozen_sandbox, Fault(FaultKind.STATUS, status=400, times=None))
        await press(pilot, "ctrl+n")
        button = focused(pilot)
        assert button.has_class("retry")
        frozen_sandbox.state.faults.clear()
        await press(pilot, "enter")
        assert focused_id(pilot) == "count-0"


async def test_running_totals_add_up_before_the_review(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZES[0]) as pilot:
        await walk_by_keys(pilot, Step.NETWORK)
        totals = str(pilot.app.screen.query_one("#running-totals").render())
        # 2 x (96 vCPU, 384 GB, 2 U, 1184 W) + 1 x (64, 512, 4 U, 1056 W) + 2 x (1 U, 450 W)
        assert "3 servers · 2 network devices · 256 vCPUs · 1,280 GB memory" in totals
        assert "10 U · 4,324 W" in totals


async def test_the_review_offers_no_next_and_shows_the_name_to_type_at_80x24(
    make_app: AppFactory,
) -> None:
    async with make_app("edge").run_test(size=SIZES[1]) as pilot:
        await walk_by_keys(pilot, Step.STORAGE)
        wizard = wizard_of(pilot.app)
        assert "next" in footer_actions(wizard)
        await press(pilot, "ctrl+n")
        assert "next" not in footer_actions(wizard)
        label = wizard.query_one("#confirm-label", Static)
        lines = [
            "".join(segment.text for segment in line)
            for line in label.render_lines(label.content_region.reset_offset)
        ]
        assert any(SITE in line for line in lines), lines
        body = wizard.query_one("#body-box")
        assert body.size.width >= 60, "the JSON gets the screen's width, stacked"


async def test_the_arrow_keys_move_between_the_leave_dialog_buttons(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZES[1]) as pilot:
        await walk_by_keys(pilot, Step.SITE)
        await press(pilot, "escape")
        dialog = pilot.app.screen
        assert isinstance(dialog, LeaveDialog)
        text = " ".join(str(widget.render()) for widget in dialog.query(Static))
        assert "`" not in text and " n brings it back" in text
        assert focused_id(pilot) == "keep"
        await press(pilot, "left")
        assert focused_id(pilot) == "discard"
        await press(pilot, "left")
        assert focused_id(pilot) == "stay"
        await press(pilot, "right", "right")
        assert focused_id(pilot) == "keep"
        await press(pilot, "left", "enter")
        assert not isinstance(pilot.app.screen, LeaveDialog)
        await press(pilot, "n")
        assert focused_id(pilot) == "sites", "discarded: a fresh wizard, no offer"


async def test_back_puts_focus_where_the_earlier_step_is_typed(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZES[1]) as pilot:
        await walk_by_keys(pilot, Step.NETWORK)
        await press(pilot, "ctrl+b")
        assert wizard_of(pilot.app).step is Step.SERVERS and focused_id(pilot) == "count-0"
        await press(pilot, "ctrl+b")
        assert focused_id(pilot) == "cycles"


async def test_a_letter_typed_into_a_count_is_refused_with_a_reason(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZES[1]) as pilot:
        await walk_by_keys(pilot, Step.BILLING)
        await press(pilot, "ctrl+n", "x")
        field = focused(pilot)
        assert isinstance(field, Input) and field.value == ""
        assert any("digits only" in n.message for n in pilot.app._notifications)
