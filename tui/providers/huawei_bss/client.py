"""The Huawei Cloud billing client: customer orders of the Billing Center (BSS).

`GET /v2/orders/customer-orders` lists (limit/offset, `total_count`, one value per filter);
`GET /v2/orders/customer-orders/details/{order_id}` adds the line items and, for an order
pending payment, its deadline `pending_payment_end_time`, which the list items lack. So a list
page reads its pending orders' details too, a few at a time: the rest need none.

Signed like CloudPond (the same AK/SK signer, IAM token or pasted token, `X-Domain-Id`); errors
are the API gateway's and the Billing Center's `{"error_code": "CBC.xxxx", "error_msg"}`.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

from tui.errors import AccessDenied, NotFound, ProviderError, TransportError, UnsupportedQuery
from tui.orders import Cursor, Filter, Kind, Money, Order, OrderQuery, Page, SortField, Status
from tui.providers.base import (
    Capabilities,
    Pagination,
    check_query,
    numeric_cursor,
    parse_model,
    walk_offset_pages,
)
from tui.providers.client import BaseClient, ErrorRule
from tui.providers.cloudpond.client import ERROR_RULES as GATEWAY_RULES
from tui.providers.cloudpond.client import error_from_response, make_auth
from tui.providers.huawei_bss.models import (
    CODE_OF_STATUS,
    DETAILS_PATH,
    KIND_OF_ORDER_TYPE,
    MEASURE_YUAN,
    ORDER_TYPE_OF_KIND,
    ORDER_TYPE_WORDS,
    ORDERS_PATH,
    PENDING_PAYMENT,
    SERVICE_TYPES,
    SOURCE_TYPE_WORDS,
    STATUS_OF_CODE,
    STATUS_WORDS,
    CustomerOrder,
    CustomerOrderDetail,
    ListCustomerOrdersResponse,
    OrderLineItem,
    ShowCustomerOrderDetailsResponse,
)
from tui.providers.huawei_bss.profile import ENTRY, HuaweiBssProfile

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Mapping

    import httpx
    from pydantic import SecretStr

    from tui.config import ProfileBase
    from tui.providers.registry import OpenOptions

MAX_PAGE_SIZE: Final = 100
"""The largest `limit` we ask for: the API documents only its default (10); 100 is what
Huawei's list APIs take everywhere, and ten pages load a thousand orders."""

CONCURRENT_PAGES: Final = 4
"""Pages "load all" asks for at once: offsets allow random access and no rate limit is
documented for the order list (the gateway's 429 is retried below us)."""

DETAIL_CONCURRENCY: Final = 4
"""Detail calls in flight for one page's pending orders: a page rarely holds more than a few,
and four keep a page of many from queueing behind one another without flooding the API."""

LINE_ITEMS_LIMIT: Final = 100
"""Line items read with an order's detail: an order rarely has more than a handful."""

MAX_WINDOW: Final = timedelta(days=366)
"""The API refuses a creation-time window over one year (a leap year's included)."""

ERROR_RULES: Final = (
    *GATEWAY_RULES,
    # "Invalid order (it may not exist)": a 400, but to a person it is "no such order".
    ErrorRule(NotFound, frozenset(), frozenset({"CBC.30000010"})),
    ErrorRule(AccessDenied, frozenset(), frozenset({"CBC.0151", "CBC.0155"})),
)
"""The API gateway's statuses and codes (as CloudPond's), then the Billing Center's."""

CAPABILITIES: Final = Capabilities(
    filters=frozenset(
        {Filter.STATUS, Filter.ORDER_ID, Filter.CREATED_RANGE, Filter.KIND, Filter.PRODUCT_TYPE}
    ),
    sortable=frozenset({SortField.CREATED_AT}),
    pagination=Pagination.OFFSET,
    max_page_size=MAX_PAGE_SIZE,
    has_detail=True,
    concurrent_pages=CONCURRENT_PAGES,
    statuses=frozenset(CODE_OF_STATUS),
    kinds=frozenset(ORDER_TYPE_OF_KIND),
    product_types=SERVICE_TYPES,
)
"""What the order list filters server-side: one status, one order type, one service type,
a creation window of at most a year, an order id; sorted by creation time."""


class HuaweiBssClient(BaseClient):
    """One Huawei Cloud account's billing orders as an orderdeck provider."""

    name = ENTRY.display_name
    error_rules = ERROR_RULES
    capabilities = CAPABILITIES

    def __init__(
        self,
        profile: HuaweiBssProfile,
        secrets: Mapping[str, SecretStr],
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.profile = profile
        self.auth = make_auth(profile, secrets, self.name)
        headers = {"Accept": "application/json", "X-Language": _language(profile)}
        super().__init__(profile, headers=headers, auth=self.auth, transport=transport)
        self._details = asyncio.Semaphore(DETAIL_CONCURRENCY)
        self._deadline_flights: dict[str, asyncio.Future[datetime | None]] = {}

    # --- Provider protocol -----------------------------------------------------------------

    async def list_orders(self, query: OrderQuery, cursor: Cursor | None = None) -> Page[Order]:
        check_query(self.name, self.capabilities, query)
        page, _ = await self._fetch_page(query, _offset(cursor))
        return page

    async def get_order(self, order_id: str) -> Order:
        if not order_id.strip():
            raise NotFound(self.name, "an empty order id names no order")
        data, response = await self._send(
            "GET",
            DETAILS_PATH + quote(order_id, safe=""),
            params=[("limit", str(LINE_ITEMS_LIMIT)), ("offset", "0")],
        )
        parsed = parse_model(self.name, ShowCustomerOrderDetailsResponse, data, response)
        detail = parsed.order_info
        return self.to_order(
            detail, data["order_info"], detail.pending_payment_end_time, parsed.order_line_items
        )

    async def iter_pages(self, query: OrderQuery) -> AsyncIterator[Page[Order]]:
        check_query(self.name, self.capabilities, query)
        async for page in walk_offset_pages(
            self.name, lambda offset: self._fetch_page(query, offset), CONCURRENT_PAGES
        ):
            yield page

    # --- the list call ---------------------------------------------------------------------

    def list_params(self, query: OrderQuery, offset: int) -> list[tuple[str, str]]:
        """The list call's query string for one page (public for tests and dry runs)."""
        params = [
            ("limit", str(query.page_size)),
            ("offset", str(offset)),
            ("order_by", "-createTime" if query.descending else "createTime"),
        ]
        params.extend(self.filter_params(query))
        return params

    def filter_params(self, query: OrderQuery) -> list[tuple[str, str]]:
        """The query's filters as the API takes them: one value each."""
        params: list[tuple[str, str]] = []
        status = _one(self.name, "status", [CODE_OF_STATUS.get(s) for s in query.statuses])
        if status is not None:
            params.append(("status", str(status)))
        kind = _one(self.name, "order type", [ORDER_TYPE_OF_KIND.get(k) for k in query.kinds])
        if kind is not None:
            params.append(("order_type", str(kind)))
        service = _one(self.name, "service type", list(query.product_types))
        if service is not None:
            params.append(("service_type_code", service))
        if query.order_id:
            params.append(("order_id", query.order_id))
        params.extend(_window(self.name, query.since, query.until))
        return params

    async def _fetch_page(self, query: OrderQuery, offset: int) -> tuple[Page[Order], int]:
        """One page (its pending orders' deadlines read) and the stride to the next."""
        params = self.list_params(query, offset)
        data, response = await self._send("GET", ORDERS_PATH, params=params)
        listing = parse_model(self.name, ListCustomerOrdersResponse, data, response)
        raw_orders: list[Any] = data["order_infos"] if listing.order_infos else []
        deadlines = await self._deadlines(
            [wire.order_id for wire in listing.order_infos if wire.status == PENDING_PAYMENT]
        )
        orders = [
            self.to_order(wire, raw, deadlines.get(wire.order_id))
            for wire, raw in zip(listing.order_infos, raw_orders, strict=True)
        ]
        count = listing.total_count
        stride = len(orders) if 0 < len(orders) < query.page_size else query.page_size
        following = offset + len(orders)
        more = bool(orders) and (
            following < count if count is not None else len(orders) >= query.page_size
        )
        return Page(orders, next_cursor=following if more else None, total=count), stride

    async def _deadlines(self, order_ids: list[str]) -> dict[str, datetime]:
        """Payment deadlines of pending orders from their detail calls, a few at a time. Best
        effort: an order whose detail cannot be read is listed without a deadline rather than
        costing the whole page (its detail, opened, shows the error)."""

        found = await asyncio.gather(*(self._deadline(order_id) for order_id in order_ids))
        pairs = zip(order_ids, found, strict=True)
        return {order_id: moment for order_id, moment in pairs if moment is not None}

    async def _deadline(self, order_id: str) -> datetime | None:
        """One pending order's deadline. The table's refresh and the payments watch read the
        same pending orders: a caller asking while that detail is already in flight shares
        the call instead of sending it again. The call finishes even if its first caller is
        cancelled (a newer load took over), for whoever else waits on it."""
        flight = self._deadline_flights.get(order_id)
        if flight is None:
            flight = asyncio.ensure_future(self._read_deadline(order_id))
            self._deadline_flights[order_id] = flight

            def landed(done: asyncio.Future[datetime | None]) -> None:
                if self._deadline_flights.get(order_id) is done:
                    del self._deadline_flights[order_id]
                if not done.cancelled():
                    done.exception()  # retrieved: waiters get it raised; there may be none

            flight.add_done_callback(landed)
        return await asyncio.shield(flight)

    async def _read_deadline(self, order_id: str) -> datetime | None:
        async with self._details:
            with contextlib.suppress(ProviderError, TransportError):
                return (await self.get_order(order_id)).expires_at
        return None

    # --- errors ----------------------------------------------------------------------------

    def error_from_response(self, response: httpx.Response) -> ProviderError:
        return error_from_response(self.name, response, ERROR_RULES)

    def unwrap(self, data: Any, response: httpx.Response) -> Any:
        if isinstance(data, dict) and data.get("error_code") and data.get("error_msg"):
            # A gateway that answers an error inside HTTP 200: show its code and message.
            raise self.error_from_response(response)
        return data

    # --- wire -> Order ---------------------------------------------------------------------

    def to_order(
        self,
        wire: CustomerOrder | CustomerOrderDetail,
        raw: Mapping[str, Any],
        deadline: datetime | None = None,
        line_items: list[OrderLineItem] | None = None,
    ) -> Order:
        """A wire order as the dashboard sees it; `deadline` from its detail when pending."""
        status = STATUS_OF_CODE.get(wire.status, Status.UNKNOWN) if wire.status else Status.UNKNOWN
        pending = status is Status.PENDING
        amount, amount_note = _money(wire)
        return Order(
            provider=ENTRY.key,
            profile=self.profile.name,
            id=wire.order_id,
            title=_title(wire),
            status=status,
            status_raw=_in_words(STATUS_WORDS, wire.status),
            kind=KIND_OF_ORDER_TYPE.get(wire.order_type or 0, Kind.UNKNOWN),
            amount=amount,
            created_at=wire.create_time,
            updated_at=wire.payment_time,
            expires_at=deadline if pending else None,
            pay_url=self.profile.console_url if pending else None,
            extra=_extra(wire, amount_note, deadline if pending else None, line_items),
            raw=dict(raw),
        )


def _language(profile: HuaweiBssProfile) -> str:
    """`X-Language` of the detail call: names in Chinese on the Chinese site, else English."""
    return "zh_CN" if profile.site == "cn" else "en_US"


def _offset(cursor: Cursor | None) -> int:
    return numeric_cursor(ENTRY.display_name, cursor, first=0, unit="offset")


def _one(provider: str, what: str, values: list[Any]) -> Any:
    """The one value a filter sends; the API takes one per filter, so two are refused."""
    if not values:
        return None
    if None in values:
        raise UnsupportedQuery(f"{provider} cannot filter by that {what}")
    if len(set(values)) > 1:
        raise UnsupportedQuery(f"{provider} filters by one {what} at a time")
    return values[0]


def _window(provider: str, since: datetime | None, until: datetime | None) -> list[tuple[str, str]]:
    """`create_time_begin`/`create_time_end` (UTC, `yyyy-MM-ddTHH:mm:ssZ`), at most a year."""
    if since is not None and until is not None and until - since > MAX_WINDOW:
        raise UnsupportedQuery(f"{provider} lists at most one year of orders at a time")
    params = []
    if since is not None:
        params.append(("create_time_begin", _wire_time(since)))
    if until is not None:
        params.append(("create_time_end", _wire_time(until)))
    return params


def _wire_time(moment: datetime) -> str:
    """A naive datetime is local time (what a person typed)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _in_words(words: Mapping[int, str], code: int | None) -> str:
    """`pending payment (6)`; an undocumented code as its number."""
    if code is None:
        return ""
    word = words.get(code)
    return f"{word} ({code})" if word else str(code)


def _title(wire: CustomerOrder | CustomerOrderDetail) -> str:
    service = wire.service_type_name or SERVICE_TYPES.get(wire.service_type_code or "")
    order_type = ORDER_TYPE_WORDS.get(wire.order_type or 0)
    parts = [part for part in (service or wire.service_type_code, order_type) if part]
    return ": ".join(parts) or wire.order_id


def _money(wire: CustomerOrder | CustomerOrderDetail) -> tuple[Money | None, str | None]:
    """What the order costs, or None and why: an amount in another unit than whole units of
    its currency (`measure_id` != 1), or without a currency, is shown, never guessed."""
    amount = wire.amount_after_discount
    if amount is None:
        return None, None
    if wire.measure_id not in (None, MEASURE_YUAN):
        return None, f"{amount} in unit {wire.measure_id} (not read)"
    if not wire.currency:
        return None, f"{amount} (no currency given)"
    return Money(amount, wire.currency.upper()), None


def _extra(
    wire: CustomerOrder | CustomerOrderDetail,
    amount_note: str | None,
    deadline: datetime | None,
    line_items: list[OrderLineItem] | None,
) -> dict[str, Any]:
    """The order's `extra`: the provider fields worth showing, labelled."""
    info = wire.amount_info
    extra: dict[str, Any] = {
        "Order type": _in_words(ORDER_TYPE_WORDS, wire.order_type) or None,
        "Service type": wire.service_type_code,
        "Amount": amount_note,
        "Official amount": _number(wire.official_amount),
        "Coupons": _number(info.coupon_amount) if info else None,
        "Stored-value cards": _number(info.stored_card_amount) if info else None,
        "Pay by": deadline.isoformat() if deadline else None,
        "Paid at": wire.payment_time.isoformat() if wire.payment_time else None,
        "Source": _in_words(SOURCE_TYPE_WORDS, wire.source_type) or None,
        "Contract": wire.contract_id,
        "Sub-orders": len(wire.sub_order_infos) if wire.sub_order_infos else None,
    }
    if isinstance(wire, CustomerOrderDetail):
        extra["User"] = wire.user_name
    if line_items:
        extra["Line items"] = "; ".join(_line_item(item) for item in line_items)
    return {label: value for label, value in extra.items() if value is not None}


def _line_item(item: OrderLineItem) -> str:
    name = item.product_spec_desc or item.service_type_name or item.product_id or "item"
    count = f" x{item.subscription_num}" if item.subscription_num else ""
    price = f" {_number(item.amount_after_discount)}" if item.amount_after_discount else ""
    currency = f" {item.currency}" if price and item.currency else ""
    return f"{name}{count}{price}{currency}"


def _number(value: Any) -> str | None:
    return None if value is None else f"{value:,.2f}"


def open_client(
    profile: ProfileBase, secrets: Mapping[str, SecretStr], options: OpenOptions
) -> HuaweiBssClient:
    """The registry's opener (see `ENTRY` in this package)."""
    assert isinstance(profile, HuaweiBssProfile)  # the registry opens a profile with its own entry
    return HuaweiBssClient(profile, secrets, transport=options.transport)
