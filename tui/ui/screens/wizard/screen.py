"""The CloudPond order wizard: edge site, billing, servers, network devices, storage pools,
review, submit.

The review and the submit live in `submit.py`, the base of this screen. The draft
(`tui.order_draft.OrderDraft`) is the one source of truth; panes show catalogue
choices and post what was picked, workers fetch and post, the handlers here own the rest. The
draft is kept as it changes (`DraftStore`, in the user's state dir), so leaving or quitting
loses nothing; `n` offers it back, or a file saved with ctrl+s, and a restored draft is walked
step by step (each step's choices loaded and checked) to where it was left.

Focus goes where typing starts once a step's content is there, never before: a key pressed
with nothing focused would be lost, so one that arrives anyway is answered with a reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, ContentSwitcher, Static

from tui.display import printable
from tui.errors import OrderdeckError
from tui.order_draft import STEP_TITLES, DraftStore, KeptDraft, OrderDraft, Step
from tui.ui.screens.wizard.dialogs import (
    LeaveChoice,
    LeaveDialog,
    StartChoice,
    StartDialog,
    open_draft_dialog,
    save_draft_dialog,
)
from tui.ui.screens.wizard.messages import (
    BillingChosen,
    CatalogueFailed,
    CatalogueLoaded,
    SiteChosen,
    StepEdited,
)
from tui.ui.screens.wizard.review import ReviewPane, running_totals
from tui.ui.screens.wizard.steps import (
    BillingPane,
    OfferingsPane,
    SitePane,
    StepPane,
    StoragePane,
    site_warning,
)
from tui.ui.screens.wizard.submit import SubmitFlow, WizardOutcome
from tui.ui.widgets.footer import Footer
from tui.ui.widgets.header import Header

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from tui.deck import Deck

PANE_IDS: Final = {
    Step.SITE: "step-site",
    Step.BILLING: "step-billing",
    Step.SERVERS: "step-servers",
    Step.NETWORK: "step-network",
    Step.STORAGE: "step-storage",
    Step.REVIEW: "step-review",
}

TOTALS_STEPS: Final = (Step.SERVERS, Step.NETWORK, Step.STORAGE)
"""Steps that add to the order: they show the running totals the review shows in full."""


def steps_bar(current: Step, *, compact: bool) -> Text:
    """The steps with the current one reversed and ✓ on those done; `compact` names only the
    current step, so the bar fits 80 columns without cutting a title."""
    steps = Text()
    for step in Step:
        if step:
            steps.append(" › " if compact else "  ›  ", style="dim")  # noqa: RUF001
        named = step == current or not compact
        label = f" {step + 1} {STEP_TITLES[step]} " if named else f"{step + 1}"
        if step == current:
            steps.append(label, style="bold reverse")
        elif step < current:
            steps.append("✓" + label, style="green")
        else:
            steps.append(label, style="dim")
    return steps


class OrderWizard(SubmitFlow):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next", "Next", id="wizard.next", tooltip="Next step"),
        Binding("ctrl+b", "back", "Back", id="wizard.back", tooltip="Previous step"),
        Binding("ctrl+s", "save_draft", "Save draft", id="wizard.save", tooltip="Save as JSON"),
        Binding("ctrl+o", "open_draft", "Open draft", id="wizard.open",
                tooltip="Load a draft saved with ctrl+s"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="wizard.reload",
                tooltip="Load this step's choices again"),
        Binding("escape", "leave", "Leave", id="wizard.leave",
                tooltip="Leave the wizard (asks before discarding a draft)"),
    ]  # fmt: skip

    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    """Below 32 rows the nav buttons give their rows to the step (the footer has their keys)."""

    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-wide"),
    ]
    """Below 110 columns the review's panels stack: side by side, the body would get 20."""

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
    OrderWizard #confirm-label { margin-top: 1; width: 1fr; height: auto; }
    OrderWizard.-narrow #review-columns { layout: vertical; }
    OrderWizard.-narrow #summary-box, OrderWizard.-narrow #body-box { width: 1fr; height: 1fr; }
    OrderWizard.-narrow #confirm-label { margin-top: 0; }
    OrderWizard.-short #wizard-nav { display: none; }
    OrderWizard #running-totals { height: auto; color: $text-muted; padding: 0 1; }
    OrderWizard .count:focus { background: $accent; color: $text; text-style: bold; }
    OrderWizard Button:focus { text-style: bold reverse; }
    OrderWizard .retry { margin-top: 1; }
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
        store: DraftStore | None = None,
    ) -> None:
        """`draft` starts from those choices; without one, `n` offers the kept draft."""
        super().__init__(profile, deck=deck, clock=clock)
        self._given = draft
        self.store = store if store is not None else DraftStore()
        self._kept: tuple[OrderDraft, Step] = (OrderDraft(), Step.SITE)
        """What the store holds for this wizard, so it is written only when it changes."""
        self._resume_to: Step | None = None
        """The step a restored draft is walked to, one loaded step at a time."""
        self._loaded: dict[Step, tuple[Any, ...]] = {}
        """Which key each step's catalogue was loaded for; a different key loads again."""
        self._loading: set[Step] = set()
        self._field_errors: dict[Step, list[str]] = {}

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
        yield Static("", id="running-totals", markup=False)
        yield Static("", id="problems", markup=False)
        with Horizontal(id="wizard-nav"):
            yield Button("◀ Back", id="back")
            yield Button("Save draft", id="save-draft")
            yield Button("Next ▶", variant="primary", id="next")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"New CloudPond order · {printable(self.profile)} · kept as you go"
        if self._given is not None and not self._given.is_empty:
            self._restore(self._given, self._given.resume_step)
            return
        self._enter(Step.SITE)
        kept = self.store.kept(self.profile)
        last_saved = self.store.last_saved(self.profile)
        if kept is not None or last_saved is not None:
            self.app.push_screen(
                StartDialog(kept, last_saved), lambda choice: self._start_chosen(choice, kept)
            )

    def _start_chosen(self, choice: StartChoice | None, kept: KeptDraft | None) -> None:
        if choice is None:
            self.dismiss(WizardOutcome())
        elif choice == "resume" and kept is not None:
            self._restore(kept.draft, kept.step)
        elif choice == "open":
            self.action_open_draft()

    def _restore(self, draft: OrderDraft, step: Step) -> None:
        """Start again from `draft`, walking its steps (each loaded and checked) up to `step`."""
        self.draft = draft
        self._catalogue.clear()
        self._loaded.clear()
        self._field_errors.clear()
        self._resume_to = step
        self.notify(
            f"Draft restored: going on at step {step + 1} ({STEP_TITLES[step]}).", timeout=4
        )
        self._enter(Step.SITE)

    def pane(self, step: Step) -> StepPane:
        return self.query_one(f"#{PANE_IDS[step]}", StepPane)

    # ---- what is chosen ------------------------------------------------------------------

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
        elif Step.SITE in self._loaded and self.draft.edge_site_id and self.site is None:
            # A restored draft or a file from another account: its site is not listed here.
            found.append(
                f"The draft's edge site {printable(self.draft.edge_site_id)} is not on this "
                "account: choose one."
            )
        return found

    # ---- moving between steps ------------------------------------------------------------

    def _enter(self, step: Step) -> None:
        self.step = step
        self.query_one(ContentSwitcher).current = PANE_IDS[step]
        if step is Step.REVIEW:
            self._show_review()
        elif self._loaded.get(step) != self._key(step):
            self._load(step)
        self._refresh_nav()
        if step in self._loading:
            self.set_focus(None)  # the old step's field is hidden: a key now gets an answer
        else:
            self._arrived()

    def _arrived(self) -> None:
        """The step's content is there: walk a restored draft on, or focus where typing
        starts (focus asked for earlier would find the fields not mounted yet)."""
        target = self._resume_to
        if target is not None and self.step < target and not self.problems():
            self._enter(Step(self.step + 1))
            return
        if target is not None:
            self._resume_to = None
            self._keep()  # an opened file is kept from here on, like any draft
        self.pane(self.step).focus_first()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Next is not offered on the last step; Back is shown dimmed on the first."""
        if action == "next":
            return self.step is not Step.REVIEW
        if action == "back":
            return None if self.step is Step.SITE else True
        return True

    def on_key(self, event: events.Key) -> None:
        """A character that reached the screen with nothing focused would vanish: say why."""
        if self.focused is not None or not event.is_printable:
            return
        event.stop()
        self.app.bell()
        reason = (
            "this step's choices are still loading"
            if self.step in self._loading
            else "nothing here takes typing; Tab moves to a field"
        )
        self.notify(f"Not typed: {reason}.", severity="warning", timeout=3)

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

    @on(Button.Pressed, ".retry")
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

    def on_resize(self) -> None:
        self._show_steps()

    def _show_steps(self) -> None:
        bar = self.query_one("#steps", Static)
        width = bar.content_size.width or self.size.width
        full = steps_bar(self.step, compact=False)
        bar.update(full if full.cell_len <= width else steps_bar(self.step, compact=True))

    def _refresh_nav(self) -> None:
        self._show_steps()
        problems = self.problems()
        # The fields' own errors stand next to them in the pane; here what the step lacks.
        shown = [p for p in problems if p not in self._field_errors.get(self.step, [])]
        self.query_one("#problems", Static).update(printable("\n".join(shown), single_line=False))
        next_button = self.query_one("#next", Button)
        next_button.display = self.step is not Step.REVIEW
        next_button.disabled = bool(problems)
        self._show_running_totals()
        self.refresh_bindings()
        self._keep()
        self.query_one("#back", Button).disabled = self.step is Step.SITE or self.phase in (
            "sending",
            "checking",
        )
        self.query_one("#save-draft", Button).disabled = self.draft.is_empty
        if self.step is Step.REVIEW:
            self._refresh_submit()

    def _show_running_totals(self) -> None:
        shown = self.query_one("#running-totals", Static)
        shown.display = self.step in TOTALS_STEPS
        if shown.display:
            shown.update(
                running_totals(
                    self.draft,
                    self._catalogue.get(Step.SERVERS, []),
                    self._catalogue.get(Step.NETWORK, []),
                )
            )

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
    async def _catalogue_loaded(self, message: CatalogueLoaded) -> None:
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
        await pane.show(message.items, self.draft)  # returns once its fields are mounted
        self._refresh_nav()
        if step is self.step:
            self._arrived()

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
        if message.step is self.step:
            self._arrived()  # stops a restore here; focus on "Try again"

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

    # ---- drafts and leaving ----------------------------------------------------------------

    def _keep(self) -> None:
        """Keep the draft and its step in the store whenever either changes; a failed write
        is said once, and the wizard goes on."""
        if self.draft.is_empty or (self.draft, self.step) == self._kept or self._resume_to:
            return
        self._kept = (self.draft, self.step)
        try:
            self.store.keep(self.profile, self.draft, self.step)
        except OSError as error:
            self.notify(f"Could not keep the draft: {error}", severity="error", markup=False)

    def _forget(self) -> None:
        self._kept = (OrderDraft(), Step.SITE)
        try:
            self.store.forget(self.profile)
        except OSError as error:
            self.notify(f"Could not forget the draft: {error}", severity="error", markup=False)

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
                self.store.remember_saved(self.profile, path)
            except OSError as error:
                self.notify(f"Could not save: {error}", severity="error", markup=False)
                return
            self.notify(f"Saved the draft to {path}", title="Draft saved", markup=False)

        self.app.push_screen(save_draft_dialog(default, complete), chosen)

    def action_open_draft(self) -> None:
        if self.phase != "editing":
            self.app.bell()
            return
        default = self.store.last_saved(self.profile) or Path.cwd()

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                draft = OrderDraft.load(path)
            except (OSError, ValueError) as error:  # ValidationError is a ValueError
                self.notify(
                    f"Could not open {path}: {error}", severity="error", markup=False, timeout=8
                )
                return
            self._restore(draft, draft.resume_step)

        self.app.push_screen(open_draft_dialog(default), chosen)

    def action_leave(self) -> None:
        if self.phase in ("sending", "checking"):
            self.notify("Wait for the answer: the order is on its way.", severity="warning")
            return
        if self.draft.is_empty:
            self.dismiss(WizardOutcome())
            return

        def chosen(choice: LeaveChoice | None) -> None:
            if choice == "keep":
                self.notify("Draft kept: n brings it back, also after quitting.", timeout=4)
                self.dismiss(WizardOutcome())
            elif choice == "discard":
                self._forget()
                self.dismiss(WizardOutcome())

        self.app.push_screen(LeaveDialog(), chosen)
