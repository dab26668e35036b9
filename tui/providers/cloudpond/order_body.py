"""The CloudPond create call: its strict body (a typo in a file that spends money fails before
anything is sent) and its answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tui.providers.cloudpond.models import DeliveryOrder, WireId, WireModel

if TYPE_CHECKING:
    from tui.orders import Order

MAX_COUNT: Final = 999
"""Upper bound we accept per order line: far above any edge site, low enough to catch a typo."""


class CreateDeliveryOrderResponse(WireModel):
    delivery_order: DeliveryOrder
    order_ids: list[WireId] = Field(default_factory=list)


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
