"""The fake Huawei Cloud Billing Center (BSS): the customer order list and detail under their
real paths, so the official `huaweicloudsdkbss` pointed at the sandbox works unchanged.

Authentication is the IES gateway's (`cloudpond.py`): an AK/SK signature checked over the raw
path and query, or an IAM token the sandbox issued; `X-Domain-Id`, when sent, must be the demo
account's. Filters are validated as the API documents them (one value each, `yyyy-MM-ddTHH:mm:ssZ`
times, a window of at most a year) and refused with `CBC.0100`; an unknown order is
`CBC.30000010`. The data and how it moves over time live in `huawei_bss_seed.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from starlette.routing import Route

from tui.sandbox import cloudpond
from tui.sandbox.demo import DEMO_DOMAIN_ID

# Re-exported: the sandbox app seeds every provider through its router module.
from tui.sandbox.huawei_bss_seed import (
    COMPLETED,
    PAYMENT_WINDOW,
    PENDING_PAYMENT,
    BillingOrder,
    BssData,
    line_item_json,
    order_json,
)
from tui.sandbox.huawei_bss_seed import seed_data as seed_data

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from tui.sandbox.state import SandboxState

ORDERS_PATH: Final = "/v2/orders/customer-orders"
DETAILS_PATH: Final = "/v2/orders/customer-orders/details/{order_id}"

DEFAULT_LIMIT: Final = 10
"""The documented default of `limit` (list and line items alike)."""

MAX_LIMIT: Final = 1000
"""The largest `limit` the fake accepts; the client asks for 100."""

MAX_WINDOW: Final = timedelta(days=366)
"""The documented ceiling of `create_time_end - create_time_begin` ("one year")."""

TIME_FORMAT: Final = "%Y-%m-%dT%H:%M:%SZ"

_STATUS_CODES: Final = {
    400: "CBC.0100",
    401: "APIGW.0301",
    403: "CBC.0151",
    404: "CBC.30000010",
    429: "APIGW.0308",
}

_STATUS_NAMES: Final = {"pending": PENDING_PAYMENT, "completed": COMPLETED, "cancelled": 4}


class BadParameter(ValueError):
    """A query parameter the API refuses with `CBC.0100`."""


def error_body(status: int, message: str) -> tuple[Any, list[tuple[bytes, bytes]]]:
    """A Billing Center error body and its `X-Request-Id`, for any status."""
    code = _STATUS_CODES.get(status, "APIGW.0203" if status in (502, 503, 504) else "CBC.0999")
    body, headers = cloudpond.error_body(status, message)
    return {**body, "error_code": code}, headers


def _data(state: SandboxState) -> BssData:
    data: BssData = state.providers["huawei_bss"]  # the state holds each provider untyped
    return data


async def _guard(request: Request, state: SandboxState) -> Response | None:
    """AK/SK or an IAM token, as the IES gateway checks them; then the account."""
    header = request.headers.get("authorization")
    token = request.headers.get("x-auth-token")
    if header:
        refused = await cloudpond.check_aksk(request, header)
    elif token:
        refused = cloudpond.check_token(token, state.providers["cloudpond"])
    else:
        refused = cloudpond.error(401, "APIGW.0301", "Incorrect IAM authentication information")
    if refused is not None:
        return refused
    domain = request.headers.get("x-domain-id")
    if domain is not None and domain != DEMO_DOMAIN_ID:
        return cloudpond.error(403, "CBC.0151", "Access denied: X-Domain-Id is not this account")
    return None


async def list_orders(request: Request, state: SandboxState) -> Response:
    try:
        keep, limit, offset, newest_first = _list_query(request.query_params)
    except BadParameter as problem:
        return cloudpond.error(400, "CBC.0100", f"Parameter error: {problem}")
    data = _data(state)
    with state.lock:
        data.settle(state.clock())
        matches = [order for order in data.orders if keep(order)]
        if newest_first:
            matches.reverse()
        page = [order_json(order) for order in matches[offset : offset + limit]]
    return cloudpond.ok({"total_count": len(matches), "order_infos": page})


async def show_order(request: Request, state: SandboxState) -> Response:
    query = request.query_params
    try:
        limit = _int(query.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, "limit")
        offset = _int(query.get("offset"), 0, 0, 2**31 - 1, "offset")
    except BadParameter as problem:
        return cloudpond.error(400, "CBC.0100", f"Parameter error: {problem}")
    data = _data(state)
    order_id = request.path_params["order_id"]
    with state.lock:
        data.settle(state.clock())
        order = data.by_id.get(order_id)
        if order is None:
            return cloudpond.error(400, "CBC.30000010", "Invalid order (the order may not exist).")
        lines = range(len(order.line_items))[offset : offset + limit]
        body = {
            "total_count": len(order.line_items),
            "order_info": order_json(order, detail=True),
            "order_line_items": [line_item_json(order, index) for index in lines],
        }
    return cloudpond.ok(body)


def _list_query(query: Any) -> tuple[Any, int, int, bool]:
    """(which orders match, limit, offset, newest first) from the list call's query."""
    limit = _int(query.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, "limit")
    offset = _int(query.get("offset"), 0, 0, 2**31 - 1, "offset")
    status = _int(query.get("status"), None, 1, 99, "status")
    order_type = _int(query.get("order_type"), None, 1, 99, "order_type")
    begin = _time(query.get("create_time_begin"), "create_time_begin")
    end = _time(query.get("create_time_end"), "create_time_end")
    if begin and end and end - begin > MAX_WINDOW:
        raise BadParameter("the creation time window may not exceed one year")
    service = (query.get("service_type_code") or "").casefold()
    order_id = query.get("order_id") or None
    order_by = (query.get("order_by") or "-createTime").casefold()
    if order_by not in ("createtime", "-createtime"):
        raise BadParameter(f"order_by {query.get('order_by')!r}")
    method = query.get("method") or "oneself"
    if method not in ("oneself", "sub_customer"):
        raise BadParameter(f"method {method!r}")

    def keep(order: BillingOrder) -> bool:
        return (
            method == "oneself"
            and (status is None or order.status == status)
            and (order_type is None or order.order_type == order_type)
            and (not service or order.service.casefold() == service)
            and (order_id is None or order.order_id == order_id)
            and (begin is None or order.created >= begin)
            and (end is None or order.created <= end)
        )

    return keep, limit, offset, order_by.startswith("-")


def _int(text: str | None, default: Any, low: int, high: int, name: str) -> Any:
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadParameter(f"{name} must be an integer, not {text!r}") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be {low}..{high}")
    return value


def _time(text: str | None, name: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise BadParameter(f"{name} must be yyyy-MM-ddTHH:mm:ssZ, not {text!r}") from None


def routes(state: SandboxState) -> list[Route]:
    """The list and the detail call, each behind the gateway's checks."""

    def guarded(handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            refused = await _guard(request, state)
            return refused if refused is not None else await handler(request, state)

        return endpoint

    return [
        Route(ORDERS_PATH, guarded(list_orders), methods=["GET"]),
        Route(DETAILS_PATH, guarded(show_order), methods=["GET"]),
    ]


def set_order_status(state: SandboxState, order_id: str, status: str) -> bool:
    """Move an order to a status code or a normalized name (`pending` opens a fresh payment
    window, `completed` pays now); False when the order does not exist."""
    text = status.strip().casefold()
    code = int(text) if text.isdigit() else _STATUS_NAMES.get(text)
    if code is None:
        raise ValueError(f"the Billing Center has no order status {status!r}")
    data = _data(state)
    with state.lock:
        order = data.by_id.get(order_id)
        if order is None:
            return False
        now = state.clock()
        order.status = code
        order.pays_at = None
        if code == PENDING_PAYMENT:
            order.deadline = now + PAYMENT_WINDOW
            data.pending.append(order)
        if code == COMPLETED:
            order.paid = now
    return True
