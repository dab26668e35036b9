"""The Ace Data Cloud order client: `GET /api/v1/orders/` and friends, normalized to `Order`.

Three things the docs leave out, learned from the official clients (console, MCP server):
- List calls carry `user_id`; without it the platform may answer 403 `permission_denied`. When
  the profile does not set it, the id is looked up once per client from
  `/api/v1/platform-tokens/me/` and reused.
- Multi-valued filters repeat the key (`state=Pending&state=Paid`). The docs say "separated by
  commas", but the official clients (whose tests assert "repeated filters") send repeated keys,
  which is what a django-filter multiple-choice filter reads; a comma-joined value would be one
  invalid choice there. A single value, all the dashboard ever sends, reads the same either way.
- The list key is `items` (console) or `results` (docs): both are accepted.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

import httpx

from tui.errors import (
    AccessDenied,
    AuthError,
    InvalidResponse,
    NotFound,
    ProviderError,
    RateLimited,
    UnsupportedQuery,
)
from tui.orders import Cursor, Filter, Kind, Money, Order, OrderQuery, Page, SortField, Status
from tui.providers.acedata.models import (
    MAX_PAGE_SIZE,
    ORDERS_PATH,
    PAY_WAYS,
    STATE_OF_STATUS,
    TOKEN_ME_PATH,
    AceOrder,
    OrderList,
    TokenSubject,
    status_of,
)
from tui.providers.acedata.plain_orders import plain_orders
from tui.providers.acedata.profile import ENTRY, AceDataProfile
from tui.providers.base import (
    Capabilities,
    Pagination,
    check_query,
    numeric_cursor,
    parse_model,
    request_id_of,
    walk_offset_pages,
)
from tui.providers.client import BaseClient, ErrorRule, provider_error
from tui.providers.registry import OpenOptions

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable, Mapping
    from decimal import Decimal

    from pydantic import SecretStr

    from tui.config import ProfileBase


CONCURRENT_PAGES: Final = 4
"""Pages "load all" asks for at once: offsets allow random access and no rate limit is
documented, so a few in flight cut a 5,000-order load to a quarter without hammering the API."""

DEFAULT_TITLE: Final = "Credits"
"""Title of an order whose package and application names are missing: credits are what it buys."""

MAX_ERROR_MESSAGE: Final = 500
"""Characters of a provider's error text we keep: enough for a sentence, not for a whole page."""

ERROR_RULES: Final = (
    ErrorRule(AuthError, frozenset({401})),
    ErrorRule(AccessDenied, frozenset({403})),
    ErrorRule(NotFound, frozenset({404})),
    ErrorRule(RateLimited, frozenset({429})),
)
"""The platform's HTTP statuses; its error codes are shown, not mapped."""

CAPABILITIES: Final = Capabilities(
    filters=frozenset({Filter.STATUS, Filter.CREATED_RANGE, Filter.PAY_WAY, Filter.ORDER_ID}),
    # Only creation time: `ordering=-created_at` is the one ordering the docs and official
    # clients use; sorting by price is not documented anywhere, so it is sorted locally.
    sortable=frozenset({SortField.CREATED_AT}),
    pagination=Pagination.OFFSET,
    max_page_size=MAX_PAGE_SIZE,
    has_detail=True,
    can_create=False,
    concurrent_pages=CONCURRENT_PAGES,
    statuses=frozenset(STATE_OF_STATUS),
    pay_ways=PAY_WAYS,
)
"""What the platform's order list can do server-side (seed 004, PROVIDERS.md section 3)."""


class AceDataClient(BaseClient):
    """One Ace Data Cloud account (one platform token) as an orderdeck provider."""

    name = ENTRY.display_name
    error_rules = ERROR_RULES
    capabilities = CAPABILITIES

    def __init__(
        self,
        profile: AceDataProfile,
        secrets: Mapping[str, SecretStr],
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.profile = profile
        token = secrets["token"].get_secret_value()
        super().__init__(
            profile,
            headers={"authorization": f"Bearer {token}", "accept": "application/json"},
            transport=transport,
        )
        self._user_id: str | None = profile.user_id or None
        # Concurrent first calls queue here so the account is looked up once, not once each.
        self._user_id_lock = asyncio.Lock()

    # --- Provider protocol -----------------------------------------------------------------

    async def list_orders(self, query: OrderQuery, cursor: Cursor | None = None) -> Page[Order]:
        check_query(self.name, self.capabilities, query)
        if query.order_id:
            return await self._page_for_order_id(query, _offset(cursor))
        page, _ = await self._fetch_page(query, _offset(cursor))
        return page

    async def get_order(self, order_id: str) -> Order:
        if not order_id.strip():
            raise NotFound(self.name, "an empty order id names no order")
        # Quoted whole: an id is one path segment, never `../` into another route.
        data, response = await self._get(f"{ORDERS_PATH}{quote(order_id, safe='')}/")
        wire = parse_model(self.name, AceOrder, data, response)
        return self.to_order(wire, data)

    async def iter_pages(self, query: OrderQuery) -> AsyncIterator[Page[Order]]:
        check_query(self.name, self.capabilities, query)
        if query.order_id:
            yield await self._page_for_order_id(query, 0)
            return
        async for page in walk_offset_pages(
            self.name, lambda offset: self._fetch_page(query, offset), CONCURRENT_PAGES
        ):
            yield page

    # --- beyond the protocol ---------------------------------------------------------------

    async def user_id(self) -> str:
        """The account id list calls carry: the profile's, else looked up once and kept."""
        if self._user_id is not None:
            return self._user_id
        async with self._user_id_lock:
            if self._user_id is None:
                data, response = await self._get(TOKEN_ME_PATH)
                subject = parse_model(self.name, TokenSubject, data, response)
                if not subject.id.strip():
                    raise InvalidResponse(
                        self.name,
                        "the platform token's account has an empty id",
                        status=response.status_code,
                        request_id=request_id_of(response),
                    )
                self._user_id = subject.id
            return self._user_id

    def filter_params(self, query: OrderQuery, user_id: str) -> list[tuple[str, str]]:
        """The list call's filters as a query string (public for dry runs and tests)."""
        params: list[tuple[str, str]] = [("user_id", user_id)]
        for status in sorted(query.statuses):
            state = STATE_OF_STATUS.get(status)
            if state is None:
                raise UnsupportedQuery(f"{self.name} orders are never {status}")
            params.append(("state", state))
        for pay_way in sorted(way.strip() for way in query.pay_ways if way.strip()):
            params.append(("pay_way", pay_way))
        if query.since is not None:
            params.append(("created_at_from", _wire_time(query.since)))
        if query.until is not None:
            params.append(("created_at_to", _wire_time(query.until)))
        return params

    def list_params(self, query: OrderQuery, offset: int, user_id: str) -> list[tuple[str, str]]:
        """The list call's full query string for one page."""
        # Always an explicit order: pages fetched side by side need one stable order.
        ordering = "-created_at" if query.descending else "created_at"
        return [
            *self.filter_params(query, user_id),
            ("ordering", ordering),
            ("limit", str(query.page_size)),
            ("offset", str(offset)),
        ]

    def to_order(self, wire: AceOrder, raw: Mapping[str, Any]) -> Order:
        """A wire order as the dashboard sees it."""
        status = status_of(wire.state)
        pending = status is Status.PENDING
        applications = _names(wire.applications)
        packages = _names(wire.packages)
        return Order(
            provider=ENTRY.key,
            profile=self.profile.name,
            id=wire.id,
            title=_title(applications, packages),
            status=status,
            status_raw=wire.state,
            kind=Kind.PURCHASE,
            amount=Money.of(wire.price, "USD") if wire.price is not None else None,
            created_at=wire.created_at,
            updated_at=wire.updated_at,
            # The platform has no payment deadline: a Pending order expires when it says so.
            expires_at=None,
            pay_url=wire.pay_url if pending and wire.pay_url else None,
            extra=_extra(
                wire.pay_way,
                packages,
                wire.amount,
                wire.remaining_amount,
                wire.discount,
                wire.pay_url if pending and wire.pay_url else None,
            ),
            raw=dict(raw),
        )

    # --- the wire --------------------------------------------------------------------------

    async def _fetch_page(self, query: OrderQuery, offset: int) -> tuple[Page[Order], int]:
        """One page and the stride to the next (the page size the server really used)."""
        params = self.list_params(query, offset, await self.user_id())
        data, response = await self._get(ORDERS_PATH, params)
        listing = self._plain_listing(data)
        if listing is None:
            listing = self._modelled_listing(data, response)
        orders, count = listing
        # A server that caps `limit` lower than asked returns fewer rows: step by what came.
        stride = len(orders) if 0 < len(orders) < query.page_size else query.page_size
        following = offset + len(orders)
        if count is not None:
            more = bool(orders) and following < count
        else:
            more = len(orders) >= query.page_size
        return Page(orders, next_cursor=following if more else None, total=count), stride

    def _plain_listing(self, data: Any) -> tuple[list[Order], int | None] | None:
        """(orders, count) through the fast path (`plain_orders`), or None when the answer is
        not plain enough for it: then the wire models read it, with their errors."""
        if type(data) is not dict:
            return None
        count = data.get("count")
        items = data.get("items")
        results = data.get("results")
        if items is None:
            items, results = results, None
        # Both lists present: the model checks both, so it reads this answer.
        if not (count is None or (type(count) is int and count >= 0)) or results is not None:
            return None
        if type(items) is not list:
            return None
        orders = self.fast_path(
            lambda: plain_orders(
                items,
                provider=ENTRY.key,
                profile=self.profile.name,
                names_of=_names,
                title_of=_title,
                extra_of=_extra,
                fallback=self._modelled_order,
            )
        )
        return None if orders is None else (orders, count)

    def _modelled_order(self, raw: Any) -> Order:
        return self.to_order(AceOrder.model_validate(raw), raw)

    def _modelled_listing(
        self, data: Any, response: httpx.Response
    ) -> tuple[list[Order], int | None]:
        """The list answer read through the wire models (anything the fast path does not take)."""
        listing = parse_model(self.name, OrderList, data, response)
        raw_orders = OrderList.raw_orders(data)
        orders = [
            self.to_order(wire, raw) for wire, raw in zip(listing.orders, raw_orders, strict=True)
        ]
        return orders, listing.count

    async def _page_for_order_id(self, query: OrderQuery, offset: int) -> Page[Order]:
        """The ORDER_ID filter, honestly: the detail call, then the query's other filters."""
        assert query.order_id is not None
        try:
            order = await self.get_order(query.order_id)
        except NotFound:
            return Page([], next_cursor=None, total=0)
        if not _matches(order, query):
            return Page([], next_cursor=None, total=0)
        return Page([order] if offset == 0 else [], next_cursor=None, total=1)

    async def _get(
        self, path: str, params: list[tuple[str, str]] | None = None
    ) -> tuple[Any, httpx.Response]:
        """GET a call; its decoded JSON and the response, or the matching error."""
        return await self._send("GET", path, params=params)

    def error_from_response(self, response: httpx.Response) -> ProviderError:
        return error_from_response(self.name, response)

    def unwrap(self, data: Any, response: httpx.Response) -> Any:
        if isinstance(data, dict) and isinstance(data.get("error"), dict):
            # An error inside HTTP 200: show the platform's code and message.
            raise self.error_from_response(response)
        return data


def error_from_response(provider: str, response: httpx.Response) -> ProviderError:
    """The platform's error (`{"detail"}`, `{"error": {"code", "message"}}`, or DRF's
    `{"field": ["problem"]}`) as our error type for its HTTP status."""
    try:
        body: Any = json.loads(response.content) if response.content else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None  # an HTML gateway page: the HTTP status speaks instead
    code, message = _error_parts(body)
    status = response.status_code
    message = (message or response.reason_phrase or f"HTTP {status}")[:MAX_ERROR_MESSAGE]
    request_id = request_id_of(response, body if isinstance(body, dict) else None)
    return provider_error(
        provider, ERROR_RULES, response, message, code=code, request_id=request_id
    )


def _error_parts(body: Any) -> tuple[str | None, str | None]:
    """(code, message) from any of the platform's error shapes."""
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return _text(error.get("code")), _text(error.get("message") or error.get("detail"))
        if isinstance(error, str):
            return _text(body.get("code")), error
        detail = body.get("detail")
        if isinstance(detail, str):
            return _text(body.get("code")), detail
        # DRF validation errors: {"state": ["Select a valid choice. ..."], ...}
        problems = [
            f"{field}: {_joined(issues)}" for field, issues in body.items() if field != "code"
        ]
        return _text(body.get("code")), "; ".join(problems) or None
    if isinstance(body, list) and body:
        return None, "; ".join(str(item) for item in body)
    return None, None


def _joined(issues: object) -> str:
    return " ".join(str(item) for item in issues) if isinstance(issues, list) else str(issues)


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _offset(cursor: Cursor | None) -> int:
    return numeric_cursor("Ace Data", cursor, first=0, unit="offset")


def _wire_time(moment: datetime) -> str:
    """ISO 8601 in UTC with a `Z` (`2024-01-01T00:00:00Z`), as the docs' examples write it.

    A naive datetime is taken as local time (what a person typed)."""
    text = moment.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def _matches(order: Order, query: OrderQuery) -> bool:
    """Whether an order fetched by id also passes the query's other filters."""
    if query.statuses and order.status not in query.statuses:
        return False
    if query.pay_ways and order.raw.get("pay_way") not in query.pay_ways:
        return False
    if order.created_at is not None:
        if query.since is not None and order.created_at < query.since.astimezone(UTC):
            return False
        if query.until is not None and order.created_at > query.until.astimezone(UTC):
            return False
    return True


def _names(items: Iterable[Any] | None) -> list[str]:
    """Display names from `applications`/`packages`, whatever shape each entry has."""
    names: list[str] = []
    for item in items or ():
        name: object = None
        if isinstance(item, str):
            name = item
        elif isinstance(item, dict):
            # Packages carry `title`; applications name their service (`service.title`).
            service = item.get("service")
            name = item.get("title") or item.get("name")
            if not name and isinstance(service, dict):
                name = service.get("title") or service.get("name")
        if isinstance(name, str) and name.strip() and name not in names:
            names.append(name)
    return names


def _extra(
    pay_way: str | None,
    packages: list[str],
    credits: Decimal | None,
    remaining: Decimal | None,
    discount: Decimal | None,
    pay_link: str | None,
) -> dict[str, Any]:
    """An order's `extra`: the provider fields worth showing, labelled."""
    return {
        "Pay way": pay_way,
        "Package": ", ".join(packages) or None,
        "Credits": _credits(credits),
        "Remaining credits": _credits(remaining),
        "Discount": _discount(discount),
        "Pay link": pay_link,
    }


def _title(applications: list[str], packages: list[str]) -> str:
    if applications and packages:
        return f"{', '.join(applications)}: {', '.join(packages)}"
    return ", ".join(applications or packages) or DEFAULT_TITLE


def _credits(value: Decimal | None) -> str | None:
    """`1,000` or `2.5`: credits as people read them (and JSON can hold)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _discount(factor: Decimal | None) -> str | None:
    """`none`, `10% off`, or `x1.2` for a factor above one."""
    if factor is None:
        return None
    if factor == 1:
        return "none"
    if 0 <= factor < 1:
        percent = ((1 - factor) * 100).normalize()
        return f"{percent:f}% off"
    return f"x{factor.normalize():f}"


def open_client(
    profile: ProfileBase, secrets: Mapping[str, SecretStr], options: OpenOptions
) -> AceDataClient:
    """The registry's opener (see `ENTRY` in this package)."""
    assert isinstance(profile, AceDataProfile)  # the registry opens a profile with its own entry
    return AceDataClient(profile, secrets, transport=options.transport)
