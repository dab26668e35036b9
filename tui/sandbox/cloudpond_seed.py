"""The fake CloudPond account's data: what it holds and how it is seeded.

Everything here is fixed by `state.seed` and dated relative to `state.clock()`, so a run, a test
and a snapshot see the same account. The seeders draw from one `random.Random` in a fixed order:
moving a draw changes every id after it, so new fields draw last or from their own generator.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from tui.sandbox.demo import DEMO_DOMAIN_ID
from tui.sandbox.hostile import CLOUDPOND_ORDER_NAMES, seeded_positions

if TYPE_CHECKING:
    from tui.sandbox.state import SandboxState

TOKEN_LIFETIME: Final = timedelta(hours=24)
"""IAM tokens are valid for 24 hours."""

PENDING_SHARE: Final = 0.04
"""Share of seeded orders awaiting acceptance: a handful on every screen, never most of them."""

STATUS_WEIGHTS: Final = (
    ("SUCCESS", 40),
    ("PROCESSING", 15),
    ("CANCELLED", 14),
    ("FAIL", 10),
    ("DELETED", 8),
)
"""How seeded orders that are not pending spread over the documented statuses."""

FIRST_PENDING: Final = frozenset({1, 4, 6})
"""Newest-first positions that always await acceptance, so even a tiny data set has several."""

UNDOCUMENTED_STATUS: Final = "AUDITING"
"""A status the docs do not list: a real service adds one some day, the app must show it raw."""

Json = dict[str, Any]
"""A JSON object as the fake writes it."""


# --- the data set -----------------------------------------------------------------------------


@dataclass
class CloudPondData:
    """Everything the fake account holds. Orders are kept oldest first (creation appends, so
    marker positions stay valid); lists answer newest first."""

    orders: list[Json] = field(default_factory=list)
    position: dict[str, int] = field(default_factory=dict)
    """Order id -> index in `orders`."""
    edge_sites: list[Json] = field(default_factory=list)
    zones: list[Json] = field(default_factory=list)
    sale_cycles: dict[str, list[Json]] = field(default_factory=dict)
    """zone code -> `/sale-cycles` rows."""
    server_offerings: list[Json] = field(default_factory=list)
    network_device_offerings: list[Json] = field(default_factory=list)
    storage_types: list[Json] = field(default_factory=list)
    storage_gears: list[Json] = field(default_factory=list)
    quotas: list[Json] = field(default_factory=list)
    tokens: dict[str, datetime] = field(default_factory=dict)
    """Issued IAM token -> expiry."""
    token_lifetime: timedelta = TOKEN_LIFETIME
    """Tests shorten it to watch a token expire."""
    tokens_issued: int = 0
    rng: random.Random = field(default_factory=random.Random)
    """Ids of created orders: seeded, so a run is reproducible."""

    def add_order(self, order: Json) -> None:
        self.position[order["id"]] = len(self.orders)
        self.orders.append(order)

    def expire_tokens(self, now: datetime) -> None:
        """Make every issued token expired (as if a day had passed)."""
        for token in self.tokens:
            self.tokens[token] = now - timedelta(seconds=1)


def wire_id(rng: random.Random) -> str:
    """Ids shaped like the docs' `00000000-0000-000-0000-000000000000`: not strict UUIDs."""
    hex_digits = f"{rng.getrandbits(124):031x}"
    return "-".join(
        (hex_digits[:8], hex_digits[8:12], hex_digits[12:15], hex_digits[15:19], hex_digits[19:])
    )


def wire_time(moment: datetime, precise: bool = True) -> str:
    """Seconds or microseconds, `Z` suffix: the API mixes both."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    return naive.isoformat(timespec="microseconds" if precise else "seconds") + "Z"


# --- seed tables ------------------------------------------------------------------------------


_SITES: Final = (
    # name, zone, status, city
    ("Shenzhen assembly plant", "CN", "initial", "Shenzhen"),
    ("Suzhou logistics hub", "CN", "initial", "Suzhou"),
    ("Wuhan campus edge", "CN", "available", "Wuhan"),
    ("Chengdu studio", "CN", "deploying", "Chengdu"),
    ("Frankfurt trading floor", "EU", "initial", "Frankfurt"),
    ("Milan factory", "EU", "initial", "Milan"),
    ("Madrid hospital", "EU", "available", "Madrid"),
    ("Lyon warehouse", "EU", "initial", "Lyon"),
)

_SITE_PROJECTS: Final = (
    # One row per `_SITES` row: what the operator runs at that site.
    ("SMT line vision", "MES cluster", "Line 4 QA cameras", "PLC gateway", "Test bench GPUs"),
    ("WMS failover", "Sorter control", "Dock cameras", "Fleet telemetry", "Label printing"),
    ("Lab GPU pool", "VDI pool", "Campus portal", "Research storage", "Exam proctoring"),
    ("Render farm", "Asset storage", "Transcode nodes", "Review suite", "Mocap capture"),
    ("Market data feed", "Low-latency risk", "Tick store", "Order gateway", "Compliance archive"),
    ("Press line PLC", "Digital twin", "Quality vision", "Paint shop sensors", "MES cluster"),
    ("PACS archive", "EHR replica", "Radiology AI", "Lab results", "Nurse call"),
    ("WMS nodes", "Cold-chain sensors", "Pick-to-light", "Yard cameras", "Returns desk"),
)
"""Projects an operator runs at each edge site: the first words of its delivery order names."""

_NAME_STEPS: Final = (
    "expansion",
    "phase 2",
    "phase 3",
    "refresh",
    "pilot",
    "capacity add",
    "spares",
    "DR copy",
    "build-out",
    "upgrade",
    "rack {rack}",
    "rack {rack} top-up",
)
"""What each order does for its project; `{rack}` is a rack position such as `B4`."""

_CHANGE_TICKETS: Final = ("CHG", "REQ", "PO")
"""Prefixes of the change or purchase ticket some operators put in an order's name."""

_ZONES: Final = (("CN", "Chinese Mainland"), ("EU", "Europe"))

_ZONE_CYCLES: Final = {
    "CN": (
        ("FULL", [1, 3, 5]),
        ("HALF", [3, 5]),
        ("PAID_BY_YEAR", [3, 5]),
        ("ZERO_PAID_BY_YEAR", [3]),
    ),
    "EU": (("FULL", [1, 3]), ("ZERO_PAID_BY_MONTH", [3, 5])),
}

_SERVERS: Final = (
    # name, vcpus, memory GB, storage TiB, status, cpu
    ("General Compute 2U", 96, 384, 4, "ONSALE", "Kunpeng 920"),
    ("General Compute 1U", 64, 256, 2, "ONSALE", "Intel Xeon Gold 6348"),
    ("Memory Optimized 2U", 96, 768, 4, "ONSALE", "Intel Xeon Gold 6348"),
    ("GPU Inference 4U", 64, 512, 8, "ONSALE", "Kunpeng 920"),
    ("Dense Storage 4U", 48, 192, 96, "TESTING", "Kunpeng 920"),
    ("Legacy Compute 2U", 48, 192, 2, "SUSPENDED", "Intel Xeon Gold 6248"),
    ("First Generation 2U", 32, 128, 2, "RETIREMENT", "Intel Xeon Gold 6148"),
)

_NETWORK_DEVICES: Final = (
    ("Access Switch 48x25GE", "ONSALE"),
    ("Border Router 8x100GE", "ONSALE"),
    ("Storage Switch 32x100GE", "ONSALE"),
    ("Legacy Switch 48x10GE", "RETIREMENT"),
)


def _offering_cycles(zone: str, rng: random.Random) -> list[Json]:
    """Each offering is sold for most (not all) of its zone's pay modes and periods."""
    rows = [
        {"pay_mode": mode, "period_type": "year", "period_num": period}
        for mode, periods in _ZONE_CYCLES[zone]
        for period in periods
    ]
    keep = [row for row in rows if rng.random() < 0.85]
    # FULL for the longest period always stays, so every offering is orderable somehow.
    full = [row for row in rows if row["pay_mode"] == "FULL"]
    if full[-1] not in keep:
        keep.append(full[-1])
    return keep


def _product_info(kind: str, spec_code: str) -> Json:
    """The billing product an offering is sold as: one resource type per kind of hardware."""
    return {
        "cloud_service_type": "hws.service.type.ies",
        "resource_type": f"hws.resource.type.ies.{kind}",
        "resource_spec_code": spec_code,
    }


# --- seeding ----------------------------------------------------------------------------------


def seed_data(state: SandboxState) -> CloudPondData:
    """The account's data, fixed by `state.seed` and relative to `state.clock()`."""
    rng = random.Random(state.seed)
    now = state.clock()
    data = CloudPondData(rng=random.Random(state.seed + 1))
    _seed_zones(data)
    for index, site_row in enumerate(_SITES):
        data.edge_sites.append(_edge_site(index, site_row, rng, now))
    for zone, _ in _ZONES:
        _seed_catalogue(data, zone, rng)
    data.quotas = [
        {"type": "edge_site", "quota": 10, "used": len(_SITES)},
        {"type": "server", "quota": 200, "used": 37},
        {"type": "network_device", "quota": 40, "used": 9},
    ]
    _seed_orders(data, state, rng, now)
    return data


def _seed_zones(data: CloudPondData) -> None:
    for code, name in _ZONES:
        data.zones.append({"code": code, "name": name})
        data.sale_cycles[code] = [
            {"pay_mode": mode, "period_type": "year", "period_num": list(periods)}
            for mode, periods in _ZONE_CYCLES[code]
        ]


def _edge_site(
    index: int, site_row: tuple[str, str, str, str], rng: random.Random, now: datetime
) -> Json:
    """One row of `_SITES` as the API lists it; sites alternate the two time precisions."""
    name, zone, status, city = site_row
    created = now - timedelta(days=400 - index * 30, seconds=rng.randrange(86_400))
    region = "cn-north-4" if zone == "CN" else "eu-west-101"
    return {
        "id": wire_id(rng),
        "domain_id": DEMO_DOMAIN_ID,
        "name": name,
        "description": f"Edge site at {city}",
        "region_id": region,
        "project_id": f"{rng.getrandbits(128):032x}",
        "availability_zone_id": f"{region}-ies-{index}",
        "status": status,
        "location": {
            "name": name,
            "zone_code": zone,
            "address": f"{index + 1} Industrial Road",
            "description": "",
            "country": "CN" if zone == "CN" else "EU",
            "province": city,
            "city": city,
            "district": "",
        },
        "enterprise_project_id": "0",
        "created_at": wire_time(created, precise=index % 2 == 0),
        "updated_at": wire_time(created + timedelta(days=2), precise=index % 2 == 0),
    }


def _seed_catalogue(data: CloudPondData, zone: str, rng: random.Random) -> None:
    """One zone's servers, network devices, storage types and storage gears, in that order."""
    for server_row in _SERVERS:
        data.server_offerings.append(_server_offering(zone, server_row, rng))
    for name, status in _NETWORK_DEVICES:
        data.network_device_offerings.append(_network_offering(zone, name, status, rng))
    data.storage_types.extend(
        [
            {
                "id": wire_id(rng),
                "name": "SAS",
                "zone_code": zone,
                "expand_capacity_step": 0,
                "supported_capacities": [26, 52, 78],
            },
            {
                "id": wire_id(rng),
                "name": "SSD",
                "zone_code": zone,
                "expand_capacity_step": 13,
                "supported_capacities": [],
            },
        ]
    )
    for storage_type, gears in (("SAS", (26, 52, 78)), ("SSD", (13, 26, 39))):
        for gear in gears:
            data.storage_gears.append(
                {
                    "id": wire_id(rng),
                    "zone_code": zone,
                    "storage_type": storage_type,
                    "gear": gear,
                    "product_info": _product_info(
                        "storage", f"ies.storage.{storage_type.lower()}.{gear}"
                    ),
                    "sale_cycles": _offering_cycles(zone, rng),
                }
            )


def _server_offering(
    zone: str, server_row: tuple[str, int, int, int, str, str], rng: random.Random
) -> Json:
    name, vcpus, memory, capacity, status, cpu = server_row
    return _offering(
        "server",
        zone,
        status,
        rng,
        {
            "id": wire_id(rng),
            "name": name,
            "server_type": "COMPUTE",
            "flavor_type": "GPU" if "GPU" in name else "general",
            "performance_type": "high" if "2U" in name else "standard",
            "power": 800 + vcpus * 4,
            "unit": int(name.rsplit(" ", 1)[-1].rstrip("U")),
            "vcpus": vcpus,
            "memory": memory,
            "storage_capacity": capacity,
            "cpu_name": cpu,
            "cpu_architecture": "arm64" if "Kunpeng" in cpu else "x86_64",
        },
    )


def _network_offering(zone: str, name: str, status: str, rng: random.Random) -> Json:
    spec = {
        "id": wire_id(rng),
        "name": name,
        "power": 450,
        "unit": 1,
        "performance_type": "standard",
    }
    return _offering("network", zone, status, rng, spec)


def _offering(kind: str, zone: str, status: str, rng: random.Random, spec: Json) -> Json:
    """A server or network offering around its spec. The caller draws the spec's id first, so
    the offering's id and sale cycles come after it in the seed's order."""
    return {
        "id": wire_id(rng),
        "zone_code": zone,
        "scene_code": "",
        "status": status,
        "spec": spec,
        "product_info": _product_info(kind, f"ies.{kind}.{zone.lower()}.{spec['id'][:8]}"),
        "sale_cycles": _offering_cycles(zone, rng),
    }


def _seed_orders(
    data: CloudPondData, state: SandboxState, rng: random.Random, now: datetime
) -> None:
    """Orders newest first, spread over about a year. Written for speed (benchmarks seed
    100,000): naive UTC datetimes, one random draw per choice, no per-order allocations
    beyond the dict itself."""
    count = state.orders_per_provider
    site_ids = [site["id"] for site in data.edge_sites]
    statuses = [status for status, _ in STATUS_WEIGHTS]
    cumulative = list(itertools.accumulate(weight for _, weight in STATUS_WEIGHTS))
    total_weight = cumulative[-1]
    pending_every = max(2, round(1 / PENDING_SHARE))
    hostile_at = seeded_positions(CLOUDPOND_ORDER_NAMES, first=1, stride=2)
    # Names for the hostile positions when the hostile strings are off: the main generator
    # draws nothing there either way, so the ids after them do not move.
    spare_names = random.Random(f"cloudpond-names:{state.seed}")
    random_unit = rng.random
    newest_first: list[Json] = []
    step = timedelta(hours=365 * 24 / max(count, 1)) if count > 400 else timedelta(hours=9)
    utc_now = now.astimezone(UTC).replace(tzinfo=None)
    moment = utc_now - timedelta(minutes=7)
    for index in range(count):
        moment -= step * (0.5 + random_unit())
        if index % pending_every == 1 or index in FIRST_PENDING:
            status = "ACCEPTING"
        elif index == 17 or (count > 1000 and index % 997 == 0):
            status = UNDOCUMENTED_STATUS
        else:
            status = statuses[bisect.bisect_right(cumulative, random_unit() * total_weight)]
        site_index = index % len(site_ids)
        hostile_name = hostile_at.get(index)
        if hostile_name is None:
            name = order_name(rng.getrandbits(40), site_index)
        elif state.hostile:
            name = hostile_name
        else:
            name = order_name(spare_names.getrandbits(40), site_index)
        timespec = "microseconds" if index % 3 else "seconds"
        order: Json = {
            "id": wire_id(rng),
            "name": name,
            "domain_id": DEMO_DOMAIN_ID,
            "status": status,
            "edge_site_id": site_ids[site_index],
        }
        if status in ("SUCCESS", "PROCESSING", "DELETED"):
            effective = moment + timedelta(days=3 + int(random_unit() * 37))
            order["effected_at"] = effective.isoformat(timespec="seconds") + "Z"
        order["created_at"] = moment.isoformat(timespec=timespec) + "Z"
        changed = min(moment + timedelta(minutes=int(random_unit() * 600)), utc_now)
        order["updated_at"] = changed.isoformat(timespec=timespec) + "Z"
        newest_first.append(order)
    for order in reversed(newest_first):
        data.add_order(order)


def order_name(bits: int, site_index: int) -> str:
    """A delivery order name as an operator writes one, from 40 random bits: the site's project,
    what the order does for it, and now and then a ticket (`Render farm phase 2`,
    `PACS archive expansion (CHG-4821)`)."""
    project = _SITE_PROJECTS[site_index % len(_SITE_PROJECTS)]
    step = _NAME_STEPS[(bits >> 8 & 0xFF) % len(_NAME_STEPS)]
    rack = f"{'ABCDEF'[(bits >> 16 & 0xFF) % 6]}{(bits >> 24 & 0x0F) + 1}"
    name = f"{project[(bits & 0xFF) % len(project)]} {step.format(rack=rack)}"
    if bits >> 28 & 3 == 0:
        ticket = _CHANGE_TICKETS[(bits >> 30 & 3) % len(_CHANGE_TICKETS)]
        name = f"{name} ({ticket}-{1000 + (bits >> 32) * 31})"
    return name
