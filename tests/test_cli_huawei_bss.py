"""`orderdeck list` and `orderdeck show` for a Huawei billing profile: the registry makes it a
profile like any other; the table, the JSON (normalized fields and the raw object) and the CSV
carry its amounts, words and payment deadlines."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from tests.cli_helpers import Result, run, use_demo_env, write_demo_config

if TYPE_CHECKING:
    from pathlib import Path

    from tui.sandbox.server import SandboxServer


@pytest.fixture
def config_file(sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_demo_env(monkeypatch)
    return write_demo_config(sandbox, tmp_path)


def cli(capsys: pytest.CaptureFixture[str], config_file: Path, *argv: str) -> Result:
    return run(capsys, "--config", str(config_file), *argv, "--profile", "billing")


def test_json_carries_normalized_fields_the_deadline_and_the_raw_order(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(capsys, config_file, "list", "--status", "pending", "--format", "json")
    assert result.code == 0, result.err
    orders = result.json()
    assert orders and {order["provider"] for order in orders} == {"huawei_bss"}
    for order in orders:
        assert order["status"] == "pending" and order["status_raw"] == "pending payment (6)"
        assert order["currency"] == "CNY" and Decimal(order["amount"]) > 0
        assert order["expires_at"] and order["pay_url"]
        assert order["raw"]["status"] == 6 and order["raw"]["order_id"] == order["id"]
        assert order["extra"]["Order type"]


def test_show_json_has_the_line_items_and_the_deadline(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = cli(
        capsys, config_file, "list", "--status", "pending", "--limit", "1", "--format", "json"
    )
    order_id = listed.json()[0]["id"]
    shown = cli(capsys, config_file, "show", order_id, "--format", "json")
    assert shown.code == 0, shown.err
    order = shown.json()
    assert order["expires_at"] == listed.json()[0]["expires_at"]
    assert order["extra"]["Line items"] and order["raw"]["pending_payment_end_time"]
    table = cli(capsys, config_file, "show", order_id)
    assert table.code == 0 and order_id in table.out and "pending" in table.out


def test_table_and_csv_list_billing_orders(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = cli(capsys, config_file, "list", "--limit", "8")
    assert table.code == 0, table.err
    assert "pending" in table.out and "CS" in table.out
    sheet = cli(capsys, config_file, "list", "--limit", "8", "--format", "csv")
    assert sheet.code == 0, sheet.err
    rows = list(csv.DictReader(io.StringIO(sheet.out)))
    assert len(rows) == 8 and {row["provider"] for row in rows} == {"huawei_bss"}
    assert all(row["currency"] == "CNY" and row["amount"] for row in rows)


def test_filters_the_api_cannot_combine_are_a_usage_error(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(capsys, config_file, "list", "--status", "pending", "--status", "completed")
    assert result.code == 2 and "one status at a time" in result.err


def test_an_unknown_billing_order_is_one_error_line(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli(capsys, config_file, "show", "CS000000000000000")
    assert result.code == 1 and result.err.count("\n") == 1
    assert "CBC.30000010" in result.err and "Traceback" not in result.err
