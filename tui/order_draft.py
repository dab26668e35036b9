"""A CloudPond order being put together: the wizard's choices, the rules each step must pass,
and the one way those choices become the request body.

Non-UI on purpose: the wizard's review screen and `orderdeck create --dry-run` both render the
body with `render_body`, and a draft saved by the wizard is the `{"delivery_order": {...}}` file
that `orderdeck create --file` reads, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from tui.providers.cloudpond.catalogue import NetworkDeviceOffering, ServerOffering, StorageType
from tui.providers.cloudpond.order_body import MAX_COUNT, CreateDeliveryOrderRequest, Discount

PAY_MODE_LABELS: Final[Mapping[str, str]] = {
    "FULL": "All upfront",
    "HALF": "Half upfront",
    "PAID_BY_YEAR": "Paid yearly",
    "ZERO_PAID_BY_YEAR": "Nothing upfront, paid yearly",
    "ZERO_PAID_BY_MONTH": "Nothing upfront, paid monthly",
}
"""Pay modes in words; an unknown mode (the set is open) is shown as sent."""

DISCOUNT_TYPES: Final[Mapping[str, str]] = {
    "0": "Promotional",
    "2": "Commercial",
    "3": "Partner-authorized",
    "300": "Coupon",
}
"""`market_options.discounts[].type` values the API documents."""

ORDERABLE_SITE_STATUS: Final = "initial"
"""The edge-site state orders are placed in; any other may be refused by the provider."""


def pay_mode_label(pay_mode: str) -> str:
    return PAY_MODE_LABELS.get(pay_mode, pay_mode)


def period_label(years: int) -> str:
    return f"{years} year" if years == 1 else f"{years} years"


class Step(IntEnum):
    """The wizard's steps, in order."""

    SITE = 0
    BILLING = 1
    SERVERS = 2
    NETWORK = 3
    STORAGE = 4
    REVIEW = 5

    @property
    def title(self) -> str:
        return STEP_TITLES[self]


STEP_TITLES: Final[Mapping[Step, str]] = {
    Step.SITE: "Edge site",
    Step.BILLING: "Billing",
    Step.SERVERS: "Servers",
    Step.NETWORK: "Network devices",
    Step.STORAGE: "Storage pools",
    Step.REVIEW: "Review",
}


class _Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Line(_Choice):
    """One offering and how many of it."""

    offering_id: str = Field(min_length=1)
    count: int = Field(ge=1, le=MAX_COUNT)


class Pool(_Choice):
    """One storage pool. Validated against the zone's storage types when they are passed as
    `context={"storage_types": {name: StorageType}}`."""

    storage_type: str = Field(min_length=1)
    size: int = Field(ge=1)
    """TB."""

    @field_validator("size")
    @classmethod
    def _size_is_sold(cls, size: int, info: ValidationInfo) -> int:
        types: Mapping[str, StorageType] | None = (info.context or {}).get("storage_types")
        if types is None:
            return size
        storage = types.get(info.data.get("storage_type", ""))
        if storage is None:
            raise ValueError(f"storage type {info.data.get('storage_type')!r} is not sold here")
        if not storage.allows(size):
            raise ValueError(f"{size} TB is not sold for {storage.name}; {size_rule(storage)}")
        return size


def size_rule(storage: StorageType) -> str:
    """What sizes a storage type sells, in words."""
    if storage.expand_capacity_step:
        return f"choose a multiple of {storage.expand_capacity_step} TB"
    sizes = ", ".join(str(size) for size in storage.supported_capacities)
    return f"choose one of {sizes} TB" if sizes else "no size is sold"


class OrderDraft(BaseModel):
    """Everything chosen so far; None and empty lists are "not chosen yet"."""

    model_config = ConfigDict(extra="forbid")

    edge_site_id: str | None = None
    pay_mode: str | None = None
    period_num: int | None = Field(default=None, ge=1)
    discounts: list[Discount] = Field(default_factory=list)
    servers: list[Line] = Field(default_factory=list)
    network_devices: list[Line] = Field(default_factory=list)
    storage_pools: list[Pool] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self == OrderDraft()

    @property
    def has_items(self) -> bool:
        return bool(self.servers or self.network_devices or self.storage_pools)

    def problems(self, step: Step) -> list[str]:
        """Why `step` is not complete yet; empty when Next may be pressed. Each step also
        needs the earlier ones, so REVIEW checks the whole order."""
        found: list[str] = []
        if step >= Step.SITE and not self.edge_site_id:
            found.append("Choose an edge site.")
        if step >= Step.BILLING and (self.pay_mode is None or self.period_num is None):
            found.append("Choose a pay mode and period.")
        if step >= Step.STORAGE and not self.has_items:
            found.append("Choose at least one server, network device or storage pool.")
        if step >= Step.REVIEW and not found:
            try:
                self.to_request()
            except ValidationError as error:
                found.extend(describe_errors(error))
        return found

    def to_wire(self) -> dict[str, Any]:
        """The body as far as it is chosen, in the request's shape (keys not chosen left out).
        For a complete draft this is exactly `to_request().to_wire()`."""
        order: dict[str, Any] = {}
        if self.edge_site_id:
            order["edge_site_id"] = self.edge_site_id
        for key in ("servers", "network_devices", "storage_pools"):
            lines = getattr(self, key)
            if lines:
                order[key] = [line.model_dump(mode="json") for line in lines]
        if self.period_num is not None:
            prepaid: dict[str, Any] = {"period_type": "year", "period_num": self.period_num}
            if self.pay_mode is not None:
                prepaid["pay_mode"] = self.pay_mode
            market: dict[str, Any] = {"charge_mode": "prepaid", "prepaid_options": prepaid}
            if self.discounts:
                market["discounts"] = [
                    discount.model_dump(mode="json", exclude_none=True)
                    for discount in self.discounts
                ]
            order["market_options"] = market
        return {"delivery_order": order}

    def to_request(self) -> CreateDeliveryOrderRequest:
        """The strict request; raises `ValidationError` while the draft is incomplete."""
        return CreateDeliveryOrderRequest.model_validate(self.to_wire())

    @classmethod
    def from_wire(cls, body: Mapping[str, Any]) -> OrderDraft:
        """A (possibly partial) body back into a draft; unknown keys are refused."""
        order = dict(body.get("delivery_order") or {})
        market = dict(order.pop("market_options", None) or {})
        prepaid = dict(market.pop("prepaid_options", None) or {})
        market.pop("charge_mode", None)
        prepaid.pop("period_type", None)
        # Whatever is left of the two nested objects is unknown: passed on under a dotted
        # name, so `extra="forbid"` refuses it and says where it was.
        return cls.model_validate(
            {
                **order,
                "pay_mode": prepaid.pop("pay_mode", None),
                "period_num": prepaid.pop("period_num", None),
                "discounts": market.pop("discounts", None) or [],
                **{f"market_options.{key}": value for key, value in market.items()},
                **{f"prepaid_options.{key}": value for key, value in prepaid.items()},
            }
        )

    def save(self, path: Path) -> Path:
        """Write the body as `orderdeck create --file` reads it (the same text as the review)."""
        path.write_text(render_wire(self.to_wire()) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> OrderDraft:
        """A file written by `save` (or by hand, in the same shape). Raises OSError, ValueError
        (not JSON) or ValidationError (not a draft)."""
        body = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(body, dict):
            raise ValueError('the file holds no {"delivery_order": {...}} object')
        return cls.from_wire(body)

    @property
    def resume_step(self) -> Step:
        """Where work on this draft goes on: the first step still missing something."""
        if not self.edge_site_id:
            return Step.SITE
        if self.pay_mode is None or self.period_num is None:
            return Step.BILLING
        if not self.has_items:
            return Step.SERVERS
        return Step.REVIEW if not self.problems(Step.REVIEW) else Step.STORAGE

    # ---- edits the wizard makes ------------------------------------------------------------

    def with_site(self, site_id: str, zone_changed: bool) -> OrderDraft:
        """Another site; in another zone every later choice is void (other catalogue)."""
        if zone_changed:
            return OrderDraft(edge_site_id=site_id)
        return self.model_copy(update={"edge_site_id": site_id})

    def keep_sold(
        self,
        servers: Iterable[ServerOffering] | None = None,
        network_devices: Iterable[NetworkDeviceOffering] | None = None,
    ) -> OrderDraft:
        """Drop lines whose offering the loaded catalogue no longer sells this way."""
        update: dict[str, Any] = {}
        for key, offerings in (("servers", servers), ("network_devices", network_devices)):
            if offerings is None:
                continue
            sold = {offering.id for offering in offerings}
            update[key] = [line for line in getattr(self, key) if line.offering_id in sold]
        return self.model_copy(update=update)


def render_wire(body: Mapping[str, Any]) -> str:
    """A body as shown to a person and written to a file: indented, non-ASCII kept."""
    return json.dumps(body, ensure_ascii=False, indent=2)


def render_body(request: CreateDeliveryOrderRequest) -> str:
    """The exact body a request sends, as `create --dry-run` and the wizard's review show it."""
    return render_wire(request.to_wire())


def describe_errors(error: ValidationError) -> list[str]:
    """Pydantic's errors as short sentences: `servers.0.count: must be at most 999`."""
    messages = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        text = item["msg"].removeprefix("Value error, ")
        messages.append(f"{where}: {text}" if where else text)
    return messages


def parse_line(offering_id: str, text: str) -> Line | None:
    """A count field's text as a line; empty means "none of these". Raises ValidationError."""
    if not text.strip():
        return None
    return Line.model_validate({"offering_id": offering_id, "count": text.strip()})


def parse_pool(storage_type: str, text: str, storage_types: Mapping[str, StorageType]) -> Pool:
    """A size field's text as a pool sold in this zone. Raises ValidationError."""
    return Pool.model_validate(
        {"storage_type": storage_type, "size": text.strip()},
        context={"storage_types": storage_types},
    )


@dataclass(frozen=True, slots=True)
class Totals:
    """What an order adds up to, for the review."""

    servers: int = 0
    network_devices: int = 0
    vcpus: int = 0
    memory_gb: int = 0
    rack_units: int = 0
    power_watts: int = 0
    server_storage_tib: int = 0
    storage_pools_tb: int = 0


def totals(
    draft: OrderDraft,
    servers: Sequence[ServerOffering],
    network_devices: Sequence[NetworkDeviceOffering],
) -> Totals:
    server_by_id = {offering.id: offering for offering in servers}
    device_by_id = {offering.id: offering for offering in network_devices}
    vcpus = memory = units = power = local = 0
    for line in draft.servers:
        spec = server_by_id[line.offering_id].spec if line.offering_id in server_by_id else None
        if spec is None:
            continue
        vcpus += (spec.vcpus or 0) * line.count
        memory += (spec.memory or 0) * line.count
        units += (spec.unit or 0) * line.count
        power += (spec.power or 0) * line.count
        local += (spec.storage_capacity or 0) * line.count
    for line in draft.network_devices:
        offering = device_by_id.get(line.offering_id)
        if offering is None or offering.spec is None:
            continue
        units += (offering.spec.unit or 0) * line.count
        power += (offering.spec.power or 0) * line.count
    return Totals(
        servers=sum(line.count for line in draft.servers),
        network_devices=sum(line.count for line in draft.network_devices),
        vcpus=vcpus,
        memory_gb=memory,
        rack_units=units,
        power_watts=power,
        server_storage_tib=local,
        storage_pools_tb=sum(pool.size for pool in draft.storage_pools),
    )


# ---- drafts kept between runs -------------------------------------------------------------------


def drafts_dir() -> Path:
    """Where kept drafts live: the user's state dir (platformdirs), beside nothing else."""
    from tui.paths import user_state_file

    return user_state_file("drafts")


@dataclass(frozen=True, slots=True)
class KeptDraft:
    """A draft kept for a profile, and the step it was left at."""

    draft: OrderDraft
    step: Step


class DraftStore:
    """One file per profile: the draft the wizard keeps as it goes (so quitting loses nothing)
    and the last path a draft was saved to with ctrl+s (so `n` can offer it again).

    Profile names are file-name safe (tui.config checks them). Reading never raises: a file
    that cannot be read is no draft.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else drafts_dir()

    def path(self, profile: str) -> Path:
        return self.folder / f"{profile}.json"

    def _read(self, profile: str) -> dict[str, Any]:
        try:
            data = json.loads(self.path(profile).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, profile: str, data: dict[str, Any]) -> None:
        """Write through a temporary file: a crash mid-write leaves the old draft whole."""
        if not any(value is not None for value in data.values()):
            self.path(profile).unlink(missing_ok=True)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.path(profile).with_suffix(".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temporary, self.path(profile))

    def kept(self, profile: str) -> KeptDraft | None:
        data = self._read(profile)
        try:
            draft = OrderDraft.from_wire(data["body"])
            step = Step[str(data.get("step", "SITE"))]
        except (AttributeError, KeyError, TypeError, ValueError):
            return None
        return None if draft.is_empty else KeptDraft(draft, step)

    def keep(self, profile: str, draft: OrderDraft, step: Step) -> None:
        """Keep `draft` at `step` (an empty draft keeps nothing). Raises OSError."""
        data = self._read(profile)
        data["body"] = None if draft.is_empty else draft.to_wire()
        data["step"] = None if draft.is_empty else step.name
        self._write(profile, data)

    def forget(self, profile: str) -> None:
        """Drop the kept draft (the last saved path stays). Raises OSError."""
        self.keep(profile, OrderDraft(), Step.SITE)

    def last_saved(self, profile: str) -> Path | None:
        saved = self._read(profile).get("last_saved")
        return Path(saved) if isinstance(saved, str) and saved else None

    def remember_saved(self, profile: str, path: Path) -> None:
        """Raises OSError."""
        data = self._read(profile)
        data["last_saved"] = str(path)
        self._write(profile, data)
