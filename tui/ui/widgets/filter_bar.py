"""Server-side filters for the current provider (only those it supports), plus the quick
text filter over what is loaded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Select

from tui.orders import Filter, Kind, OrderQuery, Status
from tui.providers.base import Capabilities
from tui.timeparse import parse_moment


class MomentValidator(Validator):
    """ISO dates and the shortcuts `today`, `7d`, `30d`: anything else is marked, not sent."""

    def __init__(self, clock: Callable[[], datetime], zone: tzinfo, end_of_day: bool) -> None:
        super().__init__()
        self._clock = clock
        self._zone = zone
        self._end_of_day = end_of_day

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()
        try:
            parse_moment(value, now=self._clock(), zone=self._zone, end_of_day=self._end_of_day)
        except ValueError as error:
            return self.failure(str(error))
        return self.success()


class FilterBar(Horizontal):
    """Posts `FilterBar.Changed` with a new query when a filter is applied (Enter, or a pick)."""

    DEFAULT_CSS = """
    FilterBar { height: auto; padding: 0 1; }
    FilterBar Input { width: 1fr; min-width: 12; max-width: 28; height: 3; }
    FilterBar Select { width: 1fr; min-width: 14; max-width: 24; }
    FilterBar #quick { max-width: 40; min-width: 16; }
    FilterBar Input.-invalid { border: tall $error; }
    """

    @dataclass
    class Changed(Message):
        query: OrderQuery

    @dataclass
    class QuickChanged(Message):
        text: str

    def __init__(
        self,
        capabilities: Capabilities | None,
        query: OrderQuery,
        *,
        clock: Callable[[], datetime],
        zone: tzinfo,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.capabilities = capabilities
        self.order_query = query
        self._clock = clock
        self._zone = zone

    def compose(self) -> ComposeResult:
        filters = self.capabilities.filters if self.capabilities else frozenset({Filter.STATUS})
        statuses = self.capabilities.statuses if self.capabilities else frozenset(Status)
        if Filter.STATUS in filters:
            current = next(iter(self.order_query.statuses), Select.NULL)
            yield Select(
                [(s.value, s) for s in Status if s in statuses],
                prompt="any status",
                value=current,
                id="status",
                tooltip="Status (sent to the server)",
            )
        if Filter.ORDER_ID in filters:
            yield Input(self.order_query.order_id or "", placeholder="order id", id="order-id")
        if Filter.CREATED_RANGE in filters:
            yield Input(
                placeholder="since (2026-01-31, 7d)",
                id="since",
                validators=[MomentValidator(self._clock, self._zone, end_of_day=False)],
                tooltip="Created on or after: an ISO date or time, today, 7d, 30d",
            )
            yield Input(
                placeholder="until",
                id="until",
                validators=[MomentValidator(self._clock, self._zone, end_of_day=True)],
                tooltip="Created on or before: an ISO date or time, today",
            )
        if Filter.KIND in filters and self.capabilities and self.capabilities.kinds:
            yield Select(
                [(k.value, k) for k in Kind if k in self.capabilities.kinds],
                prompt="any type",
                id="kind",
            )
        if Filter.PRODUCT_TYPE in filters and self.capabilities and self.capabilities.product_types:
            yield Select(
                [(label, code) for code, label in self.capabilities.product_types.items()],
                prompt="any product",
                id="product",
            )
        if Filter.PHONE_IDS in filters:
            yield Input(placeholder="phone ids (a,b)", id="phones")
        if Filter.PAY_WAY in filters and self.capabilities:
            yield Select(
                [(way, way) for way in self.capabilities.pay_ways],
                prompt="any pay way",
                id="pay-way",
            )
        yield Input(placeholder="/ quick filter", id="quick", tooltip="Filters loaded rows")

    def build_query(self) -> OrderQuery | None:
        """The query from the widgets, or None when an input is invalid (marked inline)."""
        query = replace(
            self.order_query,
            statuses=frozenset(),
            order_id=None,
            since=None,
            until=None,
            kinds=frozenset(),
            product_types=frozenset(),
            phone_ids=(),
            pay_ways=frozenset(),
        )
        for select in self.query_children(Select):
            value = select.value
            if value is Select.NULL:
                continue
            if select.id == "status":
                query = replace(query, statuses=frozenset({Status(str(value))}))
            elif select.id == "kind":
                query = replace(query, kinds=frozenset({Kind(str(value))}))
            elif select.id == "product":
                query = replace(query, product_types=frozenset({str(value)}))
            elif select.id == "pay-way":
                query = replace(query, pay_ways=frozenset({str(value)}))
        for field in self.query_children(Input):
            text = field.value.strip()
            if field.id == "quick" or not text:
                continue
            validation = field.validate(text) if field.validators else None
            if validation is not None and not validation.is_valid:
                return None
            if field.id == "order-id":
                query = replace(query, order_id=text)
            elif field.id == "phones":
                ids = tuple(part.strip() for part in text.split(",") if part.strip())
                query = replace(query, phone_ids=ids)
            elif field.id == "since":
                since = parse_moment(text, now=self._now(), zone=self._zone)
                query = replace(query, since=since)
            elif field.id == "until":
                until = parse_moment(text, now=self._now(), zone=self._zone, end_of_day=True)
                query = replace(query, until=until)
        return query

    def _now(self) -> datetime:
        return self._clock()

    def _apply(self) -> None:
        query = self.build_query()
        if query is not None and query != self.order_query:
            self.order_query = query
            self.post_message(self.Changed(query))

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._apply()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "quick":
            self._apply()

    @on(Input.Changed, "#quick")
    def _quick_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QuickChanged(event.value))
