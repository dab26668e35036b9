"""Drafts the wizard keeps: as it goes, across leaving and quitting and restarts, offered back
by `n` with the step they were left at, and drafts saved with ctrl+s opened again. Keys only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tui.order_draft import DraftStore, Step
from tui.ui.screens.main import MainScreen
from tui.ui.screens.wizard.dialogs import PathDialog, StartDialog

from .conftest import AppFactory
from .test_wizard import SERVERS, SITE, settle, wizard_of
from .test_wizard_keys import SIZES, focused_id, keys, press, walk_by_keys


def steps_bar(pilot: Pilot[Any]) -> str:
    return str(wizard_of(pilot.app).query_one("#steps", Static).render())


def typed_counts(pilot: Pilot[Any]) -> list[str]:
    fields = wizard_of(pilot.app).query("#step-servers .count").results(Input)
    return sorted(field.value for field in fields if field.value)


async def keep_and_leave(pilot: Pilot[Any]) -> None:
    await press(pilot, "escape")
    assert focused_id(pilot) == "keep"
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, MainScreen)


async def test_a_kept_draft_reopens_at_its_step_with_its_marks(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZES[0]) as pilot:
        await walk_by_keys(pilot, Step.SERVERS)
        draft = wizard_of(pilot.app).draft
        await keep_and_leave(pilot)
        await press(pilot, "n")
        dialog = pilot.app.screen
        assert isinstance(dialog, StartDialog)
        assert "left at step 3 of 6 (Servers) · 3 servers" in " ".join(
            str(widget.render()) for widget in dialog.query(Static)
        )
        assert focused_id(pilot) == "resume"
        await press(pilot, "enter")
        wizard = wizard_of(pilot.app)
        assert wizard.step is Step.SERVERS and wizard.draft == draft
        assert "✓ 1 Edge site" in steps_bar(pilot) and "✓ 2 Billing" in steps_bar(pilot)
        assert typed_counts(pilot) == sorted(SERVERS.values())
        assert focused_id(pilot) == "count-0"


async def test_a_kept_draft_survives_a_restart(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZES[1]) as pilot:
        await walk_by_keys(pilot, Step.SERVERS)
        draft = wizard_of(pilot.app).draft
        await keep_and_leave(pilot)
    async with make_app("edge").run_test(size=SIZES[1]) as pilot:
        await settle(pilot)
        await press(pilot, "n", "enter")
        assert wizard_of(pilot.app).draft == draft
        assert wizard_of(pilot.app).step is Step.SERVERS


async def test_ctrl_q_in_the_wizard_loses_nothing(make_app: AppFactory) -> None:
    """The draft is kept as it changes (the title says so): quitting mid-step keeps it."""
    app = make_app("edge")
    async with app.run_test(size=SIZES[0]) as pilot:
        await walk_by_keys(pilot, Step.SERVERS)
        assert "kept as you go" in wizard_of(app).sub_title
        draft = wizard_of(app).draft
        await pilot.press("ctrl+q")
    kept = DraftStore().kept("edge")
    assert kept is not None and kept.draft == draft and kept.step is Step.SERVERS


async def test_discarding_forgets_the_kept_draft(make_app: AppFactory) -> None:
    async with make_app("edge").run_test(size=SIZES[1]) as pilot:
        await walk_by_keys(pilot, Step.BILLING)
        await press(pilot, "escape", "left", "enter")  # Keep → Discard
        assert isinstance(pilot.app.screen, MainScreen)
        assert DraftStore().kept("edge") is None
        await press(pilot, "n")
        assert focused_id(pilot) == "sites", "nothing kept: no offer"


async def test_n_offers_the_file_saved_with_ctrl_s(make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "order.json"
    async with make_app("edge").run_test(size=SIZES[0]) as pilot:
        await walk_by_keys(pilot, Step.REVIEW)
        draft = wizard_of(pilot.app).draft
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, PathDialog) and focused_id(pilot) == "path"
        await press(pilot, "ctrl+u", *keys(str(path)), "enter")
        assert json.loads(path.read_text()) == draft.to_wire()
        await press(pilot, "escape", "left", "enter")  # discard the kept copy: the file stays
    async with make_app("edge").run_test(size=SIZES[0]) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        dialog = pilot.app.screen
        assert isinstance(dialog, StartDialog)
        assert focused_id(pilot) == "open", "no kept draft: the saved file is offered"
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, PathDialog)
        assert pilot.app.screen.query_one("#path", Input).value == str(path)
        await press(pilot, "enter")
        wizard = wizard_of(pilot.app)
        assert wizard.draft == draft and wizard.step is Step.REVIEW
        assert focused_id(pilot) == "confirm"
        kept = DraftStore().kept("edge")
        assert kept is not None and (kept.draft, kept.step) == (draft, Step.REVIEW)
        assert SITE in str(wizard.query_one("#confirm-label").render())


async def test_a_file_that_is_not_a_draft_is_refused_with_a_reason(
    make_app: AppFactory, tmp_path: Path
) -> None:
    path = tmp_path / "notes.json"
    path.write_text('{"delivery_order": {"colour": "blue"}}')
    async with make_app("edge").run_test(size=SIZES[1]) as pilot:
        await walk_by_keys(pilot, Step.SITE)
        await press(pilot, "ctrl+o", "ctrl+u", *keys(str(path)), "enter")
        assert wizard_of(pilot.app).draft.edge_site_id is not None, "the draft is untouched"
        assert any("Could not open" in n.message for n in pilot.app._notifications)


async def test_starting_new_beside_a_kept_draft_puts_focus_on_the_sites(
    make_app: AppFactory,
) -> None:
    async with make_app("edge").run_test(size=SIZES[1]) as pilot:
        await walk_by_keys(pilot, Step.BILLING)
        await keep_and_leave(pilot)
        await press(pilot, "n")
        assert focused_id(pilot) == "resume"
        await press(pilot, "left")
        assert focused_id(pilot) == "new"
        await press(pilot, "enter")
        wizard = wizard_of(pilot.app)
        assert wizard.step is Step.SITE and wizard.draft.is_empty
        assert focused_id(pilot) == "sites"
        assert DraftStore().kept("edge") is not None, "kept until another draft replaces it"
