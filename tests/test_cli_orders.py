"""`orderdeck list` and `orderdeck show` against the sandbox, with secrets from env variables."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pytest

from tests.cli_helpers import Result, run, use_demo_env, write_demo_config

if TYPE_CHECKING:
    from pathlib import Path

    from tui.sandbox.server import SandboxServer

PROFILES = {"edge": "cloudpond", "phones": "duoplus", "ace": "acedata", "billing": "huawei_bss"}


@pytest.fixture
def config_file(sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_demo_env(monkeypatch)
    return write_demo_config(sandbox, tmp_path)


def cli(capsys: pytest.CaptureFixture[str], config_file: Path, *argv: str) -> Result:
    return run(capsys, "--config", str(config_file), *argv)


def seeded_count(sandbox: SandboxServer, provider: str) -> int:
    return len(sandbox.state.providers[provider].orders)


@pytest.mark.parametrize("profile", list(PROFILES))
def test_list_json_prints_one_array_of_orders_of_that_profile(
    profile: str, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(
        capsys, config_file, "list", "--profile", profile, "--limit", "5", "--format", "json"
    )
    assert result.code == 0, result.err
    orders = result.json()
    assert isinstance(orders, list) and len(orders) == 5
    assert {order["provider"] for order in orders} == {PROFILES[profile]}
    assert {order["profile"] for order in orders} == {profile}
    assert all(order["raw"] and order["id"] for order in orders)


@pytest.mark.parametrize("profile", ["edge", "ace", "phones", "billing"])
def test_all_walks_every_page_and_returns_every_seeded_order(
    profile: str,
    config_file: Path,
    sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = cli(capsys, config_file, "list", "--profile", profile, "--all", "--format", "json")
    assert result.code == 0, result.err
    ids = [order["id"] for order in result.json()]
    assert len(ids) == len(set(ids)) == seeded_count(sandbox, PROFILES[profile])


def test_limit_fetches_just_enough_pages(
    config_file: Path, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox.state.clear_requests()
    result = cli(
        capsys, config_file, "list", "--profile", "edge", "--limit", "150", "--format", "json"
    )
    assert len(result.json()) == 150
    # CloudPond pages hold at most 100: two list calls, not the four of "load all".
    list_calls = [r for r in sandbox.state.requests_for("cloudpond", "/delivery-orders", "GET")]
    assert len(list_calls) == 2


@pytest.mark.parametrize("profile", list(PROFILES))
def test_status_filter_returns_only_that_status(
    profile: str, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(
        capsys,
        config_file,
        "list",
        "--profile",
        profile,
        "--status",
        "pending",
        "--all",
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    orders = result.json()
    assert orders and {order["status"] for order in orders} == {"pending"}


def test_unknown_status_is_a_usage_error_listing_the_choices(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(capsys, config_file, "list", "--status", "paid")
    assert result.code == 2
    assert "choose from: pending" in result.err


def test_csv_has_a_header_row_without_raw_and_flattened_extra(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(
        capsys, config_file, "list", "--profile", "phones", "--limit", "10", "--format", "csv"
    )
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    header = rows[0]
    assert header[:5] == ["provider", "profile", "id", "title", "status"]
    assert "raw" not in header and "extra" not in header
    assert any(column.startswith("extra.") for column in header)
    assert len(rows) == 11 and all(len(row) == len(header) for row in rows)


def test_since_filters_by_creation_date_on_providers_that_can(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = cli(capsys, config_file, "list", "--profile", "ace", "--all", "--format", "json")
    recent = cli(
        capsys,
        config_file,
        "list",
        "--profile",
        "ace",
        "--since",
        "30d",
        "--all",
        "--format",
        "json",
    )
    assert recent.code == 0, recent.err
    assert 0 < len(recent.json()) < len(everything.json())


def test_a_filter_the_provider_cannot_apply_is_a_usage_error(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(capsys, config_file, "list", "--profile", "edge", "--since", "7d")
    assert result.code == 2
    assert result.err.startswith(
        "orderdeck: error: CloudPond cannot filter by --since/--until on its server"
    )
    assert "created_range" not in result.err


def test_bad_since_is_a_usage_error_naming_the_accepted_forms(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(capsys, config_file, "list", "--profile", "ace", "--since", "last tuesday")
    assert result.code == 2
    assert "not a date" in result.err and "today" in result.err


@pytest.mark.hostile
def test_table_fits_the_terminal_and_prints_hostile_names_inertly(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    result = cli(capsys, config_file, "list", "--profile", "edge", "--limit", "40")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split()[:2] == ["ID", "STATUS"]
    assert all(len(line) <= 90 for line in lines)
    assert "\x1b" not in result.out and "\u202e" not in result.out and "\u200b" not in result.out
    assert "␛[31mred alert" in result.out  # shown, not obeyed
    assert "[bold]x[/] order" in result.out  # markup stays literal text


def test_default_profile_is_used_without_profile(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(capsys, config_file, "list", "--limit", "2", "--format", "json")
    assert {order["profile"] for order in result.json()} == {"edge"}


def test_profile_may_come_before_the_command(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(
        capsys, config_file, "--profile", "ace", "list", "--limit", "2", "--format", "json"
    )
    assert {order["profile"] for order in result.json()} == {"ace"}


@pytest.mark.parametrize("profile", list(PROFILES))
def test_show_prints_the_order_the_list_has(
    profile: str, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = cli(
        capsys, config_file, "list", "--profile", profile, "--limit", "1", "--format", "json"
    )
    first = listed.json()[0]
    shown = cli(capsys, config_file, "show", first["id"], "--profile", profile, "--format", "json")
    assert shown.code == 0, shown.err
    order = shown.json()
    assert order["id"] == first["id"] and order["status"] == first["status"]
    table = cli(capsys, config_file, "show", first["id"], "--profile", profile)
    assert table.code == 0
    assert first["id"] in table.out and "Status" in table.out


def test_show_of_an_unknown_order_is_one_error_line_and_exit_1(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(capsys, config_file, "show", "no-such-order", "--profile", "ace")
    assert result.code == 1
    assert result.err.count("\n") == 1 and result.err.startswith("orderdeck: error: ")
    assert "Traceback" not in result.err


def test_demo_flag_runs_a_command_against_an_embedded_sandbox(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run(capsys, "--demo", "list", "--profile", "ace", "--limit", "3", "--format", "json")
    assert result.code == 0, result.err
    assert len(result.json()) == 3
