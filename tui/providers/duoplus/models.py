"""DuoPlus wire models: the team order list call exactly as the API speaks it (seed 003).

Every model keeps unknown fields (`extra="allow"`): DuoPlus adds fields without notice, and the
raw order is shown to people. Labels in responses (`type`, `status`, `product`) are display text
in the `Lang` language, so they stay strings here; the client maps the English ones.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from tui.orders import Kind, Money, Status

if TYPE_CHECKING:
    from collections.abc import Mapping

BEIJING: Final = timezone(timedelta(hours=8), "GMT+08:00")
"""DuoPlus's own time zone: its docs give defaults "in GMT+08:00", so zone-less times are in it."""

ORDER_LIST_PATH: Final = "/api/v1/team/order"
"""The team order list: `POST` with a JSON body, like every DuoPlus call."""

MAX_PAGE_SIZE: Final = 500
"""The documented ceiling of `pagesize`."""

STATUSES: Final[Mapping[str, str]] = {
    "1": "Unpaid",
    "2": "Cancelled",
    "3": "Paid",
    "4": "Failed",
    "5": "Finished",
    "6": "Expired",
    "7": "Refunded",
}
"""Status filter codes -> the English labels the list answers with."""

ORDER_TYPES: Final[Mapping[str, str]] = {
    "1": "Purchase",
    "2": "Renewal",
    "3": "Recharge",
    "4": "Deduction",
    "5": "Redeem",
    "6": "Gift",
    "7": "Refund",
    "8": "Transfer",
    "9": "Receive",
}
"""Order type filter codes -> English labels."""

PRODUCT_TYPES: Final[Mapping[str, str]] = {
    "1": "Subscription Startup",
    "2": "Cloud Phone",
    "3": "Balance",
    "4": "Gift",
    "5": "Reset Device Times",
    "6": "Temporary Startup",
    "7": "Change Cloud Drive Plan",
    "8": "Renew Cloud Drive Plan",
    "9": "Technical Service Fee",
    "10": "Cloud Number",
    "11": "AI Credits",
}
"""Product type filter codes -> English labels (the UI's product picker)."""

STATUS_CODE_OF: Final[Mapping[Status, str]] = {
    Status.PENDING: "1",
    Status.CANCELLED: "2",
    Status.PROCESSING: "3",
    Status.FAILED: "4",
    Status.COMPLETED: "5",
    Status.EXPIRED: "6",
    Status.REFUNDED: "7",
}
"""Normalized status -> DuoPlus status code (PROVIDERS.md section 4)."""

_STATUS_OF_LABEL: Final[Mapping[str, Status]] = {
    STATUSES[code].casefold(): status for status, code in STATUS_CODE_OF.items()
}

KIND_CODE_OF: Final[Mapping[Kind, str]] = {
    Kind.PURCHASE: "1",
    Kind.RENEWAL: "2",
    Kind.RECHARGE: "3",
    Kind.DEDUCTION: "4",
    Kind.REDEEM: "5",
    Kind.GIFT: "6",
    Kind.REFUND: "7",
    Kind.TRANSFER: "8",
    Kind.RECEIVE: "9",
}
"""Normalized order kind -> DuoPlus order type code."""

_KIND_OF_LABEL: Final[Mapping[str, Kind]] = {
    ORDER_TYPES[code].casefold(): kind for kind, code in KIND_CODE_OF.items()
}


def status_of(label: str) -> Status:
    """The normalized status of an (English) status label; anything else is `UNKNOWN`."""
    return _STATUS_OF_LABEL.get(label.strip().casefold(), Status.UNKNOWN)


def kind_of(label: str) -> Kind:
    """The order kind of an (English) type label; anything else is `UNKNOWN`."""
    return _KIND_OF_LABEL.get(label.strip().casefold(), Kind.UNKNOWN)


# --- timestamps --------------------------------------------------------------------------------

_UNIX_SECONDS = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_WALL_CLOCK = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_MILLISECONDS_ABOVE: Final = 10**11
"""Epoch values this large are milliseconds: 10**11 seconds is the year 5138."""


def parse_timestamp(value: object) -> datetime | None:
    """A DuoPlus time in any of its formats, as an aware datetime; empty means "none".

    - ISO 8601 with an offset or `Z` (the order list: `2026-02-12T11:34:55+08:00`);
    - `Y-m-d H:i:s` without a zone (other DuoPlus endpoints): taken as GMT+08:00, the zone the
      API documents its own defaults in (the service runs on Beijing time);
    - unix seconds as an int or a digit string (milliseconds are recognised by size).
    A value in none of these forms raises `ValueError`.
    """
    if value is None or value == "" or value == 0:
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a timestamp: {value!r}")
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        raise ValueError(f"not a timestamp: {value!r}")
    text = value.strip()
    if not text or text in ("0", "0000-00-00 00:00:00"):
        return None
    if _UNIX_SECONDS.match(text):
        return _from_epoch(float(text))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a timestamp: {value!r}") from None
    if moment.tzinfo is None:
        if not _WALL_CLOCK.match(text):
            raise ValueError(f"not a timestamp: {value!r}")
        moment = moment.replace(tzinfo=BEIJING)
    return moment


def _from_epoch(seconds: float) -> datetime:
    if seconds >= _MILLISECONDS_ABOVE:
        seconds /= 1000
    return datetime.fromtimestamp(seconds, UTC)


def _lenient_timestamp(value: object) -> datetime | None:
    # A garbled time must not throw away a whole page: the order keeps its raw text.
    try:
        return parse_timestamp(value)
    except (ValueError, OverflowError, OSError):
        return None


def _lenient_money(value: object) -> Money | None:
    # Money text such as "-$21.91"; a label DuoPlus may show instead ("Free") is no crash.
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Money.of(value)
    if isinstance(value, str):
        try:
            return Money.parse(value)
        except ValueError:
            return None
    return None


def _text(value: object) -> str:
    # Labels and ids arrive as strings, but a null or a number is data, not a crash.
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


MAX_SECONDS_TO_PAY: Final = 10 * 366 * 24 * 3600
"""Ten years. A longer "time left to pay" is no deadline anyone can act on (and past the year
9999 it would not fit a datetime): it is read as none, and `raw` keeps what was sent."""


def _seconds(value: object) -> int:
    try:
        seconds = int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return 0
    return seconds if 0 < seconds <= MAX_SECONDS_TO_PAY else 0


Timestamp = Annotated[datetime | None, BeforeValidator(_lenient_timestamp)]
MoneyText = Annotated[Money | None, BeforeValidator(_lenient_money)]
Text = Annotated[str, BeforeValidator(_text)]
Seconds = Annotated[int, BeforeValidator(_seconds)]


# --- request -----------------------------------------------------------------------------------


class OrderListRequest(BaseModel):
    """The body of `POST /api/v1/team/order`; `body()` drops what is not set."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    created_at_start: str
    """ISO 8601 with offset; required by the docs (the server would default to 7 days)."""
    created_at_end: str
    image_ids: list[str] | None = None
    """Cloud phone ids."""
    order_id: str | None = None
    status: list[str] | None = None
    """Status codes as numeric strings (`["1", "2"]`), see `STATUSES`."""
    type: list[str] | None = None
    """Order type codes as numeric strings, see `ORDER_TYPES`."""
    product_type: list[str] | None = None
    """Product type codes as numeric strings, see `PRODUCT_TYPES`."""
    sort_by: Literal["created_at", "total"] | None = None
    order: Literal["asc", "desc"] | None = None
    page: int = Field(default=1, ge=1)
    pagesize: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE)

    def body(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


# --- response ----------------------------------------------------------------------------------


class Envelope(BaseModel):
    """Every DuoPlus answer: `code` 200 is success, anything else an error with `message`."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    code: int
    data: Any = None
    message: Text = ""


class OrderItem(BaseModel):
    """One order of the list; times and money parsed, labels left as display text."""

    model_config = ConfigDict(extra="allow", arbitrary_types_allowed=True, defer_build=True)

    order_id: Text
    type: Text = ""
    """Display text in the `Lang` language ("Renewal")."""
    product: Text = ""
    description: Text = ""
    status: Text = ""
    """Display text ("Unpaid"); see `status_of`."""
    total: MoneyText = None
    """Money text with its sign: `"-$21.91"` is money spent."""
    created_at: Timestamp = None
    expired_at: Timestamp = None
    """The payment deadline; `""` unless the order is Unpaid."""
    expired_seconds: Seconds = 0
    """Seconds left to pay (Unpaid orders only)."""


def _items(value: object) -> object:
    # An empty page may come back as `null` instead of `[]`.
    return [] if value is None else value


class OrderListData(BaseModel):
    """`data` of the order list answer. `total` here is a count, not money."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    orders: Annotated[list[OrderItem], BeforeValidator(_items)] = Field(
        default_factory=list, alias="list"
    )
    """The wire's `list` (renamed here so the builtin stays usable in this class)."""
    page: int = 1
    pagesize: int = 10
    total: int = 0
    total_page: int = 0
