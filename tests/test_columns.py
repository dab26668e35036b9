"""Cells as the tables show them: ids cut in the middle, where they differ."""

from __future__ import annotations

from tui.columns import fit_cell, shorten_middle


def test_a_duoplus_id_keeps_its_distinct_tail_not_the_shared_date() -> None:
    assert shorten_middle("20261122195752000002", 13) == "2026…52000002"
    assert fit_cell("20261122195752000002", 13, middle=True) == "2026…52000002"


def test_a_short_id_is_left_whole_and_padded() -> None:
    assert fit_cell("abc", 6, middle=True) == "abc   "


def test_a_very_narrow_cell_falls_back_to_an_end_cut() -> None:
    assert shorten_middle("0e3c4cc9-b95f", 5) == "0e3c…"
