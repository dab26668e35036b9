"""The wizard's step panes. Each shows the choices the wizard hands it (`show`) and posts what
the user picked; none of them talks to the API or holds the draft."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui.display import printable
from tui.order_draft import (
    DISCOUNT_TYPES,
    ORDERABLE_SITE_STATUS,
    Line,
    OrderDraft,
    Pool,
    Step,
    describe_errors,
    parse_line,
    parse_pool,
    pay_mode_label,
    period_label,
    size_rule,
)
from tui.providers.cloudpond.catalogue import (
    NetworkDeviceOffering,
    SaleCycle,
    ServerOffering,
    StorageType,
)
from tui.providers.cloudpond.models import EdgeSite
from tui.providers.cloudpond.order_body import Discount
from tui.ui.screens.wizard.messages import BillingChosen, SiteChosen, StepEdited

if TYPE_CHECKING:
    from tui.providers.cloudpond.catalogue import _Offering

COUNT_WIDTH: Final = 4
"""Digits a count field takes: 999 is the most one order line may hold."""


def cell(text: str, width: int) -> str:
    """`text` cut or padded to `width` characters, for aligned option rows."""
    text = printable(text)
    return text[: width - 1] + "…" if len(text) > width else text.ljust(width)


def site_warning(site: EdgeSite) -> str | None:
    if site.status == ORDERABLE_SITE_STATUS:
        return None
    return (
        f"{printable(site.name)} is {printable(site.status) or 'in an unknown state'}, not "
        f"{ORDERABLE_SITE_STATUS}: the provider may refuse the order."
    )


def cycle_row(pay_mode: str, years: int, chosen: bool) -> Text:
    """A pay mode and period in words, the wire name dimmed beside it."""
    row = Text()
    row.append("● " if chosen else "  ", style="bold green")
    row.append(f"{pay_mode_label(pay_mode)} · {period_label(years)}")
    row.append(f"   {pay_mode}", style="dim")
    return row


class DigitsInput(Input):
    """A field for a whole number. A key it refuses gets a notice besides the bell: a typed
    character never vanishes without a reason."""

    def __init__(self, value: str = "", *, rule: str, **options: Any) -> None:
        super().__init__(value, restrict=r"[0-9]*", **options)
        self.rule = rule
        """What the field takes, in words, for the notice."""

    def restricted(self) -> None:
        super().restricted()
        self.notify(f"Not typed: {self.rule}", severity="warning", timeout=3)


class StepPane(Vertical):
    """A step: its own widgets plus one status line for loading and catalogue errors, with a
    button to load again when they failed."""

    step: ClassVar[Step]

    def compose_status(self) -> ComposeResult:
        yield Static("", classes="pane-status", markup=False)
        yield Button("Try again (ctrl+r)", classes="retry")

    def on_mount(self) -> None:
        self.query_one(".retry", Button).display = False

    @property
    def failed(self) -> bool:
        """The step's choices did not load: only the retry button takes a key."""
        return bool(self.query_one(".retry", Button).display)

    def show_status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one(".pane-status", Static)
        status.update(printable(text, single_line=False))  # it quotes catalogue errors
        status.set_class(error, "error")
        status.display = bool(text)
        self.query_one(".retry", Button).display = error

    def focus_first(self) -> None:
        """Focus where typing starts on this step (the retry button when its choices failed)."""
        if self.failed:
            self.query_one(".retry", Button).focus()
        else:
            self.focus_content()

    def focus_content(self) -> None:
        """Focus the step's first field."""


class SitePane(StepPane):
    step = Step.SITE

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="wizard.search", tooltip="Search edge sites"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sites: list[EdgeSite] = []
        self._chosen: str | None = None

    def compose(self) -> ComposeResult:
        yield Label("Where the hardware goes. Enter chooses; / searches.", classes="hint")
        yield Input(placeholder="search name, region, zone, status, address", id="site-search")
        yield Static(
            Text(
                "  "
                + cell("Name", 28)
                + cell("Region", 13)
                + cell("Zone", 5)
                + cell("Status", 12)
                + "Address",
                style="bold",
            ),
            classes="columns",
        )
        yield OptionList(id="sites")
        yield Static("", id="site-note", markup=False)
        yield from self.compose_status()

    def focus_content(self) -> None:
        self.query_one("#sites", OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#site-search", Input).focus()

    async def show(self, sites: Sequence[EdgeSite], draft: OrderDraft) -> None:
        self._sites = list(sites)
        self._chosen = draft.edge_site_id
        self.show_status("" if sites else "This account has no edge sites.")
        self._fill()
        chosen = next((s for s in self._sites if s.id == self._chosen), None)
        self._note(chosen)

    def _fill(self) -> None:
        needle = self.query_one("#site-search", Input).value.strip().lower()
        options = self.query_one("#sites", OptionList)
        options.clear_options()
        for site in self._sites:
            location = site.location
            address = (
                ", ".join(part for part in (location.address, location.city) if part)
                if location
                else ""
            )
            fields = (site.name, site.region_id or "", site.zone_code or "", site.status, address)
            if needle and needle not in " ".join(fields).lower():
                continue
            row = Text()
            row.append("● " if site.id == self._chosen else "  ", style="bold green")
            row.append(cell(site.name, 28))
            row.append(cell(site.region_id or "", 13))
            row.append(cell(site.zone_code or "", 5))
            if site.status == ORDERABLE_SITE_STATUS:
                row.append(cell(site.status, 12))
            else:
                row.append(cell(f"⚠ {site.status}", 12), style="bold yellow")
            row.append(printable(address))
            options.add_option(Option(row, id=site.id))
        chosen_index = next(
            (index for index, option in enumerate(options.options) if option.id == self._chosen),
            0,
        )
        if options.option_count:
            options.highlighted = chosen_index

    def _note(self, site: EdgeSite | None) -> None:
        note = self.query_one("#site-note", Static)
        if site is None:
            note.update("")
            return
        warning = site_warning(site)
        note.update(f"Chosen: {printable(site.name)}" + (f"  ⚠ {warning}" if warning else ""))
        note.set_class(warning is not None, "warning")

    @on(Input.Changed, "#site-search")
    def _search(self) -> None:
        self._fill()

    @on(Input.Submitted, "#site-search")
    def _to_list(self) -> None:
        self.focus_content()

    @on(OptionList.OptionSelected, "#sites")
    def _chosen_site(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        site = next(s for s in self._sites if s.id == event.option.id)
        self._chosen = site.id
        self._fill()
        self._note(site)
        self.post_message(SiteChosen(site))


class BillingPane(StepPane):
    step = Step.BILLING

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._draft = OrderDraft()

    def compose(self) -> ComposeResult:
        yield Label("How the order is paid. Enter chooses.", classes="hint")
        yield OptionList(id="cycles")
        yield Label("Discount (optional)", classes="section")
        with Horizontal(id="discount"):
            yield Input(placeholder="discount id", id="discount-id")
            yield Select(
                [(f"{label} ({code})", code) for code, label in DISCOUNT_TYPES.items()],
                prompt="discount type",
                id="discount-type",
            )
        yield Static("", id="billing-note", markup=False)
        yield from self.compose_status()

    def focus_content(self) -> None:
        self.query_one("#cycles", OptionList).focus()

    async def show(self, cycles: Sequence[SaleCycle], draft: OrderDraft) -> None:
        self._draft = draft
        options = self.query_one("#cycles", OptionList)
        options.clear_options()
        for cycle in cycles:
            for years in cycle.period_num:
                chosen = (cycle.pay_mode, years) == (draft.pay_mode, draft.period_num)
                row = cycle_row(cycle.pay_mode, years, chosen)
                options.add_option(Option(row, id=f"{cycle.pay_mode}|{years}"))
                if chosen:
                    options.highlighted = options.option_count - 1
        if options.option_count and options.highlighted is None:
            options.highlighted = 0
        self.show_status("" if cycles else "Nothing is sold in this zone.")
        # The fields follow the draft (another zone's draft has no discount).
        discount = draft.discounts[0] if draft.discounts else Discount()
        self.query_one("#discount-id", Input).value = discount.id or ""
        kind = self.query_one("#discount-type", Select)
        if discount.type in DISCOUNT_TYPES:
            kind.value = discount.type
        else:
            kind.clear()
        self._describe()

    def _describe(self) -> None:
        draft = self._draft
        note = self.query_one("#billing-note", Static)
        if draft.pay_mode is None or draft.period_num is None:
            note.update("")
        else:
            note.update(
                f"Chosen: {pay_mode_label(draft.pay_mode)} for {period_label(draft.period_num)}"
            )

    @on(OptionList.OptionSelected, "#cycles")
    def _chosen_cycle(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        pay_mode, _, years = (event.option.id or "").partition("|")
        self._draft = self._draft.model_copy(
            update={"pay_mode": pay_mode, "period_num": int(years)}
        )
        for index in range(event.option_list.option_count):
            option = event.option_list.get_option_at_index(index)
            mode, _, period = (option.id or "").partition("|")
            row = cycle_row(mode, int(period), option.id == event.option.id)
            event.option_list.replace_option_prompt_at_index(index, row)
        self._describe()
        self.post_message(BillingChosen(pay_mode, int(years)))

    @on(Input.Changed, "#discount-id")
    @on(Select.Changed, "#discount-type")
    def _discount_changed(self) -> None:
        discount_id = self.query_one("#discount-id", Input).value.strip()
        kind = self.query_one("#discount-type", Select).value
        errors: list[str] = []
        discounts: list[Discount] = []
        if discount_id and kind is Select.NULL:
            errors.append("Choose the discount's type, or clear its id.")
        elif kind is not Select.NULL and not discount_id:
            errors.append("Give the discount's id, or clear its type.")
        elif discount_id:
            discounts.append(Discount(id=discount_id, type=str(kind)))
        self.post_message(StepEdited(self.step, {"discounts": discounts}, errors))


class OfferingsPane(StepPane):
    """Servers or network devices: one row per offering on sale, with a count field. Up and
    Down move between the counts, as Tab and shift+Tab do."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "app.focus_next", "Next count", show=False, id="wizard.count-next"),
        Binding("up", "app.focus_previous", "Previous count", show=False,
                id="wizard.count-prev"),
    ]  # fmt: skip

    def __init__(self, step: Step, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.step = step  # type: ignore[misc]
        self.key = "servers" if step is Step.SERVERS else "network_devices"
        self._offerings: list[_Offering] = []

    def compose(self) -> ComposeResult:
        what = "servers" if self.step is Step.SERVERS else "network devices"
        yield Label(
            f"How many {what} of each kind. Leave a count empty for none; 1 to 999.",
            classes="hint",
        )
        yield Static(self._header(), classes="columns")
        rows = VerticalScroll(classes="offerings")
        rows.can_focus = False  # Tab goes from the last count to the next control, not here
        yield rows
        yield Static("", classes="field-errors", markup=False)
        yield from self.compose_status()

    def _header(self) -> Text:
        if self.step is Step.SERVERS:
            text = (
                cell("Spec", 24) + cell("vCPUs", 7) + cell("Memory", 9) + cell("Storage", 9)
                + cell("Arch", 8) + cell("Power", 8) + cell("Units", 6)
            )  # fmt: skip
        else:
            text = cell("Spec", 28) + cell("Power", 8) + cell("Units", 6)
        return Text(text + "Count", style="bold")

    def _row(self, offering: _Offering) -> str:
        spec: Any = offering.spec  # type: ignore[attr-defined]
        name = (spec.name if spec else None) or offering.id
        power = f"{spec.power} W" if spec and spec.power is not None else "?"
        units = f"{spec.unit} U" if spec and spec.unit is not None else "?"
        if isinstance(offering, ServerOffering):
            server = offering.spec
            return (
                cell(name, 24)
                + cell(str(server.vcpus if server else "?"), 7)
                + cell(f"{server.memory} GB" if server and server.memory else "?", 9)
                + cell(
                    f"{server.storage_capacity} TiB"
                    if server and server.storage_capacity is not None
                    else "?",
                    9,
                )
                + cell((server.cpu_architecture if server else None) or "?", 8)
                + cell(power, 8)
                + cell(units, 6)
            )
        return cell(name, 28) + cell(power, 8) + cell(units, 6)

    def focus_content(self) -> None:
        inputs = self.query(".count").results(Input)
        first = next(inputs, None)
        if first is not None:
            first.focus()

    async def show(
        self, offerings: Sequence[ServerOffering | NetworkDeviceOffering], draft: OrderDraft
    ) -> None:
        """Mount a row per offering; returns once the count fields exist and can take focus."""
        self._offerings = list(offerings)
        counts = {line.offering_id: line.count for line in getattr(draft, self.key)}
        rows = self.query_one(".offerings", VerticalScroll)
        await rows.remove_children()
        await rows.mount_all(
            Horizontal(
                Static(self._row(offering), classes="offering", markup=False),
                DigitsInput(
                    str(counts.get(offering.id, "")),
                    rule="a count is 1 to 999, digits only.",
                    placeholder="0",
                    max_length=COUNT_WIDTH,
                    classes="count",
                    compact=True,
                    id=f"count-{index}",
                ),
                classes="offering-row",
            )
            for index, offering in enumerate(self._offerings)
        )
        self.query_one(".field-errors", Static).update("")
        self.show_status("" if offerings else "Nothing of this kind is sold for these terms.")

    def read(self) -> tuple[list[Line], list[str]]:
        """The count fields as order lines, and each field's problem."""
        lines: list[Line] = []
        errors: list[str] = []
        for index, offering in enumerate(self._offerings):
            field = self.query_one(f"#count-{index}", Input)
            try:
                line = parse_line(offering.id, field.value)
            except ValidationError:
                spec: Any = offering.spec  # type: ignore[attr-defined]
                name = (spec.name if spec else None) or offering.id
                errors.append(f"{printable(name)}: the count must be 1 to 999 (empty for none).")
                field.add_class("-invalid")
                continue
            field.remove_class("-invalid")
            if line is not None:
                lines.append(line)
        return lines, errors

    @on(Input.Changed, ".count")
    def _count_changed(self, event: Input.Changed) -> None:
        event.stop()
        lines, errors = self.read()
        self.query_one(".field-errors", Static).update("\n".join(errors))
        self.post_message(StepEdited(self.step, {self.key: lines}, errors))


class StoragePane(StepPane):
    step = Step.STORAGE

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "delete", "remove_pool", "Remove pool", id="wizard.remove-pool",
            tooltip="Remove the highlighted storage pool",
        ),
    ]  # fmt: skip

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._types: dict[str, StorageType] = {}
        self._pools: list[Pool] = []

    def compose(self) -> ComposeResult:
        yield Label(
            "Storage pools: pick a type and a size, then Add. Several pools are fine.",
            classes="hint",
        )
        with Horizontal(id="pool-form"):
            yield Select([], prompt="storage type", id="pool-type")
            yield Select([], prompt="size", id="pool-size")
            yield DigitsInput(
                rule="a size is whole TB, digits only.", placeholder="size (TB)",
                id="pool-size-input",
            )  # fmt: skip
            yield Button("Add pool", id="add-pool")
        yield Static("", id="pool-rule", markup=False)
        yield Static("", classes="field-errors", markup=False)
        yield Label("Pools in this order", id="pools-label", classes="section")
        yield OptionList(id="pools")
        yield from self.compose_status()

    def on_mount(self) -> None:
        """StepPane's on_mount runs as well: Textual calls the handler of each class."""
        self.query_one("#pool-size-input").display = False

    def focus_content(self) -> None:
        self.query_one("#pool-type", Select).focus()

    async def show(self, storage_types: Sequence[StorageType], draft: OrderDraft) -> None:
        self._types = {storage.name: storage for storage in storage_types}
        self._pools = list(draft.storage_pools)
        type_select = self.query_one("#pool-type", Select)
        type_select.set_options((printable(name), name) for name in self._types)
        if self._types:
            type_select.value = next(iter(self._types))
        self.show_status("" if storage_types else "No storage is sold in this zone.")
        self._list_pools()

    @property
    def storage_types(self) -> dict[str, StorageType]:
        return self._types

    @on(Select.Changed, "#pool-type")
    def _type_changed(self, event: Select.Changed) -> None:
        event.stop()
        storage = self._types.get(str(event.value)) if event.value is not Select.NULL else None
        sizes = self.query_one("#pool-size", Select)
        typed = self.query_one("#pool-size-input", Input)
        rule = self.query_one("#pool-rule", Static)
        if storage is None:
            rule.update("")
            return
        stepped = bool(storage.expand_capacity_step)
        sizes.display = not stepped
        typed.display = stepped
        if not stepped:
            sizes.set_options((f"{size} TB", size) for size in storage.supported_capacities)
        rule.update(f"{printable(storage.name)}: {size_rule(storage)}.")
        self._set_error("")

    def _size_text(self) -> tuple[str | None, str]:
        type_value = self.query_one("#pool-type", Select).value
        storage = self._types.get(str(type_value)) if type_value is not Select.NULL else None
        if storage is None:
            return None, ""
        if storage.expand_capacity_step:
            return storage.name, self.query_one("#pool-size-input", Input).value
        size = self.query_one("#pool-size", Select).value
        return storage.name, "" if size is Select.NULL else str(size)

    def _set_error(self, text: str) -> None:
        self.query_one(".field-errors", Static).update(text)

    @on(Input.Changed, "#pool-size-input")
    def _typing(self, event: Input.Changed) -> None:
        event.stop()
        self._edited(check_pending=True)

    @on(Input.Submitted, "#pool-size-input")
    @on(Button.Pressed, "#add-pool")
    def add_pool(self, event: Input.Submitted | Button.Pressed | None = None) -> None:
        if event is not None:
            event.stop()
        name, text = self._size_text()
        if name is None:
            self._set_error("Choose a storage type.")
            return
        if not text.strip():
            self._set_error("Choose a size.")
            return
        try:
            pool = parse_pool(name, text, self._types)
        except ValidationError as error:
            self._set_error("Not added: " + "; ".join(describe_errors(error)))
            return
        self._pools.append(pool)
        self.query_one("#pool-size-input", Input).value = ""
        self._list_pools()
        self._edited(check_pending=False)
        self.focus_content()  # ready for the next pool

    def action_remove_pool(self) -> None:
        pools = self.query_one("#pools", OptionList)
        if pools.highlighted is None or not self._pools:
            return
        del self._pools[pools.highlighted]
        self._list_pools()
        self._edited(check_pending=False)

    def _list_pools(self) -> None:
        pools = self.query_one("#pools", OptionList)
        pools.clear_options()
        for pool in self._pools:
            pools.add_option(Option(f"{printable(pool.storage_type)} · {pool.size} TB"))
        total = sum(pool.size for pool in self._pools)
        self.query_one("#pools-label", Label).update(
            f"Pools in this order: {len(self._pools)}, {total} TB (Delete removes one)"
            if self._pools
            else "Pools in this order: none"
        )

    def _edited(self, *, check_pending: bool) -> None:
        """Tell the wizard; a typed size that is not sold keeps Next disabled until it is
        fixed or cleared, so it is never silently left out."""
        errors: list[str] = []
        name, text = self._size_text()
        if check_pending and name is not None and text.strip():
            try:
                parse_pool(name, text, self._types)
            except ValidationError as error:
                errors = describe_errors(error)
        self._set_error("\n".join(errors))
        self.post_message(StepEdited(self.step, {"storage_pools": list(self._pools)}, errors))
