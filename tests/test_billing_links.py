"""Billing orders linked to the orders orderdeck placed: kept across runs, shown by
`orderdeck payments` in place of the order's age."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tests.test_cli_create import create, order_file  # noqa: F401  (a fixture)
from tests.test_cli_payments import cli_run
from tui.billing_links import BillingLinks, billing_links_path

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from tui.sandbox.server import SandboxServer


def placed_ids(out: str) -> tuple[str, list[str]]:
    """The delivery order id and billing order ids `orderdeck create` printed."""
    match = re.search(r"Placed delivery order (\S+) .*billing order ids: (.+)$", out, re.M)
    assert match is not None, out
    return match[1], match[2].split(", ")


def test_create_keeps_the_link_and_payments_shows_what_the_order_owes_and_by_when(
    capsys: pytest.CaptureFixture[str],
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    order_file: Path,  # noqa: F811
) -> None:
    result = create(capsys, sandbox, tmp_path, monkeypatch, "--file", str(order_file), "--yes")
    assert result.code == 0, result.err
    order_id, billing_ids = placed_ids(result.out)
    assert billing_ids and billing_ids[0].startswith("CS")
    assert BillingLinks().billing_ids("edge", order_id) == tuple(billing_ids)
    assert billing_links_path().is_relative_to(tmp_path)  # the test's own state dir

    config = tmp_path / "config.toml"
    listed = cli_run(capsys, config, "--format", "json")
    assert listed.code == 0, listed.err
    (placed,) = [o for o in listed.json() if o["profile"] == "edge" and o["id"] == order_id]
    assert placed["status_raw"] == "ACCEPTING"
    assert placed["owed"] is not None and placed["seconds_left"] is not None
    assert placed["pay_url"]

    table = cli_run(capsys, config)
    (line,) = [row for row in table.out.splitlines() if order_id[:20] in row]  # cut to fit
    assert "left" in line and "age" not in line
    assert re.search(r"\d[\d,]*\.\d\d", line), line


def test_an_unreadable_links_file_links_nothing(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    path.write_text("{not json", encoding="utf-8")
    links = BillingLinks(path)
    assert links.all() == {}
    links.record("edge", "do-1", ["CS1"])
    links.record("edge", "do-2", ["CS2", "CS3"])
    assert BillingLinks(path).billing_ids("edge", "do-2") == ("CS2", "CS3")
    assert BillingLinks(path).billing_ids("edge", "do-1") == ("CS1",)
