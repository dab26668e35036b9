"""The benchmarks run at a tiny size, so they do not rot between the times someone runs
`python -m benchmarks.run_all`. Numbers are not checked here: only that each still measures."""

from __future__ import annotations

import asyncio

import pytest

from benchmarks import big_table, fetch_all, first_paint, parse, sandbox_data, sdk_compare
from benchmarks._common import Row, StallDetector, print_table, sandbox_process


def test_the_table_prints_and_fails_on_a_failed_target(capsys: pytest.CaptureFixture[str]) -> None:
    good = Row("fast thing", 1.0, 2.0, "s", 1.0, "budget")
    bad = Row("slow thing", 3.0, 2.0, "s", 1.0, "budget")
    info = Row("other table", 9.0, 2.0, "s", None, "budget")
    assert print_table([good, info]) is True
    assert print_table([good, bad]) is False
    assert "FAIL" in capsys.readouterr().out


async def test_the_stall_detector_sees_a_blocked_loop() -> None:
    import time

    detector = StallDetector()
    detector.start()
    await asyncio.sleep(0.01)
    time.sleep(0.08)  # holds the loop, as a slow handler would
    await asyncio.sleep(0.01)
    assert await detector.stop() >= 0.07


def test_first_paint_times_ours_the_bare_app_and_the_stack_floor() -> None:
    rows = first_paint.measure(runs=1, launchers=False)
    assert [row.limit for row in rows] == [first_paint.MAX_RATIO, None]
    assert all(row.measured > 0 and row.comparison > 0 for row in rows)


def test_first_paint_compares_uv_run_and_harlequin_when_they_were_timed() -> None:
    starts = first_paint.Starts()
    for name in ("bare", "stack", "ours", "uv", "uv nopyc", "harlequin", "ours via uv --with"):
        starts.add(name, 1.0)
    rows = first_paint.rows_for(starts)
    assert [row.limit for row in rows] == [
        first_paint.MAX_RATIO,
        None,
        None,
        None,
        first_paint.PEER_MAX_RATIO,
    ]
    assert set(first_paint.commands(launchers=False)) == {"bare", "stack", "ours"}


def test_parse_measures_every_provider() -> None:
    rows = parse.measure(orders=50, runs=1)
    assert len(rows) == 3 and all(row.measured > 0 and row.comparison > 0 for row in rows)


def test_parse_measures_what_the_orders_hold() -> None:
    per_order = parse.orders_memory(orders=60)
    assert set(per_order) == {"cloudpond", "duoplus", "acedata"}
    assert all(100 < size < 20_000 for size in per_order.values())


def test_big_table_measures_load_sort_filter_scroll_and_memory() -> None:
    orders = big_table.real_orders(300)
    assert len(orders) == 300
    with sandbox_process(orders_per_provider=10) as url:
        numbers = asyncio.run(big_table.measure_app(orders, url, runs=1, page_downs=3))
    rows = big_table.rows_for(numbers, len(orders))
    assert len(rows) == 8
    assert numbers.usable and numbers.sort and numbers.filter and numbers.rss_mb > 0
    peer = big_table.Peer(usable=1.0, load_stall=0.2)
    against_peer = big_table.rows_for(numbers, len(orders), peer=peer)
    stalls = [row for row in against_peer if "stall" in row.target]
    assert len(stalls) == 4 and {row.comparison for row in stalls} == {0.2}
    assert {row.limit for row in stalls} == {big_table.STALL_MAX_RATIO}


def test_sandbox_data_times_seeding_and_a_query_against_floors() -> None:
    rows = sandbox_data.measure(count=2_000, runs=1)
    assert len(rows) == 3 and all(row.measured > 0 and row.comparison > 0 for row in rows)


def test_fetch_all_measures_against_a_floor() -> None:
    with sandbox_process(orders_per_provider=150, latency=0.001) as url:
        config_profiles = fetch_all.demo_config(url).profiles
        store = fetch_all.demo_secrets()
        ace = next(p for p in config_profiles.values() if p.provider == "acedata")
        result = asyncio.run(fetch_all.measure_profile(ace, store, 150))
    assert result.orders == 150 and result.pages == 2 and result.floor > 0


def test_sdk_compare_walks_the_same_pages_with_both_clients() -> None:
    rows = sdk_compare.measure(pages=2, runs=1)
    assert rows[0].measured > 0 and rows[0].comparison > 0
