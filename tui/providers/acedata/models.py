"""Ace Data Cloud wire models: the platform's order calls exactly as the API speaks them (seed 004).

Every model keeps unknown fields (`extra="allow"`): the platform adds fields without notice and
the raw order is shown to people. `state` and `pay_way` stay open strings: a value we have no
mapping for is data (it becomes `Status.UNKNOWN` with the raw value kept), never a parse error.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Final

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from tui.orders import Status

if TYPE_CHECKING:
    from collections.abc import Mapping

ORDERS_PATH: Final = "/api/v1/orders/"
"""The order list (GET, `limit`/`offset` paging)."""


TOKEN_ME_PATH: Final = "/api/v1/platform-tokens/me/"
"""Who the platform token belongs to: its `id` is the `user_id` list calls need."""

MAX_PAGE_SIZE: Final = 100
"""The largest `limit` the official clients ask for (their tools cap it at 100)."""

ORDER_STATES: Final[Mapping[str, Status]] = {
    "Pending": Status.PENDING,
    "Paid": Status.PROCESSING,
    "Finished": Status.COMPLETED,
    "Failed": Status.FAILED,
    "Expired": Status.EXPIRED,
    "Refunded": Status.REFUNDED,
}
"""Wire state -> normalized status (PROVIDERS.md section 4); Ace Data has no cancelled state."""

STATE_OF_STATUS: Final[Mapping[Status, str]] = {
    status: state for state, status in ORDER_STATES.items()
}
"""Normalized status -> the wire state the `state` filter takes."""

PAY_WAYS: Final = (
    "Stripe",
    "WechatPay",
    "AliPay",
    "X402",
    "Card",
    "PayPal",
    "AppleIAP",
    "Reward",
    "BankTransfer",
)
"""Payment methods seen in the docs and official clients; an open set (new ones are data)."""

PENDING_STATE: Final = "Pending"
"""The only state in which `pay_url` is a link the customer can still pay with."""


def status_of(state: str) -> Status:
    """The normalized status of a wire state; case-insensitive, anything else is `UNKNOWN`."""
    return _STATUS_OF_FOLDED.get(state.strip().casefold(), Status.UNKNOWN)


_STATUS_OF_FOLDED: Final[Mapping[str, Status]] = {
    state.casefold(): status for state, status in ORDER_STATES.items()
}


def _aware(moment: datetime | None) -> datetime | None:
    # DRF writes UTC with a `Z`; a zone-less value from a misconfigured server is UTC too.
    # Zero offsets become `datetime.UTC` itself, so every UTC time compares and prints alike.
    if moment is None or moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None or moment.utcoffset() == timedelta(0):
        return moment.replace(tzinfo=UTC)
    return moment


def _drf_time(value: object) -> object:
    # DRF's own shape (`2026-01-02T03:04:05.123456Z`) in one C call, straight to `datetime.UTC`:
    # pydantic's parse plus the zone check above cost 10x as much per timestamp (measured).
    # Anything else is left to pydantic, with its error messages.
    if isinstance(value, str) and len(value) >= 20 and value[10] == "T" and value[-1] == "Z":
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _id_text(value: object) -> object:
    # Ids are UUID strings, but an integer primary key must not fail the whole page.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


AwareDatetime = Annotated[datetime | None, BeforeValidator(_drf_time), AfterValidator(_aware)]
"""A timestamp that is always timezone-aware once parsed."""

IdText = Annotated[str, BeforeValidator(_id_text)]
"""An identifier as text, whatever JSON type the server used."""


class _Wire(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)


class AceOrder(_Wire):
    """One order as `/api/v1/orders/` and `/api/v1/orders/{id}/` return it."""

    id: IdText
    user_id: IdText | None = None
    application_id: IdText | None = None
    package_id: IdText | None = None
    amount: Decimal | None = None
    """Credits bought (not money)."""
    price: Decimal | None = None
    """Money paid, in USD."""
    discount: Decimal | None = None
    """A factor: 1.0 means no discount, 0.9 means 10% off."""
    pay_way: str | None = None
    pay_id: str | None = None
    pay_url: str | None = None
    """A payment link; valid only while `state` is `Pending`."""
    state: str
    remaining_amount: Decimal | None = None
    """Credits left from this order."""
    applications: list[Any] | None = None
    packages: list[Any] | None = None
    tags: Any = None
    metadata: Any = None
    created_at: AwareDatetime = None
    updated_at: AwareDatetime = None


class OrderList(_Wire):
    """A list answer: `{"count", "items"}` (what the console reads) or `{"count", "results"}`
    (what the docs show)."""

    count: int | None = Field(default=None, ge=0)
    items: list[AceOrder] | None = None
    results: list[AceOrder] | None = None

    @model_validator(mode="after")
    def _has_a_list(self) -> OrderList:
        if self.items is None and self.results is None:
            raise ValueError("expected an order list under 'items' or 'results'")
        return self

    @property
    def orders(self) -> list[AceOrder]:
        return self.items if self.items is not None else self.results or []

    @staticmethod
    def raw_orders(data: Mapping[str, Any]) -> list[Any]:
        """The order dicts exactly as received, from whichever key held them."""
        raw = data.get("items")
        if raw is None:
            raw = data.get("results")
        return list(raw or [])


class TokenSubject(_Wire):
    """`/api/v1/platform-tokens/me/`: the account the platform token acts for."""

    id: IdText
    username: str | None = None
    email: str | None = None
