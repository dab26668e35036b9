"""Every fault the suite throws at the clients, per provider and operation, and what is expected.

A case arms one or more sandbox faults (or points the profile at a closed port), runs one real
client call over loopback, and checks the outcome class and how many times the request reached
the sandbox. Reads may be repeated up to the retry policy's attempts; a create never.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from tui.errors import (
    AuthError,
    InvalidResponse,
    OrderdeckError,
    PaginationLoop,
    ProviderError,
    RateLimited,
    TransportError,
)
from tui.sandbox.demo import DEMO_DOMAIN_ID
from tui.sandbox.faults import Fault, FaultKind

ATTEMPTS: Final = 4
"""The retry policy's attempts (one try plus three retries), production and tests alike."""

ORDER_PATHS: Final = {
    "cloudpond": f"/v2/{DEMO_DOMAIN_ID}/delivery-orders",
    "duoplus": "/api/v1/team/order",
    "acedata": "/api/v1/orders/",
    "huawei_bss": "/v2/orders/customer-orders",
}
"""The list path of each provider: what a list (and DuoPlus's detail) call hits."""

BSS_DETAILS: Final = "/v2/orders/customer-orders/details/"
"""The Billing Center's detail path, under its list path."""

PROFILES: Final = {
    "cloudpond": "edge",
    "duoplus": "phones",
    "acedata": "ace",
    "huawei_bss": "billing",
}


@dataclass(frozen=True)
class Target:
    """Where one operation's request goes at the sandbox."""

    path: str
    """Exact path the faulted request uses (attempts are counted on it)."""
    prefix: str
    """Fault prefix matching that path and nothing else the call needs."""
    method: str


def target(provider: str, operation: str, order_id: str = "") -> Target:
    path = ORDER_PATHS[provider]
    if provider == "duoplus":
        return Target(path, path, "POST")
    if operation == "create":
        return Target(path, path, "POST")
    if operation == "detail":
        if provider == "huawei_bss":
            return Target(BSS_DETAILS + order_id, BSS_DETAILS + order_id, "GET")
        detail = f"{path}/{order_id}" if provider == "cloudpond" else f"{path}{order_id}/"
        return Target(detail, detail, "GET")
    if provider == "cloudpond":
        # The list path is also the prefix of every detail path: match on the method instead.
        return Target(path, path, "GET")
    return Target(path, path, "GET")


Bodies = Callable[[str, str, str], Any]
"""(provider, operation, order id) -> the JSON body a BODY fault answers with."""


@dataclass(frozen=True)
class FaultSpec:
    """One row of the matrix's fault column."""

    label: str
    kinds: tuple[FaultKind, ...] = ()
    """Faults armed (persistent) on the target; empty for connect refused."""
    options: dict[str, Any] = field(default_factory=dict)
    body: Bodies | None = None
    expect_read: type[OrderdeckError] | None = ProviderError
    """Outcome of a read; None means the orders load (the fault is tolerated)."""
    expect_create: type[OrderdeckError] | None = ProviderError
    read_attempts: int = 1
    """Requests that reach the sandbox on a read (retries included)."""
    operations: tuple[str, ...] = ("list", "detail", "create")
    providers: tuple[str, ...] = ("cloudpond", "duoplus", "acedata", "huawei_bss")
    refused: bool = False
    """Point the profile at a closed loopback port instead of arming a fault."""
    timeout: float | None = None
    """The profile's `timeout_seconds` for this case."""
    outcome_unknown: bool = False
    """A create must say it may have been placed."""
    once: bool = False
    """Arm the fault for one request only (the retry then succeeds)."""


# --- bodies ------------------------------------------------------------------------------------


def _bss_list(*orders: dict[str, Any], total: int | None = None) -> Any:
    return {"total_count": len(orders) if total is None else total, "order_infos": list(orders)}


def _bss(operation: str, order: dict[str, Any]) -> Any:
    """A Billing Center answer holding one order: the detail's or a one-order list."""
    if operation == "detail":
        return {"total_count": 0, "order_info": order, "order_line_items": []}
    return _bss_list(order)


def _error_in_200(provider: str, operation: str, order_id: str) -> Any:
    if provider == "huawei_bss":
        return {"error_code": "CBC.0999", "error_msg": "Other error."}
    if provider == "cloudpond":
        return {"error_code": "IES.0500", "error_msg": "internal failure", "request_id": "r-200"}
    if provider == "duoplus":
        return {"code": 500, "data": None, "message": "Server busy, try again later"}
    return {"error": {"code": "server_error", "message": "Something went wrong"}}


def _envelope(code: int, message: str) -> Bodies:
    def body(provider: str, operation: str, order_id: str) -> Any:
        return {"code": code, "data": None, "message": message}

    return body


def _wrong_types(provider: str, operation: str, order_id: str) -> Any:
    if provider == "huawei_bss":
        if operation == "detail":
            return {"order_info": {"order_id": {"x": 1}, "status": "six"}, "total_count": []}
        return {"total_count": "many", "order_infos": {"order_id": 1}}
    if provider == "cloudpond":
        if operation == "detail":
            return {"delivery_order": {"id": {"nested": 1}, "status": 7, "created_at": [1]}}
        if operation == "create":
            return {"delivery_order": "placed", "order_ids": 12}
        return {"delivery_orders": "none", "page_info": []}
    if provider == "duoplus":
        return {
            "code": 200,
            "message": "Success",
            "data": {"list": {"order_id": "x"}, "page": "one", "total": "many", "total_page": None},
        }
    if operation == "detail":
        return {"id": [], "state": {"x": 1}, "price": "free"}
    return {"count": "lots", "items": {"id": 1}}


UNKNOWN_ID: Final = "unknown-enum-1"
"""The order id of the unknown-enum answer (its detail call asks for it)."""


def unknown_enum(provider: str, operation: str, order_id: str) -> Any:
    if provider == "huawei_bss":
        order = {
            "order_id": UNKNOWN_ID,
            "status": 99,
            "order_type": 98,
            "source_type": 97,
            "amount_after_discount": 1.0,
            "measure_id": 1,
            "currency": "CNY",
            "create_time": "2026-01-01T00:00:00Z",
        }
        return _bss(operation, order)
    if provider == "cloudpond":
        order = {
            "id": UNKNOWN_ID,
            "name": "mystery",
            "status": "EXPLODED",
            "created_at": "2026-01-01T00:00:00Z",
        }
        if operation == "detail":
            return {"delivery_order": order}
        if operation == "create":
            return {"delivery_order": order, "order_ids": ["CBC-1"]}
        return {"delivery_orders": [order], "page_info": {"current_count": 1}}
    if provider == "duoplus":
        item = {
            "order_id": UNKNOWN_ID,
            "status": "Teleported",
            "type": "Wormhole",
            "product": "Quantum Phone",
            "total": "-$1.00",
            "created_at": "2026-01-01 00:00:00",
        }
        return {
            "code": 200,
            "message": "Success",
            "data": {"list": [item], "page": 1, "pagesize": 50, "total": 1, "total_page": 1},
        }
    order = {"id": UNKNOWN_ID, "state": "Vaporised", "pay_way": "Seashells", "price": "1.00"}
    if operation == "detail":
        return order
    return {"count": 1, "items": [order]}


def _repeating_page(provider: str, operation: str, order_id: str) -> Any:
    """The same one-order page, claiming more pages, whatever page is asked for."""
    if provider == "huawei_bss":
        return _bss_list({"order_id": "loop-1", "status": 5}, total=10**9)
    if provider == "cloudpond":
        return {
            "delivery_orders": [{"id": "loop-1", "status": "SUCCESS"}],
            "page_info": {"next_marker": "loop-marker", "current_count": 1},
        }
    if provider == "duoplus":
        item = {"order_id": "loop-1", "status": "Finished", "total": "$1.00"}
        data = {"list": [item], "page": 1, "pagesize": 50, "total": 10**9, "total_page": 10**9}
        return {"code": 200, "message": "Success", "data": data}
    return {"count": 10**9, "items": [{"id": "loop-1", "state": "Finished"}]}


def _lying_total(provider: str, operation: str, order_id: str) -> Any:
    """A first page that claims a billion of everything; every later page is empty."""
    if provider == "huawei_bss":
        return _bss_list({"order_id": "lie-1", "status": 5}, total=10**9)
    if provider == "cloudpond":
        return {
            "delivery_orders": [{"id": "lie-1", "status": "SUCCESS"}],
            "page_info": {"next_marker": "lie-2", "current_count": 10**9},
        }
    if provider == "duoplus":
        item = {"order_id": "lie-1", "status": "Finished", "total": "$1.00"}
        data = {"list": [item], "page": 1, "pagesize": 50, "total": 10**9, "total_page": 10**9}
        return {"code": 200, "message": "Success", "data": data}
    return {"count": 10**9, "items": [{"id": "lie-1", "state": "Finished"}]}


def _empty_page(provider: str, operation: str, order_id: str) -> Any:
    if provider == "huawei_bss":
        return _bss_list(total=10**9)
    if provider == "cloudpond":
        return {"delivery_orders": [], "page_info": {"current_count": 0}}
    if provider == "duoplus":
        data = {"list": [], "page": 2, "pagesize": 50, "total": 10**9, "total_page": 10**9}
        return {"code": 200, "message": "Success", "data": data}
    return {"count": 10**9, "items": []}


# --- the fault column --------------------------------------------------------------------------

FAULTS: Final[tuple[FaultSpec, ...]] = (
    FaultSpec(
        "429 with Retry-After",
        (FaultKind.STATUS,),
        {"status": 429, "retry_after": 0.01},
        expect_read=RateLimited,
        expect_create=RateLimited,
        read_attempts=ATTEMPTS,
    ),
    FaultSpec(
        "429 without Retry-After",
        (FaultKind.STATUS,),
        {"status": 429},
        expect_read=RateLimited,
        expect_create=RateLimited,
        read_attempts=ATTEMPTS,
    ),
    FaultSpec(
        "429 asking to wait an hour",
        (FaultKind.STATUS,),
        {"status": 429, "retry_after": 3600},
        expect_read=RateLimited,
        expect_create=RateLimited,
        read_attempts=1,
    ),
    FaultSpec(
        "one 503, then a normal answer",
        (FaultKind.STATUS,),
        {"status": 503},
        expect_read=None,
        read_attempts=2,
        once=True,
        operations=("list", "detail"),
    ),
    FaultSpec(
        "error body inside HTTP 200",
        (FaultKind.BODY,),
        body=_error_in_200,
        expect_read=ProviderError,
        expect_create=ProviderError,
    ),
    FaultSpec(
        "DuoPlus envelope code 429 inside HTTP 200",
        (FaultKind.BODY,),
        body=_envelope(429, "Too many requests"),
        expect_read=RateLimited,
        read_attempts=ATTEMPTS,
        providers=("duoplus",),
    ),
    FaultSpec(
        "DuoPlus envelope code 401 inside HTTP 200",
        (FaultKind.BODY,),
        body=_envelope(401, "Invalid or expired API key"),
        expect_read=AuthError,
        providers=("duoplus",),
    ),
    *(
        FaultSpec(
            f"HTTP {status}",
            (FaultKind.STATUS,),
            {"status": status},
            expect_read=ProviderError,
            expect_create=ProviderError,
            read_attempts=ATTEMPTS,
        )
        for status in (500, 502, 503, 504)
    ),
    FaultSpec(
        "connection refused",
        refused=True,
        expect_read=TransportError,
        expect_create=TransportError,
        read_attempts=0,
    ),
    FaultSpec(
        "read timeout (server never answers)",
        (FaultKind.HANG,),
        {"seconds": 0.5},
        timeout=0.2,
        expect_read=TransportError,
        expect_create=TransportError,
        read_attempts=1,
        outcome_unknown=True,
    ),
    FaultSpec(
        "connection reset mid-body",
        (FaultKind.RESET,),
        expect_read=TransportError,
        expect_create=TransportError,
        read_attempts=ATTEMPTS,
        outcome_unknown=True,
    ),
    FaultSpec(
        "truncated JSON",
        (FaultKind.TRUNCATED,),
        expect_read=InvalidResponse,
        expect_create=InvalidResponse,
        outcome_unknown=True,
    ),
    FaultSpec(
        "non-JSON bytes labelled JSON",
        (FaultKind.GARBAGE,),
        expect_read=InvalidResponse,
        expect_create=InvalidResponse,
        outcome_unknown=True,
    ),
    FaultSpec(
        "HTML error page (HTTP 502)",
        (FaultKind.HTML,),
        # CloudPond names the HTML page; the others report the gateway's status line.
        expect_read=ProviderError,
        expect_create=ProviderError,
        read_attempts=ATTEMPTS,
    ),
    FaultSpec(
        "JSON body labelled text/plain",
        (FaultKind.WRONG_CONTENT_TYPE,),
        expect_read=None,
        expect_create=None,
    ),
    FaultSpec(
        "empty body",
        (FaultKind.EMPTY,),
        expect_read=InvalidResponse,
        expect_create=InvalidResponse,
        outcome_unknown=True,
    ),
    FaultSpec(
        "JSON null",
        (FaultKind.NULL,),
        expect_read=InvalidResponse,
        expect_create=InvalidResponse,
        outcome_unknown=True,
    ),
    FaultSpec(
        "fields of the wrong type",
        (FaultKind.BODY,),
        body=_wrong_types,
        expect_read=InvalidResponse,
        expect_create=InvalidResponse,
        outcome_unknown=True,
    ),
    FaultSpec(
        "unknown status and type values",
        (FaultKind.BODY,),
        body=unknown_enum,
        expect_read=None,
        expect_create=None,
    ),
    FaultSpec(
        "a page that repeats itself forever",
        (FaultKind.BODY,),
        body=_repeating_page,
        expect_read=PaginationLoop,
        operations=("load all",),
        read_attempts=2,
    ),
    FaultSpec(
        "a total (total_page, count, next marker) that lies",
        (FaultKind.BODY, FaultKind.BODY),
        body=_lying_total,
        expect_read=None,
        operations=("load all",),
        read_attempts=2,
    ),
)
"""Every fault and bad input of the matrix."""


@dataclass(frozen=True)
class Case:
    provider: str
    operation: str
    fault: FaultSpec

    @property
    def id(self) -> str:
        return f"{self.provider}-{self.operation}-{self.fault.label}".replace(" ", "_")

    @property
    def expected(self) -> type[OrderdeckError] | None:
        return self.fault.expect_create if self.operation == "create" else self.fault.expect_read

    @property
    def expected_attempts(self) -> int:
        if self.fault.refused:
            return 0
        return 1 if self.operation == "create" else self.fault.read_attempts


def cases() -> list[Case]:
    """Every (provider, operation, fault) the matrix runs; create is CloudPond's only."""
    found: list[Case] = []
    for spec in FAULTS:
        for provider in spec.providers:
            for operation in spec.operations:
                if operation == "create" and provider != "cloudpond":
                    continue
                found.append(Case(provider, operation, spec))
    return found


def arm(state_faults: Any, case: Case, where: Target, order_id: str) -> None:
    """Arm the case's faults at the sandbox."""
    spec = case.fault
    if spec.label.startswith("a total"):
        # The first answer lies; every later page is empty.
        first, rest = _lying_total, _empty_page
        state_faults.arm(
            Fault(
                FaultKind.BODY,
                path_prefix=where.prefix,
                method=where.method,
                times=1,
                body=first(case.provider, case.operation, order_id),
            )
        )
        state_faults.arm(
            Fault(
                FaultKind.BODY,
                path_prefix=where.prefix,
                method=where.method,
                times=None,
                body=rest(case.provider, case.operation, order_id),
            )
        )
        return
    for kind in spec.kinds:
        body = spec.body(case.provider, case.operation, order_id) if spec.body else None
        state_faults.arm(
            Fault(
                kind,
                path_prefix=where.prefix,
                method=where.method,
                times=1 if spec.once else None,
                body=body,
                **spec.options,
            )
        )
