"""CloudPond wire models: the API's own shapes and field names, extra fields allowed and kept.

Tolerance follows PROVIDERS.md: ids may arrive as numbers, timestamps mix precisions, statuses and
pay modes are open strings (an unknown value is data, not an error). The create body is strict
instead: a typo in a file that spends money must fail before anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from tui.providers.cloudpond.auth import parse_wire_time

if TYPE_CHECKING:
    from tui.orders import Order

ONSALE: Final = "ONSALE"
"""The only offering status a customer can order."""

MAX_COUNT: Final = 999
"""Upper bound we accept per order line: far above any edge site, low enough to catch a typo."""


def _to_str(value: Any) -> Any:
    """Ids documented as strings that one doc example writes as numbers (`"edge_site_id": 0`)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(value)
    return value


def _to_time(value: Any) -> Any:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str) and not value.strip():
        return None
    parsed = parse_wire_time(value)
    if parsed is None:
        raise ValueError(f"not a timestamp: {value!r}")
    return parsed


def _int_list(value: Any) -> Any:
    """`period_num` is a list on `/sale-cycles` and an int on offerings; accept either."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    return value


WireId = Annotated[str, BeforeValidator(_to_str)]
WireTime = Annotated[datetime | None, BeforeValidator(_to_time)]


class _Wire(BaseModel):
    """Responses: mirror the API, keep what we do not model."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)


class PageInfo(_Wire):
    next_marker: str | None = None
    """Absent on the last page."""
    current_count: int | None = None


class DeliveryOrder(_Wire):
    id: WireId
    name: str | None = None
    """Absent from the create response's SimpleDeliveryOrder."""
    domain_id: str | None = None
    status: str = ""
    edge_site_id: WireId | None = None
    effected_at: WireTime = None
    """When billing of the ordered offerings starts."""
    created_at: WireTime = None
    updated_at: WireTime = None


class ListDeliveryOrdersResponse(_Wire):
    delivery_orders: list[DeliveryOrder]
    page_info: PageInfo | None = None


class ShowDeliveryOrderResponse(_Wire):
    delivery_order: DeliveryOrder


class CreateDeliveryOrderResponse(_Wire):
    delivery_order: DeliveryOrder
    order_ids: list[WireId] = Field(default_factory=list)


# --- catalogue -------------------------------------------------------------------------------


class Location(_Wire):
    name: str | None = None
    zone_code: str | None = None
    """The `zone_code` filter of every offering call."""
    address: str | None = None
    description: str | None = None
    country: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None


class EdgeSite(_Wire):
    id: WireId
    domain_id: str | None = None
    name: str = ""
    description: str | None = None
    region_id: str | None = None
    project_id: str | None = None
    availability_zone_id: str | None = None
    status: str = ""
    """Lower-case: `initial` (orders are placed in this state), `deploying`, `available`, ..."""
    location: Location | None = None
    enterprise_project_id: str | None = None
    created_at: WireTime = None
    updated_at: WireTime = None

    @property
    def zone_code(self) -> str | None:
        return self.location.zone_code if self.location else None


class ListEdgeSitesResponse(_Wire):
    edge_sites: list[EdgeSite]
    page_info: PageInfo | None = None


class SaleCycle(_Wire):
    """One row of `/sale-cycles`: a pay mode and the periods it is sold for."""

    pay_mode: str
    period_type: str = "year"
    period_num: Annotated[list[int], BeforeValidator(_int_list)] = Field(default_factory=list)


class ListSaleCyclesResponse(_Wire):
    sale_cycles: list[SaleCycle]


class OfferingSaleCycle(_Wire):
    """How one offering is sold: a single period per row."""

    pay_mode: str
    period_type: str = "year"
    period_num: int


class ProductInfo(_Wire):
    cloud_service_type: str | None = None
    resource_type: str | None = None
    resource_spec_code: str | None = None


class ServerSpec(_Wire):
    id: WireId | None = None
    name: str | None = None
    server_type: str | None = None
    flavor_type: str | None = None
    performance_type: str | None = None
    power: int | None = None
    unit: int | None = None
    vcpus: int | None = None
    memory: int | None = None
    """GB."""
    storage_capacity: int | None = None
    """TiB."""
    cpu_name: str | None = None
    cpu_architecture: str | None = None


class NetworkDeviceSpec(_Wire):
    id: WireId | None = None
    name: str | None = None
    power: int | None = None
    unit: int | None = None
    performance_type: str | None = None


class _Offering(_Wire):
    id: WireId
    """The `offering_id` of an order line."""
    zone_code: str | None = None
    scene_code: str | None = None
    status: str = ""
    product_info: ProductInfo | None = None
    sale_cycles: list[OfferingSaleCycle] = Field(default_factory=list)

    @property
    def on_sale(self) -> bool:
        return self.status == ONSALE

    def sold_for(self, pay_mode: str | None = None, period_num: int | None = None) -> bool:
        """Whether this offering is sold with that pay mode and period (None = any)."""
        return any(
            (pay_mode is None or cycle.pay_mode == pay_mode)
            and (period_num is None or cycle.period_num == period_num)
            for cycle in self.sale_cycles
        )


class ServerOffering(_Offering):
    spec: ServerSpec | None = None


class NetworkDeviceOffering(_Offering):
    spec: NetworkDeviceSpec | None = None


class ListServerOfferingsResponse(_Wire):
    offerings: list[ServerOffering]
    page_info: PageInfo | None = None


class ListNetworkDeviceOfferingsResponse(_Wire):
    offerings: list[NetworkDeviceOffering]
    page_info: PageInfo | None = None


class StorageType(_Wire):
    id: WireId | None = None
    name: str
    """The value of `storage_pools[].storage_type` (e.g. `SAS`)."""
    zone_code: str | None = None
    expand_capacity_step: int = 0
    """0: only `supported_capacities` may be bought; else any multiple of the step."""
    supported_capacities: list[int] = Field(default_factory=list)
    """TB."""

    def allows(self, size: int) -> bool:
        if size < 1:
            return False
        if self.expand_capacity_step:
            return size % self.expand_capacity_step == 0
        return size in self.supported_capacities


class ListStorageTypesResponse(_Wire):
    storage_types: list[StorageType]
    page_info: PageInfo | None = None


# --- the create body -------------------------------------------------------------------------


class _Body(BaseModel):
    """Request bodies: strict, so a misspelt key fails here instead of being dropped."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class ServerOption(_Body):
    offering_id: WireId = Field(min_length=1)
    count: int = Field(ge=1, le=MAX_COUNT)


class NetworkDeviceOption(_Body):
    offering_id: WireId = Field(min_length=1)
    count: int = Field(ge=1, le=MAX_COUNT)


class StorageOption(_Body):
    storage_type: str = Field(min_length=1)
    size: int = Field(ge=1)
    """TB; for an existing pool of this type, the capacity to add."""


class PrepaidOptions(_Body):
    period_type: Literal["year"] = "year"
    period_num: int = Field(ge=1)
    pay_mode: str | None = None


class Discount(_Body):
    id: WireId | None = None
    type: WireId | None = None
    """0 promotional, 2 commercial, 3 partner-authorized, 300 coupon."""


class MarketOptions(_Body):
    charge_mode: Literal["prepaid"] = "prepaid"
    prepaid_options: PrepaidOptions
    discounts: list[Discount] | None = None


class DeliveryOrderOption(_Body):
    edge_site_id: WireId = Field(min_length=1)
    servers: list[ServerOption] = Field(default_factory=list)
    network_devices: list[NetworkDeviceOption] = Field(default_factory=list)
    storage_pools: list[StorageOption] = Field(default_factory=list)
    market_options: MarketOptions

    @model_validator(mode="after")
    def _orders_something(self) -> DeliveryOrderOption:
        if not (self.servers or self.network_devices or self.storage_pools):
            raise ValueError(
                "an order needs at least one of servers, network_devices, storage_pools"
            )
        return self


class CreateDeliveryOrderRequest(_Body):
    """The whole `POST /v2/{domain_id}/delivery-orders` body: `{"delivery_order": {...}}`."""

    delivery_order: DeliveryOrderOption

    def to_wire(self) -> dict[str, Any]:
        """The exact JSON to send: None and empty lists left out."""
        order = self.delivery_order.model_dump(mode="json", exclude_none=True)
        for key in ("servers", "network_devices", "storage_pools"):
            if not order.get(key):
                order.pop(key, None)
        market = order["market_options"]
        if not market.get("discounts"):
            market.pop("discounts", None)
        return {"delivery_order": order}


@dataclass(frozen=True, slots=True)
class CreatedDeliveryOrder:
    """What order creation returns: the new order, the billing order ids, the wire answer."""

    order: Order
    order_ids: list[str]
    raw: dict[str, Any] = field(default_factory=dict)
