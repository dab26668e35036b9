"""Exports a spreadsheet can open safely and a script can read exactly: `tui.export`."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.order_builders import pending_order
from tui.export import csv_cell, default_export_dir, orders_to_csv, orders_to_json
from tui.orders import Money, Order

SHANGHAI = timezone(timedelta(hours=8))


def _order(**fields: Any) -> Order:
    return pending_order(
        **{
            "id": "20261122194343000006",
            "title": "Cloud phone",
            "amount": Money(Decimal("-96.84"), "USD"),
            "created_at": datetime(2026, 11, 22, 17, 24, 38, tzinfo=SHANGHAI),
            **fields,
        }
    )


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "' =1"),
        ("\r=1", "'␍=1"),
        ("-96.84", "-96.84"),
        ("-3", "-3"),
        ("plain", "plain"),
    ],
)
def test_no_cell_starts_a_formula_but_negative_numbers_stay_numbers(value: str, cell: str) -> None:
    assert csv_cell(value) == cell


def test_csv_cells_show_control_and_bidi_characters_instead_of_writing_them() -> None:
    order = _order(title="\x1b[31mred\x1b[0m \u202eevil\u202c", extra={"note": "a\x07b"})
    row = _rows(orders_to_csv([order]))[0]
    assert row["title"] == "␛[31mred␛[0m <U+202E>evil<U+202C>"
    assert row["extra.note"] == "a␇b"


def test_csv_timestamps_are_in_the_tables_zone_with_their_offset() -> None:
    order = _order(expires_at=datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    row = _rows(orders_to_csv([order], UTC))[0]
    assert row["created_at"] == "2026-11-22T09:24:38+00:00"
    assert row["expires_at"] == "2026-11-22T12:00:00+00:00"
    assert _rows(orders_to_csv([order], SHANGHAI))[0]["created_at"] == ("2026-11-22T17:24:38+08:00")


def test_json_keeps_raw_exact_while_nothing_in_the_file_steers_a_terminal() -> None:
    raw = {"Description": "\x1b]52;c;AAAA\x07 \u202eevil\u202c", "Total": "-$96.84", "n": [1]}
    text = orders_to_json([_order(raw=raw)])
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert json.loads(text)[0]["raw"] == raw


def test_the_default_folder_is_downloads_then_documents_then_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_export_dir() == tmp_path
    (tmp_path / "Documents").mkdir()
    assert default_export_dir() == tmp_path / "Documents"
    (tmp_path / "Downloads").mkdir()
    assert default_export_dir() == tmp_path / "Downloads"
