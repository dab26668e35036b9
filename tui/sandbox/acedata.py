"""The fake Ace Data Cloud platform API: the order calls of seed 004, as a Django REST framework
service answers them.

It speaks from its own data and field names (never the client's wire models), checks the
`authorization: Bearer` platform token, refuses list calls without the caller's `user_id`
(403 `permission_denied`), validates filters the way django-filter does (400 with per-field
messages), and pages with `limit`/`offset` under `items` and `count`. Multi-valued filters are
read both ways a client may send them: repeated keys and comma-separated values.

Orders are small slotted records sorted by creation time: a date window is two bisections and
only the page being answered becomes JSON, so 100,000 orders stay cheap.
"""

from __future__ import annotations

import itertools
import random
import uuid
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from starlette.responses import JSONResponse
from starlette.routing import Route

from tui.sandbox.demo import DEMO_ACE_TOKEN, DEMO_ACE_USER_ID
from tui.sandbox.hostile import ACEDATA_PACKAGE_TITLES, seeded_positions

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from starlette.requests import Request

    from tui.sandbox.state import SandboxState

ORDERS_PATH: Final = "/api/v1/orders/"
SUMMARY_PATH: Final = "/api/v1/orders/summary/"
TOKEN_ME_PATH: Final = "/api/v1/platform-tokens/me/"
"""The platform's own paths: the sandbox serves them under the same names."""

DEFAULT_LIMIT: Final = 10
MAX_LIMIT: Final = 100
"""LimitOffsetPagination's default page and the ceiling a larger `limit` is clamped to."""

HISTORY: Final = timedelta(days=300)
"""Seeded orders spread over this much of the past, so date filters have something to cut."""

PENDING_AGE: Final = timedelta(minutes=50)
"""Pending orders were made at most this long ago: a payment link does not wait for days."""

EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
"""Times are kept as integer microseconds since this instant: exact, and cheap to bisect."""

STATES: Final = ("Pending", "Paid", "Finished", "Expired", "Failed", "Refunded")
"""The platform's order states (seed 004)."""

_STATE_NAMES: Final[dict[str, str]] = {
    # Normalized names (PROVIDERS.md section 4) so tests can say "completed" too.
    "pending": "Pending",
    "processing": "Paid",
    "completed": "Finished",
    "expired": "Expired",
    "failed": "Failed",
    "refunded": "Refunded",
}

PAY_WAYS: Final = (
    "Stripe",
    "WechatPay",
    "AliPay",
    "X402",
    "Card",
    "PayPal",
    "AppleIAP",
    "Reward",
    "BankTransfer",
)

_LINK_PAY_WAYS: Final = ("Stripe", "WechatPay", "AliPay", "PayPal")
"""Pay ways whose checkout is a hosted page: Pending orders with a `pay_url` use these."""

_STATE_WEIGHTS: Final = (
    ("Finished", 72),
    ("Expired", 12),
    ("Failed", 5),
    ("Paid", 4),
    ("Refunded", 4),
)
"""How settled orders are spread: most are finished, as on a real account."""

SERVICES: Final = (
    ("Midjourney Imagine", "Usage"),
    ("Suno Audios", "Usage"),
    ("Flux Images", "Usage"),
    ("Luma Videos", "Usage"),
    ("OpenAI Chat Completion", "Usage"),
    ("SERP Google Search", "Usage"),
    ("Nano Banana Images", "Usage"),
    ("Veo Videos", "Period"),
)
"""(service title, application type): what a credit package is bought for."""

PACKAGES: Final = (
    ("Trial", 100, 99),
    ("Starter", 1_000, 990),
    ("Basic", 5_000, 4_999),
    ("Standard", 10_000, 8_900),
    ("Pro", 50_000, 39_900),
    ("Business", 200_000, 149_900),
)
"""(package title, credits, price in cents)."""

DISCOUNTS: Final = (1.0, 1.0, 1.0, 1.0, 0.95, 0.9, 0.8)
"""Discount factors drawn per order: mostly none, sometimes a promotion."""


@dataclass(slots=True)
class AceRecord:
    """One seeded order: numbers and catalogue indices; JSON is made per request."""

    order_id: str
    created_us: int
    """Microseconds since the epoch, UTC."""
    updated_us: int
    state: str
    pay_way: str | None
    service_index: int
    package_index: int
    discount: float
    price_cents: int
    remaining: int
    pay_id: str | None
    pay_url: str | None
    package_title: str | None = None
    """Overrides the catalogue title (the hostile strings, when the sandbox seeds them)."""
    tags: list[str] | None = None
    metadata: dict[str, Any] | None = None


@dataclass
class AceData:
    """The account's orders, sorted by (created, id), with the lookups requests need."""

    orders: list[AceRecord]
    created_keys: list[int]
    by_id: dict[str, AceRecord]
    service_ids: tuple[str, ...]
    application_ids: tuple[str, ...]
    package_ids: tuple[tuple[str, ...], ...]
    """Per service, one package id per catalogue package."""
    request_numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))


class BadRequest(Exception):
    """A filter django-filter would refuse: answered 400 `{field: [message]}`."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message


# --- seeding -----------------------------------------------------------------------------------


def seed_data(state: SandboxState) -> AceData:
    """`state.orders_per_provider` orders from `state.seed`, relative to `state.clock()`."""
    rng = random.Random(f"acedata:{state.seed}")
    now_us = _micros(state.clock())
    count = max(0, state.orders_per_provider)

    random_unit = rng.random  # `randrange` costs several calls; one float is enough here

    def pick(size: int) -> int:
        return int(random_unit() * size)

    def new_id() -> str:
        # A UUID4 written out by hand: `uuid.UUID` objects cost a third of a 100k seeding.
        text = f"{rng.getrandbits(128):032x}"
        variant = "89ab"[int(text[16], 16) & 3]
        return f"{text[:8]}-{text[8:12]}-4{text[13:16]}-{variant}{text[17:20]}-{text[20:]}"

    service_ids = tuple(new_id() for _ in SERVICES)
    application_ids = tuple(new_id() for _ in SERVICES)
    package_ids = tuple(tuple(new_id() for _ in PACKAGES) for _ in SERVICES)
    pending = min(count, max(3, min(10, count // 40)))
    hostile_at = seeded_positions(ACEDATA_PACKAGE_TITLES, first=pending) if state.hostile else {}
    history_us = int(HISTORY.total_seconds() * 1_000_000)
    pending_us = int(PENDING_AGE.total_seconds() * 1_000_000)
    state_names = [name for name, _ in _STATE_WEIGHTS]
    state_cumulative = list(itertools.accumulate(weight for _, weight in _STATE_WEIGHTS))
    orders: list[AceRecord] = []
    for index in range(count):
        service_index = index % len(SERVICES) if index < 16 else pick(len(SERVICES))
        package_index = pick(len(PACKAGES))
        _, credits, cents = PACKAGES[package_index]
        discount = DISCOUNTS[pick(len(DISCOUNTS))]
        if index < pending:
            created = now_us - 60_000_000 - pick(pending_us - 60_000_000)
            order_state = "Pending"
        elif index < pending + 12:
            # Every state and every pay way (and a missing one) within the first few dozen.
            created = now_us - 3_600_000_000 - pick(4 * 86_400_000_000)
            order_state = STATES[1 + (index - pending) % (len(STATES) - 1)]
        else:
            created = now_us - 3_600_000_000 - pick(history_us)
            order_state = rng.choices(state_names, cum_weights=state_cumulative)[0]
        if order_state == "Pending":
            pay_way: str | None = _LINK_PAY_WAYS[index % len(_LINK_PAY_WAYS)]
        elif pending <= index < pending + len(PAY_WAYS) + 1:
            pay_way = (*PAY_WAYS, None)[index - pending]
        elif order_state == "Expired" and random_unit() < 0.5:
            pay_way = None  # abandoned before a payment method was chosen
        else:
            pay_way = PAY_WAYS[pick(len(PAY_WAYS))]
        price_cents = 0 if pay_way == "Reward" else round(cents * discount)
        order_id = new_id()
        pay_id = None
        pay_url = None
        if pay_way is not None and order_state != "Expired":
            pay_id = f"pi_{order_id.replace('-', '')[:24]}"
        if order_state == "Pending":
            pay_url = f"https://pay.example.invalid/checkout/{order_id}"
        updated = created + 1_000_000 + pick(599_000_000)
        if order_state == "Pending":
            updated = created
        remaining = 0
        if order_state == "Finished":
            remaining = credits if random_unit() < 0.3 else pick(credits + 1)
        hostile = hostile_at.get(index)
        orders.append(
            AceRecord(
                order_id=order_id,
                created_us=created,
                updated_us=min(updated, now_us),
                state=order_state,
                pay_way=pay_way,
                service_index=service_index,
                package_index=package_index,
                discount=discount,
                price_cents=price_cents,
                remaining=remaining,
                pay_id=pay_id,
                pay_url=pay_url,
                package_title=hostile,
                tags=["promo"] if discount < 1 else None,
                metadata={"note": hostile, "source": "[red]sandbox[/red]"} if hostile else None,
            )
        )
    orders.sort(key=lambda order: (order.created_us, order.order_id))
    return AceData(
        orders=orders,
        created_keys=[order.created_us for order in orders],
        by_id={order.order_id: order for order in orders},
        service_ids=service_ids,
        application_ids=application_ids,
        package_ids=package_ids,
    )


def set_order_status(state: SandboxState, order_id: str, state_label: str) -> bool:
    """Move an order to a state: a wire state (`Finished`), a normalized name (`completed`), or
    any other text (unknown states are data). False when the order does not exist."""
    data: AceData = state.providers["acedata"]
    text = state_label.strip()
    if not text:
        raise ValueError("an order state cannot be empty")
    wire = next((name for name in STATES if name.casefold() == text.casefold()), None)
    wire = wire or _STATE_NAMES.get(text.casefold(), text)
    with state.lock:
        order = data.by_id.get(order_id)
        if order is None:
            return False
        order.state = wire
        order.updated_us = _micros(state.clock())
        if wire == "Pending" and order.pay_url is None:
            order.pay_url = f"https://pay.example.invalid/checkout/{order.order_id}"
            order.pay_way = order.pay_way or "Stripe"
        if wire == "Finished":
            order.remaining = PACKAGES[order.package_index][1]
    return True


# --- HTTP --------------------------------------------------------------------------------------


def error_body(status: int, message: str) -> tuple[Any, list[tuple[bytes, bytes]]]:
    """DRF's `{"detail"}` for client errors; the gateway's `{"error": {code, message}}` for
    throttling and server errors, so clients meet both shapes."""
    headers = [(b"x-request-id", uuid.uuid4().hex.encode())]
    if status == 429 or status >= 500:
        code = "too_many_requests" if status == 429 else "server_error"
        return {"error": {"code": code, "message": message}}, headers
    return {"detail": message}, headers


TOKEN_OWNER: Final = {
    "id": DEMO_ACE_USER_ID,
    "username": "demo-operator",
    "email": "demo@example.invalid",
    "nickname": "Demo",
    "avatar": None,
}
"""What `/platform-tokens/me/` says of the demo token's owner."""


def routes(state: SandboxState) -> list[Route]:
    def data() -> AceData:
        ace_data: AceData = state.providers["acedata"]
        return ace_data

    def answer(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
        number = next(data().request_numbers)
        all_headers = {"x-request-id": f"ace-{state.seed:x}-{number:08d}", **(headers or {})}
        return JSONResponse(body, status_code=status, headers=all_headers)

    def refused(request: Request) -> JSONResponse | None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        challenge = {"www-authenticate": 'Bearer realm="api"'}
        if not header or scheme.lower() != "bearer" or not token.strip():
            return answer(
                {"detail": "Authentication credentials were not provided."}, 401, challenge
            )
        if token.strip() != DEMO_ACE_TOKEN:
            return answer({"detail": "Invalid token."}, 401, challenge)
        return None

    def forbidden_without_owner(request: Request) -> JSONResponse | None:
        # The platform scopes owner queries by `user_id`; without it (or with someone else's)
        # DRF's permission check refuses.
        if request.query_params.get("user_id") != DEMO_ACE_USER_ID:
            return answer(
                {
                    "detail": "You do not have permission to perform this action.",
                    "code": "permission_denied",
                },
                403,
            )
        return None

    async def token_me(request: Request) -> JSONResponse:
        if (refusal := refused(request)) is not None:
            return refusal
        return answer(TOKEN_OWNER)

    def owner_query(compute: Callable[[SandboxState, AceData, list[tuple[str, str]]], Any]) -> Any:
        """A handler for an owner-scoped query: auth, owner, then `compute` on its parameters."""

        async def handler(request: Request) -> JSONResponse:
            if (refusal := refused(request) or forbidden_without_owner(request)) is not None:
                return refusal
            try:
                body = compute(state, data(), request.query_params.multi_items())
            except BadRequest as error:
                return answer({error.field_name: [error.message]}, 400)
            return answer(body)

        return handler

    order_list = owner_query(list_orders)
    order_summary = owner_query(summarize)

    async def order_detail(request: Request) -> JSONResponse:
        if (refusal := refused(request)) is not None:
            return refusal
        store = data()
        with state.lock:
            order = store.by_id.get(request.path_params["order_id"])
            rendered = render(store, order) if order is not None else None
        if rendered is None:
            return answer({"detail": "Not found."}, 404)
        return answer(rendered)

    return [
        Route(TOKEN_ME_PATH, token_me, methods=["GET"]),
        # The summary route comes before the detail route, whose `{order_id}` would match it.
        Route(SUMMARY_PATH, order_summary, methods=["GET"]),
        Route(ORDERS_PATH, order_list, methods=["GET"]),
        Route(ORDERS_PATH + "{order_id}/", order_detail, methods=["GET"]),
    ]


# --- the calls, apart from HTTP (tests call these directly too) -------------------------------


def list_orders(
    state: SandboxState, data: AceData, params: list[tuple[str, str]]
) -> dict[str, Any]:
    """One list answer for a query string; `BadRequest` as the real API would."""
    matches = _filtered(data, params)
    ordering = _last(params, "ordering")
    # DRF's OrderingFilter ignores fields it does not know and keeps the default (newest first).
    ascending = ordering == "created_at"
    limit = _positive_int(_last(params, "limit"), DEFAULT_LIMIT, cutoff=MAX_LIMIT, strict=True)
    offset = _positive_int(_last(params, "offset"), 0)
    count = len(matches)
    if ascending:
        chosen = matches[offset : offset + limit]
    else:
        high = max(0, count - offset)
        chosen = matches[max(0, high - limit) : high][::-1]
    with state.lock:
        items = [render(data, order) for order in chosen]
    return {"count": count, "items": items}


def summarize(state: SandboxState, data: AceData, params: list[tuple[str, str]]) -> dict[str, Any]:
    """Counts per state and the money spent on finished orders, for the list's filters."""
    matches = _filtered(data, params)
    counts: dict[str, int] = {}
    spent_cents = 0
    for order in matches:
        counts[order.state] = counts.get(order.state, 0) + 1
        if order.state == "Finished":
            spent_cents += order.price_cents
    return {
        "total_count": len(matches),
        "total_spent": spent_cents / 100,
        "state_counts": counts,
    }


def render(data: AceData, order: AceRecord) -> dict[str, Any]:
    """An order as the platform's serializer writes it."""
    service_title, application_type = SERVICES[order.service_index]
    package_title, credits, list_cents = PACKAGES[order.package_index]
    package_id = data.package_ids[order.service_index][order.package_index]
    application_id = data.application_ids[order.service_index]
    return {
        "id": order.order_id,
        "user_id": DEMO_ACE_USER_ID,
        "application_id": application_id,
        "package_id": package_id,
        "amount": credits,
        "price": order.price_cents / 100,
        "discount": order.discount,
        "pay_way": order.pay_way,
        "pay_id": order.pay_id,
        "pay_url": order.pay_url,
        "state": order.state,
        "remaining_amount": order.remaining,
        "applications": [
            {
                "id": application_id,
                "type": application_type,
                "service": {"id": data.service_ids[order.service_index], "title": service_title},
            }
        ],
        "packages": [
            {
                "id": package_id,
                "title": order.package_title or f"{package_title} {credits:,} credits",
                "amount": credits,
                "price": list_cents / 100,
            }
        ],
        "tags": order.tags,
        "metadata": order.metadata,
        "created_at": _wire_time(order.created_us),
        "updated_at": _wire_time(order.updated_us),
    }


def _filtered(data: AceData, params: list[tuple[str, str]]) -> list[AceRecord]:
    """Orders matching the filters, oldest first."""
    states = _choices(params, "state", STATES)
    pay_ways = set(_values(params, "pay_way"))
    since = _time_param(params, "created_at_from")
    until = _time_param(params, "created_at_to")
    low = bisect_left(data.created_keys, since) if since is not None else 0
    high = bisect_right(data.created_keys, until) if until is not None else len(data.orders)
    matches = data.orders[low:high]
    if states:
        matches = [order for order in matches if order.state in states]
    if pay_ways:
        matches = [order for order in matches if order.pay_way in pay_ways]
    return matches


def _values(params: list[tuple[str, str]], name: str) -> list[str]:
    """Every value of a multi-valued filter: repeated keys and comma-separated lists alike."""
    return [
        part.strip()
        for key, value in params
        if key == name
        for part in value.split(",")
        if part.strip()
    ]


def _choices(params: list[tuple[str, str]], name: str, allowed: tuple[str, ...]) -> set[str]:
    values = _values(params, name)
    for value in values:
        if value not in allowed:
            raise BadRequest(
                name, f"Select a valid choice. {value} is not one of the available choices."
            )
    return set(values)


def _last(params: list[tuple[str, str]], name: str) -> str | None:
    # Django's QueryDict.get returns the last value of a repeated key.
    found = None
    for key, value in params:
        if key == name:
            found = value
    return found


def _time_param(params: list[tuple[str, str]], name: str) -> int | None:
    value = _last(params, name)
    if value is None or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadRequest(name, "Enter a valid date/time.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the platform's TIME_ZONE is UTC
    return _micros(moment)


def _positive_int(
    value: str | None, default: int, *, cutoff: int | None = None, strict: bool = False
) -> int:
    """DRF's `_positive_int`: a bad value falls back to the default instead of failing."""
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    if number < 0 or (strict and number == 0):
        return default
    return min(number, cutoff) if cutoff is not None else number


def _micros(moment: datetime) -> int:
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _wire_time(micros: int) -> str:
    """`2024-06-15T10:00:00.000000Z`, as DRF writes aware datetimes."""
    return (EPOCH + timedelta(microseconds=micros)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
