"""Server-side filters for the current provider (only those it supports), plus the quick
text filter over what is loaded, and under them one line: the filters in force, or why an
input was rejected.

Every field has a fixed width that fits its label on one line; when the fields need more
room than the terminal has, the row scrolls sideways to the focused field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import Final

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Static

from tui.orders import Filter, Kind, OrderQuery, Status
from tui.providers.base import Capabilities
from tui.timeparse import parse_moment
from tui.ui.widgets.choice_field import ChoiceField
from tui.view_state import filter_summary

QUICK_FILTER_DEBOUNCE: Final = 0.15
"""Typing pauses shorter than this do not re-filter: one pass per burst of keys."""

LABELS: Final = {
    "status": "status",
    "order-id": "order id",
    "since": "since",
    "until": "until",
    "kind": "type",
    "product": "product",
    "phones": "phone ids",
    "pay-way": "pay way",
}
"""How the note line names a field whose input was rejected."""


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


class FilterBar(Vertical):
    """Posts `FilterBar.Changed` with a new query when a filter is applied (Enter, or a pick)."""

    DEFAULT_CSS = """
    FilterBar { height: auto; }
    FilterBar #filter-fields {
        height: 3; padding: 0 1; scrollbar-size-horizontal: 0; overflow-y: hidden;
    }
    FilterBar Input { height: 3; padding: 0 1; width: 16; }
    FilterBar ChoiceField { width: 16; padding: 0 1; }
    FilterBar #since { width: 17; }
    FilterBar #until { width: 14; }
    FilterBar #kind { width: 15; }
    FilterBar #product, FilterBar #pay-way { width: 18; }
    FilterBar #phones { width: 14; }
    FilterBar #quick { width: 1fr; min-width: 14; max-width: 40; }
    FilterBar Input:focus, FilterBar ChoiceField:focus {
        border: tall $accent; background: $accent 15%;
    }
    FilterBar Input.-invalid { border: tall $error; }
    FilterBar #filter-note {
        height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; color: $accent;
    }
    FilterBar #filter-note.-error { color: $error; text-style: bold; }
    """

    class Changed(Message):
        def __init__(self, query: OrderQuery, typed: dict[str, str] | None = None) -> None:
            super().__init__()
            self.query = query
            self.typed = typed if typed is not None else {}
            """What the user typed or picked, by field id (`since`: `7d`), for the note line."""

    class QuickChanged(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class QuickDone(Message):
        """Enter in the quick filter: back to the rows, the filter kept."""

    def __init__(
        self,
        capabilities: Capabilities | None,
        query: OrderQuery,
        *,
        clock: Callable[[], datetime],
        zone: tzinfo,
        typed: dict[str, str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.capabilities = capabilities
        self.order_query = query
        self.typed = dict(typed or {})
        self._clock = clock
        self._zone = zone
        self._quick_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with HorizontalScroll(id="filter-fields", can_focus=False):
            yield from self._fields()
        yield Static("", id="filter-note", markup=False)

    def on_mount(self) -> None:
        self._show_note()

    def _fields(self) -> ComposeResult:
        filters = self.capabilities.filters if self.capabilities else frozenset({Filter.STATUS})
        statuses = self.capabilities.statuses if self.capabilities else frozenset(Status)
        if Filter.STATUS in filters:
            current = next(iter(self.order_query.statuses), None)
            yield ChoiceField(
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
                self.typed.get("since", ""),
                placeholder="since 7d/date",
                id="since",
                validators=[MomentValidator(self._clock, self._zone, end_of_day=False)],
                tooltip="Created on or after: an ISO date or time, today, 7d, 30d",
            )
            yield Input(
                self.typed.get("until", ""),
                placeholder="until date",
                id="until",
                validators=[MomentValidator(self._clock, self._zone, end_of_day=True)],
                tooltip="Created on or before: an ISO date or time, today",
            )
        if Filter.KIND in filters and self.capabilities and self.capabilities.kinds:
            yield ChoiceField(
                [(k.value, k) for k in Kind if k in self.capabilities.kinds],
                prompt="any type",
                value=next(iter(self.order_query.kinds), None),
                id="kind",
            )
        if Filter.PRODUCT_TYPE in filters and self.capabilities and self.capabilities.product_types:
            yield ChoiceField(
                [(label, code) for code, label in self.capabilities.product_types.items()],
                prompt="any product",
                value=next(iter(self.order_query.product_types), None),
                id="product",
            )
        if Filter.PHONE_IDS in filters:
            yield Input(", ".join(self.order_query.phone_ids), placeholder="phone ids", id="phones")
        if Filter.PAY_WAY in filters and self.capabilities:
            yield ChoiceField(
                [(way, way) for way in self.capabilities.pay_ways],
                prompt="any pay way",
                value=next(iter(self.order_query.pay_ways), None),
                id="pay-way",
            )
        yield Input(placeholder="/ quick", id="quick", tooltip="Filters loaded rows")

    def focus_first(self) -> None:
        """`f`: the first filter field."""
        fields = [w for w in self.query_one("#filter-fields").children if w.focusable]
        if fields:
            fields[0].focus()

    def rejected(self) -> str:
        """Why an input is not applied (`since: not a date: 'lastweek'; …`), or ""."""
        for field_input in self.query(Input):
            text = field_input.value.strip()
            if not text or not field_input.validators:
                continue
            validation = field_input.validate(text)
            if validation is not None and not validation.is_valid:
                reasons = "; ".join(validation.failure_descriptions)
                return f"✖ {LABELS.get(field_input.id or '', field_input.id)}: {reasons}"
        return ""

    def _show_note(self) -> None:
        """The note line: a rejected input, else the filters in force (nothing: hidden)."""
        note = self.query_one("#filter-note", Static)
        problem = self.rejected()
        summary = filter_summary(self.order_query, self.typed)
        if summary:
            summary += " · x clears all"
        note.update(problem or summary)
        note.set_class(bool(problem), "-error")
        note.display = bool(problem or summary)

    def _typed_now(self) -> dict[str, str]:
        typed = {f.id: f.value.strip() for f in self.query(Input) if f.id and f.id != "quick"}
        for product in self.query("#product").results(ChoiceField):
            if product.value is not None and self.capabilities:
                typed["product"] = self.capabilities.product_types.get(str(product.value), "")
        return {key: value for key, value in typed.items() if value}

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
        for choice in self.query(ChoiceField):
            value = choice.value
            if value is None:
                continue
            if choice.id == "status":
                query = replace(query, statuses=frozenset({Status(str(value))}))
            elif choice.id == "kind":
                query = replace(query, kinds=frozenset({Kind(str(value))}))
            elif choice.id == "product":
                query = replace(query, product_types=frozenset({str(value)}))
            elif choice.id == "pay-way":
                query = replace(query, pay_ways=frozenset({str(value)}))
        for box in self.query(Input):
            text = box.value.strip()
            if box.id == "quick" or not text:
                continue
            validation = box.validate(text) if box.validators else None
            if validation is not None and not validation.is_valid:
                return None
            if box.id == "order-id":
                query = replace(query, order_id=text)
            elif box.id == "phones":
                ids = tuple(part.strip() for part in text.split(",") if part.strip())
                query = replace(query, phone_ids=ids)
            elif box.id == "since":
                since = parse_moment(text, now=self._now(), zone=self._zone)
                query = replace(query, since=since)
            elif box.id == "until":
                until = parse_moment(text, now=self._now(), zone=self._zone, end_of_day=True)
                query = replace(query, until=until)
        return query

    def _now(self) -> datetime:
        return self._clock()

    def _apply(self) -> None:
        query = self.build_query()
        if query is not None and query != self.order_query:
            self.order_query = query
            self.typed = self._typed_now()
            self.post_message(self.Changed(query, dict(self.typed)))
        self._show_note()

    @on(ChoiceField.Changed)
    def _choice_changed(self, event: ChoiceField.Changed) -> None:
        event.stop()
        self._apply()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "quick":
            self._apply()
        else:
            if self._quick_timer is not None:  # what was typed applies now, not after the wait
                self._quick_timer.stop()
                self.post_message(self.QuickChanged(event.value))
            self.post_message(self.QuickDone())

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "quick":
            if self._quick_timer is not None:
                self._quick_timer.stop()
            message = self.QuickChanged(event.value)
            self._quick_timer = self.set_timer(
                QUICK_FILTER_DEBOUNCE, lambda: self.post_message(message)
            )
        elif self.query_one("#filter-note").has_class("-error"):
            self._show_note()  # the rejected input was corrected (or emptied)
