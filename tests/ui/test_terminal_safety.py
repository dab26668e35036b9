"""No byte from a provider reaches the terminal raw: proven on the bytes the dashboard writes.

The sandbox's `hostile` fault appends control sequences (SGR, OSC 52, title sets, C1, bidi,
zero-width, C0, markup) to the string fields of its real answers and error bodies; the test
walks every screen over them and reads what the app wrote to its terminal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select

from tests.cli_helpers import run, use_demo_env, write_demo_config
from tests.ui.test_wizard import add_pool, type_into
from tui.config import parse_config
from tui.deck import Deck
from tui.order_draft import Step
from tui.sandbox.demo import demo_config_toml, demo_secrets
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.hostile import HOSTILE_TEXTS
from tui.sandbox.server import SandboxServer
from tui.ui.app import OrderDeckApp
from tui.ui.screens.main import MainScreen
from tui.ui.screens.wizard import OrderWizard
from tui.ui.widgets.detail_pane import DetailPane
from tui.ui.widgets.order_table import OrderTable
from tui.ui.widgets.profile_list import ALL_PROFILES

from .conftest import frozen_clock
from .settling import settle
from .terminal_output import TEXTUAL_SEQUENCES, CapturingDriver, raw_hostile_fragments, take_output

SIZE = (160, 48)

TEXT_FIELDS = {
    # CloudPond delivery orders, edge sites, offerings; its error body.
    "/v2/": [
        "id",
        "name",
        "edge_site_id",
        "domain_id",
        "description",
        "error_code",
        "error_msg",
        "request_id",
        "status",
    ],
    # DuoPlus: every string value of the team order list, labels included.
    "/api/v1/team/order": None,
    # Ace Data orders: titles, pay links, notes; its error body.
    "/api/v1/orders/": [
        "title",
        "pay_url",
        "pay_id",
        "note",
        "source",
        "type",
        "id",
        "detail",
        "code",
        "message",
    ],
}
"""Where the hostile text goes: the fields each API carries as free text (`None`: all)."""


@pytest.fixture(autouse=True)
def _fresh_capture() -> Iterator[None]:
    take_output()
    SEEN.clear()
    yield
    take_output()


def arm_hostile(sandbox: SandboxServer, fields: dict[str, list[str] | None]) -> None:
    for prefix, names in fields.items():
        sandbox.state.faults.arm(
            Fault(FaultKind.HOSTILE, path_prefix=prefix, times=None, body=names)
        )


def capturing_app(sandbox: SandboxServer, initial_view: str, config_text: str = "") -> OrderDeckApp:
    text = config_text or demo_config_toml(sandbox.url, refresh_seconds=0, timezone="UTC")
    deck = Deck(parse_config(text, "<test>"), demo_secrets(), clock=frozen_clock)
    app = OrderDeckApp(deck, initial_view=initial_view, clock=frozen_clock)
    app.driver_class = CapturingDriver
    return app


async def visit(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys and let the screen they open draw."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


SEEN: list[str] = []
"""Everything checked in this test so far (cleared per test)."""


def assert_nothing_raw(where: str) -> str:
    output = take_output()
    assert raw_hostile_fragments(output) == [], where
    SEEN.append(output)
    return output


async def walk_main_screen(pilot: Pilot[Any], view: str) -> None:
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    main.switch_view(view)
    await settle(pilot)
    table = main.query_one(OrderTable)
    assert table.rows, f"{view}: the hostile answer must still load rows"
    await visit(pilot, "down", "down")
    main.query_one(DetailPane).active = "raw"
    await settle(pilot)
    assert_nothing_raw(f"{view}: table, detail and raw JSON")


async def test_hostile_order_fields_never_reach_the_terminal_raw(
    frozen_sandbox: SandboxServer,
) -> None:
    arm_hostile(frozen_sandbox, TEXT_FIELDS)
    app = capturing_app(frozen_sandbox, "edge")
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await settle(pilot)
        output = assert_nothing_raw("first paint")
        assert "\x1b[" in output, "the driver captures the app's frames"
        assert "␛[31mESC-red" in output, "the hostile text is on screen, escaped"
        for view in ("edge", "phones", "ace", ALL_PROFILES):
            await walk_main_screen(pilot, view)
        await visit(pilot, "p")
        assert_nothing_raw("payments view")
        await visit(pilot, "escape", "question_mark")
        assert_nothing_raw("help")
        await visit(pilot, "escape", "e")
        assert_nothing_raw("export dialog")
        await visit(pilot, "escape", "ctrl+p")
        await pilot.press(*"profile")
        await settle(pilot)
        assert_nothing_raw("command palette")
        await visit(pilot, "escape")
        assert app.is_running, "no markup action ran ([@click=app.quit])"


async def test_hostile_error_answers_never_reach_the_terminal_raw(
    frozen_sandbox: SandboxServer,
) -> None:
    # Every string of every answer is hostile: CloudPond's dates no longer parse and Ace
    # Data's account lookup answers 403 with a hostile code, message and request id.
    arm_hostile(frozen_sandbox, {"/v2/": None, "/api/v1/platform-tokens/": None})
    frozen_sandbox.state.faults.arm(
        Fault(
            FaultKind.BODY,
            path_prefix="/api/v1/team/order",
            times=None,
            body={"code": 500, "message": "[@click=app.quit]CLICK[/] \x1b[31mESC-red \u202eRTL"},
        )
    )
    app = capturing_app(frozen_sandbox, "edge")
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await settle(pilot)
        for view in ("edge", "phones", "ace", ALL_PROFILES):
            app.screen.switch_view(view)  # type: ignore[attr-defined]
            await settle(pilot)
            table = app.screen.query_one(OrderTable)
            assert not table.rows
            if view != ALL_PROFILES:  # there the status line counts the failures
                assert table.empty_text.startswith("Could not load orders")
            output = assert_nothing_raw(f"{view}: error line and toast")
            if view == "phones":
                assert "␛[31mESC-red <U+202E>RTL" in output
        await visit(pilot, "p")
        assert_nothing_raw("payments view with failing profiles")
        assert app.is_running


def test_a_hostile_name_in_the_config_file_is_reported_escaped(
    frozen_sandbox: SandboxServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_demo_env(monkeypatch)
    config = write_demo_config(frozen_sandbox, tmp_path)
    hostile = "".join(HOSTILE_TEXTS[1:4])
    quoted = json.dumps(hostile)  # a TOML basic string takes JSON's escapes
    config.write_text(config.read_text().replace("[profiles.phones]", f"[profiles.{quoted}]"))
    result = run(capsys, "--config", str(config), "list")
    assert result.code == 2
    assert raw_hostile_fragments(result.err) == []
    assert "ESC-red" in result.err and "OSC52-clipboard" in result.err


async def test_hostile_catalogue_names_never_reach_the_terminal_raw_in_the_wizard(
    frozen_sandbox: SandboxServer,
) -> None:
    arm_hostile(frozen_sandbox, {"/v": ["name", "description", "error_msg", "request_id"]})
    app = capturing_app(frozen_sandbox, "edge")
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await visit(pilot, "n")
        wizard = app.screen
        assert isinstance(wizard, OrderWizard)
        assert_nothing_raw("wizard: edge sites")
        sites = wizard.query_one("#sites", OptionList)
        sites.focus()
        for step_list in ("#sites", "#cycles"):
            options = wizard.query_one(step_list, OptionList)
            options.focus()
            options.highlighted = next(
                index
                for index, option in enumerate(options.options)
                if not option.disabled and "initial" not in str(option.id)
            )
            await visit(pilot, "enter")
            assert_nothing_raw(f"wizard: {step_list}")
            await visit(pilot, "ctrl+n")
        for step in (Step.SERVERS, Step.NETWORK):
            assert wizard.step is step
            await type_into(pilot, wizard.query(".offering-row Input").first(Input), "1")
            assert_nothing_raw(f"wizard: {step.name}")
            await visit(pilot, "ctrl+n")
        pool_types = wizard.query_one("#pool-type", Select)
        first_type = next(v for _, v in pool_types._options if isinstance(v, str))
        await add_pool(pilot, str(first_type), "52")
        assert_nothing_raw("wizard: STORAGE")
        await visit(pilot, "ctrl+n")
        assert wizard.step is Step.REVIEW
        assert_nothing_raw("wizard: REVIEW")
        walked = TEXTUAL_SEQUENCES.sub("", "".join(SEEN))
        shown = [mark for mark in ("␛", "<U+", "\\x9b", "[@click=app.quit]") if mark in walked]
        assert len(shown) >= 2, f"hostile names were shown, escaped: {shown}"
        await visit(pilot, "escape")
        assert_nothing_raw("wizard: leave dialog")
