"""The pending-payments logic (`tui.payments`) against the sandbox, on a clock the test owns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest

from tests.order_builders import pending_order
from tests.wall_clock import WALL_CLOCK
from tui.deck import Deck
from tui.orders import Money, OrderQuery, Status
from tui.payments import (
    EventKind,
    PaymentWatch,
    amount_due,
    collect_pending,
    countdown,
    is_urgent,
    is_waiting,
    owed_note,
    summarize,
    waiting_summary,
)
from tui.providers.duoplus.models import ORDER_LIST_PATH
from tui.sandbox import acedata, duoplus
from tui.sandbox.demo import demo_config, demo_secrets
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.server import SandboxServer
from tui.sandbox.state import SandboxState

T0 = datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)
"""The sandbox's frozen "now"; the watch's own clock starts here and is moved by hand."""


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def still_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxState(clock=lambda: T0)) as server:
        yield server


@pytest.fixture
async def deck(still_sandbox: SandboxServer) -> AsyncIterator[Deck]:
    deck = Deck(demo_config(still_sandbox.url), demo_secrets(), clock=lambda: T0)
    yield deck
    await deck.aclose()


_order = pending_order


def test_countdown_is_computed_from_the_deadline_alone() -> None:
    order = _order(expires_at=T0 + timedelta(minutes=12, seconds=5))
    assert countdown(order, T0) == "12m 05s left"
    assert countdown(order, T0 + timedelta(minutes=12)) == "5s left"
    assert countdown(order, T0 + timedelta(minutes=12, seconds=8)) == "expired 3s ago"
    undated = _order(created_at=T0 - timedelta(hours=2, minutes=5))
    assert countdown(undated, T0) == "age 2h 05m"


def test_urgency_starts_under_the_warning_threshold() -> None:
    order = _order(expires_at=T0 + timedelta(minutes=15))
    warn = timedelta(minutes=15)
    assert not is_urgent(order, T0, warn)
    assert is_urgent(order, T0 + timedelta(seconds=1), warn)
    assert not is_urgent(_order(), T0, warn), "no deadline, nothing to warn about"


def test_summary_adds_what_is_due_per_currency() -> None:
    orders = [
        _order(id="a", amount=Money(Decimal("-21.91"), "USD")),  # DuoPlus writes spending < 0
        _order(id="b", amount=Money(Decimal("8.09"), "USD")),
        _order(id="c", profile="cn", amount=Money(Decimal("100"), "CNY")),
        _order(id="d", profile="edge"),  # CloudPond: no amount
    ]
    summary = summarize(orders, T0, timedelta(minutes=15))
    assert summary.count == 4
    assert summary.totals == {"USD": Decimal("30.00"), "CNY": Decimal("100")}
    assert summary.per_profile == {"phones": 2, "cn": 1, "edge": 1}
    assert summary.totals_text() == "¥100.00 · $30.00"
    assert amount_due(orders[0]) == Money(Decimal("21.91"), "USD")


async def test_pending_orders_of_every_profile_come_soonest_deadline_first(
    deck: Deck, still_sandbox: SandboxServer
) -> None:
    collected = await collect_pending(deck)
    assert collected.errors == {}
    orders = collected.orders
    assert {o.profile for o in orders} == {"edge", "phones", "ace", "billing"}
    assert all(o.status is Status.PENDING for o in orders)
    expected_phones = sum(
        1 for o in still_sandbox.state.providers["duoplus"].orders if o.status_code == 1
    )
    assert sum(o.profile == "phones" for o in orders) == expected_phones
    dated = [o for o in orders if o.expires_at is not None]
    undated = [o for o in orders if o.expires_at is None]
    assert dated and undated
    assert orders == dated + undated, "orders with a deadline first"
    assert [o.expires_at for o in dated] == sorted(o.expires_at for o in dated)
    payable = [o for o in undated if not is_waiting(o)]
    assert undated == payable + [o for o in undated if is_waiting(o)], "nothing to pay: last"
    assert {o.profile for o in undated if is_waiting(o)} == {"edge"}
    for group in (payable, [o for o in undated if is_waiting(o)]):
        ages = [o.created_at for o in group]
        assert ages == sorted(ages), "without a deadline: the oldest (longest waiting) first"
    assert all(o.pay_url for o in orders if o.profile == "ace")


async def test_a_failing_profile_is_reported_while_the_others_are_listed(
    deck: Deck, still_sandbox: SandboxServer
) -> None:
    still_sandbox.state.faults.arm(
        Fault(FaultKind.STATUS, path_prefix="/api/v1/orders/", status=403, times=None)
    )
    collected = await collect_pending(deck, ["edge", "ace"])
    assert set(collected.errors) == {"ace"}
    assert {o.profile for o in collected.orders} == {"edge"}


async def test_an_order_paid_during_the_watch_leaves_once_with_its_new_status(
    deck: Deck, still_sandbox: SandboxServer
) -> None:
    watch = PaymentWatch(deck, clock=Clock(), names=["ace", "phones"])
    first = await watch.poll()
    assert {e.kind for e in first.events} >= {EventKind.JOINED}
    assert all(e.initial for e in first.events)
    ace_order = next(o for o in watch.orders if o.profile == "ace")
    phone_order = next(o for o in watch.orders if o.profile == "phones")
    acedata.set_order_status(still_sandbox.state, ace_order.id, "Paid")
    duoplus.set_order_status(still_sandbox.state, phone_order.id, "Cancelled")

    second = await watch.poll()

    left = {e.key: e for e in second.of(EventKind.LEFT)}
    assert set(left) == {ace_order.key, phone_order.key}
    assert left[ace_order.key].new_status is Status.PROCESSING
    assert left[ace_order.key].describe().endswith(": paid (Paid)")
    assert left[phone_order.key].new_status is Status.CANCELLED  # found without a detail call
    assert ace_order.key not in {o.key for o in watch.orders}
    third = await watch.poll()
    assert third.of(EventKind.LEFT) == []


async def test_an_order_crossing_the_threshold_alerts_exactly_once(deck: Deck) -> None:
    clock = Clock()
    watch = PaymentWatch(deck, clock=clock, warn_before=timedelta(minutes=15), names=["phones"])
    report = await watch.poll()
    already = {e.key for e in report.of(EventKind.CROSSED_THRESHOLD)}
    assert all(e.initial for e in report.of(EventKind.CROSSED_THRESHOLD))
    later = [o for o in watch.orders if o.key not in already]
    nearest = later[0]
    assert nearest.expires_at is not None
    assert watch.check_deadlines() == []

    clock.now = nearest.expires_at - timedelta(minutes=15) + timedelta(seconds=1)
    crossed = watch.check_deadlines()
    assert [e.key for e in crossed] == [nearest.key]
    assert not crossed[0].initial
    assert watch.check_deadlines() == []
    clock.now += timedelta(seconds=30)
    assert nearest.key not in {e.key for e in watch.check_deadlines()}
    assert nearest in watch.urgent()


@WALL_CLOCK
async def test_watching_many_duoplus_orders_keeps_to_one_request_per_second(
    deck: Deck, still_sandbox: SandboxServer
) -> None:
    state = still_sandbox.state
    newest = sorted(state.providers["duoplus"].orders, key=lambda o: -o.created)[:40]
    for phone_order in newest:
        duoplus.set_order_status(state, phone_order.order_id, "Unpaid")
    watch = PaymentWatch(deck, clock=Clock(), names=["phones"])
    dashboard = deck.provider("phones")  # the same client object the dashboard uses

    await asyncio.gather(watch.poll(), dashboard.list_orders(OrderQuery(page_size=50)))
    assert len(watch.orders) >= 40
    for phone_order in newest[:15]:
        duoplus.set_order_status(state, phone_order.order_id, "Paid")
    report = await watch.poll()

    assert len(report.of(EventKind.LEFT)) == 15
    calls = sorted(r.at for r in state.requests_for("duoplus", ORDER_LIST_PATH))
    assert len(calls) == 4, "two polls and the dashboard: one list call each, one look-up"
    gaps = [b - a for a, b in pairwise(calls)]
    assert min(gaps) >= 1.0, gaps
    assert state.rate_limit_violations == 0


def test_orders_with_nothing_to_pay_are_summed_up_per_provider_with_their_status() -> None:
    edge = [
        _order(provider="cloudpond", profile="edge", id=f"c{n}", status_raw="ACCEPTING")
        for n in range(3)
    ]
    payable = _order(provider="acedata", profile="ace", amount=Money(Decimal("9.90"), "USD"))
    assert all(is_waiting(order) for order in edge) and not is_waiting(payable)
    assert waiting_summary([*edge, payable]) == "3 CloudPond orders with no deadline (ACCEPTING)"
    assert waiting_summary([payable]) == ""


def test_the_owed_note_shows_how_a_signed_provider_writes_the_same_order() -> None:
    charge = _order(amount=Money(Decimal("-96.84"), "USD"))
    assert owed_note([charge]) == (
        "Owed: the amount to pay, always positive. DuoPlus signs charges: its -$96.84"
        " (orders table, `orderdeck list`) is $96.84 owed."
    )
    positive = _order(amount=Money(Decimal("5"), "USD"))
    assert owed_note([positive]) == "Owed: the amount to pay, always positive."
