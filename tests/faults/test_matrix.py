"""The fault matrix: every fault of `catalogue.FAULTS` against every provider's list, detail and
(CloudPond) create, through the real client code and the sandbox over loopback.

Each case asserts its outcome class, how often the request reached the sandbox (reads retried
within bounds, a create exactly once), and that nothing but our own error type escapes. The
outcomes are gathered and written to `tests/faults/README.md` once every case has passed.
"""

from __future__ import annotations

import asyncio
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.faults.catalogue import (
    PROFILES,
    UNKNOWN_ID,
    Case,
    FaultSpec,
    Target,
    arm,
    cases,
    target,
    unknown_enum,
)
from tui.config import Config, Profile
from tui.errors import OrderdeckError, TransportError
from tui.orders import Order, OrderQuery
from tui.providers import open_provider
from tui.sandbox.server import SandboxServer
from tui.secrets import MemoryStore

CONCURRENT_PAGES = 4
"""What DuoPlus and Ace Data's "load all" keep in flight."""

README = Path(__file__).with_name("README.md")
CASES = cases()

pytestmark = pytest.mark.xdist_group("fault-matrix")
"""The whole matrix on one test worker: the README table is written from every case's outcome,
which only one process holds (and the cases share one module-wide sandbox)."""


@dataclass(frozen=True)
class Outcome:
    case: Case
    attempts: int
    shown: str
    """What the user sees: the error line, or a summary of what loaded."""


NO_FAULT = FaultSpec("none")

RESULTS: dict[str, Outcome] = {}
"""Outcomes of the cases that passed, by case id."""


def closed_port() -> int:
    """A loopback port nobody listens on: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def profile_for(config: Config, case: Case) -> Profile:
    profile = config.profiles[PROFILES[case.provider]]
    changes: dict[str, Any] = {}
    if case.fault.refused:
        changes["endpoint"] = f"http://127.0.0.1:{closed_port()}"
        if case.provider in ("cloudpond", "huawei_bss"):
            changes["iam_endpoint"] = changes["endpoint"]
    if case.fault.timeout is not None:
        changes["timeout_seconds"] = case.fault.timeout
    if case.provider == "acedata":
        # Looked up once per client; fixed here so the fault meets the call it is meant for.
        from tui.sandbox.demo import DEMO_ACE_USER_ID

        changes["user_id"] = DEMO_ACE_USER_ID
    return profile.model_copy(update=changes)


def summary(orders: list[Order]) -> str:
    statuses = sorted({f"{order.status} ({order.status_raw})" for order in orders})
    return f"{len(orders)} order(s) shown; status {', '.join(statuses) or '-'}"


async def run_case(
    case: Case, sandbox: SandboxServer, demo: Config, store: MemoryStore
) -> tuple[Target, list[Order], OrderdeckError | None]:
    """Prepare (a clean call for an order id and the create request), arm, run the operation.
    Only our own error type is caught: anything else escapes and fails the test."""
    normal = open_provider(profile_for(demo, Case(case.provider, case.operation, NO_FAULT)), store)
    try:
        first = await normal.list_orders(OrderQuery(page_size=10))
        order_id = first.items[0].id
        request = None
        if case.operation == "create":
            from tests.test_cloudpond_client import valid_order

            request = await valid_order(normal)  # type: ignore[arg-type]
    finally:
        await normal.aclose()
    if case.fault.body is unknown_enum:
        order_id = UNKNOWN_ID
    where = target(case.provider, case.operation, order_id)
    sandbox.state.clear_requests()
    arm(sandbox.state.faults, case, where, order_id)
    client = open_provider(profile_for(demo, case), store)
    try:
        orders = await operate(client, case, order_id, request)
    except OrderdeckError as error:
        return where, [], error
    finally:
        await client.aclose()
    return where, orders, None


async def operate(client: Any, case: Case, order_id: str, request: Any) -> list[Order]:
    if case.operation == "list":
        return list((await client.list_orders(OrderQuery(page_size=50))).items)
    if case.operation == "detail":
        return [await client.get_order(order_id)]
    if case.operation == "create":
        return [(await client.create_order(request)).order]
    loaded: list[Order] = []
    async for page in client.iter_pages(OrderQuery(page_size=50)):
        loaded.extend(page.items)
        assert len(loaded) < 10_000, "load all must stop on a lying or looping server"
    return loaded


async def attempts_at(sandbox: SandboxServer, case: Case, where: Target) -> int:
    """Requests that reached the faulted path; a hung one is logged when its hang ends."""
    seen: list[Any] = []
    for _ in range(30):
        seen = [
            r
            for r in sandbox.state.requests_for(case.provider, method=where.method)
            if r.path == where.path
        ]
        if len(seen) >= case.expected_attempts:
            break
        await asyncio.sleep(0.05)
    return len(seen)


@pytest.mark.usefixtures("no_duoplus_spacing")
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
async def test_fault_is_survived_with_a_clear_outcome(
    case: Case, sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    where, orders, error = await run_case(case, sandbox, demo, demo_store)
    if case.expected is None:
        assert error is None, f"expected the orders to load, got {error!r}"
        assert orders
    else:
        assert isinstance(error, case.expected), f"expected {case.expected.__name__}: {error!r}"
        assert str(error).strip()
    if case.operation == "create" and case.fault.outcome_unknown:
        assert "may have been" in str(error), str(error)
    if case.operation == "create" and isinstance(error, TransportError):
        assert error.outcome_unknown == case.fault.outcome_unknown
    attempts = await attempts_at(sandbox, case, where)
    if case.operation == "load all":
        # Pages after the first go out side by side; the walk stops at the first bad one and
        # cancels the rest, some of which may already have left.
        assert 2 <= attempts <= 1 + CONCURRENT_PAGES
        attempts = 2
    else:
        assert attempts == case.expected_attempts
    shown = summary(orders) if error is None else str(error)
    RESULTS[case.id] = Outcome(case, attempts, shown)


def test_zz_readme_table_is_written_from_the_outcomes() -> None:
    """Runs last in this module: writes the table when every case above passed."""
    if len(RESULTS) != len(CASES):
        pytest.skip("the table is written only when the whole matrix ran and passed")
    README.write_text(render_readme([RESULTS[case.id] for case in CASES]), encoding="utf-8")
    assert README.read_text(encoding="utf-8").count("\n| ") == len(CASES) + 1


def render_readme(outcomes: list[Outcome]) -> str:
    lines = [
        "# The fault matrix",
        "",
        "Generated by `tests/faults/test_matrix.py` (do not edit): every fault and bad input",
        "thrown at each provider's real client over loopback, against the sandbox's fault",
        "injection, with the retry policy's attempts and a millisecond back-off. *Attempts* is",
        "how many times the request reached the server (reads: up to 4; create: always 1).",
        "*What the user sees* is the error line the CLI prints and the dashboard toasts (the",
        "profile keeps its last good rows), or what loaded.",
        "",
        "| provider | operation | fault | attempts | what the user sees |",
        "|---|---|---|---|---|",
    ]
    for outcome in outcomes:
        case = outcome.case
        # Request ids are numbered per sandbox: a placeholder keeps the table stable when
        # cases are added.
        shown = re.sub(r"fault-[0-9a-f]+-\d+", "fault-…", outcome.shown)
        shown = shown.replace("|", "\\|").replace("\n", " ")
        lines.append(
            f"| {case.provider} | {case.operation} | {case.fault.label} | "
            f"{outcome.attempts} | {shown} |"
        )
    return "\n".join(lines) + "\n"
