"""CloudPond's catalogue, as the order wizard reads it: sale cycles, server and network-device
offerings, storage types. Wire models like `models.py`'s: extra fields allowed and kept."""

from __future__ import annotations

from typing import Annotated, Any, Final

from pydantic import BeforeValidator, Field

from tui.providers.cloudpond.models import PageInfo, WireId, WireModel

ONSALE: Final = "ONSALE"
"""The only offering status a customer can order."""


def _int_list(value: Any) -> Any:
    """`period_num` is a list on `/sale-cycles` and an int on offerings; accept either."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    return value


class SaleCycle(WireModel):
    """One row of `/sale-cycles`: a pay mode and the periods it is sold for."""

    pay_mode: str
    period_type: str = "year"
    period_num: Annotated[list[int], BeforeValidator(_int_list)] = Field(default_factory=list)


class ListSaleCyclesResponse(WireModel):
    sale_cycles: list[SaleCycle]


class OfferingSaleCycle(WireModel):
    """How one offering is sold: a single period per row."""

    pay_mode: str
    period_type: str = "year"
    period_num: int


class ProductInfo(WireModel):
    cloud_service_type: str | None = None
    resource_type: str | None = None
    resource_spec_code: str | None = None


class ServerSpec(WireModel):
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


class NetworkDeviceSpec(WireModel):
    id: WireId | None = None
    name: str | None = None
    power: int | None = None
    unit: int | None = None
    performance_type: str | None = None


class _Offering(WireModel):
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


class ListServerOfferingsResponse(WireModel):
    offerings: list[ServerOffering]
    page_info: PageInfo | None = None


class ListNetworkDeviceOfferingsResponse(WireModel):
    offerings: list[NetworkDeviceOffering]
    page_info: PageInfo | None = None


class StorageType(WireModel):
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


class ListStorageTypesResponse(WireModel):
    storage_types: list[StorageType]
    page_info: PageInfo | None = None
