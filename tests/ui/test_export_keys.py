"""Export driven by keys only (`pilot.press`): `e`, then Enter, writes a CSV of the shown rows
to the user's Downloads folder, in the table's zone, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from textual.widgets import Input

from tui.ui.screens.main import MainScreen

from .conftest import AppFactory
from .test_dashboard import screen_text, settle, table_of


@pytest.mark.hostile
@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_e_then_enter_writes_the_shown_rows_as_csv_to_downloads(
    make_app: AppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)  # the old default: the directory the app started in
    app = make_app(initial_view="phones")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        shown = [order.id for order in table_of(app).rows]
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "path"
        assert "Times in UTC, as in the table" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        written = list((home / "Downloads").glob("orderdeck-phones-*.csv"))
        assert len(written) == 1, "written to Downloads, not the working directory"
        assert not list(tmp_path.glob("*.csv"))
        text = written[0].read_text(encoding="utf-8")
        rows = list(csv.DictReader(text.splitlines()))
        assert [row["id"] for row in rows] == shown
        assert all(row["created_at"].endswith("+00:00") for row in rows), "the table's zone"
        assert "\x1b" not in text and "\u202e" not in text, "controls and bidi shown, not written"
        assert "␛[31mred alert␛[0m" in text
