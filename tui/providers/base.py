"""What every provider client is: the protocol, its capabilities, and the shared plumbing for
sending a request and turning the answer (or the lack of one) into our types or our errors."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar, runtime_checkable

import httpx
import pydantic

from tui.errors import (
    InvalidResponse,
    PaginationLoop,
    TransportError,
    UnsupportedQuery,
)
from tui.orders import Cursor, Filter, Kind, Order, OrderQuery, Page, SortField, Status

if TYPE_CHECKING:
    from tui.config import Profile


USER_AGENT: Final = "orderdeck/0.1"
"""Sent on every call so providers can tell our traffic apart in their logs."""


class Pagination(StrEnum):
    MARKER = "marker"
    """Opaque next-page token: pages can only be walked in order."""
    PAGE = "page"
    """Page numbers with a total page count: random access."""
    OFFSET = "offset"
    """limit/offset with a total count: random access."""


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a provider can do, so the UI shows only what will work."""

    filters: frozenset[Filter]
    sortable: frozenset[SortField] = frozenset()
    """Fields the server sorts by; anything else is sorted locally (and the UI says so)."""
    pagination: Pagination = Pagination.MARKER
    max_page_size: int = 100
    has_detail: bool = False
    """A detail endpoint exists (else `get_order` finds the order through the list)."""
    can_create: bool = False
    requests_per_second: float | None = None
    """The provider's documented per-endpoint rate limit, when it has one."""
    concurrent_pages: int = 1
    """How many pages "load all" may fetch at once."""
    statuses: frozenset[Status] = frozenset(Status) - {Status.UNKNOWN}
    """Normalized statuses this provider can have (the status filter offers these)."""
    kinds: frozenset[Kind] = frozenset()
    """Order kinds the KIND filter offers."""
    product_types: Mapping[str, str] = field(default_factory=dict)
    """Product type code -> label, for the PRODUCT_TYPE filter."""
    pay_ways: tuple[str, ...] = ()
    """Known payment methods, for the PAY_WAY filter (an open set: free text is allowed too)."""


class Provider(Protocol):
    """One configured profile's client. Long-lived: one `httpx.AsyncClient` inside."""

    name: str
    """The provider's display name: `CloudPond`, `DuoPlus`, `Ace Data`."""
    profile: Profile
    capabilities: Capabilities

    async def list_orders(self, query: OrderQuery, cursor: Cursor | None = None) -> Page[Order]: ...

    async def get_order(self, order_id: str) -> Order: ...

    def iter_pages(self, query: OrderQuery) -> AsyncGenerator[Page[Order]]:
        """Every page of the query ("load all"), in order."""
        ...

    async def aclose(self) -> None: ...


class CreatedOrder(Protocol):
    """What order creation returns."""

    @property
    def order(self) -> Order: ...

    @property
    def order_ids(self) -> list[str]:
        """The provider's billing order ids for the new order."""
        ...


@runtime_checkable
class CreatesOrders(Protocol):
    """A client that can place orders; its registry entry says `can_create=True`."""

    name: str

    async def create_order(self, request: Any) -> CreatedOrder:
        """Send one order, never retried: a timeout raises `TransportError` with
        `outcome_unknown=True`."""
        ...


def numeric_cursor(provider_name: str, cursor: Cursor | None, *, first: int, unit: str) -> int:
    """A page number or offset from a cursor: `first` when None, `UnsupportedQuery` when it
    is not a whole number at or above `first` (a marker from another provider, say)."""
    if cursor is None:
        return first
    try:
        number = int(cursor)
    except ValueError:
        raise UnsupportedQuery(f"{provider_name} pages by {unit}; {cursor!r} is not one") from None
    if number < first:
        raise UnsupportedQuery(f"{provider_name} {unit}s start at {first}, not {number}")
    return number


def check_query(provider_name: str, capabilities: Capabilities, query: OrderQuery) -> None:
    """Refuse filters the server cannot apply rather than silently ignore them."""
    unsupported = query.used_filters() - capabilities.filters
    if unsupported:
        names = ", ".join(sorted(unsupported))
        raise UnsupportedQuery(f"{provider_name} cannot filter by {names}")
    if query.sort_by is not None and query.sort_by not in capabilities.sortable:
        raise UnsupportedQuery(f"{provider_name} cannot sort by {query.sort_by} on the server")
    if not 1 <= query.page_size <= capabilities.max_page_size:
        raise UnsupportedQuery(
            f"{provider_name} page size must be 1..{capabilities.max_page_size}, "
            f"not {query.page_size}"
        )


@asynccontextmanager
async def transport_errors(provider_name: str, *, sent_once: bool = False) -> AsyncIterator[None]:
    """Turn httpx's network exceptions into `TransportError` with a sentence a person reads.

    `sent_once` marks calls that change state (order creation): for those a timeout after the
    request left means the outcome is unknown, and the message says so.
    """
    try:
        yield
    except httpx.ConnectTimeout:
        raise TransportError(provider_name, "timed out connecting to the server") from None
    except httpx.ConnectError as error:
        raise TransportError(provider_name, f"cannot connect: {_reason(error)}") from None
    except httpx.TimeoutException:
        raise TransportError(
            provider_name,
            "timed out waiting for the answer"
            + ("; the request may have been processed" if sent_once else ""),
            outcome_unknown=sent_once,
        ) from None
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as error:
        raise TransportError(
            provider_name,
            f"connection dropped: {_reason(error)}"
            + ("; the request may have been processed" if sent_once else ""),
            outcome_unknown=sent_once,
        ) from None
    except httpx.TransportError as error:
        raise TransportError(provider_name, f"network error: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text or type(error).__name__


def request_id_of(response: httpx.Response, body: Any = None) -> str | None:
    """Request id from the body (CloudPond puts it there) or the usual response headers."""
    if isinstance(body, dict):
        value = body.get("request_id")
        if isinstance(value, str) and value:
            return value
    for header in ("x-request-id", "x-trace-id", "request-id"):
        header_value: str | None = response.headers.get(header)
        if header_value:
            return header_value
    return None


def decode_json(provider_name: str, response: httpx.Response) -> Any:
    """The body as JSON, or `InvalidResponse` naming what came instead."""
    content_type = response.headers.get("content-type", "")
    if not response.content:
        raise InvalidResponse(
            provider_name,
            "empty response body",
            status=response.status_code,
            request_id=request_id_of(response),
        )
    try:
        return json.loads(response.content)
    except (json.JSONDecodeError, UnicodeDecodeError):
        what = "an HTML page" if "html" in content_type else "malformed JSON"
        raise InvalidResponse(
            provider_name,
            f"expected JSON, got {what} ({len(response.content)} bytes)",
            status=response.status_code,
            request_id=request_id_of(response),
        ) from None


M = TypeVar("M", bound=pydantic.BaseModel)


def parse_model(provider_name: str, model: type[M], data: Any, response: httpx.Response) -> M:
    """Validate a wire model; a mismatch becomes `InvalidResponse` naming the first bad field."""
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise InvalidResponse(
            provider_name,
            f"unexpected response shape at {where}: {first['msg']}",
            status=response.status_code,
            request_id=request_id_of(response, data if isinstance(data, dict) else None),
        ) from None


async def walk_marker_pages(
    provider_name: str,
    fetch: Callable[[Cursor | None], Awaitable[Page[Order]]],
) -> AsyncIterator[Page[Order]]:
    """Follow next-page markers in order. A marker seen twice, or a page of orders already
    seen, ends the walk with an error."""
    seen: set[Cursor] = set()
    seen_orders = SeenOrders(provider_name)
    cursor: Cursor | None = None
    while True:
        page = await fetch(cursor)
        seen_orders.check(page)
        yield page
        if page.next_cursor is None:
            return
        if page.next_cursor in seen:
            raise PaginationLoop(
                provider_name, f"the server repeated page marker {page.next_cursor!r}"
            )
        seen.add(page.next_cursor)
        cursor = page.next_cursor


class SeenOrders:
    """Order ids already walked: a page holding nothing new is a server serving one page
    forever (whatever it claims about markers, page numbers or totals)."""

    def __init__(self, provider_name: str) -> None:
        self.provider_name = provider_name
        self._ids: set[str] = set()

    def check(self, page: Page[Order]) -> None:
        ids = {order.id for order in page.items}
        if ids and ids <= self._ids:
            raise PaginationLoop(
                self.provider_name,
                f"the server sent the same {len(ids)} order(s) again instead of the next page",
            )
        self._ids |= ids


async def walk_offset_pages(
    provider_name: str,
    fetch: Callable[[int], Awaitable[tuple[Page[Order], int]]],
    concurrency: int,
) -> AsyncIterator[Page[Order]]:
    """Every page of a limit/offset protocol. `fetch(offset)` answers a page and the stride to
    the next (the page size the server really used). With a total, the remaining offsets are
    known and load `concurrency` at a time, still handed out in order; without one, the pages
    are walked one after another."""
    first, stride = await fetch(0)
    if first.next_cursor is None or first.total is None:
        page = first
        while True:
            yield page
            if page.next_cursor is None:
                return
            page, _ = await fetch(int(page.next_cursor))

    async def fetch_page(cursor: Cursor) -> Page[Order]:
        page, _ = await fetch(int(cursor))
        return page

    cursors = range(stride, first.total, stride)
    async for page in fetch_indexed_pages(first, cursors, fetch_page, concurrency, provider_name):
        yield page


async def fetch_indexed_pages(
    first: Page[Order],
    cursors: Iterable[Cursor],
    fetch: Callable[[Cursor], Awaitable[Page[Order]]],
    concurrency: int,
    provider_name: str = "the provider",
) -> AsyncIterator[Page[Order]]:
    """Fetch the remaining pages of a page/offset protocol up to `concurrency` at a time,
    yielding them in order. The throttle below decides the real pace.

    `cursors` is consumed lazily (a `range` from a claimed total may be huge), and the walk
    stops at the first empty page: a total that lies costs one page, not a billion."""
    seen_orders = SeenOrders(provider_name)
    seen_orders.check(first)
    yield first
    pending = iter(cursors)
    in_flight: deque[asyncio.Future[Page[Order]]] = deque()

    def schedule() -> None:
        while len(in_flight) < max(1, concurrency):
            cursor = next(pending, None)
            if cursor is None:
                return
            in_flight.append(asyncio.ensure_future(fetch(cursor)))

    try:
        schedule()
        while in_flight:
            page = await in_flight.popleft()
            if not page.items:
                # The total lied: later pages would be empty too.
                return
            seen_orders.check(page)
            yield page
            schedule()
    finally:
        for task in in_flight:
            task.cancel()
        await asyncio.gather(*in_flight, return_exceptions=True)
