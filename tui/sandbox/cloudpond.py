"""The fake CloudPond (IES) and the slice of IAM it needs, as Starlette routes.

Responses are written here from this module's own dicts and field names, never through the
client's wire models: a mistake shared by both would hide itself. Only the AK/SK canonicalizer is
shared, because it is tested byte for byte against Huawei's official signer.

Checks done as the real gateway does: AK/SK signature over the raw path and query (so a space sent
as `+` fails), `X-Sdk-Date` within 15 minutes of the real time, IAM tokens issued by
`/v3/auth/tokens` that expire (`APIGW.0307`), and the account id in the path.
"""

from __future__ import annotations

import bisect
import hmac
import itertools
import json
import random
import secrets as token_source
import string
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.providers.cloudpond import auth as signing
from tui.sandbox.demo import (
    DEMO_AK,
    DEMO_DOMAIN_ID,
    DEMO_IAM_ACCOUNT,
    DEMO_IAM_PASSWORD,
    DEMO_IAM_USER,
    DEMO_SK,
)

if TYPE_CHECKING:
    from tui.sandbox.state import SandboxState

TOKEN_LIFETIME: Final = timedelta(hours=24)
"""IAM tokens are valid for 24 hours."""

MAX_LIMIT: Final = 1000
"""The largest `limit` the fake accepts; the client asks for far less."""

DEFAULT_LIMIT: Final = 100
"""Page size when a caller sends no `limit` (the official SDK's calls often do not)."""

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

HOSTILE_NAMES: Final = (
    "[bold]x[/] order",
    "[@click=app.quit]click me[/]",
    "\x1b[31mred alert\x1b[0m order",
    "\u202eredro\u202c \u200bzero\u200bwidth\u200d",
    "delivery_order-" + "very-long-name-" * 20 + "end",
)
"""Order names that must render literally: Rich markup, a Textual action, ANSI, RTL/zero-width,
and one far wider than any column."""

Json = dict[str, Any]
"""A JSON object as this module writes it."""


def gateway_now() -> datetime:
    """The gateway's time: the real clock. `state.clock` dates the data set and may be frozen
    (the UI snapshots freeze it), while clients sign with the real time; checking signatures
    and token lifetimes against a frozen clock would refuse every call."""
    return datetime.now(UTC)


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


def _wire_id(rng: random.Random) -> str:
    """Ids shaped like the docs' `00000000-0000-000-0000-000000000000`: not strict UUIDs."""
    hex_digits = f"{rng.getrandbits(124):031x}"
    return "-".join(
        (hex_digits[:8], hex_digits[8:12], hex_digits[12:15], hex_digits[15:19], hex_digits[19:])
    )


def wire_time(moment: datetime, precise: bool = True) -> str:
    """Seconds or microseconds, `Z` suffix: the API mixes both."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    return naive.isoformat(timespec="microseconds" if precise else "seconds") + "Z"


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


def seed_data(state: SandboxState) -> CloudPondData:
    """The account's data, fixed by `state.seed` and relative to `state.clock()`."""
    rng = random.Random(state.seed)
    now = state.clock()
    data = CloudPondData(rng=random.Random(state.seed + 1))

    for code, name in _ZONES:
        data.zones.append({"code": code, "name": name})
        data.sale_cycles[code] = [
            {"pay_mode": mode, "period_type": "year", "period_num": list(periods)}
            for mode, periods in _ZONE_CYCLES[code]
        ]

    for index, (name, zone, status, city) in enumerate(_SITES):
        created = now - timedelta(days=400 - index * 30, seconds=rng.randrange(86_400))
        region = "cn-north-4" if zone == "CN" else "eu-west-101"
        data.edge_sites.append(
            {
                "id": _wire_id(rng),
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
        )

    for zone, _ in _ZONES:
        for name, vcpus, memory, capacity, status, cpu in _SERVERS:
            spec_id = _wire_id(rng)
            data.server_offerings.append(
                {
                    "id": _wire_id(rng),
                    "zone_code": zone,
                    "scene_code": "",
                    "status": status,
                    "spec": {
                        "id": spec_id,
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
                    "product_info": {
                        "cloud_service_type": "hws.service.type.ies",
                        "resource_type": "hws.resource.type.ies.server",
                        "resource_spec_code": f"ies.server.{zone.lower()}.{spec_id[:8]}",
                    },
                    "sale_cycles": _offering_cycles(zone, rng),
                }
            )
        for name, status in _NETWORK_DEVICES:
            spec_id = _wire_id(rng)
            data.network_device_offerings.append(
                {
                    "id": _wire_id(rng),
                    "zone_code": zone,
                    "scene_code": "",
                    "status": status,
                    "spec": {
                        "id": spec_id,
                        "name": name,
                        "power": 450,
                        "unit": 1,
                        "performance_type": "standard",
                    },
                    "product_info": {
                        "cloud_service_type": "hws.service.type.ies",
                        "resource_type": "hws.resource.type.ies.network",
                        "resource_spec_code": f"ies.network.{zone.lower()}.{spec_id[:8]}",
                    },
                    "sale_cycles": _offering_cycles(zone, rng),
                }
            )
        data.storage_types.extend(
            [
                {
                    "id": _wire_id(rng),
                    "name": "SAS",
                    "zone_code": zone,
                    "expand_capacity_step": 0,
                    "supported_capacities": [26, 52, 78],
                },
                {
                    "id": _wire_id(rng),
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
                        "id": _wire_id(rng),
                        "zone_code": zone,
                        "storage_type": storage_type,
                        "gear": gear,
                        "product_info": {
                            "cloud_service_type": "hws.service.type.ies",
                            "resource_type": "hws.resource.type.ies.storage",
                            "resource_spec_code": f"ies.storage.{storage_type.lower()}.{gear}",
                        },
                        "sale_cycles": _offering_cycles(zone, rng),
                    }
                )

    data.quotas = [
        {"type": "edge_site", "quota": 10, "used": len(_SITES)},
        {"type": "server", "quota": 200, "used": 37},
        {"type": "network_device", "quota": 40, "used": 9},
    ]

    _seed_orders(data, state, rng, now)
    return data


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
    letters = string.ascii_lowercase
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
        hostile_slot = index // 2
        if index % 2 == 1 and hostile_slot < len(HOSTILE_NAMES):
            name = HOSTILE_NAMES[hostile_slot]
        else:
            bits = rng.getrandbits(40)
            name = "delivery_order-" + "".join(
                letters[((bits >> shift) & 0xFF) % 26] for shift in (0, 8, 16, 24, 32)
            )
        timespec = "microseconds" if index % 3 else "seconds"
        order: Json = {
            "id": _wire_id(rng),
            "name": name,
            "domain_id": DEMO_DOMAIN_ID,
            "status": status,
            "edge_site_id": site_ids[index % len(site_ids)],
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


# --- responses --------------------------------------------------------------------------------


def _request_id() -> str:
    return uuid.uuid4().hex


_STATUS_CODES: Final = {
    400: "IES.0001",
    401: "APIGW.0301",
    403: "APIGW.0302",
    404: "IES.0404",
    429: "APIGW.0308",
}


def error_body(status: int, message: str) -> tuple[Json, list[tuple[bytes, bytes]]]:
    """A CloudPond error body and its `X-Request-Id` header, for any status."""
    request_id = _request_id()
    code = _STATUS_CODES.get(status, "APIGW.0203" if status in (502, 503, 504) else "IES.0500")
    return (
        {"error_code": code, "error_msg": message, "request_id": request_id},
        [(b"x-request-id", request_id.encode())],
    )


def error(status: int, code: str, message: str) -> JSONResponse:
    request_id = _request_id()
    return JSONResponse(
        {"error_code": code, "error_msg": message, "request_id": request_id},
        status_code=status,
        headers={"X-Request-Id": request_id},
    )


def ok(payload: Json, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    request_id = _request_id()
    return JSONResponse(
        payload, status_code=status, headers={"X-Request-Id": request_id, **(headers or {})}
    )


def _bad_auth(reason: str) -> JSONResponse:
    return error(401, "APIGW.0301", f"Incorrect IAM authentication information: {reason}")


async def check_aksk(request: Request, state: SandboxState, header: str) -> JSONResponse | None:
    """Verify an `SDK-HMAC-SHA256` signature exactly as the gateway recomputes it."""
    parsed = signing.parse_authorization(header)
    if parsed is None:
        return _bad_auth("unsupported authorization header")
    ak, signed, given = parsed
    if ak != DEMO_AK:
        return _bad_auth("access key not found")
    if "host" not in signed or "x-sdk-date" not in signed:
        return _bad_auth("host and x-sdk-date must be signed")
    date_text = request.headers.get("x-sdk-date", "")
    sent_at = signing.parse_sdk_date(date_text)
    if sent_at is None:
        return _bad_auth("x-sdk-date is missing or malformed")
    if abs(gateway_now() - sent_at) > signing.MAX_CLOCK_SKEW:
        return _bad_auth("x-sdk-date is more than 15 minutes from server time")
    raw_path = request.scope.get("raw_path") or request.scope["path"].encode()
    expected = signing.sign(
        ak=ak,
        sk=DEMO_SK,
        method=request.method,
        path=raw_path.decode("latin-1"),
        query=signing.parse_query(request.scope["query_string"].decode("latin-1")),
        headers=dict(request.headers),
        signed=signed,
        body=await request.body(),
    )
    expected_signature = expected.rsplit("Signature=", 1)[-1]
    if not hmac.compare_digest(expected_signature, given):
        return _bad_auth("verify aksk signature fail")
    return None


def check_token(token: str, data: CloudPondData, state: SandboxState) -> JSONResponse | None:
    expires = data.tokens.get(token)
    if expires is None:
        return _bad_auth("verify token fail")
    if gateway_now() >= expires:
        return error(401, "APIGW.0307", "The token has expired.")
    return None


Handler = Callable[[Request, CloudPondData], Awaitable[Response]]


def routes(state: SandboxState) -> list[Route]:
    def data() -> CloudPondData:
        cloudpond_data: CloudPondData = state.providers["cloudpond"]
        return cloudpond_data

    def account_route(path: str, handler: Handler, methods: list[str]) -> Route:
        async def endpoint(request: Request) -> Response:
            refused = await _authenticate(request)
            if refused is not None:
                return refused
            if request.path_params.get("domain_id") != DEMO_DOMAIN_ID:
                return error(
                    403,
                    "APIGW.0302",
                    "The IAM user is not authorized to access the API: "
                    "the domain_id in the path is not this account",
                )
            return await handler(request, data())

        return Route(path, endpoint, methods=methods)

    async def _authenticate(request: Request) -> JSONResponse | None:
        header = request.headers.get("authorization")
        if header:
            return await check_aksk(request, state, header)
        token = request.headers.get("x-auth-token")
        if token:
            return check_token(token, data(), state)
        return _bad_auth("no Authorization or X-Auth-Token header")

    async def list_orders(request: Request, data: CloudPondData) -> Response:
        query = request.query_params
        limit = _limit(query.get("limit"))
        if isinstance(limit, Response):
            return limit
        wanted_statuses = set(query.getlist("status"))
        wanted_id = query.get("id")
        start = len(data.orders) - 1
        marker = query.get("marker")
        if marker:
            position = data.position.get(marker)
            if position is None:
                return error(400, "IES.0001", f"Invalid marker: {marker}")
            start = position - 1
        items: list[Json] = []
        more = False
        if wanted_id is not None:
            candidates: Iterable[int] = (
                [data.position[wanted_id]]
                if wanted_id in data.position and data.position[wanted_id] <= start
                else []
            )
        else:
            candidates = range(start, -1, -1)
        for position in candidates:
            order = data.orders[position]
            if wanted_statuses and order["status"] not in wanted_statuses:
                continue
            if len(items) == limit:
                more = True
                break
            items.append(order)
        page_info: Json = {"current_count": len(items)}
        if more:
            page_info["next_marker"] = items[-1]["id"]
        return ok({"delivery_orders": items, "page_info": page_info})

    async def show_order(request: Request, data: CloudPondData) -> Response:
        order_id = request.path_params["order_id"]
        position = data.position.get(order_id)
        if position is None:
            return error(404, "IES.0404", f"Delivery order {order_id} does not exist.")
        return ok({"delivery_order": data.orders[position]})

    async def create_order(request: Request, data: CloudPondData) -> Response:
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return error(400, "IES.0001", "The request body is not valid JSON.")
        problem = validate_order(body, data)
        if problem is not None:
            return error(400, "IES.0001", problem)
        option = body["delivery_order"]
        with state.lock:
            moment = state.clock()
            order = {
                "id": _wire_id(data.rng),
                "name": "delivery_order-"
                + "".join(data.rng.choice(string.ascii_lowercase) for _ in range(5)),
                "domain_id": DEMO_DOMAIN_ID,
                "status": "ACCEPTING",
                "edge_site_id": str(option["edge_site_id"]),
                "created_at": wire_time(moment),
                "updated_at": wire_time(moment),
            }
            data.add_order(order)
            order_ids = [f"CS{data.rng.randrange(10**14, 10**15)}"]
        return ok({"delivery_order": dict(order), "order_ids": order_ids})

    def paged(items: list[Json], request: Request, key: str) -> Response:
        limit = _limit(request.query_params.get("limit"))
        if isinstance(limit, Response):
            return limit
        marker = request.query_params.get("marker")
        start = 0
        if marker:
            ids = [item["id"] for item in items]
            if marker not in ids:
                return error(400, "IES.0001", f"Invalid marker: {marker}")
            start = ids.index(marker) + 1
        page = items[start : start + limit]
        page_info: Json = {"current_count": len(page)}
        if start + limit < len(items):
            page_info["next_marker"] = page[-1]["id"]
        return ok({key: page, "page_info": page_info})

    async def list_edge_sites(request: Request, data: CloudPondData) -> Response:
        query = request.query_params
        ids = set(query.getlist("id"))
        statuses = set(query.getlist("status"))
        names = set(query.getlist("name"))
        sites = [
            site
            for site in data.edge_sites
            if (not ids or site["id"] in ids)
            and (not statuses or site["status"] in statuses)
            and (not names or site["name"] in names)
        ]
        return paged(sites, request, "edge_sites")

    async def show_edge_site(request: Request, data: CloudPondData) -> Response:
        site_id = request.path_params["site_id"]
        for site in data.edge_sites:
            if site["id"] == site_id:
                return ok({"edge_site": site})
        return error(404, "IES.0404", f"Edge site {site_id} does not exist.")

    async def sale_cycles(request: Request, data: CloudPondData) -> Response:
        zone = request.query_params.get("zone_code")
        rows = (
            data.sale_cycles.get(zone, [])
            if zone
            else [row for rows in data.sale_cycles.values() for row in rows]
        )
        return ok({"sale_cycles": rows})

    def offering_filter(request: Request) -> Callable[[Json], bool]:
        query = request.query_params
        zone = query.get("zone_code")
        pay_modes = set(query.getlist("pay_mode"))
        periods = set(query.getlist("period_num"))

        def keep(item: Json) -> bool:
            if zone and item["zone_code"] != zone:
                return False
            if not (pay_modes or periods):
                return True
            return any(
                (not pay_modes or cycle["pay_mode"] in pay_modes)
                and (not periods or str(cycle["period_num"]) in periods)
                for cycle in item["sale_cycles"]
            )

        return keep

    async def server_offerings(request: Request, data: CloudPondData) -> Response:
        keep = offering_filter(request)
        return paged([o for o in data.server_offerings if keep(o)], request, "offerings")

    async def network_device_offerings(request: Request, data: CloudPondData) -> Response:
        keep = offering_filter(request)
        return paged([o for o in data.network_device_offerings if keep(o)], request, "offerings")

    async def storage_types(request: Request, data: CloudPondData) -> Response:
        zone = request.query_params.get("zone_code")
        name = request.query_params.get("name")
        rows = [
            row
            for row in data.storage_types
            if (not zone or row["zone_code"] == zone) and (not name or row["name"] == name)
        ]
        return paged(rows, request, "storage_types")

    async def storage_gears(request: Request, data: CloudPondData) -> Response:
        keep = offering_filter(request)
        return paged([g for g in data.storage_gears if keep(g)], request, "storage_gears")

    async def zones(request: Request, data: CloudPondData) -> Response:
        return ok({"zones": data.zones, "page_info": {"current_count": len(data.zones)}})

    async def quotas(request: Request, data: CloudPondData) -> Response:
        return ok({"quotas": {"resources": data.quotas}})

    async def issue_token(request: Request) -> Response:
        try:
            body = json.loads(await request.body())
            identity = body["auth"]["identity"]
            user = identity["password"]["user"]
            methods = identity["methods"]
            name, password, account = user["name"], user["password"], user["domain"]["name"]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return error(400, "IAM.0001", "The request body is invalid.")
        if methods != ["password"]:
            return error(400, "IAM.0001", "Only the password method is supported here.")
        if (name, password, account) != (DEMO_IAM_USER, DEMO_IAM_PASSWORD, DEMO_IAM_ACCOUNT):
            return error(401, "IAM.0002", "The username or password is wrong.")
        scope = body["auth"].get("scope", {}).get("domain", {})
        if scope and scope.get("id", DEMO_DOMAIN_ID) != DEMO_DOMAIN_ID:
            return error(401, "IAM.0003", "The scope is not this account.")
        now = gateway_now()
        with state.lock:
            token = "MIIsandbox" + token_source.token_urlsafe(48)
            expires = now + data().token_lifetime
            data().tokens[token] = expires
            data().tokens_issued += 1
        payload = {
            "token": {
                "methods": ["password"],
                "expires_at": wire_time(expires),
                "issued_at": wire_time(now),
                "user": {
                    "name": DEMO_IAM_USER,
                    "id": f"{DEMO_DOMAIN_ID[:-1]}2",
                    "domain": {"name": DEMO_IAM_ACCOUNT, "id": DEMO_DOMAIN_ID},
                },
                "domain": {"name": DEMO_IAM_ACCOUNT, "id": DEMO_DOMAIN_ID},
            }
        }
        return ok(payload, status=201, headers={"X-Subject-Token": token})

    async def list_domains(request: Request) -> Response:
        header = request.headers.get("authorization")
        if not header:
            return _bad_auth("no Authorization header")
        refused = await check_aksk(request, state, header)
        if refused is not None:
            return refused
        return ok(
            {
                "domains": [{"id": DEMO_DOMAIN_ID, "name": DEMO_IAM_ACCOUNT, "enabled": True}],
                "links": {"self": f"{request.base_url}v3/auth/domains"},
            }
        )

    base1 = "/v1/{domain_id}"
    base2 = "/v2/{domain_id}"
    return [
        Route("/v3/auth/tokens", issue_token, methods=["POST"]),
        Route("/v3/auth/domains", list_domains, methods=["GET"]),
        account_route(f"{base2}/delivery-orders", list_orders, ["GET"]),
        account_route(f"{base2}/delivery-orders", create_order, ["POST"]),
        account_route(f"{base2}/delivery-orders/{{order_id}}", show_order, ["GET"]),
        account_route(f"{base1}/edge-sites", list_edge_sites, ["GET"]),
        account_route(f"{base1}/edge-sites/{{site_id}}", show_edge_site, ["GET"]),
        account_route(f"{base2}/sale-cycles", sale_cycles, ["GET"]),
        account_route(f"{base2}/server-offerings", server_offerings, ["GET"]),
        account_route(f"{base2}/network-device-offerings", network_device_offerings, ["GET"]),
        account_route(f"{base2}/storage-types", storage_types, ["GET"]),
        account_route(f"{base2}/storage-gears", storage_gears, ["GET"]),
        account_route(f"{base1}/zones", zones, ["GET"]),
        account_route(f"{base1}/quotas", quotas, ["GET"]),
    ]


def _limit(text: str | None) -> int | Response:
    if text is None:
        return DEFAULT_LIMIT
    try:
        limit = int(text)
    except ValueError:
        return error(400, "IES.0001", f"Invalid limit: {text}")
    if not 1 <= limit <= MAX_LIMIT:
        return error(400, "IES.0001", f"limit must be 1..{MAX_LIMIT}")
    return limit


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 999


def validate_order(body: Any, data: CloudPondData) -> str | None:
    """What the real service would refuse, as its message; None when the order is fine."""
    option = body.get("delivery_order") if isinstance(body, dict) else None
    if not isinstance(option, dict):
        return "delivery_order is required."
    site_id = option.get("edge_site_id")
    if isinstance(site_id, int) and not isinstance(site_id, bool):
        site_id = str(site_id)
    if not isinstance(site_id, str) or not site_id:
        return "edge_site_id is required."
    site = next((s for s in data.edge_sites if s["id"] == site_id), None)
    if site is None:
        return f"Edge site {site_id} does not exist."
    if site["status"] not in ("initial", "available"):
        return (
            f"Edge site {site_id} is {site['status']}; "
            "orders are accepted when it is initial or available."
        )
    zone = site["location"]["zone_code"]
    market = option.get("market_options")
    if not isinstance(market, dict):
        return "market_options is required."
    if market.get("charge_mode") != "prepaid":
        return "market_options.charge_mode must be prepaid."
    prepaid = market.get("prepaid_options")
    if not isinstance(prepaid, dict):
        return "market_options.prepaid_options is required."
    if prepaid.get("period_type") != "year":
        return "prepaid_options.period_type must be year."
    period = prepaid.get("period_num")
    if not isinstance(period, int) or isinstance(period, bool) or period < 1:
        return "prepaid_options.period_num must be a positive integer."
    pay_mode = prepaid.get("pay_mode", "FULL")
    zone_cycles = data.sale_cycles.get(zone, [])
    if not any(row["pay_mode"] == pay_mode and period in row["period_num"] for row in zone_cycles):
        return f"Pay mode {pay_mode} for {period} year(s) is not sold in zone {zone}."
    lines = 0
    for key, offerings in (
        ("servers", data.server_offerings),
        ("network_devices", data.network_device_offerings),
    ):
        entries = option.get(key) or []
        if not isinstance(entries, list):
            return f"{key} must be a list."
        for entry in entries:
            if not isinstance(entry, dict):
                return f"{key} entries must be objects."
            offering_id = entry.get("offering_id")
            offering = next((o for o in offerings if o["id"] == offering_id), None)
            if offering is None or offering["zone_code"] != zone:
                return f"Offering {offering_id} does not exist in zone {zone}."
            if offering["status"] != "ONSALE":
                return f"Offering {offering_id} is {offering['status']}, not on sale."
            if not any(
                c["pay_mode"] == pay_mode and c["period_num"] == period
                for c in offering["sale_cycles"]
            ):
                return f"Offering {offering_id} is not sold as {pay_mode} for {period} year(s)."
            if not _is_count(entry.get("count")):
                return f"count of offering {offering_id} must be an integer 1..999."
            lines += 1
    pools = option.get("storage_pools") or []
    if not isinstance(pools, list):
        return "storage_pools must be a list."
    for pool in pools:
        if not isinstance(pool, dict):
            return "storage_pools entries must be objects."
        type_name = pool.get("storage_type")
        storage = next(
            (t for t in data.storage_types if t["name"] == type_name and t["zone_code"] == zone),
            None,
        )
        if storage is None:
            return f"Storage type {type_name} does not exist in zone {zone}."
        size = pool.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            return "storage_pools.size must be a positive integer (TB)."
        step = storage["expand_capacity_step"]
        allowed = size % step == 0 if step else size in storage["supported_capacities"]
        if not allowed:
            choices = (
                f"a multiple of {step} TB"
                if step
                else ", ".join(f"{c} TB" for c in storage["supported_capacities"])
            )
            return f"Storage size {size} TB is not sold for {type_name}; choose {choices}."
        lines += 1
    if lines == 0:
        return "The order must contain servers, network_devices or storage_pools."
    return None


def set_order_status(state: SandboxState, order_id: str, status: str) -> bool:
    """Move an order to `status` (tests and the demo's "accept" button); False if unknown."""
    data: CloudPondData = state.providers["cloudpond"]
    with state.lock:
        position = data.position.get(order_id)
        if position is None:
            return False
        order = data.orders[position]
        order["status"] = status
        order["updated_at"] = wire_time(state.clock())
    return True
