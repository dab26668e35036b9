"""The fake CloudPond (IES) and the slice of IAM it needs, as Starlette routes.

Responses are written here from this module's own dicts and field names, never through the
client's wire models: a mistake shared by both would hide itself. Only the AK/SK canonicalizer is
shared, because it is tested byte for byte against Huawei's official signer.

Checks done as the real gateway does: AK/SK signature over the raw path and query (so a space sent
as `+` fails), `X-Sdk-Date` within 15 minutes of the real time, IAM tokens issued by
`/v3/auth/tokens` that expire (`APIGW.0307`), and the account id in the path.

Every handler is a module-level function; `routes()` puts each behind one wrapper, `_route`,
that runs the route's guard (account, AK/SK only, or open) first. The account's data and its
seeding live in `cloudpond_seed.py`, the rules a new order must meet in `cloudpond_validation.py`.
"""

from __future__ import annotations

import hmac
import json
import secrets as token_source
import string
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.providers.cloudpond import signing
from tui.sandbox.cloudpond_seed import CloudPondData, Json, wire_id, wire_time

# Re-exported: the sandbox app seeds every provider through its router module.
from tui.sandbox.cloudpond_seed import seed_data as seed_data
from tui.sandbox.cloudpond_validation import validate_order
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

MAX_LIMIT: Final = 1000
"""The largest `limit` the fake accepts; the client asks for far less."""

DEFAULT_LIMIT: Final = 100
"""Page size when a caller sends no `limit` (the official SDK's calls often do not)."""

V1: Final = "/v1/{domain_id}"
V2: Final = "/v2/{domain_id}"
"""Edge sites, zones and quotas sit under v1 of the IES API; orders and the catalogue under v2."""


def gateway_now() -> datetime:
    """The gateway's time: the real clock. `state.clock` dates the data set and may be frozen
    (the UI snapshots freeze it), while clients sign with the real time; checking signatures
    and token lifetimes against a frozen clock would refuse every call."""
    return datetime.now(UTC)


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


async def check_aksk(request: Request, header: str) -> JSONResponse | None:
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


def check_token(token: str, data: CloudPondData) -> JSONResponse | None:
    """Accept a token `/v3/auth/tokens` issued while it is fresh."""
    expires = data.tokens.get(token)
    if expires is None:
        return _bad_auth("verify token fail")
    if gateway_now() >= expires:
        return error(401, "APIGW.0307", "The token has expired.")
    return None


# --- who may call -----------------------------------------------------------------------------

Guard = Callable[[Request, "SandboxState"], Awaitable[Response | None]]
"""Decides whether a request may reach its handler: None lets it in, a response refuses it."""

Handler = Callable[[Request, "SandboxState", CloudPondData], Awaitable[Response]]
"""A route's work once its guard let the request in; the state carries the lock and clock."""


def _data(state: SandboxState) -> CloudPondData:
    data: CloudPondData = state.providers["cloudpond"]  # the state holds each provider untyped
    return data


async def account_guard(request: Request, state: SandboxState) -> Response | None:
    """IES calls: AK/SK or an IAM token, then the account id in the path must be this one."""
    refused = await _authenticate(request, state)
    if refused is not None:
        return refused
    if request.path_params.get("domain_id") != DEMO_DOMAIN_ID:
        return error(
            403,
            "APIGW.0302",
            "The IAM user is not authorized to access the API: "
            "the domain_id in the path is not this account",
        )
    return None


async def _authenticate(request: Request, state: SandboxState) -> JSONResponse | None:
    header = request.headers.get("authorization")
    if header:
        return await check_aksk(request, header)
    token = request.headers.get("x-auth-token")
    if token:
        return check_token(token, _data(state))
    return _bad_auth("no Authorization or X-Auth-Token header")


async def aksk_guard(request: Request, state: SandboxState) -> Response | None:
    """IAM's domain lookup: the client asks it before it knows the account, so AK/SK only."""
    header = request.headers.get("authorization")
    if not header:
        return _bad_auth("no Authorization header")
    return await check_aksk(request, header)


async def open_guard(request: Request, state: SandboxState) -> Response | None:
    """Issuing a token: the password in the body is the credential."""
    return None


def _route(
    state: SandboxState, path: str, handler: Handler, methods: list[str], guard: Guard
) -> Route:
    """The one auth wrapper: every route runs its guard before its handler."""

    async def endpoint(request: Request) -> Response:
        refused = await guard(request, state)
        if refused is not None:
            return refused
        return await handler(request, state, _data(state))

    return Route(path, endpoint, methods=methods)


# --- handlers ---------------------------------------------------------------------------------


_ROUTE_TABLE: list[tuple[str, str, Handler, Guard]] = []
"""Method, path, handler and guard of every call the fake answers, in the order `_api` saw them."""


def _api(method: str, path: str, guard: Guard = account_guard) -> Callable[[Handler], Handler]:
    """Serve the decorated handler at `method path`, behind `guard` (an account's by default)."""

    def register(handler: Handler) -> Handler:
        _ROUTE_TABLE.append((method, path, handler, guard))
        return handler

    return register


@_api("POST", "/v3/auth/tokens", guard=open_guard)
async def issue_token(request: Request, state: SandboxState, data: CloudPondData) -> Response:
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
        expires = now + data.token_lifetime
        data.tokens[token] = expires
        data.tokens_issued += 1
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


@_api("GET", "/v3/auth/domains", guard=aksk_guard)
async def list_domains(request: Request, state: SandboxState, data: CloudPondData) -> Response:
    return ok(
        {
            "domains": [{"id": DEMO_DOMAIN_ID, "name": DEMO_IAM_ACCOUNT, "enabled": True}],
            "links": {"self": f"{request.base_url}v3/auth/domains"},
        }
    )


@_api("GET", f"{V2}/delivery-orders")
async def list_orders(request: Request, state: SandboxState, data: CloudPondData) -> Response:
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


@_api("POST", f"{V2}/delivery-orders")
async def create_order(request: Request, state: SandboxState, data: CloudPondData) -> Response:
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
            "id": wire_id(data.rng),
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
        billing = state.providers.get("huawei_bss")
        if billing is not None:
            # The Billing Center opens the order's customer orders, pending payment.
            billing.bill_delivery_order(order_ids, moment, option)
    return ok({"delivery_order": dict(order), "order_ids": order_ids})


@_api("GET", f"{V2}/delivery-orders/{{order_id}}")
async def show_order(request: Request, state: SandboxState, data: CloudPondData) -> Response:
    order_id = request.path_params["order_id"]
    position = data.position.get(order_id)
    if position is None:
        return error(404, "IES.0404", f"Delivery order {order_id} does not exist.")
    return ok({"delivery_order": data.orders[position]})


@_api("GET", f"{V1}/edge-sites")
async def list_edge_sites(request: Request, state: SandboxState, data: CloudPondData) -> Response:
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
    return _paged(sites, request, "edge_sites")


@_api("GET", f"{V1}/edge-sites/{{site_id}}")
async def show_edge_site(request: Request, state: SandboxState, data: CloudPondData) -> Response:
    site_id = request.path_params["site_id"]
    for site in data.edge_sites:
        if site["id"] == site_id:
            return ok({"edge_site": site})
    return error(404, "IES.0404", f"Edge site {site_id} does not exist.")


@_api("GET", f"{V2}/sale-cycles")
async def sale_cycles(request: Request, state: SandboxState, data: CloudPondData) -> Response:
    zone = request.query_params.get("zone_code")
    rows = (
        data.sale_cycles.get(zone, [])
        if zone
        else [row for rows in data.sale_cycles.values() for row in rows]
    )
    return ok({"sale_cycles": rows})


@_api("GET", f"{V2}/server-offerings")
async def server_offerings(request: Request, state: SandboxState, data: CloudPondData) -> Response:
    keep = _offering_filter(request)
    return _paged([o for o in data.server_offerings if keep(o)], request, "offerings")


@_api("GET", f"{V2}/network-device-offerings")
async def network_device_offerings(
    request: Request, state: SandboxState, data: CloudPondData
) -> Response:
    keep = _offering_filter(request)
    return _paged([o for o in data.network_device_offerings if keep(o)], request, "offerings")


@_api("GET", f"{V2}/storage-types")
async def storage_types(request: Request, state: SandboxState, data: CloudPondData) -> Response:
    zone = request.query_params.get("zone_code")
    name = request.query_params.get("name")
    rows = [
        row
        for row in data.storage_types
        if (not zone or row["zone_code"] == zone) and (not name or row["name"] == name)
    ]
    return _paged(rows, request, "storage_types")


@_api("GET", f"{V2}/storage-gears")
async def storage_gears(request: Request, state: SandboxState, data: CloudPondData) -> Response:
    keep = _offering_filter(request)
    return _paged([g for g in data.storage_gears if keep(g)], request, "storage_gears")


@_api("GET", f"{V1}/zones")
async def zones(request: Request, state: SandboxState, data: CloudPondData) -> Response:
    return ok({"zones": data.zones, "page_info": {"current_count": len(data.zones)}})


@_api("GET", f"{V1}/quotas")
async def quotas(request: Request, state: SandboxState, data: CloudPondData) -> Response:
    return ok({"quotas": {"resources": data.quotas}})


def routes(state: SandboxState) -> list[Route]:
    """IAM's token and domain calls, then the IES account's orders, sites and catalogue."""
    return [
        _route(state, path, handler, [method], guard)
        for method, path, handler, guard in _ROUTE_TABLE
    ]


# --- paging and filters -----------------------------------------------------------------------


def _paged(items: list[Json], request: Request, key: str) -> Response:
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


def _offering_filter(request: Request) -> Callable[[Json], bool]:
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


# --- steering (tests and the demo) ------------------------------------------------------------


def set_order_status(state: SandboxState, order_id: str, status: str) -> bool:
    """Move an order to `status` (tests and the demo's "accept" button); False if unknown."""
    data = _data(state)
    with state.lock:
        position = data.position.get(order_id)
        if position is None:
            return False
        order = data.orders[position]
        order["status"] = status
        order["updated_at"] = wire_time(state.clock())
    return True
