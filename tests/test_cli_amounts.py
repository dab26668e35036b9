"""How `orderdeck list` and `orderdeck payments` write money: right-aligned, and the sign
convention said once (DuoPlus signs a charge `-$96.84`; `payments` lists it as owed, positive)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pytest

from tests.cli_helpers import run, use_demo_env, write_demo_config

if TYPE_CHECKING:
    from pathlib import Path

    from tui.sandbox.server import SandboxServer


@pytest.fixture
def config_file(sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_demo_env(monkeypatch)
    monkeypatch.setenv("COLUMNS", "140")
    return write_demo_config(sandbox, tmp_path)


def test_list_right_aligns_amounts_and_says_how_duoplus_signs_them(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "--config", str(config_file), "list", "--profile", "phones")
    assert result.code == 0, result.err
    header, *rows = result.out.splitlines()
    end = header.index("AMOUNT") + len("AMOUNT")
    amounts = [row[:end].split()[-1] for row in rows]
    assert all(amount.startswith(("$", "-$")) for amount in amounts)
    assert all(row[end - 1].isdigit() for row in rows), "every amount ends under the header"
    negative = next(amount for amount in amounts if amount.startswith("-"))
    assert f"note: AMOUNT is as DuoPlus signs it: {negative} is a charge of {negative[1:]}" in (
        result.err
    )


def test_payments_lists_the_same_charge_as_owed_and_positive(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = run(
        capsys, "--config", str(config_file), "list", "--profile", "phones", "--format", "csv"
    )
    charge = next(
        row
        for row in csv.DictReader(io.StringIO(listed.out))
        if row["status"] == "pending" and row["amount"].startswith("-")
    )
    owed = run(capsys, "--config", str(config_file), "payments", "--profile", "phones")
    assert owed.code == 0, owed.err
    header, *rows = owed.out.splitlines()
    end = header.index("OWED") + len("OWED")
    row = next(row for row in rows if charge["id"] in row)
    assert row[:end].split()[-1] == f"${charge['amount'][1:]}"
    assert "Owed: the amount to pay, always positive. DuoPlus signs charges" in owed.err
    paid = run(
        capsys, "--config", str(config_file), "payments", "--profile", "phones", "--format", "json"
    )
    as_json = next(item for item in paid.json() if item["id"] == charge["id"])
    assert as_json["owed"] == charge["amount"][1:] and as_json["amount"] == charge["amount"]
