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


class ProviderData(dict[str, Any]):
    """Each provider's data set by name, seeded the first time it is read: the demo's child
    answers the dashboard's first request (CloudPond's) before it seeds the other three. A data
    set put in before it is read (a test's or a benchmark's own) is the one served."""

    def __init__(self) -> None:
        super().__init__()
        self._seeders: dict[str, Callable[[], Any]] = {}
        self._seeding = threading.Lock()
        """Apart from the state's lock: a handler holding that one may read a data set."""

    def seed_on_first_read(self, name: str, seeder: Callable[[], Any]) -> None:
        self._seeders[name] = seeder

    def __missing__(self, name: str) -> Any:
        seeder = self._seeders.get(name)
        if seeder is None:
            raise KeyError(name)
        with self._seeding:  # the server's thread and a test's may both ask first
            if not dict.__contains__(self, name):
                self[name] = seeder()
            return dict.__getitem__(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default


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
    providers: ProviderData = field(default_factory=ProviderData)
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
