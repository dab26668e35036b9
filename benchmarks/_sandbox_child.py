"""A sandbox in its own process, for the benchmarks: `python -m benchmarks._sandbox_child
ORDERS_PER_PROVIDER [EDGE_SITES [LATENCY_SECONDS]]` prints the URL, serves until stdin closes."""

from __future__ import annotations

import sys

from tui.sandbox.app import create_app
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.server import SandboxServer
from tui.sandbox.state import SandboxState


def add_edge_sites(state: SandboxState, count: int) -> None:
    """Grow the seeded edge-site list to `count` (copies of the seeded ones, new ids), so a
    catalogue listing has as many pages as a benchmark wants."""
    sites = state.providers["cloudpond"].edge_sites
    seeded = list(sites)
    for number in range(len(sites), count):
        site = dict(seeded[number % len(seeded)])
        site["id"] = f"{number:08x}-bench-site-{number:012d}"
        site["name"] = f"{site['name']} {number}"
        sites.append(site)


def main(argv: list[str]) -> int:
    orders = int(argv[0])
    edge_sites = int(argv[1]) if len(argv) > 1 else 0
    latency = float(argv[2]) if len(argv) > 2 else 0.0
    state = SandboxState(orders_per_provider=orders)
    create_app(state)  # seeds every provider's data now, not on the first request
    if edge_sites:
        add_edge_sites(state, edge_sites)
    if latency:
        state.faults.arm(Fault(FaultKind.LATENCY, seconds=latency, times=None))
    with SandboxServer(state) as server:
        print(server.url, flush=True)
        sys.stdin.read()  # the parent closes our stdin to stop us
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
