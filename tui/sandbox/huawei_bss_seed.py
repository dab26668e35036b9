"""The fake Billing Center account's customer orders: what it holds, how it is seeded, how
orders move over time, and the billing orders a CloudPond delivery order opens.

Fixed by `state.seed` and dated relative to `state.clock()`. Orders are small records; JSON is
written per request from this module's own field names, never through the client's models.
Time moves orders the way the Billing Center does: a pending order is paid (5) when its payer
gets to it, or cancelled (4) when its payment deadline passes.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from tui.sandbox.demo import DEMO_DOMAIN_ID, DEMO_IAM_USER

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tui.sandbox.state import SandboxState

Json = dict[str, Any]

PENDING_APPROVAL, PENDING_REFUND, PROCESSING, CANCELLED, COMPLETED, PENDING_PAYMENT = range(1, 7)
TO_BE_CONFIRMED, TO_BE_SHIPPED = 9, 10
NEW, RENEWAL, CHANGE, UNSUBSCRIBE = 1, 2, 3, 4

HISTORY: Final = timedelta(days=330)
"""Seeded orders spread over this much of the past: a one-year window holds them all, and a
narrower one cuts them."""

PAYMENT_WINDOW: Final = timedelta(days=7)
"""How long a new order waits for payment before the Billing Center cancels it (unconfirmed:
the console speaks of days, not minutes)."""

LIVE_PENDING: Final = (
    # (created ago, deadline from now, paid from now or None)
    (timedelta(minutes=50), timedelta(minutes=25), None),
    (timedelta(hours=5), timedelta(hours=3), None),
    (timedelta(days=1), timedelta(days=2), None),
    (timedelta(hours=2), timedelta(days=6), timedelta(minutes=3)),
    (timedelta(minutes=30), timedelta(minutes=4), None),
)
"""The newest orders, pending payment with live deadlines: one is paid in a few minutes, one
expires in a few; the rest wait."""

STATUS_WEIGHTS: Final = (
    (COMPLETED, 62),
    (CANCELLED, 14),
    (PROCESSING, 5),
    (PENDING_APPROVAL, 3),
    (PENDING_REFUND, 2),
    (TO_BE_CONFIRMED, 2),
    (TO_BE_SHIPPED, 2),
)
"""How the older orders spread over the documented statuses."""

ORDER_TYPE_WEIGHTS: Final = ((NEW, 55), (RENEWAL, 30), (CHANGE, 8), (UNSUBSCRIBE, 4), (15, 3))

SERVICES: Final = (
    # code, name, product, yuan per unit
    ("hws.service.type.ies", "CloudPond", "CloudPond server rack, 1 year", 98_000),
    ("hws.service.type.ec2", "Elastic Cloud Server", "s7.large.2 | 2 vCPUs | 4 GiB", 1_180),
    ("hws.service.type.ebs", "Elastic Volume Service", "General Purpose SSD 100 GB", 840),
    ("hws.service.type.obs", "Object Storage Service", "Standard storage package 1 TB", 1_099),
    ("hws.service.type.vpc", "Virtual Private Cloud", "Bandwidth 5 Mbit/s", 2_300),
)

IES: Final = "hws.service.type.ies"

RACK_PRICES: Final[Mapping[str, int]] = {"servers": 98_000, "network_devices": 12_000}
"""Yuan per device per year of a CloudPond order; storage costs `STORAGE_PRICE` per TB."""
STORAGE_PRICE: Final = 1_500


@dataclass(slots=True)
class BillingOrder:
    order_id: str
    created: datetime
    service: str
    service_name: str
    order_type: int
    status: int
    cents: int
    """After discount, what is paid; `official_cents` before."""
    official_cents: int
    line_items: list[tuple[str, int, int]]
    """(product description, count, cents)."""
    currency: str = "CNY"
    source_type: int = 1
    deadline: datetime | None = None
    pays_at: datetime | None = None
    """When the customer pays a pending order (None: never, it will expire)."""
    paid: datetime | None = None
    contract_id: str | None = None


@dataclass
class BssData:
    """The account's orders, oldest first, and the lookups requests need."""

    orders: list[BillingOrder] = field(default_factory=list)
    by_id: dict[str, BillingOrder] = field(default_factory=dict)
    pending: list[BillingOrder] = field(default_factory=list)
    """Orders that were pending payment when last looked at: the only ones time moves."""
    rng: random.Random = field(default_factory=random.Random)

    def add(self, order: BillingOrder) -> None:
        self.by_id[order.order_id] = order
        self.orders.append(order)
        if order.status == PENDING_PAYMENT:
            self.pending.append(order)

    def settle(self, now: datetime) -> None:
        """Move pending orders on: paid when their payer got to them, else cancelled once
        their deadline passed."""
        for order in self.pending:
            if order.status != PENDING_PAYMENT:
                continue
            if order.pays_at is not None and now >= order.pays_at:
                order.status, order.paid = COMPLETED, order.pays_at
            elif order.deadline is not None and now >= order.deadline:
                order.status = CANCELLED
        self.pending = [order for order in self.pending if order.status == PENDING_PAYMENT]

    def bill_delivery_order(self, order_ids: list[str], now: datetime, option: Json) -> None:
        """A CloudPond delivery order's billing orders, pending payment from `now`."""
        items = _rack_items(option)
        cents = sum(item[2] for item in items)
        for order_id in order_ids:
            self.add(
                BillingOrder(
                    order_id=order_id,
                    created=now,
                    service=IES,
                    service_name="CloudPond",
                    order_type=NEW,
                    status=PENDING_PAYMENT,
                    cents=cents,
                    official_cents=cents,
                    line_items=items,
                    deadline=now + PAYMENT_WINDOW,
                )
            )


def _rack_items(option: Json) -> list[tuple[str, int, int]]:
    prepaid = (option.get("market_options") or {}).get("prepaid_options") or {}
    years = int(prepaid.get("period_num") or 1)
    items = []
    for key, price in RACK_PRICES.items():
        for line in option.get(key) or []:
            count = int(line.get("count", 1))
            label = f"{key.replace('_', ' ')[:-1]} {line.get('offering_id', '')}".strip()
            items.append((f"{label}, {years} year(s)", count, price * count * years * 100))
    for pool in option.get("storage_pools") or []:
        size = int(pool.get("size", 0))
        label = f"{pool.get('storage_type', 'storage')} storage {size} TB, {years} year(s)"
        items.append((label, 1, STORAGE_PRICE * size * years * 100))
    return items or [("CloudPond edge site", 1, RACK_PRICES["servers"] * years * 100)]


def order_id_for(created: datetime, rng: random.Random) -> str:
    """`CS` + creation minute + five letters and digits, as in `CS2108102036B2CAI`."""
    tail = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(5))
    return f"CS{created:%y%m%d%H%M}{tail}"


def wire_time(moment: datetime | None) -> str | None:
    """UTC, `yyyy-MM-ddTHH:mm:ssZ`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def seed_data(state: SandboxState) -> BssData:
    rng = random.Random(state.seed ^ 0xB55)
    now = state.clock().astimezone(UTC).replace(microsecond=0)
    data = BssData(rng=random.Random(state.seed ^ 0xB55B))
    count = max(state.orders_per_provider, len(LIVE_PENDING))
    step = HISTORY / count
    seeded: list[BillingOrder] = []
    for index in range(count - len(LIVE_PENDING)):
        created = now - HISTORY + step * index + timedelta(seconds=rng.randrange(60))
        seeded.append(_settled_order(created, rng, now))
    for created_ago, deadline_in, paid_in in LIVE_PENDING:
        order = _order(now - created_ago, rng, IES if paid_in is None else None)
        order.status = PENDING_PAYMENT
        order.deadline = now + deadline_in
        order.pays_at = now + paid_in if paid_in is not None else None
        seeded.append(order)
    for order in sorted(seeded, key=lambda o: (o.created, o.order_id)):
        while order.order_id in data.by_id:
            order.order_id = order_id_for(order.created, rng)
        data.add(order)
    return data


def _settled_order(created: datetime, rng: random.Random, now: datetime) -> BillingOrder:
    order = _order(created, rng, None)
    order.status = _weighted(rng, STATUS_WEIGHTS)
    if order.status == COMPLETED:
        order.paid = min(now, created + timedelta(minutes=rng.randrange(1, 600)))
    if order.status == CANCELLED:
        # Most cancelled orders are unpaid ones whose deadline passed.
        order.deadline = created + PAYMENT_WINDOW
    return order


def _order(created: datetime, rng: random.Random, service: str | None) -> BillingOrder:
    code, name, product, price = (
        next(s for s in SERVICES if s[0] == service) if service else rng.choice(SERVICES)
    )
    count = rng.choice((1, 1, 1, 2, 4)) if code != IES else rng.choice((1, 2))
    official = price * count * 100
    discount = rng.choice((100, 100, 95, 90, 85))
    return BillingOrder(
        order_id=order_id_for(created, rng),
        created=created,
        service=code,
        service_name=name,
        order_type=_weighted(rng, ORDER_TYPE_WEIGHTS),
        status=COMPLETED,
        cents=official * discount // 100,
        official_cents=official,
        line_items=[(product, count, official * discount // 100)],
        contract_id=f"CT{rng.randrange(10**9):09d}" if rng.random() < 0.05 else None,
    )


def _weighted(rng: random.Random, weights: tuple[tuple[int, int], ...]) -> int:
    values, counts = zip(*weights, strict=True)
    return int(rng.choices(values, counts)[0])


def order_json(order: BillingOrder, detail: bool = False) -> Json:
    """An order as the list (CustomerOrderV2) or the detail (CustomerOrderV3) writes it."""
    body: Json = {
        "order_id": order.order_id,
        "customer_id": DEMO_DOMAIN_ID,
        "service_type_code": order.service,
        "service_type_name": order.service_name,
        "source_type": order.source_type,
        "status": order.status,
        "order_type": order.order_type,
        "amount_after_discount": order.cents / 100,
        "official_amount": order.official_cents / 100,
        "measure_id": 1,
        "create_time": wire_time(order.created),
        "payment_time": wire_time(order.paid),
        "currency": order.currency,
        "contract_id": order.contract_id,
        "amount_info": {
            "discounts": _discounts(order),
            "flexipurchase_coupon_amount": 0,
            "coupon_amount": 0,
            "stored_card_amount": 0,
            "commission_amount": 0,
            "consumed_amount": order.cents / 100 if order.paid else 0,
        },
    }
    if detail:
        body["user_name"] = DEMO_IAM_USER
        body["pending_payment_end_time"] = (
            wire_time(order.deadline) if order.status == PENDING_PAYMENT else None
        )
    else:
        body["enterprise_projects"] = [{"id": "0", "name": "default"}]
        body["agent_pay_info"] = {"paying_agent_id": None, "is_agent_pay": False}
    return body


def _discounts(order: BillingOrder) -> list[Json]:
    saved = order.official_cents - order.cents
    return [{"discount_type": "700", "discount_amount": saved / 100}] if saved else []


def line_item_json(order: BillingOrder, index: int) -> Json:
    """One OrderLineItemEntityV2 of an order."""
    description, count, cents = order.line_items[index]
    return {
        "order_line_item_id": f"{order.order_id}-{index + 1:03d}",
        "service_type_code": order.service,
        "service_type_name": order.service_name,
        "product_id": f"OFFI{index + 1:06d}",
        "product_spec_desc": description,
        "period_type": 3,
        "period_num": 1,
        "effective_time": wire_time(order.paid),
        "expire_time": wire_time(order.paid + timedelta(days=365)) if order.paid else None,
        "subscription_num": count,
        "amount_after_discount": cents / 100,
        "official_amount": cents / 100,
        "amount_info": {"discounts": [], "coupon_amount": 0, "stored_card_amount": 0},
        "currency": order.currency,
        "category_code": order.service.rsplit(".", 1)[-1],
        "product_owner_service": order.service.rsplit(".", 1)[-1],
        "commercial_resource": None,
        "base_product_info": None,
        "order_id": order.order_id,
    }
