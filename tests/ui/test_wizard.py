"""The CloudPond order wizard driven with Pilot against the sandbox: nobody orders the wrong
thing, and nobody orders twice."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Select

from tests.cli_helpers import run, use_demo_env, write_demo_config
from tui.config import Config, parse_config
from tui.order_draft import OrderDraft, Step, render_body
from tui.providers.cloudpond.order_body import CreateDeliveryOrderRequest
from tui.sandbox.demo import demo_config_toml
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.server import SandboxServer
from tui.ui.app import OrderDeckApp
from tui.ui.commands import palette_commands
from tui.ui.screens.main import MainScreen
from tui.ui.screens.wizard import OrderWizard
from tui.ui.screens.wizard.dialogs import LeaveDialog, OrderPlacedScreen, StartDialog
from tui.ui.screens.wizard.review import ReviewPane
from tui.ui.widgets.footer import Footer
from tui.ui.widgets.order_table import OrderTable

from .conftest import AppFactory
from .settling import settle as settle_app

SIZE = (120, 36)

SITE = "Frankfurt trading floor"
"""An EU site in `initial` state: orders are placed there."""

BILLING = "FULL|3"
"""All upfront for 3 years: every EU offering on sale is sold this way (the sandbox keeps FULL
for the longest period on every offering)."""

SERVERS = {"General Compute 2U": "2", "GPU Inference 4U": "1"}
DEVICES = {"Access Switch 48x25GE": "2"}
POOLS = (("SAS", "52"), ("SSD", "39"))


async def settle(pilot: Pilot[Any]) -> None:
    await settle_app(pilot)


def wizard_of(app: OrderDeckApp) -> OrderWizard:
    screen = app.screen
    assert isinstance(screen, OrderWizard), type(screen)
    return screen


def posts(sandbox: SandboxServer) -> list[Any]:
    return sandbox.state.requests_for("cloudpond", "/delivery-orders", "POST")


async def logged_posts(sandbox: SandboxServer, count: int) -> list[Any]:
    """The order POSTs, once the sandbox has logged `count` of them: a POST is logged when its
    answer leaves, or when a hang gives up. Ten seconds at most, then whatever is there."""
    deadline = time.monotonic() + 10
    while len(posts(sandbox)) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return posts(sandbox)


def catalogue(sandbox: SandboxServer) -> Any:
    return sandbox.state.providers["cloudpond"]


def site_id(sandbox: SandboxServer, name: str = SITE) -> str:
    return next(s["id"] for s in catalogue(sandbox).edge_sites if s["name"] == name)


def offering_id(sandbox: SandboxServer, kind: str, name: str, zone: str = "EU") -> str:
    offerings = getattr(catalogue(sandbox), kind)
    return next(o["id"] for o in offerings if o["spec"]["name"] == name and o["zone_code"] == zone)


def expected_body(sandbox: SandboxServer) -> dict[str, Any]:
    return {
        "delivery_order": {
            "edge_site_id": site_id(sandbox),
            "servers": [
                {"offering_id": offering_id(sandbox, "server_offerings", name), "count": int(n)}
                for name, n in SERVERS.items()
            ],
            "network_devices": [
                {
                    "offering_id": offering_id(sandbox, "network_device_offerings", name),
                    "count": int(n),
                }
                for name, n in DEVICES.items()
            ],
            "storage_pools": [{"storage_type": kind, "size": int(size)} for kind, size in POOLS],
            "market_options": {
                "charge_mode": "prepaid",
                "prepaid_options": {"period_type": "year", "period_num": 3, "pay_mode": "FULL"},
            },
        }
    }


async def choose(pilot: Pilot[Any], list_id: str, option_id: str) -> None:
    """Highlight an option by id and press Enter on it, as a user would with the arrows."""
    options = wizard_of(pilot.app).query_one(list_id, OptionList)
    options.focus()
    options.highlighted = next(
        index for index, option in enumerate(options.options) if option.id == option_id
    )
    await pilot.press("enter")
    await settle(pilot)


async def type_into(pilot: Pilot[Any], field: Input, text: str) -> None:
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await settle(pilot)


async def set_counts(pilot: Pilot[Any], counts: dict[str, str]) -> None:
    wizard = wizard_of(pilot.app)
    pane = wizard.query_one(f"#step-{'servers' if wizard.step is Step.SERVERS else 'network'}")
    for row in pane.query(".offering-row"):
        label = str(row.query_one(".offering").render())
        for name, count in counts.items():
            if label.startswith(name):
                await type_into(pilot, row.query_one(Input), count)


async def add_pool(pilot: Pilot[Any], kind: str, size: str) -> None:
    wizard = wizard_of(pilot.app)
    wizard.query_one("#pool-type", Select).value = kind
    await settle(pilot)
    sizes = wizard.query_one("#pool-size", Select)
    if sizes.display:
        sizes.value = int(size)
    else:
        await type_into(pilot, wizard.query_one("#pool-size-input", Input), size)
    wizard.query_one("#add-pool", Button).press()
    await settle(pilot)


async def next_step(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+n")
    await settle(pilot)


async def open_wizard(pilot: Pilot[Any]) -> OrderWizard:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    return wizard_of(pilot.app)


async def walk_to(pilot: Pilot[Any], last: Step, *, site: str = SITE) -> OrderWizard:
    """Open the wizard and make the standard choices up to and including `last`'s step."""
    wizard = await open_wizard(pilot)
    sandbox_site = next(s for s in wizard._catalogue[Step.SITE] if s.name == site)
    await choose(pilot, "#sites", sandbox_site.id)
    if last >= Step.BILLING:
        await next_step(pilot)
        await choose(pilot, "#cycles", BILLING)
    if last >= Step.SERVERS:
        await next_step(pilot)
        await set_counts(pilot, SERVERS)
    if last >= Step.NETWORK:
        await next_step(pilot)
        await set_counts(pilot, DEVICES)
    if last >= Step.STORAGE:
        await next_step(pilot)
        for kind, size in POOLS:
            await add_pool(pilot, kind, size)
    if last >= Step.REVIEW:
        await next_step(pilot)
    assert wizard.step is last
    return wizard


async def confirm_and_submit(pilot: Pilot[Any], wizard: OrderWizard) -> None:
    await type_into(pilot, wizard.query_one("#confirm", Input), wizard.site.name)  # type: ignore[union-attr]
    wizard.query_one("#submit", Button).press()


def config_with(frozen_sandbox: SandboxServer, extra: str) -> Config:
    text = demo_config_toml(frozen_sandbox.url, refresh_seconds=0, timezone="UTC")
    return parse_config(text.replace('auth = "aksk"', f'auth = "aksk"\n{extra}'), "<test>")


# ---- the whole way ---------------------------------------------------------------------------


async def test_the_whole_wizard_sends_exactly_the_reviewed_body(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app("edge")
    async with app.run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.REVIEW)
        expected = expected_body(frozen_sandbox)
        shown = wizard.query_one(ReviewPane).body
        assert json.loads(shown) == expected
        assert shown == render_body(CreateDeliveryOrderRequest.model_validate(expected))
        assert wizard.query_one("#submit", Button).disabled, "a single Enter never orders"

        frozen_sandbox.state.clear_requests()
        await confirm_and_submit(pilot, wizard)
        await settle(pilot)

        sent = posts(frozen_sandbox)
        assert len(sent) == 1 and sent[0].status == 200
        assert sent[0].json() == expected
        result = app.screen
        assert isinstance(result, OrderPlacedScreen)
        created = result.created
        text = str(result.query_one("#placed").render())
        assert created.order.id in text and created.order_ids[0] in text
        await pilot.press("enter")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and main.view_key == "edge"
        highlighted = main.query_one(OrderTable).highlighted
        assert highlighted is not None and highlighted.id == created.order.id


async def test_totals_add_up_what_is_ordered(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.REVIEW)
        summary = str(wizard.query_one("#summary").render())
        # 2 x (96 vCPU, 384 GB, 2 U, 1184 W) + 1 x (64, 512, 4 U, 1056 W) + 2 x (1 U, 450 W)
        assert "vCPUs           256" in summary
        assert "Memory          1,280 GB" in summary
        assert "Rack units      10 U" in summary
        assert "Power           4,324 W" in summary
        assert "Storage pools   91 TB" in summary
        assert "Servers         3" in summary and "Network devices 2" in summary


# ---- moving around ---------------------------------------------------------------------------


async def test_back_navigation_keeps_every_choice(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.STORAGE)
        draft = wizard.draft
        for _ in range(4):
            await pilot.press("ctrl+b")
            await settle(pilot)
        assert wizard.step is Step.SITE
        assert wizard.draft == draft
        for _ in range(2):
            await next_step(pilot)
        counts = [field.value for field in wizard.query("#step-servers .count").results(Input)]
        assert sorted(c for c in counts if c) == sorted(SERVERS.values())
        for _ in range(3):
            await next_step(pilot)
        assert wizard.step is Step.REVIEW
        assert wizard.draft == draft


async def test_another_zone_clears_the_later_choices(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.SERVERS)
        assert wizard.draft.servers
        await pilot.press("ctrl+b", "ctrl+b")
        await settle(pilot)
        cn_site = next(s for s in wizard._catalogue[Step.SITE] if s.zone_code == "CN")
        await choose(pilot, "#sites", cn_site.id)
        assert wizard.draft == OrderDraft(edge_site_id=cn_site.id)


async def test_next_is_disabled_until_the_step_is_valid(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        assert wizard.query_one("#next", Button).disabled
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.step is Step.SITE, "Next without a site does nothing"


async def test_a_count_of_zero_or_over_999_is_refused(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.BILLING)
        await next_step(pilot)
        await set_counts(pilot, {"General Compute 2U": "0"})
        assert wizard.query_one("#next", Button).disabled
        assert "the count must be 1 to 999" in str(
            wizard.query_one("#step-servers .field-errors").render()
        )
        await set_counts(pilot, {"General Compute 2U": "1000"})
        assert wizard.query_one("#next", Button).disabled
        await set_counts(pilot, {"General Compute 2U": "999"})
        assert not wizard.query_one("#next", Button).disabled
        assert [line.count for line in wizard.draft.servers] == [999]


async def test_an_order_of_nothing_is_refused(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.BILLING)
        for _ in range(3):
            await next_step(pilot)
        assert wizard.step is Step.STORAGE
        assert wizard.query_one("#next", Button).disabled
        assert "at least one server, network device or storage pool" in str(
            wizard.query_one("#problems").render()
        )
        await next_step(pilot)
        assert wizard.step is Step.STORAGE


async def test_a_size_the_storage_type_does_not_sell_is_refused(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.BILLING)
        for _ in range(3):
            await next_step(pilot)
        await add_pool(pilot, "SSD", "20")
        assert wizard.draft.storage_pools == []
        assert "20 TB is not sold for SSD; choose a multiple of 13 TB" in str(
            wizard.query_one("#step-storage .field-errors").render()
        )
        assert wizard.query_one("#next", Button).disabled
        await add_pool(pilot, "SSD", "26")
        assert [(p.storage_type, p.size) for p in wizard.draft.storage_pools] == [("SSD", 26)]
        assert not wizard.query_one("#next", Button).disabled


async def test_delete_removes_a_pool(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.STORAGE)
        assert len(wizard.draft.storage_pools) == 2
        pools = wizard.query_one("#pools", OptionList)
        pools.focus()
        pools.highlighted = 0
        await pilot.press("delete")
        await settle(pilot)
        assert [(p.storage_type, p.size) for p in wizard.draft.storage_pools] == [("SSD", 39)]


async def test_a_site_not_in_initial_state_is_marked_and_warned_about(
    make_app: AppFactory,
) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        rows = [str(option.prompt) for option in wizard.query_one("#sites", OptionList).options]
        assert any("Chengdu studio" in row and "⚠ deploying" in row for row in rows)
        assert any("Frankfurt" in row and "⚠" not in row for row in rows)
        chengdu = next(s for s in wizard._catalogue[Step.SITE] if s.name == "Chengdu studio")
        await choose(pilot, "#sites", chengdu.id)
        assert "the provider may refuse the order" in str(wizard.query_one("#site-note").render())
        assert not wizard.query_one("#next", Button).disabled, "a warning, not a block"


async def test_search_filters_the_edge_sites(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await pilot.press("slash", *"milan")
        await settle(pilot)
        options = wizard.query_one("#sites", OptionList).options
        assert [str(option.prompt).split("  ")[1].strip() for option in options] == [
            "Milan factory"
        ]


# ---- sending ---------------------------------------------------------------------------------


async def test_a_double_press_of_submit_sends_one_request(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.REVIEW)
        frozen_sandbox.state.faults.arm(
            Fault(FaultKind.LATENCY, path_prefix="/v2/", method="POST", seconds=0.5)
        )
        frozen_sandbox.state.clear_requests()
        await type_into(pilot, wizard.query_one("#confirm", Input), SITE)
        submit = wizard.query_one("#submit", Button)
        submit.press()
        submit.press()
        wizard.action_submit()
        await pilot.press("enter")  # Enter in the confirm field submits too
        await pilot.pause()
        assert submit.disabled, "locked while in flight"
        assert wizard.sends == 1
        await settle(pilot)
        await asyncio.sleep(0.1)
        await settle(pilot)
        assert len(posts(frozen_sandbox)) == 1
        assert isinstance(pilot.app.screen, OrderPlacedScreen)


async def test_a_provider_error_keeps_the_form_for_correction(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        # The sandbox refuses orders on a site that is deploying, as the real service does.
        wizard = await walk_to(pilot, Step.REVIEW, site="Lyon warehouse")
        frozen_sandbox.state.faults.arm(
            Fault(FaultKind.STATUS, path_prefix="/v2/", method="POST", status=400)
        )
        draft = wizard.draft
        await confirm_and_submit(pilot, wizard)
        await settle(pilot)
        assert wizard is pilot.app.screen and wizard.step is Step.REVIEW
        status = str(wizard.query_one("#submit-status").render())
        assert "refused" in status and "nothing was placed" in status
        assert "code:       IES." in status or "code:       APIG" in status
        assert "message:    injected fault" in status
        assert "request id: fault-" in status
        assert wizard.draft == draft
        assert wizard.query_one("#confirm", Input).value == "Lyon warehouse"
        assert not wizard.query_one("#submit", Button).disabled, "fix and send again"
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert wizard.step is Step.STORAGE


async def test_a_deploying_site_is_refused_by_the_provider_with_its_words(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        chengdu = next(s for s in wizard._catalogue[Step.SITE] if s.name == "Chengdu studio")
        await choose(pilot, "#sites", chengdu.id)
        await next_step(pilot)
        await choose(pilot, "#cycles", "FULL|5")
        for _ in range(3):
            await next_step(pilot)
        await add_pool(pilot, "SAS", "26")
        await next_step(pilot)
        await confirm_and_submit(pilot, wizard)
        await settle(pilot)
        status = str(wizard.query_one("#submit-status").render())
        assert "IES.0001" in status and "is deploying" in status
        assert len(posts(frozen_sandbox)) == 1


def short_timeout_app(frozen_sandbox: SandboxServer, make_app: AppFactory) -> OrderDeckApp:
    return make_app("edge", config=config_with(frozen_sandbox, "timeout_seconds = 1"))


async def test_a_timeout_checks_the_order_list_and_never_resends_by_itself(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = short_timeout_app(frozen_sandbox, make_app)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.REVIEW)
        frozen_sandbox.state.faults.arm(
            Fault(FaultKind.HANG, path_prefix="/v2/", method="POST", seconds=2)
        )
        frozen_sandbox.state.clear_requests()
        await confirm_and_submit(pilot, wizard)
        await settle(pilot)
        assert wizard.phase == "unknown"
        status = str(wizard.query_one("#submit-status").render())
        assert "No new order on Frankfurt trading floor" in status
        submit = wizard.query_one("#submit", Button)
        assert submit.disabled and str(submit.label) == "Submit again"
        assert wizard.query_one("#confirm", Input).value == "", "consent is asked again"
        await pilot.press("enter")
        await logged_posts(frozen_sandbox, 1)  # the sandbox gives up on the hung POST
        await settle(pilot)
        assert len(posts(frozen_sandbox)) == 1, "no second POST without consent"
        # The hung POST is logged once the sandbox gives up on it, with its arrival time.
        lists_after_post = [
            r
            for r in frozen_sandbox.state.requests_for("cloudpond", "/delivery-orders", "GET")
            if r.at > posts(frozen_sandbox)[0].at
        ]
        assert lists_after_post, "the order list was checked after the unanswered POST"

        await confirm_and_submit(pilot, wizard)
        await settle(pilot)
        assert len(posts(frozen_sandbox)) == 2
        assert isinstance(app.screen, OrderPlacedScreen)


async def test_an_order_that_arrived_after_the_timeout_is_found(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = short_timeout_app(frozen_sandbox, make_app)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.REVIEW)
        frozen_sandbox.state.faults.arm(
            Fault(FaultKind.LATENCY, path_prefix="/v2/", method="POST", seconds=1.5)
        )
        await confirm_and_submit(pilot, wizard)
        await settle(pilot)
        assert wizard.phase == "unknown"
        await logged_posts(frozen_sandbox, 1)  # the slow POST completes on the server
        wizard.query_one("#recheck", Button).press()
        await settle(pilot)
        placed = catalogue(frozen_sandbox).orders[-1]
        status = str(wizard.query_one("#submit-status").render())
        assert "Found 1 new order(s) on Frankfurt trading floor" in status
        assert placed["id"] in status
        assert len(posts(frozen_sandbox)) == 1
        assert wizard.query_one("#submit", Button).disabled


# ---- drafts, read-only, the palette ----------------------------------------------------------


async def test_escape_asks_and_a_kept_draft_comes_back(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.SERVERS)
        draft = wizard.draft
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LeaveDialog)
        pilot.app.screen.query_one("#keep", Button).press()
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)

        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StartDialog)
        await pilot.press("enter")  # "Resume draft" has focus
        await settle(pilot)
        again = wizard_of(pilot.app)
        assert again is not wizard and again.draft == draft
        assert again.step is Step.SERVERS, "it reopens at the step it was left at"
        counts = [field.value for field in again.query("#step-servers .count").results(Input)]
        assert sorted(c for c in counts if c) == sorted(SERVERS.values())

        await pilot.press("escape")
        await settle(pilot)
        pilot.app.screen.query_one("#discard", Button).press()
        await settle(pilot)
        assert (await open_wizard(pilot)).draft == OrderDraft()


async def test_escape_on_an_empty_wizard_just_leaves(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZE) as pilot:
        await open_wizard(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)


async def test_a_saved_draft_is_what_create_dry_run_prints(
    make_app: AppFactory,
    frozen_sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "order.json"
    async with make_app("edge").run_test(size=SIZE) as pilot:
        wizard = await walk_to(pilot, Step.REVIEW)
        reviewed = wizard.query_one(ReviewPane).body
        await pilot.press("ctrl+s")
        await settle(pilot)
        await type_into(pilot, pilot.app.screen.query_one("#path", Input), str(path))
        await pilot.press("enter")
        await settle(pilot)
    use_demo_env(monkeypatch)
    config = write_demo_config(frozen_sandbox, tmp_path)
    result = run(
        capsys, "--config", str(config), "create", "--profile", "edge", "--file", str(path),
        "--dry-run",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out == reviewed + "\n"


async def test_a_read_only_profile_hides_the_wizard(
    make_app: AppFactory, frozen_sandbox: SandboxServer
) -> None:
    app = make_app("edge", config=config_with(frozen_sandbox, "read_only = true"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.check_action("new_order", ()) is False
        assert "new_order" not in footer_actions(main)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is main
        titles = [command.title for command in palette_commands(app)]
        assert "New CloudPond order" not in titles


def footer_actions(screen: Screen[Any]) -> set[str]:
    """The actions of the keys the footer shows."""
    return {key.action for key in screen.query_one(Footer).shown}


async def test_only_cloudpond_profiles_offer_the_wizard(make_app: AppFactory) -> None:
    app = make_app("edge")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.check_action("new_order", ()) is True
        assert "new_order" in footer_actions(main)
        titles = [command.title for command in palette_commands(app)]
        assert titles.count("New CloudPond order") == 1
        await pilot.press("2")  # DuoPlus
        await settle(pilot)
        assert main.check_action("new_order", ()) is False
        assert "new_order" not in footer_actions(main)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is main


async def test_the_palette_opens_the_wizard(make_app: AppFactory) -> None:
    app = make_app("phones")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        command = next(c for c in palette_commands(app) if c.title == "New CloudPond order")
        command.callback()
        await settle(pilot)
        assert wizard_of(app).profile == "edge"
