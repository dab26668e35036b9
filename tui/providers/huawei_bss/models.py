"""Huawei Cloud BSS wire models: customer orders exactly as the Billing Center API speaks them.

Field for field from the official SDKs' models (`huaweicloudsdkbss` and `huaweicloudsdkbssintl`
are identical here): `CustomerOrderV2` in the list, `CustomerOrderV3` in the detail (which adds
`user_name` and `pending_payment_end_time`), `OrderLineItemEntityV2`, `AmountInfomationV2`.
Unknown fields are kept (`extra="allow"`); status, order type and source type stay open ints
(an unknown value is data, not a parse error). Amounts are JSON numbers read as `Decimal`
through their text, so 49.99 stays 49.99.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from tui.orders import Kind, Status
from tui.providers.cloudpond.models import WireId, WireTime

ORDERS_PATH: Final = "/v2/orders/customer-orders"
"""The customer order list (GET, `limit`/`offset` paging, `total_count`)."""

DETAILS_PATH: Final = "/v2/orders/customer-orders/details/"
"""`DETAILS_PATH + order_id`: one order with its line items and payment deadline."""

PENDING_PAYMENT: Final = 6
"""The status of an order that waits for the customer's money (`status=6`)."""

STATUS_WORDS: Final[Mapping[int, str]] = {
    1: "pending approval",
    2: "pending refund",
    3: "processing",
    4: "cancelled",
    5: "completed",
    6: "pending payment",
    9: "to be confirmed",
    10: "to be shipped",
    11: "to be received",
    12: "awaiting pickup",
    13: "being replaced",
}
"""`status` in words (the SDK's `CustomerOrderV3` documents 1-13)."""

STATUS_OF_CODE: Final[Mapping[int, Status]] = {
    1: Status.PROCESSING,
    2: Status.PROCESSING,
    3: Status.PROCESSING,
    4: Status.CANCELLED,
    5: Status.COMPLETED,
    6: Status.PENDING,
    9: Status.PROCESSING,
    10: Status.PROCESSING,
    11: Status.PROCESSING,
    12: Status.PROCESSING,
    13: Status.PROCESSING,
}
"""Normalized status (PROVIDERS.md section 5). Only 6 awaits the customer's money, so only 6
is `pending`: approval, confirmation, refunds and shipping are Huawei's side of the work. An
unpaid order whose deadline passes is cancelled (4) by the Billing Center."""

CODE_OF_STATUS: Final[Mapping[Status, int]] = {
    Status.PENDING: 6,
    Status.CANCELLED: 4,
    Status.COMPLETED: 5,
}
"""The normalized statuses one `status` filter value selects exactly (the API takes one int)."""

ORDER_TYPE_WORDS: Final[Mapping[int, str]] = {
    1: "new purchase",
    2: "renewal",
    3: "change",
    4: "unsubscription",
    10: "yearly/monthly to pay-per-use",
    11: "pay-per-use to yearly/monthly",
    13: "trial",
    14: "trial to commercial",
    15: "fee adjustment",
}
"""`order_type` in words (the SDK's list request documents these)."""

KIND_OF_ORDER_TYPE: Final[Mapping[int, Kind]] = {
    1: Kind.PURCHASE,
    2: Kind.RENEWAL,
    4: Kind.REFUND,
}
"""Order types our `Kind` names; the others are `unknown`, their words shown beside."""

ORDER_TYPE_OF_KIND: Final[Mapping[Kind, int]] = {
    kind: code for code, kind in KIND_OF_ORDER_TYPE.items()
}

SERVICE_TYPES: Final[Mapping[str, str]] = {
    "hws.service.type.ies": "CloudPond",
    "hws.service.type.ebs": "Elastic Volume Service",
    "hws.service.type.ec2": "Elastic Cloud Server",
    "hws.service.type.obs": "Object Storage Service",
    "hws.service.type.vpc": "Virtual Private Cloud",
}
"""Service type codes the filter offers (an open set: any code may be typed)."""

SOURCE_TYPE_WORDS: Final[Mapping[int, str]] = {
    1: "customer",
    2: "agent",
    3: "contract",
    4: "distributor",
    5: "resource deleted in the console",
    6: "back-filled order",
    7: "compensation order",
    8: "created by the system",
}

MEASURE_YUAN: Final = 1
"""`measure_id` 1: amounts are in whole units of `currency` (the only unit the SDK documents)."""


class _Wire(BaseModel):
    """Responses: mirror the API, keep what we do not model."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)


class DiscountItem(_Wire):
    discount_type: str | None = None
    discount_amount: Decimal | None = None


class AmountInfo(_Wire):
    """`AmountInfomationV2` (sic): discounts and what coupons, cards and credit paid."""

    discounts: list[DiscountItem] | None = None
    flexipurchase_coupon_amount: Decimal | None = None
    coupon_amount: Decimal | None = None
    stored_card_amount: Decimal | None = None
    commission_amount: Decimal | None = None
    consumed_amount: Decimal | None = None


class EnterpriseProject(_Wire):
    id: str | None = None
    name: str | None = None


class AgentPayInfo(_Wire):
    paying_agent_id: str | None = None
    is_agent_pay: bool | None = None


class _OrderFields(_Wire):
    """What list items, detail orders and sub-orders share."""

    order_id: WireId
    customer_id: str | None = None
    service_type_code: str | None = None
    service_type_name: str | None = None
    source_type: int | None = None
    status: int | None = None
    order_type: int | None = None
    amount_after_discount: Decimal | None = None
    """What is paid, after discounts and before coupons and cards."""
    official_amount: Decimal | None = None
    measure_id: int | None = None
    create_time: WireTime = None
    payment_time: WireTime = None
    currency: str | None = None
    contract_id: str | None = None
    amount_info: AmountInfo | None = None


class SubCustomerOrder(_OrderFields):
    """`SubCustomerOrderV2`/`V3`: a sub-order of a combined order."""

    enterprise_projects: list[EnterpriseProject] | None = None
    user_name: str | None = None
    pending_payment_end_time: WireTime = None


class CustomerOrder(_OrderFields):
    """`CustomerOrderV2`: one item of the order list (no payment deadline)."""

    enterprise_projects: list[EnterpriseProject] | None = None
    sub_order_infos: list[SubCustomerOrder] | None = None
    agent_pay_info: AgentPayInfo | None = None


class CustomerOrderDetail(_OrderFields):
    """`CustomerOrderV3`: the order of the detail call."""

    user_name: str | None = None
    pending_payment_end_time: WireTime = None
    """The payment deadline of a pending order (UTC): only the detail call carries it."""
    sub_order_infos: list[SubCustomerOrder] | None = None


class ProductObject(_Wire):
    product_id: str | None = None
    product_spec_desc: str | None = None
    category_code: str | None = None
    product_owner_service: str | None = None
    commercial_resource: str | None = None


class OrderLineItem(_Wire):
    """`OrderLineItemEntityV2`: one product of an order."""

    order_line_item_id: str | None = None
    service_type_code: str | None = None
    service_type_name: str | None = None
    product_id: str | None = None
    product_spec_desc: str | None = None
    period_type: int | None = None
    period_num: int | None = None
    effective_time: WireTime = None
    expire_time: WireTime = None
    subscription_num: int | None = None
    amount_after_discount: Decimal | None = None
    official_amount: Decimal | None = None
    amount_info: AmountInfo | None = None
    currency: str | None = None
    category_code: str | None = None
    product_owner_service: str | None = None
    commercial_resource: str | None = None
    base_product_info: ProductObject | None = None
    order_id: str | None = None


class ListCustomerOrdersResponse(_Wire):
    total_count: int | None = None
    order_infos: list[CustomerOrder] = Field(default_factory=list)


class ShowCustomerOrderDetailsResponse(_Wire):
    total_count: int | None = None
    """How many line items the order has (they page with `limit`/`offset`)."""
    order_info: CustomerOrderDetail
    order_line_items: list[OrderLineItem] = Field(default_factory=list)
