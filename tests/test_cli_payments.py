"""`orderdeck payments`: the pending list across profiles, once or watched, against the sandbox."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tests.cli_helpers import Result, run, use_demo_env, write_demo_config
from tui import cli
from tui.sandbox import acedata
from tui.sandbox.demo import demo_config_toml
from tui.sandbox.faults import Fault, FaultKind

if TYPE_CHECKING:
    from pathlib import Path

    from tui.sandbox.server import SandboxServer


@pytest.fixture
def config_file(sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_demo_env(monkeypatch)
    return write_demo_config(sandbox, tmp_path)


@pytest.fixture
def ace_only(sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Just the Ace Data profile: no throttle, so a watch test costs no waiting."""
    use_demo_env(monkeypatch)
    text = demo_config_toml(sandbox.url, timezone="UTC")
    start = text.index("[profiles.ace]")
    end = text.find("[profiles.", start + 1)
    ace = text[start:] if end < 0 else text[start:end]
    path = tmp_path / "ace.toml"
    path.write_text('timezone = "UTC"\n\n' + ace, encoding="utf-8")
    return path


def cli_run(capsys: pytest.CaptureFixture[str], config: Path, *argv: str) -> Result:
    return run(capsys, "--config", str(config), "payments", *argv)


def test_payments_json_lists_every_profiles_pending_orders_soonest_deadline_first(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli_run(capsys, config_file, "--format", "json")
    assert result.code == 0, result.err
    orders = result.json()
    assert {o["profile"] for o in orders} == {"edge", "phones", "ace", "billing"}
    assert {o["status"] for o in orders} == {"pending"}
    left = [o["seconds_left"] for o in orders if o["seconds_left"] is not None]
    assert left and left == sorted(left)
    assert orders[: len(left)] == [o for o in orders if o["seconds_left"] is not None]
    assert all(o["pay_url"] for o in orders if o["profile"] == "ace")
    assert any(o["urgent"] for o in orders) and not all(o["urgent"] for o in orders)


def test_payments_table_shows_countdowns_ages_and_pay_links(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The table fits the terminal; in one 120 columns wide the pay link's host is whole.
    monkeypatch.setenv("COLUMNS", "120")
    result = run(capsys, "--config", str(config_file), "payments", "--profile", "ace")
    assert result.code == 0, result.err
    header, *rows = result.out.splitlines()
    assert header.split()[:4] == ["PROFILE", "ORDER", "OWED", "PAY"]
    assert rows and all(row.startswith("ace ") for row in rows)
    assert all(" age " in row and "https://pay.example.invalid/" in row for row in rows)


def test_a_failing_profile_is_named_and_the_rest_still_printed(
    config_file: Path, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox.state.faults.arm(
        Fault(FaultKind.STATUS, path_prefix="/api/v1/orders/", status=403, times=None)
    )
    result = cli_run(capsys, config_file, "--format", "json")
    assert result.code == 1
    assert {o["profile"] for o in result.json()} == {"edge", "phones", "billing"}
    assert result.err.startswith("orderdeck: error: ace: ")


def test_watch_announces_payments_and_exits_0_once_nothing_is_pending(
    ace_only: Path,
    sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pending = [
        o.order_id for o in sandbox.state.providers["acedata"].orders if o.state == "Pending"
    ]
    assert pending

    async def everything_gets_paid(seconds: float) -> None:
        for order_id in pending:
            acedata.set_order_status(sandbox.state, order_id, "Paid")

    monkeypatch.setattr(cli, "wait_for_next_poll", everything_gets_paid)
    result = cli_run(capsys, ace_only, "--watch", "--format", "json")
    assert result.code == 0, result.err
    first, second = [line for line in result.out.splitlines() if line]
    assert len(json.loads(first)) == len(pending)
    assert json.loads(second) == []
    paid_lines = [line for line in result.err.splitlines() if line.endswith(": paid (Paid)")]
    assert len(paid_lines) == len(pending)


def test_ctrl_c_stops_a_watch_cleanly(
    ace_only: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "wait_for_next_poll", interrupted)
    result = cli_run(capsys, ace_only, "--watch")
    assert result.code == 0
    assert "PROFILE" in result.out
    assert result.err.strip() == "orderdeck: stopped watching"
