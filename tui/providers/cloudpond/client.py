"""The CloudPond (Huawei Cloud IES) client: delivery orders, the catalogue the order wizard needs,
and order creation.

Orders live under `/v2/{domain_id}/delivery-orders` (marker pagination, repeatable `status`);
the catalogue under `/v1` and `/v2` as in the official SDK. Requests are signed with AK/SK or carry
an IAM token (see `auth.py`); errors come back as `{"error_code", "error_msg", "request_id"}`.
"""

from __future__ import annotations

import contextlib
import json
import time
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import quote

import httpx
import pydantic

from tui.errors import (
    AccessDenied,
    AuthError,
    ConfigError,
    InvalidResponse,
    NotFound,
    PaginationLoop,
    ProviderError,
    RateLimited,
    TransportError,
)
from tui.orders import Cursor, Filter, Kind, Order, OrderQuery, Page, Status
from tui.providers.base import (
    Capabilities,
    Pagination,
    check_query,
    parse_model,
    request_id_of,
    walk_marker_pages,
)
from tui.providers.client import BaseClient, ErrorRule, provider_error
from tui.providers.cloudpond.auth import (
    AkSkAuth,
    IamPasswordAuth,
    PastedTokenAuth,
)
from tui.providers.cloudpond.models import (
    DeliveryOrder,
    EdgeSite,
    ListDeliveryOrdersResponse,
    ListEdgeSitesResponse,
    PageInfo,
    ShowDeliveryOrderResponse,
)
from tui.providers.cloudpond.plain_orders import plain_orders
from tui.providers.cloudpond.profile import ENTRY, CloudPondProfile
from tui.providers.cloudpond.site_names import SiteNames, plain_site_names
from tui.providers.registry import OpenOptions

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Iterable, Mapping
    from datetime import datetime

    from pydantic import SecretStr

    from tui.config import ProfileBase

    # The catalogue and the create call are the wizard's: imported by the calls that use
    # them, so the dashboard's start defines none of their models.
    from tui.providers.cloudpond.catalogue import (
        NetworkDeviceOffering,
        SaleCycle,
        ServerOffering,
        StorageType,
    )
    from tui.providers.cloudpond.order_body import CreatedDeliveryOrder, CreateDeliveryOrderRequest


STATUS_TO_WIRE: Final[Mapping[Status, str]] = {
    Status.PENDING: "ACCEPTING",
    Status.PROCESSING: "PROCESSING",
    Status.COMPLETED: "SUCCESS",
    Status.FAILED: "FAIL",
    Status.CANCELLED: "CANCELLED",
    Status.DELETED: "DELETED",
}
"""PROVIDERS.md section 4; expired and refunded have no CloudPond value."""

WIRE_TO_STATUS: Final[Mapping[str, Status]] = {
    wire: status for status, wire in STATUS_TO_WIRE.items()
}

MAX_PAGE_SIZE: Final = 100
"""Huawei list APIs accept at least 100 per page; larger limits are unconfirmed for IES."""

CATALOGUE_PAGE_SIZE: Final = 100
"""Catalogue lists are short (tens of sites and offerings): one page almost always."""

SITE_NAMES_TTL_SECONDS: Final = 300.0
"""How long a looked-up edge-site list names sites before an unknown id triggers a new look."""

ERROR_RULES: Final = (
    # Gateway codes for a refused signature or token (some services write `APIG.`).
    ErrorRule(
        AuthError,
        frozenset({401}),
        frozenset({"APIGW.0301", "APIGW.0307", "APIG.0301", "APIG.0307"}),
    ),
    # "Throttled by a flow-control policy".
    ErrorRule(RateLimited, frozenset({429}), frozenset({"APIGW.0308", "APIG.0308"})),
    # "Authenticated, but not allowed".
    ErrorRule(
        AccessDenied,
        frozenset({403}),
        frozenset({"APIGW.0302", "APIGW.0306", "APIG.0302", "APIG.0306"}),
    ),
    ErrorRule(NotFound, frozenset({404})),
)
"""CloudPond's statuses and API-gateway codes, in the order they are checked."""

W = TypeVar("W", bound=pydantic.BaseModel)


def make_auth(
    profile: CloudPondProfile, secrets: Mapping[str, SecretStr], provider: str = ENTRY.display_name
) -> httpx.Auth:
    """The `httpx.Auth` for the profile's `auth` setting (any Huawei global service's profile:
    `provider` names the service in IAM errors)."""
    if profile.auth == "aksk":
        return AkSkAuth(secrets["ak"], secrets["sk"], profile.domain_id)
    if profile.auth == "password":
        assert profile.username and profile.account  # the config validator guarantees both
        return IamPasswordAuth(
            iam_endpoint=profile.iam_endpoint,
            username=profile.username,
            password=secrets["password"],
            account=profile.account,
            domain_id=profile.domain_id,
            provider=provider,
        )
    return PastedTokenAuth(secrets["token"])


def error_from_response(
    provider: str, response: httpx.Response, rules: tuple[ErrorRule, ...] = ERROR_RULES
) -> ProviderError:
    """A Huawei API-gateway error answer (`error_code`, `error_msg`, `request_id`) as our error
    type through `rules`; non-JSON answers become `InvalidResponse`."""
    try:
        body: Any = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        body = None
    status = response.status_code
    if not isinstance(body, dict) or not (body.get("error_code") or body.get("error_msg")):
        content_type = response.headers.get("content-type", "")
        what = "an HTML page" if "html" in content_type else f"no {provider} error body"
        return InvalidResponse(
            provider,
            f"HTTP {status} with {what}",
            status=status,
            request_id=request_id_of(response, body),
        )
    code = str(body.get("error_code") or "") or None
    message = str(body.get("error_msg") or "no message")
    request_id = request_id_of(response, body)
    header_id = response.headers.get("x-request-id")
    if header_id and request_id and header_id != request_id:
        # Both are worth showing to support: they name the same call in two systems.
        message += f" (X-Request-Id {header_id})"
    return provider_error(provider, rules, response, message, code=code, request_id=request_id)


def normalize_status(wire_status: str) -> Status:
    return WIRE_TO_STATUS.get(wire_status.strip().upper(), Status.UNKNOWN)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


class CloudPondClient(BaseClient):
    """One CloudPond profile: orders, catalogue and creation over one `httpx.AsyncClient`."""

    name = ENTRY.display_name
    error_rules = ERROR_RULES

    def __init__(
        self,
        profile: CloudPondProfile,
        secrets: Mapping[str, SecretStr],
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.profile = profile
        self.capabilities = Capabilities(
            filters=frozenset({Filter.STATUS, Filter.ORDER_ID}),
            pagination=Pagination.MARKER,
            max_page_size=MAX_PAGE_SIZE,
            has_detail=True,
            can_create=not profile.read_only,
            statuses=frozenset(STATUS_TO_WIRE),
        )
        self.auth = make_auth(profile, secrets)
        super().__init__(
            profile, headers={"Accept": "application/json"}, auth=self.auth, transport=transport
        )
        self._monotonic = monotonic
        self._site_names: dict[str, str] = {}
        self._sites_looked_up_at: float | None = None

    @property
    def _base(self) -> str:
        return f"/{quote(self.profile.domain_id, safe='')}"

    # --- plumbing ---------------------------------------------------------------------------

    def error_from_response(self, response: httpx.Response) -> ProviderError:
        return error_from_response(self.name, response)

    def unwrap(self, data: Any, response: httpx.Response) -> Any:
        if isinstance(data, dict) and data.get("error_code") and data.get("error_msg"):
            # A gateway that answers an error inside HTTP 200: show its code and message.
            raise self.error_from_response(response)
        return data

    async def _get(
        self, path: str, model: type[W], params: list[tuple[str, str]] | None = None
    ) -> tuple[W, dict[str, Any]]:
        data, response = await self._send("GET", path, params=params)
        return parse_model(self.name, model, data, response), data

    async def _collect(
        self,
        path: str,
        model: type[W],
        items_of: Callable[[W], list[Any]],
        params: list[tuple[str, str]],
    ) -> list[Any]:
        """Every item of a marker-paginated catalogue list."""

        def read(data: Any, response: httpx.Response) -> tuple[list[Any], str | None]:
            parsed = parse_model(self.name, model, data, response)
            page_info: PageInfo | None = getattr(parsed, "page_info", None)
            return items_of(parsed), page_info.next_marker if page_info else None

        return await self._walk_catalogue(path, params, read)

    async def _walk_catalogue(
        self,
        path: str,
        params: list[tuple[str, str]],
        read: Callable[[Any, httpx.Response], tuple[list[Any], str | None]],
    ) -> list[Any]:
        """The items `read` finds on every page of a marker-paginated catalogue list."""
        items: list[Any] = []
        seen: set[str] = set()
        marker: str | None = None
        while True:
            page_params = [*params, ("limit", str(CATALOGUE_PAGE_SIZE))]
            if marker is not None:
                page_params.append(("marker", marker))
            data, response = await self._send("GET", path, params=page_params)
            page_items, marker = read(data, response)
            items.extend(page_items)
            if not marker:
                return items
            if marker in seen:
                raise PaginationLoop(self.name, f"the server repeated page marker {marker!r}")
            seen.add(marker)

    # --- orders -----------------------------------------------------------------------------

    def to_order(self, wire: DeliveryOrder, raw: Mapping[str, Any]) -> Order:
        extra: dict[str, Any] = {}
        if wire.edge_site_id:
            site_name = self._site_names.get(wire.edge_site_id)
            extra["Edge site"] = (
                f"{site_name} ({wire.edge_site_id})" if site_name else wire.edge_site_id
            )
        if wire.effected_at:
            extra["Effective"] = wire.effected_at.isoformat()
        if wire.domain_id:
            extra["Domain"] = wire.domain_id
        return Order(
            provider=ENTRY.key,
            profile=self.profile.name,
            id=wire.id,
            title=wire.name or wire.id,
            status=normalize_status(wire.status),
            status_raw=wire.status,
            kind=Kind.DELIVERY,
            created_at=wire.created_at,
            updated_at=wire.updated_at,
            extra=extra,
            raw=dict(raw),
        )

    async def list_orders(self, query: OrderQuery, cursor: Cursor | None = None) -> Page[Order]:
        check_query(self.name, self.capabilities, query)
        wire_statuses = sorted({STATUS_TO_WIRE[s] for s in query.statuses if s in STATUS_TO_WIRE})
        if query.statuses and not wire_statuses:
            # Only statuses CloudPond never has (expired, refunded, unknown): nothing can match.
            return Page([], None)
        params = [("limit", str(query.page_size))]
        if cursor is not None:
            params.append(("marker", str(cursor)))
        params.extend(("status", status) for status in wire_statuses)
        if query.order_id:
            params.append(("id", query.order_id))
        data, response = await self._send("GET", f"/v2{self._base}/delivery-orders", params=params)
        plain = self._plain_listing(data)
        if plain is None:
            return await self._modelled_page(data, response)
        orders, unnamed, next_marker = plain
        await self._learn_site_names(unnamed)
        if unnamed & self._site_names.keys():
            # Names just learned: label this page's sites with them, as the next pages will be.
            orders, _ = self._plain_orders(data["delivery_orders"])
        return Page(orders, next_marker or None)

    def _plain_listing(self, data: Any) -> tuple[list[Order], set[str], str | None] | None:
        """The page through the fast path (`plain_orders`), or None when the answer is not
        plain enough for it: then the wire models read it, with their errors."""
        if type(data) is not dict or type(data.get("delivery_orders")) is not list:
            return None
        page_info = data.get("page_info")
        next_marker = None
        if page_info is not None:
            if type(page_info) is not dict:
                return None
            next_marker = page_info.get("next_marker")
            count = page_info.get("current_count")
            if not (next_marker is None or type(next_marker) is str) or not (
                count is None or type(count) is int
            ):
                return None
        plain = self.fast_path(lambda: self._plain_orders(data["delivery_orders"]))
        if plain is None:
            return None
        orders, unnamed = plain
        return orders, unnamed, next_marker

    def _plain_orders(self, items: list[Any]) -> tuple[list[Order], set[str]]:
        return plain_orders(
            items,
            provider=ENTRY.key,
            profile=self.profile.name,
            site_names=self._site_names,
            normalize_status=normalize_status,
            fallback=self._modelled_order,
        )

    def _modelled_order(self, raw: Any) -> tuple[Order, str | None]:
        wire = DeliveryOrder.model_validate(raw)
        return self.to_order(wire, raw), wire.edge_site_id

    async def _modelled_page(self, data: Any, response: httpx.Response) -> Page[Order]:
        """A list answer read through the wire models (anything the fast path does not take)."""
        parsed = parse_model(self.name, ListDeliveryOrdersResponse, data, response)
        await self._learn_site_names(order.edge_site_id for order in parsed.delivery_orders)
        orders = [
            self.to_order(wire, raw)
            for wire, raw in zip(parsed.delivery_orders, data["delivery_orders"], strict=True)
        ]
        next_marker = parsed.page_info.next_marker if parsed.page_info else None
        return Page(orders, next_marker or None)

    async def get_order(self, order_id: str) -> Order:
        parsed, data = await self._get(
            f"/v2{self._base}/delivery-orders/{quote(order_id, safe='')}", ShowDeliveryOrderResponse
        )
        await self._learn_site_names([parsed.delivery_order.edge_site_id])
        return self.to_order(parsed.delivery_order, data["delivery_order"])

    async def iter_pages(self, query: OrderQuery) -> AsyncIterator[Page[Order]]:
        async for page in walk_marker_pages(
            self.name, lambda cursor: self.list_orders(query, cursor)
        ):
            yield page

    async def create_order(self, request: CreateDeliveryOrderRequest) -> CreatedDeliveryOrder:
        """Send one order. Never retried, never sent twice: a timeout raises `TransportError`
        with `outcome_unknown=True`, and the user checks the order list before trying again."""
        if self.profile.read_only:
            raise ConfigError(
                f"profile {self.profile.name!r} is read_only; set read_only = false to order"
            )
        from tui.providers.cloudpond.order_body import (
            CreatedDeliveryOrder,
            CreateDeliveryOrderResponse,
        )

        body = json.dumps(request.to_wire(), ensure_ascii=False).encode("utf-8")
        try:
            data, response = await self._send(
                "POST", f"/v2{self._base}/delivery-orders", content=body, sent_once=True
            )
            parsed = parse_model(self.name, CreateDeliveryOrderResponse, data, response)
        except InvalidResponse as error:
            if error.status is None or not 200 <= error.status < 300:
                raise
            # The server accepted the call and then said something unreadable: the order
            # probably exists, and sending it again could buy the hardware twice.
            raise InvalidResponse(
                self.name,
                f"{error.message}; the order may have been placed: check the order list "
                "before trying again",
                status=error.status,
                request_id=error.request_id,
            ) from None
        return CreatedDeliveryOrder(
            order=self.to_order(parsed.delivery_order, data["delivery_order"]),
            order_ids=list(parsed.order_ids),
            raw=data,
        )

    async def _learn_site_names(self, site_ids: Iterable[str | None]) -> None:
        """Name the orders' edge sites from one cached edge-site list; best effort, because a
        missing name must never cost the order list. Runs after the order call, so a fault or
        error meant for the orders reaches them first."""
        unknown = {site_id for site_id in site_ids if site_id} - self._site_names.keys()
        if not unknown:
            return
        looked = self._sites_looked_up_at
        if looked is not None and self._monotonic() - looked < SITE_NAMES_TTL_SECONDS:
            return
        self._sites_looked_up_at = self._monotonic()
        with contextlib.suppress(ProviderError, TransportError):
            self._site_names.update(await self._read_site_names())

    async def _read_site_names(self) -> list[tuple[str, str]]:
        """(id, name) of every named edge site; plain pages are read without the wire models
        (`site_names.py`), so that the first page of orders validates none."""

        def read(data: Any, response: httpx.Response) -> SiteNames:
            plain = plain_site_names(data)
            if plain is not None:
                return plain
            parsed = parse_model(self.name, ListEdgeSitesResponse, data, response)
            named = [(site.id, site.name) for site in parsed.edge_sites if site.name]
            return named, parsed.page_info.next_marker if parsed.page_info else None

        return await self._walk_catalogue(f"/v1{self._base}/edge-sites", [], read)

    # --- catalogue --------------------------------------------------------------------------

    async def list_edge_sites(self) -> list[EdgeSite]:
        """Every edge site of the account (all pages)."""
        sites: list[EdgeSite] = await self._collect(
            f"/v1{self._base}/edge-sites", ListEdgeSitesResponse, lambda r: r.edge_sites, []
        )
        self._site_names.update({site.id: site.name for site in sites if site.name})
        self._sites_looked_up_at = self._monotonic()
        return sites

    async def list_sale_cycles(self, zone_code: str) -> list[SaleCycle]:
        from tui.providers.cloudpond.catalogue import ListSaleCyclesResponse

        parsed, _ = await self._get(
            f"/v2{self._base}/sale-cycles", ListSaleCyclesResponse, [("zone_code", zone_code)]
        )
        return parsed.sale_cycles

    async def list_server_offerings(
        self, zone_code: str, pay_mode: str | None = None, period_num: int | None = None
    ) -> list[ServerOffering]:
        from tui.providers.cloudpond.catalogue import ListServerOfferingsResponse

        return await self._collect(
            f"/v2{self._base}/server-offerings",
            ListServerOfferingsResponse,
            lambda r: r.offerings,
            _offering_params(zone_code, pay_mode, period_num),
        )

    async def list_network_device_offerings(
        self,
        zone_code: str,
        pay_mode: str | None = None,
        period_num: int | None = None,
        storage_type: str | None = None,
    ) -> list[NetworkDeviceOffering]:
        from tui.providers.cloudpond.catalogue import ListNetworkDeviceOfferingsResponse

        params = _offering_params(zone_code, pay_mode, period_num)
        if storage_type:
            params.append(("storage_type", storage_type))
        return await self._collect(
            f"/v2{self._base}/network-device-offerings",
            ListNetworkDeviceOfferingsResponse,
            lambda r: r.offerings,
            params,
        )

    async def list_storage_types(
        self, zone_code: str, name: str | None = None
    ) -> list[StorageType]:
        from tui.providers.cloudpond.catalogue import ListStorageTypesResponse

        params = [("zone_code", zone_code)]
        if name:
            params.append(("name", name))
        return await self._collect(
            f"/v2{self._base}/storage-types",
            ListStorageTypesResponse,
            lambda r: r.storage_types,
            params,
        )


def _offering_params(
    zone_code: str, pay_mode: str | None, period_num: int | None
) -> list[tuple[str, str]]:
    params = [("zone_code", zone_code)]
    if pay_mode:
        params.append(("pay_mode", pay_mode))
    if period_num is not None:
        params.append(("period_num", str(period_num)))
    return params


def open_client(
    profile: ProfileBase, secrets: Mapping[str, SecretStr], options: OpenOptions
) -> CloudPondClient:
    """The registry's opener (see `ENTRY` in this package)."""
    assert isinstance(profile, CloudPondProfile)  # the registry opens a profile with its own entry
    return CloudPondClient(profile, secrets, transport=options.transport)
