"""The shortcuts the fast order-list paths take give what the long way gives."""

from __future__ import annotations

import dataclasses
import gc
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.orders import Kind, Money, Order, Status, money_by_pattern, new_money, new_order
from tui.providers.fast_path import orders_kept_out_of_young_collections, thaw, utc_isoformat

SHORTCUTS = settings(max_examples=400, deadline=None)
"""Cheap examples (microseconds each): many of them."""

moments = st.datetimes(
    min_value=datetime(1, 1, 1, 0, 0, 1),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from([UTC, timezone(timedelta(0)), timezone(timedelta(hours=-3))]),
)
shapes = st.sampled_from(["auto", "hours", "minutes", "seconds", "milliseconds", "microseconds"])


@SHORTCUTS
@given(moment=moments, shape=shapes, zulu=st.booleans(), separator=st.sampled_from("T T"))
def test_utc_isoformat_is_isoformat_for_every_shape_of_text(
    moment: datetime, shape: str, zulu: bool, separator: str
) -> None:
    text = moment.isoformat(sep=separator, timespec=shape)
    if zulu:
        text = text.replace("+00:00", "Z")
    parsed = datetime.fromisoformat(text)
    assert utc_isoformat(text, parsed) == parsed.isoformat()


@SHORTCUTS
@given(
    text=st.sampled_from(
        [
            "2026-11-20T05:05:32Z",
            "2026-11-20T05:05:32.000000Z",
            "2026-11-20T05:05:32.000001Z",
            "2026-11-20T05:05:32.5Z",
            "2026-W47-4T05:05:32Z",
            "2026-11-20X05:05:32Z",
            "2026-11-20T050532.5Z",
            "2026-11-20T05:05:32,500000Z",
            "20261120T05:05:32.500000Z",
        ]
    )
    | st.from_regex(r"[0-9]{4}-?[0-9W]{2}-?[0-9]{2}.[0-9:.,]{6,15}Z", fullmatch=True)
)
def test_utc_isoformat_is_isoformat_for_odd_texts_too(text: str) -> None:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return
    assert utc_isoformat(text, parsed) == parsed.isoformat()


money_texts = st.builds(
    lambda sign, symbol, number, tail: f"{sign}{symbol}{number}{tail}",
    st.sampled_from(["", "-", "+", " ", "--"]),
    st.sampled_from(["$", "", "€", "$$"]),
    st.from_regex(r"[0-9٣²]{0,8}\.?[0-9]{0,4}|[0-9,]{1,8}|1e5|NaN|_1", fullmatch=True),
    st.sampled_from(["", " ", "\n", " USD", "."]),
) | st.text(max_size=8)


@SHORTCUTS
@given(text=money_texts)
def test_money_parse_shortcut_reads_as_the_pattern_does(text: str) -> None:
    try:
        expected = money_by_pattern(text)
    except ValueError:
        with pytest.raises(ValueError, match="not an amount of money"):
            Money.parse(text)
        return
    parsed = Money.parse(text)
    assert (repr(parsed.amount), parsed.currency) == (repr(expected[0]), expected[1])


def test_fast_builders_make_equal_frozen_instances() -> None:
    values = {
        "provider": "duoplus",
        "profile": "phones",
        "id": "1",
        "title": "Cloud Phone",
        "status": Status.PENDING,
        "status_raw": "Unpaid",
        "kind": Kind.RENEWAL,
        "amount": new_money(Decimal("-1.50"), "USD"),
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
        "updated_at": None,
        "expires_at": None,
        "pay_url": None,
        "extra": {"Type": "Renewal"},
        "raw": {"order_id": "1"},
    }
    built = new_order(*values.values())
    assert type(built) is Order and type(built.amount) is Money
    assert built == Order(**values) and repr(built) == repr(Order(**values))
    assert built.amount == Money(Decimal("-1.50"), "USD")
    assert hash(built.amount) == hash(Money(Decimal("-1.50"), "USD"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.amount.amount = Decimal(0)  # type: ignore[misc]
    assert [field.name for field in dataclasses.fields(Order)] == list(values)


class Tracked:
    """A stand-in for a new order: a tracked object the collector would examine."""


@pytest.fixture
def nothing_frozen() -> None:
    """A process that has frozen nothing yet: a dashboard test run earlier in this worker froze
    its long-lived objects (`tui.ui.long_lived`), which the collector hand-off leaves alone."""
    thaw()


@pytest.mark.usefixtures("nothing_frozen")
def test_objects_built_while_kept_out_of_young_collections_land_in_the_oldest() -> None:
    assert gc.isenabled()
    with orders_kept_out_of_young_collections():
        assert not gc.isenabled()
        built = Tracked()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert any(item is built for item in gc.get_objects(generation=2))
    assert not any(item is built for item in gc.get_objects(generation=0))


@pytest.mark.usefixtures("nothing_frozen")
def test_the_collector_comes_back_after_an_error_and_is_left_off_if_it_was() -> None:
    with pytest.raises(ValueError), orders_kept_out_of_young_collections():
        raise ValueError("a bad item")
    assert gc.isenabled()
    gc.disable()
    try:
        with orders_kept_out_of_young_collections():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.usefixtures("nothing_frozen")
def test_a_process_that_froze_objects_keeps_them_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with orders_kept_out_of_young_collections():
            assert gc.isenabled()
        # Not `== frozen`: a frozen object freed meanwhile (by another test's thread in the
        # same worker) lowers the count by one. An unfreeze would drop it to zero.
        assert gc.get_freeze_count() > frozen // 2
    finally:
        gc.unfreeze()
