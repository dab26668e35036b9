"""What the wizard's workers and step panes tell the wizard screen; only its handlers change
the draft or the widgets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from tui.billing_links import BillingRead
from tui.errors import OrderdeckError
from tui.order_draft import Step
from tui.orders import Order
from tui.providers.cloudpond.models import EdgeSite
from tui.providers.cloudpond.order_body import CreatedDeliveryOrder


@dataclass
class CatalogueLoaded(Message):
    """A step's choices arrived; `key` says which (zone, pay mode, period) they are for."""

    step: Step
    key: tuple[Any, ...]
    items: list[Any]


@dataclass
class CatalogueFailed(Message):
    step: Step
    key: tuple[Any, ...]
    error: OrderdeckError


@dataclass
class SiteChosen(Message):
    site: EdgeSite


@dataclass
class BillingChosen(Message):
    pay_mode: str
    period_num: int


@dataclass
class StepEdited(Message):
    """A pane's fields changed: `changes` updates the draft, `errors` are the fields' own
    problems (a count of 0, a size not sold), shown inline and keeping Next disabled."""

    step: Step
    changes: dict[str, Any]
    errors: list[str]


@dataclass
class OrderPlaced(Message):
    created: CreatedDeliveryOrder


@dataclass
class OrderRefused(Message):
    """The provider answered with an error, or nothing was sent: the form stays as it was."""

    error: OrderdeckError


@dataclass
class OutcomeUnknown(Message):
    """Sent, then no answer: the order may exist. `baseline` holds the site's order ids seen
    just before sending (None when that look failed)."""

    error: OrderdeckError
    baseline: frozenset[str] | None


@dataclass
class OutcomeChecked(Message):
    """The order list after an unknown outcome: orders on the site that are new."""

    found: list[Order]
    error: OrderdeckError | None


@dataclass
class BillingPolled(Message):
    """One read of a placed order's billing orders; `last` when the poll gives up after it."""

    read: BillingRead
    last: bool
