"""The wizard's last step: the review, and sending the order once.

Sending is guarded three ways: Submit stays disabled until the site name is typed, the button
is disabled and a flag set before the worker starts (a second press finds it set), and a
timeout leads to a look at the order list, never to a second request by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Final, Literal, cast

from textual import on, work
from textual.screen import Screen
from textual.widgets import Button, Input

from tui.billing_links import BillingRead, read_billing
from tui.display import printable, resolve_timezone
from tui.errors import OrderdeckError
from tui.order_draft import OrderDraft, Step, render_body
from tui.orders import Order, OrderQuery
from tui.providers.cloudpond.models import EdgeSite
from tui.providers.cloudpond.order_body import CreatedDeliveryOrder, CreateDeliveryOrderRequest
from tui.ui.screens.wizard.messages import OrderPlaced, OrderRefused, OutcomeChecked, OutcomeUnknown
from tui.ui.screens.wizard.review import ReviewPane, refusal, summary

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from datetime import datetime

    from tui.deck import Deck
    from tui.providers.cloudpond.client import CloudPondClient

RECONCILE_PAGE_SIZE: Final = 100
"""Orders read after an unknown outcome: the newest hundred hold anything placed a moment ago."""

RECONCILE_WINDOW: Final = timedelta(minutes=15)
"""Without a baseline (its look failed), orders on the site this recent count as possibly ours."""

Phase = Literal["editing", "sending", "checking", "unknown"]


@dataclass(frozen=True)
class WizardOutcome:
    """How the wizard ended: an order placed, or not. Its draft it keeps itself, in the
    `DraftStore`, where `n` finds it again."""

    placed: CreatedDeliveryOrder | None = None
    site_name: str = ""
    read_billing: Callable[[], Awaitable[BillingRead]] | None = None
    """Reads the placed order's billing orders (their amounts and pay-by times)."""
    zone: tzinfo = UTC
    """The zone the pay-by times are shown in (the config's)."""


class SubmitFlow(Screen[WizardOutcome]):
    """The review and the submit of the wizard screen (`OrderWizard`), which owns the steps."""

    def __init__(self, profile: str, *, deck: Deck, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.profile = profile
        self.deck = deck
        self.clock = clock
        self.draft = OrderDraft()
        self.step = Step.SITE
        self._catalogue: dict[Step, list[Any]] = {}
        self.phase: Phase = "editing"
        self.sends = 0
        """Requests this wizard has started: the tests' and the guard's witness."""
        self._baseline: frozenset[str] | None = None

    @property
    def client(self) -> CloudPondClient:
        return cast("CloudPondClient", self.deck.provider(self.profile))

    @property
    def site(self) -> EdgeSite | None:
        sites: list[EdgeSite] = self._catalogue.get(Step.SITE, [])
        return next((s for s in sites if s.id == self.draft.edge_site_id), None)

    def _refresh_nav(self) -> None:
        """The wizard redraws its steps, buttons and Submit."""

    def _forget(self) -> None:
        """The wizard drops its kept draft once the order is placed."""

    # ---- review and submit ---------------------------------------------------------------

    def _show_review(self) -> None:
        site = self.site
        review = self.query_one(ReviewPane)
        try:
            body = render_body(self.draft.to_request())
        except ValueError:  # pydantic's ValidationError: problems() says what is missing
            body = "(incomplete)"
        review.show(
            summary(
                self.draft,
                site,
                self._catalogue.get(Step.SERVERS, []),
                self._catalogue.get(Step.NETWORK, []),
            ),
            body,
            site.name if site else "",
        )

    def _confirmed(self) -> bool:
        site = self.site
        typed = self.query_one("#confirm", Input).value.strip()
        return site is not None and bool(site.name) and typed == site.name.strip()

    def _refresh_submit(self) -> None:
        submit = self.query_one("#submit", Button)
        submit.disabled = (
            self.phase in ("sending", "checking")
            or not self._confirmed()
            or bool(self.draft.problems(Step.REVIEW))
        )
        submit.label = "Submit again" if self.phase == "unknown" else "Place order"
        self.query_one("#recheck").display = self.phase == "unknown"

    @on(Input.Changed, "#confirm")
    def _confirm_typed(self) -> None:
        self._refresh_submit()

    @on(Input.Submitted, "#confirm")
    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        """Send the order once. Every path that could send twice ends here first."""
        if self.step is not Step.REVIEW or self.phase in ("sending", "checking"):
            return
        if not self._confirmed():
            self.query_one(ReviewPane).say(
                "Type the edge site name exactly to confirm.", warning=True
            )
            return
        try:
            request = self.draft.to_request()
        except ValueError:
            self.app.bell()
            return
        self.phase = "sending"
        self.sends += 1
        self.query_one(ReviewPane).say("Sending the order… (once; it is never retried)")
        self._refresh_nav()
        self._send(request)

    @work(group="submit")
    async def _send(self, request: CreateDeliveryOrderRequest) -> None:
        site_id = request.delivery_order.edge_site_id
        baseline = await self._site_order_ids(site_id)
        try:
            created = await self.client.create_order(request)
        except OrderdeckError as error:
            if getattr(error, "outcome_unknown", False):
                self.post_message(OutcomeUnknown(error, baseline))
            else:
                self.post_message(OrderRefused(error))
            return
        self.deck.links.record(self.profile, created.order.id, created.order_ids)
        self.post_message(OrderPlaced(created))

    async def _site_orders(self, site_id: str) -> list[Order]:
        page = await self.client.list_orders(OrderQuery(page_size=RECONCILE_PAGE_SIZE))
        return [order for order in page.items if order.raw.get("edge_site_id") == site_id]

    async def _site_order_ids(self, site_id: str) -> frozenset[str] | None:
        """The site's orders before sending, to tell a new one apart afterwards (best effort:
        the look must never stop the order)."""
        try:
            return frozenset(order.id for order in await self._site_orders(site_id))
        except OrderdeckError:
            return None

    @on(OrderPlaced)
    def _placed(self, message: OrderPlaced) -> None:
        self._forget()
        site = self.site
        created = message.created
        deck, profile = self.deck, self.profile
        self.dismiss(
            WizardOutcome(
                placed=created,
                site_name=site.name if site else "",
                read_billing=lambda: read_billing(deck, profile, created.order_ids),
                zone=resolve_timezone(deck.config.timezone),
            )
        )

    @on(OrderRefused)
    def _refused(self, message: OrderRefused) -> None:
        self.phase = "editing"
        self.query_one(ReviewPane).say(refusal(message.error), error=True)
        self._refresh_nav()

    @on(OutcomeUnknown)
    def _outcome_unknown(self, message: OutcomeUnknown) -> None:
        self.phase = "checking"
        self._baseline = message.baseline
        self.query_one(ReviewPane).say(
            f"No answer ({message.error}). The order may or may not have been placed: "
            "checking the order list before anything else…",
            warning=True,
        )
        self._refresh_nav()
        self._reconcile()

    @on(Button.Pressed, "#recheck")
    def _recheck(self) -> None:
        if self.phase == "unknown":
            self.phase = "checking"
            self.query_one(ReviewPane).say("Checking the order list…", warning=True)
            self._refresh_nav()
            self._reconcile()

    @work(group="submit")
    async def _reconcile(self) -> None:
        site_id = self.draft.edge_site_id or ""
        baseline = self._baseline
        try:
            orders = await self._site_orders(site_id)
        except OrderdeckError as error:
            self.post_message(OutcomeChecked([], error))
            return
        if baseline is not None:
            found = [order for order in orders if order.id not in baseline]
        else:
            since = self.clock() - RECONCILE_WINDOW
            found = [o for o in orders if o.created_at is not None and o.created_at >= since]
        self.post_message(OutcomeChecked(found, None))

    @on(OutcomeChecked)
    def _outcome_checked(self, message: OutcomeChecked) -> None:
        self.phase = "unknown"
        site = self.site
        name = printable(site.name) if site else "the edge site"
        confirm = self.query_one("#confirm", Input)
        confirm.value = ""  # sending again takes the deliberate act again
        review = self.query_one(ReviewPane)
        if message.error is not None:
            review.say(
                f"Could not check the order list: {message.error}. The order may exist: look "
                "before sending again. To send anyway, type the site name again.",
                error=True,
            )
        elif message.found:
            listed = "; ".join(
                f"{printable(order.id)} ({order.status.value}, {printable(order.title)})"
                for order in message.found
            )
            review.say(
                f"Found {len(message.found)} new order(s) on {name}: {listed}. The order was "
                "probably placed: do not send it again unless you mean a second one (then type "
                "the site name again).",
                warning=True,
            )
        else:
            review.say(
                f"No new order on {name} in the order list: the order was most likely not "
                "placed. To send it again, type the site name again and press Submit again.",
                warning=True,
            )
        self._refresh_nav()
