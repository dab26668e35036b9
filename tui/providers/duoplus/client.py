"""The DuoPlus cloud phone order client: `POST /api/v1/team/order`, normalized to `Order`.

DuoPlus allows 1 request per second per endpoint per API key. The shared throttle spaces our
calls before they leave (across tasks and across clients holding the same key), and the retry
transport repeats the read-only list call when the server still says "too many".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import httpx

from tui import errors
from tui.display import utc_now
from tui.orders import Cursor, Filter, Order, OrderQuery, Page, SortField, Status
from tui.providers.base import (
    Capabilities,
    Pagination,
    check_query,
    fetch_indexed_pages,
    numeric_cursor,
    parse_model,
    request_id_of,
)
from tui.providers.client import BaseClient, ErrorRule
from tui.providers.duoplus.models import (
    BEIJING,
    KIND_CODE_OF,
    MAX_PAGE_SIZE,
    ORDER_LIST_PATH,
    PRODUCT_TYPES,
    STATUS_CODE_OF,
    Envelope,
    OrderItem,
    OrderListData,
    OrderListRequest,
    kind_of,
    status_of,
)
from tui.providers.duoplus.plain_orders import plain_orders
from tui.providers.duoplus.profile import ENTRY, DuoPlusProfile
from tui.providers.http import (
    fingerprint,
)
from tui.providers.registry import OpenOptions

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Mapping

    from pydantic import SecretStr

    from tui.config import ProfileBase


THROTTLE_INTERVAL: Final = 1.1
"""Seconds between two calls to one endpoint: the documented 1/s plus 100 ms for jitter."""

DEFAULT_LOOKBACK: Final = timedelta(days=365)
"""Window sent when the query has no dates: the server's own default (7 days) hides most
orders, and a year covers renewals of yearly plans."""

FUTURE_MARGIN: Final = timedelta(hours=1)
"""`created_at_end` runs this far past our clock, so an order made a moment ago on a server
whose clock is ahead of ours is not cut off."""

LOOKUP_LOOKBACK: Final = timedelta(days=3 * 366)
"""Window for `get_order` (no detail endpoint: the list is searched by order id)."""

CONCURRENT_PAGES: Final = 4
"""Pages "load all" requests at once; the throttle still lets only one leave per interval."""

ENVELOPE_SNIFF_LIMIT: Final = 64 * 1024
"""Bodies up to this size are checked for an envelope 429; an over-limit answer carries no data,
so a larger body is a real page and is passed through unread."""

ERROR_RULES: Final = (
    ErrorRule(errors.AuthError, frozenset({401}), frozenset({"401"})),
    ErrorRule(errors.RateLimited, frozenset({429}), frozenset({"429"})),
)
"""HTTP status or envelope code; DuoPlus documents no other error it means one way."""

CAPABILITIES: Final = Capabilities(
    filters=frozenset(
        {
            Filter.STATUS,
            Filter.ORDER_ID,
            Filter.CREATED_RANGE,
            Filter.KIND,
            Filter.PRODUCT_TYPE,
            Filter.PHONE_IDS,
        }
    ),
    sortable=frozenset({SortField.CREATED_AT, SortField.AMOUNT}),
    pagination=Pagination.PAGE,
    max_page_size=MAX_PAGE_SIZE,
    has_detail=False,
    can_create=False,
    requests_per_second=1,
    concurrent_pages=CONCURRENT_PAGES,
    statuses=frozenset(STATUS_CODE_OF),
    kinds=frozenset(KIND_CODE_OF),
    product_types=PRODUCT_TYPES,
)
"""What DuoPlus's order list can do server-side (seed 003)."""

_LISTING_NUMBERS: Final = (("page", 1), ("pagesize", 10), ("total", 0), ("total_page", 0))
"""The list answer's counts and their defaults, as `OrderListData` declares them."""

_SORT_FIELDS: Final[Mapping[SortField, str]] = {
    SortField.CREATED_AT: "created_at",
    SortField.AMOUNT: "total",
}


class EnvelopeRateLimitTransport(httpx.AsyncBaseTransport):
    """Turns an HTTP 200 whose envelope says `code: 429` into an HTTP 429 response.

    DuoPlus's over-limit answer is unconfirmed (HTTP 429, or code 429 inside a 200). Sitting
    below the retry transport, this makes both look the same, so both are retried the same way.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if response.status_code != 200:
            return response
        length = response.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > ENVELOPE_SNIFF_LIMIT:
            return response
        headers = response.headers
        try:
            if response.is_stream_consumed:
                # Read below us already (a mock's answer, a recording transport's): its stream
                # is spent, and iterating a spent network stream again spins forever inside
                # httpcore without yielding. The decoded body is what there is, and the
                # encoding headers no longer describe it.
                raw = response.content
                headers = httpx.Headers(
                    [
                        (name, value)
                        for name, value in response.headers.multi_items()
                        if name.lower() not in ("content-encoding", "content-length")
                    ]
                )
            else:
                raw = b"".join([chunk async for chunk in response.aiter_raw()])
        finally:
            await response.aclose()
        status = 429 if _is_envelope_429(raw, headers) else 200
        return httpx.Response(
            status,
            headers=headers,
            stream=httpx.ByteStream(raw),
            extensions=response.extensions,
            request=request,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


def _is_envelope_429(raw: bytes, headers: httpx.Headers) -> bool:
    if len(raw) > ENVELOPE_SNIFF_LIMIT:
        return False
    # A throwaway response decodes any content encoding the way the client will.
    decoded = httpx.Response(200, headers=headers, content=raw).content
    try:
        body = json.loads(decoded)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(body, dict) and str(body.get("code")) == "429"


class DuoPlusClient(BaseClient):
    """One DuoPlus team (one API key) as an orderdeck provider."""

    name = ENTRY.display_name
    error_rules = ERROR_RULES
    capabilities = CAPABILITIES

    def __init__(
        self,
        profile: DuoPlusProfile,
        secrets: Mapping[str, SecretStr],
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.profile = profile
        self._clock = clock
        """"Now" for the default date window and for `expired_seconds` deadlines."""
        api_key = secrets["api_key"].get_secret_value()
        super().__init__(
            profile,
            headers={
                "DuoPlus-API-Key": api_key,
                "Content-Type": "application/json",
                "Lang": profile.lang,
            },
            transport=transport,
            # One budget per key and server: every client holding this key shares it.
            throttle_interval=THROTTLE_INTERVAL,
            throttle_key=(fingerprint(api_key), profile.endpoint),
            wrap=EnvelopeRateLimitTransport,
        )

    # --- Provider protocol -----------------------------------------------------------------

    async def list_orders(self, query: OrderQuery, cursor: Cursor | None = None) -> Page[Order]:
        page, _ = await self._fetch_page(query, _page_number(cursor))
        return page

    async def get_order(self, order_id: str) -> Order:
        now = self._clock()
        query = OrderQuery(
            order_id=order_id,
            since=now - LOOKUP_LOOKBACK,
            until=now + FUTURE_MARGIN,
            page_size=10,
        )
        page, _ = await self._fetch_page(query, 1)
        for order in page.items:
            if order.id == order_id:
                return order
        raise errors.NotFound(self.name, f"no order {order_id!r} in this team")

    async def iter_pages(self, query: OrderQuery) -> AsyncIterator[Page[Order]]:
        first, total_pages = await self._fetch_page(query, 1)
        if first.next_cursor is None:
            yield first
            return

        async def fetch(cursor: Cursor) -> Page[Order]:
            page, _ = await self._fetch_page(query, int(cursor))
            return page

        cursors = range(2, total_pages + 1)
        async for page in fetch_indexed_pages(first, cursors, fetch, CONCURRENT_PAGES, self.name):
            yield page

    # --- the wire --------------------------------------------------------------------------

    def request_for(self, query: OrderQuery, page: int) -> OrderListRequest:
        """The list call's body for a query (public so the CLI can show a dry run)."""
        check_query(self.name, self.capabilities, query)
        now = self._clock()
        until = query.until or now + FUTURE_MARGIN
        since = query.since or until - DEFAULT_LOOKBACK
        return OrderListRequest(
            created_at_start=_wire_time(since),
            created_at_end=_wire_time(until),
            image_ids=list(query.phone_ids) or None,
            order_id=query.order_id or None,
            status=_codes("status", query.statuses, STATUS_CODE_OF),
            type=_codes("order kind", query.kinds, KIND_CODE_OF),
            product_type=_product_codes(query.product_types),
            # Always an explicit order: concurrent page fetches need a stable one.
            sort_by=_SORT_FIELDS[query.sort_by or SortField.CREATED_AT],
            order="desc" if query.descending else "asc",
            page=page,
            pagesize=query.page_size,
        )

    async def _fetch_page(self, query: OrderQuery, page: int) -> tuple[Page[Order], int]:
        body = self.request_for(query, page).body()
        data, response = await self._call(ORDER_LIST_PATH, body)
        listing = self._plain_listing(data)
        if listing is None:
            listing = self._modelled_listing(data, response)
        orders, page_number, total, total_pages = listing
        total_pages = max(total_pages, 0)
        next_cursor = page_number + 1 if page_number < total_pages and orders else None
        return Page(orders, next_cursor=next_cursor, total=total), total_pages

    def _plain_listing(self, data: Any) -> tuple[list[Order], int, int, int] | None:
        """(orders, page, total, total_page) through the fast path (`plain_orders`), or None
        when the answer is not plain enough for it: then the wire models read it."""
        if type(data) is not dict or "orders" in data:
            # `orders` is the model's own name for `list`: the model would read it instead.
            return None
        items = data.get("list")
        numbers = [data.get(name, default) for name, default in _LISTING_NUMBERS]
        if not (items is None or type(items) is list) or any(
            type(number) is not int for number in numbers
        ):
            return None
        orders = self.fast_path(
            lambda: plain_orders(
                items or [],
                provider=ENTRY.key,
                profile=self.profile.name,
                clock=self._clock,
                fallback=self._modelled_order,
            )
        )
        if orders is None:
            return None
        page_number, _, total, total_pages = numbers
        return orders, page_number, total, total_pages

    def _modelled_order(self, raw: Any) -> Order:
        return self.to_order(OrderItem.model_validate(raw), raw)

    def _modelled_listing(
        self, data: Any, response: httpx.Response
    ) -> tuple[list[Order], int, int, int]:
        """The list answer read through the wire models (anything the fast path does not take)."""
        listing = parse_model(self.name, OrderListData, data, response)
        raw_items = (data.get("list") or []) if isinstance(data, dict) else []
        orders = [
            self.to_order(item, raw) for item, raw in zip(listing.orders, raw_items, strict=True)
        ]
        return orders, listing.page, listing.total, listing.total_page

    async def _call(self, path: str, body: dict[str, Any]) -> tuple[Any, httpx.Response]:
        """POST a call; its envelope's `data` and the response, or the matching error."""
        # Read-only despite the POST: the retry transport may repeat it.
        return await self._send("POST", path, json_body=body, idempotent=True)

    def unwrap(self, data: Any, response: httpx.Response) -> Any:
        envelope = self._envelope(data, response)
        if envelope is None:
            raise errors.InvalidResponse(
                self.name,
                "expected a DuoPlus envelope {code, data, message}",
                status=response.status_code,
                request_id=request_id_of(response),
            )
        if envelope.code != 200:
            raise self._error(response, envelope)
        return envelope.data

    def error_from_response(self, response: httpx.Response) -> errors.ProviderError:
        try:
            payload = json.loads(response.content) if response.content else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            payload = None  # an HTML gateway page: the HTTP status speaks instead
        return self._error(response, self._envelope(payload, response))

    def _envelope(self, payload: Any, response: httpx.Response) -> Envelope | None:
        if isinstance(payload, dict) and "code" in payload:
            return parse_model(self.name, Envelope, payload, response)
        return None

    def _error(self, response: httpx.Response, envelope: Envelope | None) -> errors.ProviderError:
        code = envelope.code if envelope is not None else None
        message = (envelope.message if envelope is not None else "") or (
            response.reason_phrase or f"HTTP {response.status_code}"
        )
        return self.provider_error(
            response,
            message,
            code=str(code) if code is not None else None,
            request_id=request_id_of(response),
        )

    def to_order(self, item: OrderItem, raw: Mapping[str, Any]) -> Order:
        status = status_of(item.status)
        expires_at = item.expired_at
        if expires_at is None and status is Status.PENDING and item.expired_seconds > 0:
            expires_at = self._clock() + timedelta(seconds=item.expired_seconds)
        title = item.product or item.type or "DuoPlus order"
        if item.description and item.description != item.product:
            title = f"{title}: {item.description}" if item.product else item.description
        return Order(
            provider=ENTRY.key,
            profile=self.profile.name,
            id=item.order_id,
            title=title,
            status=status,
            status_raw=item.status,
            kind=kind_of(item.type),
            amount=item.total,
            created_at=item.created_at,
            expires_at=expires_at,
            extra={"Type": item.type, "Product": item.product, "Description": item.description},
            raw=dict(raw),
        )


def _page_number(cursor: Cursor | None) -> int:
    return numeric_cursor("DuoPlus", cursor, first=1, unit="page")


def _wire_time(moment: datetime) -> str:
    """`2026-03-16T00:00:00+08:00`: the documented shape, in DuoPlus's zone, whole seconds.

    A naive datetime is taken as local time (what a person typed)."""
    return moment.astimezone(BEIJING).isoformat(timespec="seconds")


def _codes(what: str, wanted: frozenset[Any], table: Mapping[Any, str]) -> list[str] | None:
    if not wanted:
        return None
    missing = [value for value in wanted if value not in table]
    if missing:
        names = ", ".join(sorted(str(value) for value in missing))
        raise errors.UnsupportedQuery(f"DuoPlus has no {what} {names}")
    return sorted((table[value] for value in wanted), key=int)


def _product_codes(wanted: frozenset[str]) -> list[str] | None:
    if not wanted:
        return None
    # Codes beyond the documented table may be new products: any numeric code may pass.
    bad = sorted(code for code in wanted if not code.strip().isdigit())
    if bad:
        raise errors.UnsupportedQuery(
            f"DuoPlus product types are numeric codes, not {', '.join(bad)}"
        )
    return sorted((code.strip() for code in wanted), key=int)


def open_client(
    profile: ProfileBase, secrets: Mapping[str, SecretStr], options: OpenOptions
) -> DuoPlusClient:
    """The registry's opener (see `ENTRY` in this package)."""
    assert isinstance(profile, DuoPlusProfile)  # the registry opens a profile with its own entry
    if options.clock is not None:
        return DuoPlusClient(profile, secrets, transport=options.transport, clock=options.clock)
    return DuoPlusClient(profile, secrets, transport=options.transport)
