"""The CloudPond order wizard: edge site, billing, servers, network devices, storage pools,
review, submit.

The draft (`tui.order_draft.OrderDraft`) is the one source of truth; panes show catalogue
choices and post what was picked, workers fetch and post, the handlers here own the rest.
Sending is guarded three ways: Submit stays disabled until the site name is typed, the button
is disabled and a flag set before the worker starts (a second press finds it set), and a
timeout leads to a look at the order list, never to a second request by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Header, Input, Static

from tui.display import printable
from tui.errors import OrderdeckError, ProviderError
from tui.order_draft import STEP_TITLES, OrderDraft, Step, render_body
from tui.orders import Order, OrderQuery
from tui.providers.cloudpond.models import (
    CreatedDeliveryOrder,
    CreateDeliveryOrderRequest,
    EdgeSite,
)
from tui.ui.screens.wizard.dialogs import LeaveChoice, LeaveDialog, SaveDraftDialog
from tui.ui.screens.wizard.messages import (
    BillingChosen,
    CatalogueFailed,
    CatalogueLoaded,
    OrderPlaced,
    OrderRefused,
    OutcomeChecked,
    OutcomeUnknown,
    SiteChosen,
    StepEdited,
)
from tui.ui.screens.wizard.review import ReviewPane, summary
from tui.ui.screens.wizard.steps import (
    BillingPane,
    OfferingsPane,
    SitePane,
    StepPane,
    StoragePane,
    site_warning,
)
from tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from tui.deck import Deck
    from tui.providers.cloudpond.client import CloudPondClient

PANE_IDS: Final = {
    Step.SITE: "step-site",
    Step.BILLING: "step-billing",
    Step.SERVERS: "step-servers",
    Step.NETWORK: "step-network",
    Step.STORAGE: "step-storage",
    Step.REVIEW: "step-review",
}

RECONCILE_PAGE_SIZE: Final = 100
"""Orders read after an unknown outcome: the newest hundred hold anything placed a moment ago."""

RECONCILE_WINDOW: Final = timedelta(minutes=15)
"""Without a baseline (its look failed), orders on the site this recent count as possibly ours."""

Phase = Literal["editing", "sending", "checking", "unknown"]


@dataclass(frozen=True)
class WizardOutcome:
    """How the wizard ended: an order placed, or a draft to keep (None: nothing to keep)."""

    draft: OrderDraft | None = None
    placed: CreatedDeliveryOrder | None = None
    site_name: str = ""


class OrderWizard(Screen[WizardOutcome]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next", "Next", id="wizard.next", tooltip="Next step"),
        Binding("ctrl+b", "back", "Back", id="wizard.back", tooltip="Previous step"),
        Binding("ctrl+s", "save_draft", "Save draft", id="wizard.save", tooltip="Save as JSON"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="wizard.reload",
                tooltip="Load this step's choices again"),
        Binding("escape", "leave", "Leave", id="wizard.leave",
                tooltip="Leave the wizard (asks before discarding a draft)"),
    ]  # fmt: skip

    DEFAULT_CSS = """
    OrderWizard #steps { height: 1; padding: 0 1; background: $panel; }
    OrderWizard #step-panes { height: 1fr; padding: 0 1; }
    OrderWizard StepPane { height: 1fr; }
    OrderWizard .hint { color: $text-muted; margin-top: 1; }
    OrderWizard .columns { height: 1; padding: 0 1; }
    OrderWizard .section { margin-top: 1; text-style: bold; }
    OrderWizard .pane-status { color: $text-muted; }
    OrderWizard .error, OrderWizard .field-errors { color: $error; }
    OrderWizard .warning { color: $warning; }
    OrderWizard #sites { height: 1fr; }
    OrderWizard #site-note { height: auto; }
    OrderWizard #cycles { height: auto; max-height: 14; }
    OrderWizard #discount { height: auto; }
    OrderWizard #discount-id { width: 36; }
    OrderWizard #discount-type { width: 40; }
    OrderWizard .offerings { height: auto; max-height: 1fr; }
    OrderWizard .offering-row { height: 1; }
    OrderWizard .offering { width: auto; padding: 0 1; }
    OrderWizard .count { width: 8; }
    OrderWizard .field-errors { height: auto; }
    OrderWizard #pool-form { height: auto; margin-top: 1; }
    OrderWizard #pool-type { width: 30; }
    OrderWizard #pool-size, OrderWizard #pool-size-input { width: 22; }
    OrderWizard #add-pool { margin-left: 2; }
    OrderWizard #pools { height: auto; max-height: 1fr; min-height: 3; }
    OrderWizard #review-columns { height: 1fr; }
    OrderWizard #summary-box, OrderWizard #body-box {
        width: 1fr; border: round $panel-lighten-2; padding: 0 1;
    }
    OrderWizard #summary-box { width: 56; }
    OrderWizard #confirm-label { margin-top: 1; }
    OrderWizard #confirm-row { height: auto; }
    OrderWizard #confirm { width: 1fr; }
    OrderWizard #confirm-row Button { margin-left: 2; }
    OrderWizard #submit-status { height: auto; }
    OrderWizard #problems { height: auto; color: $warning; padding: 0 1; }
    OrderWizard #wizard-nav { height: auto; align-horizontal: right; padding: 0 1; }
    OrderWizard #wizard-nav Button { margin-left: 2; }
    """

    def __init__(
        self,
        profile: str,
        draft: OrderDraft | None = None,
        *,
        deck: Deck,
        clock: Callable[[], datetime],
    ) -> None:
        super().__init__()
        self.profile = profile
        self.deck = deck
        self.clock = clock
        self.draft = draft or OrderDraft()
        self.step = Step.SITE
        self._restored = draft is not None and not draft.is_empty
        self._catalogue: dict[Step, list[Any]] = {}
        self._loaded: dict[Step, tuple[Any, ...]] = {}
        """Which key each step's catalogue was loaded for; a different key loads again."""
        self._loading: set[Step] = set()
        self._field_errors: dict[Step, list[str]] = {}
        self.phase: Phase = "editing"
        self.sends = 0
        """Requests this wizard has started: the tests' and the guard's witness."""
        self._baseline: frozenset[str] | None = None

    @property
    def client(self) -> CloudPondClient:
        return cast("CloudPondClient", self.deck.provider(self.profile))

    # ---- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="steps")
        with ContentSwitcher(initial=PANE_IDS[Step.SITE], id="step-panes"):
            yield SitePane(id=PANE_IDS[Step.SITE])
            yield BillingPane(id=PANE_IDS[Step.BILLING])
            yield OfferingsPane(Step.SERVERS, id=PANE_IDS[Step.SERVERS])
            yield OfferingsPane(Step.NETWORK, id=PANE_IDS[Step.NETWORK])
            yield StoragePane(id=PANE_IDS[Step.STORAGE])
            yield ReviewPane(id=PANE_IDS[Step.REVIEW])
        yield Static("", id="problems", markup=False)
        with Horizontal(id="wizard-nav"):
            yield Button("◀ Back", id="back")
            yield Button("Save draft", id="save-draft")
            yield Button("Next ▶", variant="primary", id="next")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"New CloudPond order · {printable(self.profile)}"
        if self._restored:
            self.notify("Draft restored: every choice is as you left it.", timeout=4)
        self._enter(Step.SITE)

    def pane(self, step: Step) -> StepPane:
        return self.query_one(f"#{PANE_IDS[step]}", StepPane)

    # ---- what is chosen ------------------------------------------------------------------

    @property
    def site(self) -> EdgeSite | None:
        sites: list[EdgeSite] = self._catalogue.get(Step.SITE, [])
        return next((s for s in sites if s.id == self.draft.edge_site_id), None)

    @property
    def zone(self) -> str | None:
        site = self.site
        return site.zone_code if site else None

    def _key(self, step: Step) -> tuple[Any, ...]:
        """What a step's catalogue depends on."""
        if step is Step.SITE:
            return ()
        if step in (Step.BILLING, Step.STORAGE):
            return (self.zone,)
        if step in (Step.SERVERS, Step.NETWORK):
            return (self.zone, self.draft.pay_mode, self.draft.period_num)
        return ()

    def problems(self) -> list[str]:
        found = [*self._field_errors.get(self.step, []), *self.draft.problems(self.step)]
        if self.step in self._loading:
            found.insert(0, "Loading…")
        return found

    # ---- moving between steps ------------------------------------------------------------

    def _enter(self, step: Step) -> None:
        self.step = step
        self.query_one(ContentSwitcher).current = PANE_IDS[step]
        if step is Step.REVIEW:
            self._show_review()
        elif self._loaded.get(step) != self._key(step):
            self._load(step)
        self.pane(step).focus_first()
        self._refresh_nav()

    def action_next(self) -> None:
        if self.step is Step.REVIEW or self.problems():
            self.app.bell()
            return
        self._enter(Step(self.step + 1))

    def action_back(self) -> None:
        if self.step is Step.SITE or self.phase in ("sending", "checking"):
            self.app.bell()
            return
        self._enter(Step(self.step - 1))

    def action_reload(self) -> None:
        if self.step is not Step.REVIEW:
            self._loaded.pop(self.step, None)
            self._load(self.step)
            self._refresh_nav()

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#save-draft")
    def _save_pressed(self) -> None:
        self.action_save_draft()

    def _refresh_nav(self) -> None:
        steps = Text()
        for step in Step:
            if step:
                steps.append("  ›  ", style="dim")  # noqa: RUF001
            label = f" {step + 1} {STEP_TITLES[step]} "
            if step == self.step:
                steps.append(label, style="bold reverse")
            elif step < self.step:
                steps.append("✓" + label, style="green")
            else:
                steps.append(label, style="dim")
        self.query_one("#steps", Static).update(steps)
        problems = self.problems()
        # The fields' own errors stand next to them in the pane; here what the step lacks.
        shown = [p for p in problems if p not in self._field_errors.get(self.step, [])]
        self.query_one("#problems", Static).update(printable("\n".join(shown), single_line=False))
        next_button = self.query_one("#next", Button)
        next_button.display = self.step is not Step.REVIEW
        next_button.disabled = bool(problems)
        self.query_one("#back", Button).disabled = self.step is Step.SITE or self.phase in (
            "sending",
            "checking",
        )
        self.query_one("#save-draft", Button).disabled = self.draft.is_empty
        if self.step is Step.REVIEW:
            self._refresh_submit()

    # ---- catalogue -----------------------------------------------------------------------

    def _load(self, step: Step) -> None:
        key = self._key(step)
        self._loading.add(step)
        self.pane(step).show_status("Loading…")
        self.run_worker(self._fetch(step, key), group=f"catalogue-{step.name}", exclusive=True)

    async def _fetch(self, step: Step, key: tuple[Any, ...]) -> None:
        client = self.client
        try:
            items: list[Any]
            if step is Step.SITE:
                items = await client.list_edge_sites()
            elif step is Step.BILLING:
                items = await client.list_sale_cycles(key[0])
            elif step is Step.SERVERS:
                zone, pay_mode, period = key
                offerings = await client.list_server_offerings(zone, pay_mode, period)
                items = [o for o in offerings if o.on_sale and o.sold_for(pay_mode, period)]
            elif step is Step.NETWORK:
                zone, pay_mode, period = key
                devices = await client.list_network_device_offerings(zone, pay_mode, period)
                items = [o for o in devices if o.on_sale and o.sold_for(pay_mode, period)]
            else:
                items = await client.list_storage_types(key[0])
        except OrderdeckError as error:
            self.post_message(CatalogueFailed(step, key, error))
            return
        self.post_message(CatalogueLoaded(step, key, items))

    @on(CatalogueLoaded)
    def _catalogue_loaded(self, message: CatalogueLoaded) -> None:
        if message.key != self._key(message.step):
            return  # the choices it depended on changed meanwhile
        step = message.step
        self._loading.discard(step)
        self._catalogue[step] = message.items
        self._loaded[step] = message.key
        self._field_errors.pop(step, None)
        if step in (Step.SERVERS, Step.NETWORK):
            before = self.draft
            if step is Step.SERVERS:
                self.draft = before.keep_sold(servers=message.items)
            else:
                self.draft = before.keep_sold(network_devices=message.items)
            if self.draft != before:
                self.notify(
                    "Some lines of the draft are not sold with these terms and were removed.",
                    severity="warning",
                )
        pane: Any = self.pane(step)
        pane.show_status("")
        pane.show(message.items, self.draft)
        if step is self.step:
            pane.focus_first()
        self._refresh_nav()

    @on(CatalogueFailed)
    def _catalogue_failed(self, message: CatalogueFailed) -> None:
        if message.key != self._key(message.step):
            return
        self._loading.discard(message.step)
        self.pane(message.step).show_status(
            f"Could not load the choices: {message.error}. Ctrl+R tries again.", error=True
        )
        self._field_errors[message.step] = ["The choices for this step did not load."]
        self._refresh_nav()

    # ---- what the panes report -----------------------------------------------------------

    @on(SiteChosen)
    def _site_chosen(self, message: SiteChosen) -> None:
        zone_changed = message.site.zone_code != self.zone
        self.draft = self.draft.with_site(message.site.id, zone_changed)
        warning = site_warning(message.site)
        if warning:
            self.notify(warning, severity="warning", timeout=6, markup=False)
        self._refresh_nav()

    @on(BillingChosen)
    def _billing_chosen(self, message: BillingChosen) -> None:
        self.draft = self.draft.model_copy(
            update={"pay_mode": message.pay_mode, "period_num": message.period_num}
        )
        self._refresh_nav()

    @on(StepEdited)
    def _step_edited(self, message: StepEdited) -> None:
        self.draft = self.draft.model_copy(update=message.changes)
        self._field_errors[message.step] = message.errors
        self._refresh_nav()

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
        site = self.site
        self.dismiss(WizardOutcome(placed=message.created, site_name=site.name if site else ""))

    @on(OrderRefused)
    def _refused(self, message: OrderRefused) -> None:
        self.phase = "editing"
        error = message.error
        if isinstance(error, ProviderError):
            text = (
                "The provider refused the order; nothing was placed. Correct it and submit "
                f"again.\n  code:       {error.code or '-'}"
                f"\n  message:    {error.message}"
                f"\n  request id: {error.request_id or '-'}"
                + (f"\n  HTTP:       {error.status}" if error.status is not None else "")
            )
        else:
            text = f"Not sent: {error}"
        self.query_one(ReviewPane).say(text, error=True)
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

    # ---- drafts and leaving ----------------------------------------------------------------

    def action_save_draft(self) -> None:
        if self.draft.is_empty:
            self.notify("Nothing chosen yet", severity="warning", timeout=3)
            return
        stamp = self.clock().strftime("%Y%m%d-%H%M")
        default = Path.cwd() / f"orderdeck-order-{self.profile}-{stamp}.json"
        complete = not self.draft.problems(Step.REVIEW)

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                self.draft.save(path)
            except OSError as error:
                self.notify(f"Could not save: {error}", severity="error", markup=False)
                return
            self.notify(f"Saved the draft to {path}", title="Draft saved", markup=False)

        self.app.push_screen(SaveDraftDialog(default, complete), chosen)

    def action_leave(self) -> None:
        if self.phase in ("sending", "checking"):
            self.notify("Wait for the answer: the order is on its way.", severity="warning")
            return
        if self.draft.is_empty:
            self.dismiss(WizardOutcome())
            return

        def chosen(choice: LeaveChoice | None) -> None:
            if choice == "keep":
                self.dismiss(WizardOutcome(draft=self.draft))
            elif choice == "discard":
                self.dismiss(WizardOutcome())

        self.app.push_screen(LeaveDialog(), chosen)
