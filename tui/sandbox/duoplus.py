"""The fake DuoPlus API: `POST /api/v1/team/order` as seed 003 documents it.

It speaks from its own data and field names (never the client's wire models), checks the
`DuoPlus-API-Key` header, enforces 1 request per second per endpoint per key, validates every
filter the way the docs describe it, and answers labels in the `Lang` language.

Orders are held as small slotted records sorted by creation time: a date window is two
bisections, and only the page being answered is turned into JSON, so 100,000 orders stay cheap.
"""

from __future__ import annotations

import json
import math
import random
import re
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Final

from starlette.responses import JSONResponse
from starlette.routing import Route

from tui.sandbox.demo import DEMO_DUOPLUS_KEY
from tui.sandbox.hostile import DUOPLUS_DESCRIPTIONS, seeded_positions

if TYPE_CHECKING:
    from starlette.requests import Request

    from tui.sandbox.state import SandboxState

ORDER_LIST_PATH: Final = "/api/v1/team/order"

SERVER_ZONE: Final = timezone(timedelta(hours=8))
"""DuoPlus answers times in GMT+08:00 and defaults its date window in that zone."""

RATE_LIMIT_SECONDS: Final = 0.95
"""1 request/s per endpoint per key, minus 50 ms so loopback jitter is not a violation."""

DEFAULT_WINDOW: Final = timedelta(days=7)
"""The server's window when `created_at_start`/`created_at_end` are missing (documented)."""

DEFAULT_PAGE_SIZE: Final = 10
MAX_PAGE_SIZE: Final = 500
"""Documented default and ceiling of `pagesize`."""

HISTORY: Final = timedelta(days=300)
"""Seeded orders spread over this much of the past, so date filters have something to cut."""

PAYMENT_WINDOW: Final = timedelta(minutes=30)
"""An Unpaid order must be paid within 30 minutes (the seed's 11:34:55 -> 12:04:55)."""

ERROR_CODE_BAD_REQUEST: Final = 400
"""Envelope code of a validation error (answered inside HTTP 200, like the other codes)."""

_ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}$")

UNPAID, CANCELLED, PAID, FAILED, FINISHED, EXPIRED, REFUNDED = range(1, 8)
PURCHASE, RENEWAL, RECHARGE, DEDUCTION, REDEEM, GIFT, REFUND, TRANSFER, RECEIVE = range(1, 10)

LABELS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    # Index 0 is unused so a code indexes its own label.
    "en": {
        "status": ("", "Unpaid", "Cancelled", "Paid", "Failed", "Finished", "Expired", "Refunded"),
        "type": (
            "",
            "Purchase",
            "Renewal",
            "Recharge",
            "Deduction",
            "Redeem",
            "Gift",
            "Refund",
            "Transfer",
            "Receive",
        ),
        "product": (
            "",
            "Subscription Startup",
            "Cloud phone",
            "Balance",
            "Gift",
            "Reset Device Times",
            "Temporary Startup",
            "Change Cloud Drive Plan",
            "Renew Cloud Drive Plan",
            "Technical Service Fee",
            "Cloud Number",
            "AI Credits",
        ),
    },
    "zh": {
        "status": ("", "未支付", "已取消", "已支付", "失败", "已完成", "已过期", "已退款"),
        "type": ("", "购买", "续费", "充值", "扣费", "兑换", "赠送", "退款", "转账", "接收"),
        "product": (
            "",
            "订阅开机",
            "云手机",
            "余额",
            "赠品",
            "重置设备次数",
            "临时开机",
            "更换云盘套餐",
            "续费云盘套餐",
            "技术服务费",
            "云号码",
            "AI积分",
        ),
    },
    "zh-TW": {
        "status": ("", "未支付", "已取消", "已支付", "失敗", "已完成", "已過期", "已退款"),
        "type": ("", "購買", "續費", "儲值", "扣費", "兌換", "贈送", "退款", "轉帳", "接收"),
        "product": (
            "",
            "訂閱開機",
            "雲手機",
            "餘額",
            "贈品",
            "重置設備次數",
            "臨時開機",
            "更換雲碟方案",
            "續費雲碟方案",
            "技術服務費",
            "雲號碼",
            "AI積分",
        ),
    },
}
"""Display labels per `Lang`; other languages fall back to English."""

_STATUS_NAMES: Final[dict[str, int]] = {
    # Normalized names (PROVIDERS.md section 4) so tests can say "processing" too.
    "pending": UNPAID,
    "cancelled": CANCELLED,
    "processing": PAID,
    "failed": FAILED,
    "completed": FINISHED,
    "expired": EXPIRED,
    "refunded": REFUNDED,
}

_SPENDING_TYPES: Final = frozenset({PURCHASE, RENEWAL, DEDUCTION, TRANSFER})
"""Money leaving the team balance: written with a minus sign (`-$21.91`)."""

_PRODUCTS_BY_TYPE: Final[dict[int, tuple[int, ...]]] = {
    PURCHASE: (2, 2, 2, 1, 6, 7, 9, 10, 11),
    RENEWAL: (2, 2, 8, 10, 1),
    RECHARGE: (3,),
    DEDUCTION: (2, 5, 6, 9, 11),
    REDEEM: (4, 3),
    GIFT: (4, 11),
    REFUND: (2, 3),
    TRANSFER: (3,),
    RECEIVE: (3,),
}
"""Products that make sense for each order type, so the data reads like a real team's."""

_PHONE_PRODUCTS: Final = frozenset({1, 2, 5, 6})
"""Products bought for specific cloud phones (the `image_ids` filter finds them)."""

_STATUS_WEIGHTS: Final = ((FINISHED, 60), (PAID, 8), (CANCELLED, 10), (EXPIRED, 8), (FAILED, 4))
_STATUS_WEIGHTS_REFUNDABLE: Final = (*_STATUS_WEIGHTS, (REFUNDED, 6))

_PHONE_REGIONS: Final = (
    "US West",
    "US East",
    "Singapore",
    "Hong Kong",
    "Japan",
    "Germany",
    "UK",
    "Brazil",
)
"""Where a cloud phone runs; each seeded phone keeps one region (told by its id)."""

_PLAN_NAMES: Final = {1: "Daily", 7: "Weekly", 30: "Monthly", 90: "Quarterly", 365: "Annual"}
"""The plan a phone order buys, by its length in days."""

_BALANCE_NOTES: Final = {
    RECHARGE: "Top-up by card",
    REDEEM: "Voucher redeemed",
    REFUND: "Refund to team balance",
    TRANSFER: "Transfer to a member's balance",
    RECEIVE: "Received from a member",
}
"""Balance orders' descriptions, by order type."""


@dataclass(slots=True)
class PhoneOrder:
    """One seeded order: codes and numbers only; labels are chosen per request."""

    order_id: str
    created: int
    """Unix seconds."""
    type_code: int
    product_code: int
    status_code: int
    cents: int
    """Signed: negative is money spent."""
    description: str
    phone_ids: tuple[str, ...]
    expires: int | None = None
    """Unix seconds of the payment deadline (Unpaid orders only)."""


@dataclass
class DuoPlusData:
    """The team's orders, sorted by (created, order_id), with the lookups requests need."""

    orders: list[PhoneOrder]
    created_keys: list[int]
    by_id: dict[str, PhoneOrder]
    phone_ids: tuple[str, ...]
    last_call: dict[tuple[str, str], float] = field(default_factory=dict)
    """(API key, path) -> monotonic time of the last accepted call: the rate limiter."""


class BadRequest(Exception):
    """A filter the real API would refuse; answered as envelope code 400."""


# --- seeding -----------------------------------------------------------------------------------


def seed_data(state: SandboxState) -> DuoPlusData:
    """`state.orders_per_provider` orders from `state.seed`, relative to `state.clock()`."""
    rng = random.Random(f"duoplus:{state.seed}")
    now = int(state.clock().timestamp())
    count = max(0, state.orders_per_provider)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    phones = tuple("".join(rng.choices(alphabet, k=10)) for _ in range(48))
    live_unpaid = min(count, max(3, min(12, count // 50)))
    hostile_at = seeded_positions(DUOPLUS_DESCRIPTIONS, first=live_unpaid)
    # Descriptions for the hostile positions when the hostile strings are off: the main
    # generator draws nothing there either way, so the orders after them do not change.
    spare_descriptions = random.Random(f"duoplus-descriptions:{state.seed}")
    history_seconds = int(HISTORY.total_seconds())
    types = tuple(range(1, 10))
    orders: list[PhoneOrder] = []
    for index in range(count):
        # The first orders pin down the coverage every filter needs: each type and product.
        type_code = types[index % 9] if index < 27 else rng.choice(types)
        product_code = (
            (index % 11) + 1 if 27 <= index < 38 else rng.choice(_PRODUCTS_BY_TYPE[type_code])
        )
        expires = None
        if index < live_unpaid:
            # Made minutes ago and not yet paid: deadlines 5..29 minutes ahead.
            created = now - rng.randrange(60, 25 * 60)
            status_code = UNPAID
            expires = created + int(PAYMENT_WINDOW.total_seconds())
        elif index in hostile_at:
            created = now - rng.randrange(3600, 2 * 86400)
            status_code = FINISHED
        else:
            created = now - 3600 - rng.randrange(history_seconds)
            weights = _STATUS_WEIGHTS_REFUNDABLE if type_code in (1, 2) else _STATUS_WEIGHTS
            status_code = rng.choices([s for s, _ in weights], [w for _, w in weights])[0]
            if index < 40:
                status_code = (index % 7) + 2 if index % 7 < 6 else FINISHED
        cents = 0 if index % 97 == 13 else rng.randrange(50, 30_000)
        if type_code in _SPENDING_TYPES:
            cents = -cents
        own_phones = (
            tuple(rng.sample(phones, rng.randint(1, 3))) if product_code in _PHONE_PRODUCTS else ()
        )
        if index not in hostile_at:
            description = _description(rng, type_code, product_code, own_phones)
        elif state.hostile:
            description = hostile_at[index]
        else:
            description = _description(spare_descriptions, type_code, product_code, own_phones)
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(created + 8 * 3600))
        orders.append(
            PhoneOrder(
                order_id=f"{stamp}{index:06d}",
                created=created,
                type_code=type_code,
                product_code=product_code,
                status_code=status_code,
                cents=cents,
                description=description,
                phone_ids=own_phones,
                expires=expires,
            )
        )
    orders.sort(key=lambda order: (order.created, order.order_id))
    return DuoPlusData(
        orders=orders,
        created_keys=[order.created for order in orders],
        by_id={order.order_id: order for order in orders},
        phone_ids=phones,
    )


def _description(
    rng: random.Random, type_code: int, product_code: int, phones: tuple[str, ...]
) -> str:
    """What a team writes (or the platform fills in) for an order: the plan, region and phones
    of a phone order, the reason for a balance change, the credits or number bought. The draws
    from `rng` are the same whatever the text, so rewording it moves no other seeded value."""
    if rng.random() < 0.15:
        return ""  # the seed shows empty descriptions too
    if phones:
        return _phone_description(rng.choice((1, 7, 30, 90, 365)), product_code, phones)
    if product_code == 3:
        return _BALANCE_NOTES.get(type_code, "Balance adjustment")
    if product_code == 11:
        return f"{rng.choice((1000, 5000, 20000)):,} AI credits"
    if product_code == 10:
        area, exchange, line = rng.randint(200, 999), rng.randint(100, 999), rng.randint(1000, 9999)
        return f"US number +1 {area} {exchange} {line}"
    return ""


def _phone_description(days: int, product_code: int, phones: tuple[str, ...]) -> str:
    """`Monthly plan, Singapore, 2 phones: <ids>`: what an order did for which phones."""
    region = _PHONE_REGIONS[sum(map(ord, phones[0])) % len(_PHONE_REGIONS)]
    count = f"{len(phones)} phones" if len(phones) > 1 else "1 phone"
    what = {
        1: f"{_PLAN_NAMES[days]} subscription",
        5: "Device reset",
        6: f"{days}-day startup",
    }.get(product_code, f"{_PLAN_NAMES[days]} plan")
    return f"{what}, {region}, {count}: {', '.join(phones)}"


def set_order_status(state: SandboxState, order_id: str, status_label: str) -> bool:
    """Move an order to a status given as an English label, a code or a normalized name.

    Unpaid gets a fresh 30-minute deadline; anything else drops the deadline. False when the
    order does not exist; ValueError for a status DuoPlus does not have.
    """
    data: DuoPlusData = state.providers["duoplus"]
    code = _status_code(status_label)
    with state.lock:
        order = data.by_id.get(order_id)
        if order is None:
            return False
        order.status_code = code
        order.expires = (
            int((state.clock() + PAYMENT_WINDOW).timestamp()) if code == UNPAID else None
        )
    return True


def _status_code(label: str) -> int:
    text = label.strip()
    if text.isdigit() and 1 <= int(text) <= 7:
        return int(text)
    for labels in LABELS.values():
        for code, name in enumerate(labels["status"]):
            if code and name.casefold() == text.casefold():
                return code
    if text.casefold() in _STATUS_NAMES:
        return _STATUS_NAMES[text.casefold()]
    raise ValueError(f"DuoPlus has no order status {label!r}")


# --- HTTP --------------------------------------------------------------------------------------


def error_body(status: int, message: str) -> tuple[Any, list[tuple[bytes, bytes]]]:
    """DuoPlus's envelope for an error: the code mirrors the HTTP status, `data` is null."""
    return {"code": status, "data": None, "message": message}, []


def _envelope(code: int, message: str, data: Any = None, http_status: int = 200) -> JSONResponse:
    return JSONResponse({"code": code, "data": data, "message": message}, status_code=http_status)


def routes(state: SandboxState) -> list[Route]:
    async def order_list(request: Request) -> JSONResponse:
        key = request.headers.get("duoplus-api-key", "")
        if key != DEMO_DUOPLUS_KEY:
            message = "API key is missing" if not key else "Invalid or expired API key"
            return _envelope(401, message)
        data: DuoPlusData = state.providers["duoplus"]
        arrived = time.monotonic()
        with state.lock:
            last = data.last_call.get((key, ORDER_LIST_PATH))
            if last is not None and arrived - last < RATE_LIMIT_SECONDS:
                state.rate_limit_violations += 1
                limited = True
            else:
                data.last_call[(key, ORDER_LIST_PATH)] = arrived
                limited = False
        if limited:
            return _envelope(429, "Too many requests, limit 1 per second", http_status=429)
        try:
            body = json.loads(await request.body() or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _envelope(ERROR_CODE_BAD_REQUEST, "Request body must be JSON")
        lang = _language(request.headers.get("lang", "en"))
        try:
            answer = list_orders(state, data, body, lang)
        except BadRequest as error:
            return _envelope(ERROR_CODE_BAD_REQUEST, str(error))
        return _envelope(200, "Success", answer)

    return [Route(ORDER_LIST_PATH, order_list, methods=["POST"])]


def _language(header: str) -> str:
    value = header.strip()
    if value in LABELS:
        return value
    lowered = value.lower()
    if lowered in ("zh-tw", "zh-hk", "zh-hant"):
        return "zh-TW"
    if lowered.startswith("zh"):
        return "zh"
    return "en"


def list_orders(
    state: SandboxState, data: DuoPlusData, body: Any, lang: str = "en"
) -> dict[str, Any]:
    """The `data` of one list answer for a request body; `BadRequest` as the real API would."""
    if not isinstance(body, dict):
        raise BadRequest("Request body must be a JSON object")
    now = state.clock()
    now_seconds = int(now.timestamp())
    end = _time_param(body, "created_at_end", now)
    start = _time_param(body, "created_at_start", end - DEFAULT_WINDOW)
    if start > end:
        raise BadRequest("created_at_start must be the same as or earlier than created_at_end")
    statuses = _codes(body, "status", 7)
    types = _codes(body, "type", 9)
    products = _codes(body, "product_type", 11)
    phones = _strings(body, "image_ids")
    order_id = body.get("order_id")
    if order_id is not None and not isinstance(order_id, str | int):
        raise BadRequest("order_id must be a string")
    sort_by = body.get("sort_by") or "created_at"
    if sort_by not in ("created_at", "total"):
        raise BadRequest("sort_by must be created_at or total")
    direction = body.get("order") or "desc"
    if direction not in ("asc", "desc"):
        raise BadRequest("order must be asc or desc")
    page = _int_param(body, "page", 1, 1, None)
    size = _int_param(body, "pagesize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)

    low = bisect_left(data.created_keys, math.ceil(start.timestamp()))
    high = bisect_right(data.created_keys, int(end.timestamp()))
    if order_id not in (None, ""):
        found = data.by_id.get(str(order_id))
        inside = found is not None and start.timestamp() <= found.created <= end.timestamp()
        candidates = [found] if found is not None and inside else []
    else:
        candidates = data.orders[low:high]
    if statuses:
        candidates = [o for o in candidates if _status_now(o, now_seconds) in statuses]
    if types:
        candidates = [o for o in candidates if o.type_code in types]
    if products:
        candidates = [o for o in candidates if o.product_code in products]
    if phones:
        wanted = set(phones)
        candidates = [o for o in candidates if wanted.intersection(o.phone_ids)]
    descending = direction == "desc"
    if sort_by == "total":
        candidates = sorted(
            candidates, key=lambda o: (o.cents, o.created, o.order_id), reverse=descending
        )
    elif descending:
        candidates = candidates[::-1]
    total = len(candidates)
    chosen = candidates[(page - 1) * size : page * size]
    labels = LABELS[lang]
    return {
        "list": [_render(order, labels, now_seconds) for order in chosen],
        "page": page,
        "pagesize": size,
        "total": total,
        "total_page": math.ceil(total / size),
    }


def _status_now(order: PhoneOrder, now_seconds: int) -> int:
    # An Unpaid order whose deadline passed has expired, as on the real service.
    if order.status_code == UNPAID and order.expires is not None and order.expires <= now_seconds:
        return EXPIRED
    return order.status_code


def _render(
    order: PhoneOrder, labels: dict[str, tuple[str, ...]], now_seconds: int
) -> dict[str, Any]:
    status = _status_now(order, now_seconds)
    live = status == UNPAID and order.expires is not None
    return {
        "type": labels["type"][order.type_code],
        "order_id": order.order_id,
        "product": labels["product"][order.product_code],
        "description": order.description,
        "status": labels["status"][status],
        "total": _money_text(order.cents),
        "created_at": _server_time(order.created),
        "expired_at": _server_time(order.expires) if live and order.expires else "",
        "expired_seconds": max(0, order.expires - now_seconds) if live and order.expires else 0,
    }


def _money_text(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100}.{abs(cents) % 100:02d}"


def _server_time(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, SERVER_ZONE).isoformat(timespec="seconds")


def _time_param(body: dict[str, Any], name: str, default: datetime) -> datetime:
    value = body.get(name)
    if value in (None, ""):
        return default
    if not isinstance(value, str) or not _ISO_WITH_OFFSET.match(value):
        raise BadRequest(f"{name} must be ISO 8601 like 2026-03-16T00:00:00+08:00")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} is not a valid date and time") from None


def _codes(body: dict[str, Any], name: str, highest: int) -> frozenset[int]:
    values = _strings(body, name)
    if any(not value.isdigit() or not 1 <= int(value) <= highest for value in values):
        raise BadRequest(f"{name} values must be numeric strings from 1 to {highest}")
    return frozenset(int(value) for value in values)


def _strings(body: dict[str, Any], name: str) -> list[str]:
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise BadRequest(f"{name} must be an array of strings")
    return value


def _int_param(
    body: dict[str, Any], name: str, default: int, lowest: int, highest: int | None
) -> int:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest(f"{name} must be an integer")
    if value < lowest:
        raise BadRequest(f"{name} must be at least {lowest}")
    if highest is not None and value > highest:
        raise BadRequest(f"{name} cannot exceed {highest}")
    return value
