"""Page-sized list answers rendered in their own process: `python -m benchmarks._wire_pages
ORDERS_PER_PROVIDER` writes a pickled `{provider: [body, ...]}` to stdout.

The big-table benchmark parses these with the real clients. Rendering them in another process
keeps the sandbox's seeded data set out of the measured process, as a real provider's is.
"""

from __future__ import annotations

import pickle
import sys
from typing import Final

from benchmarks.parse import list_body, wire_orders

PAGE: Final = 100
DUOPLUS_PAGE: Final = 500
"""The page sizes "load all" uses (each provider's maximum)."""


def wire_pages(count: int) -> dict[str, list[bytes]]:
    pages: dict[str, list[bytes]] = {}
    for provider, items in wire_orders(count).items():
        size = DUOPLUS_PAGE if provider == "duoplus" else PAGE
        pages[provider] = [
            list_body(provider, items[start : start + size]) for start in range(0, len(items), size)
        ]
    return pages


def main(argv: list[str]) -> int:
    sys.stdout.buffer.write(pickle.dumps(wire_pages(int(argv[0])), pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
