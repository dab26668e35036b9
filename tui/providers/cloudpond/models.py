"""CloudPond wire models of the order list and the edge sites: the API's own shapes and field
names, extra fields allowed and kept. The catalogue the wizard reads is in `catalogue.py`, the
create call in `order_body.py`: the dashboard's first page needs only these.

Tolerance follows PROVIDERS.md: ids may arrive as numbers, timestamps mix precisions, statuses and
pay modes are open strings (an unknown value is data, not an error).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from tui.providers.cloudpond.auth import parse_wire_time


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


WireId = Annotated[str, BeforeValidator(_to_str)]
WireTime = Annotated[datetime | None, BeforeValidator(_to_time)]


class WireModel(BaseModel):
    """Responses: mirror the API, keep what we do not model."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)


class PageInfo(WireModel):
    next_marker: str | None = None
    """Absent on the last page."""
    current_count: int | None = None


class DeliveryOrder(WireModel):
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


class ListDeliveryOrdersResponse(WireModel):
    delivery_orders: list[DeliveryOrder]
    page_info: PageInfo | None = None


class ShowDeliveryOrderResponse(WireModel):
    delivery_order: DeliveryOrder


# --- catalogue -------------------------------------------------------------------------------


class Location(WireModel):
    name: str | None = None
    zone_code: str | None = None
    """The `zone_code` filter of every offering call."""
    address: str | None = None
    description: str | None = None
    country: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None


class EdgeSite(WireModel):
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


class ListEdgeSitesResponse(WireModel):
    edge_sites: list[EdgeSite]
    page_info: PageInfo | None = None
