"""What the sandbox remembers: its clock, every request it saw, armed faults, and each
provider's data set. Tests read and steer it directly when the sandbox runs in-process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tui.sandbox.faults import FaultPlan


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the sandbox received it. Credential headers are not kept."""

    at: float
    """`time.monotonic()` on arrival: rate-limit tests count requests per second from it."""
    provider: str
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    body: bytes
    status: int
    """The status the sandbox answered (0 when a fault answered instead of the route)."""

    def json(self) -> Any:
        import json

        return json.loads(self.body) if self.body else None


@dataclass
class SandboxState:
    """Shared by the routers; everything mutable sits behind `lock`."""

    seed: int = 20261122
    orders_per_provider: int = 360
    """Seeded orders per provider; benchmarks raise it (5,000, 100,000)."""
    hostile: bool = False
    """Seed the hostile strings (`sandbox.hostile`: markup, escape codes, bidi, zero-width, very
    long names) into the first rows of every provider, as the terminal-safety tests and
    `orderdeck sandbox --hostile` want them. Off, those rows read like an operator's own. The
    seed's ids, statuses, amounts and dates are the same either way."""
    clock: Callable[[], datetime] = utc_now
    """The sandbox's "now": seeded times and live expiry are relative to it."""
    faults: FaultPlan = field(default_factory=FaultPlan)
    requests: list[RecordedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    providers: dict[str, Any] = field(default_factory=dict)
    """Per-provider data sets, keyed `cloudpond`, `duoplus`, `acedata`, `huawei_bss`."""
    rate_limit_violations: int = 0
    """Requests the sandbox had to refuse for breaking a provider's rate limit."""

    def record(self, request: RecordedRequest) -> None:
        with self.lock:
            self.requests.append(request)

    def requests_for(
        self, provider: str, path_suffix: str = "", method: str | None = None
    ) -> list[RecordedRequest]:
        with self.lock:
            return [
                r
                for r in self.requests
                if r.provider == provider
                and r.path.endswith(path_suffix)
                and (method is None or r.method == method)
            ]

    def clear_requests(self) -> None:
        with self.lock:
            self.requests.clear()
            self.rate_limit_violations = 0
