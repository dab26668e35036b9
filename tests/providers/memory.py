"""A whole provider in one small module: orders held in memory, registered the way a third-party
distribution registers (an `orderdeck.providers` entry point naming `ENTRY`).

It is the "Adding a provider" walk-through in README.md, kept honest: if the contract changes,
this module stops type-checking or its tests fail.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Literal

from pydantic import SecretStr

from tui.config import ProfileBase
from tui.errors import NotFound
from tui.orders import Cursor, Filter, Kind, Money, Order, OrderQuery, Page, Status
from tui.providers.base import Capabilities, Pagination, check_query, numeric_cursor
from tui.providers.registry import OpenOptions, ProviderEntry

KEY = "memory"
NAME = "Memory Cloud"


class MemoryProfile(ProfileBase):
    """`provider = "memory"`; the endpoint is never called."""

    provider: Literal["memory"]
    endpoint: str = "https://memory.invalid"
    orders: int = 3
    """How many orders the account holds."""

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return ("token",)


class MemoryClient:
    """The `Provider` protocol over a list of orders made up from the profile."""

    name = NAME
    capabilities = Capabilities(
        filters=frozenset({Filter.STATUS}), pagination=Pagination.OFFSET, max_page_size=100
    )

    def __init__(self, profile: MemoryProfile) -> None:
        self.profile = profile
        created = datetime(2026, 11, 1, tzinfo=UTC)
        self._orders = [
            Order(
                provider=KEY,
                profile=profile.name,
                id=f"mem-{number}",
                title=f"Memory order {number}",
                status=Status.PENDING if number == 1 else Status.COMPLETED,
                status_raw="open" if number == 1 else "done",
                kind=Kind.PURCHASE,
                amount=Money.of(number, "USD"),
                created_at=created,
            )
            for number in range(1, profile.orders + 1)
        ]

    async def list_orders(self, query: OrderQuery, cursor: Cursor | None = None) -> Page[Order]:
        check_query(self.name, self.capabilities, query)
        offset = numeric_cursor(self.name, cursor, first=0, unit="offset")
        matching = [o for o in self._orders if not query.statuses or o.status in query.statuses]
        items = matching[offset : offset + query.page_size]
        following = offset + len(items)
        more = following < len(matching)
        return Page(items, next_cursor=following if more else None, total=len(matching))

    async def get_order(self, order_id: str) -> Order:
        for order in self._orders:
            if order.id == order_id:
                return order
        raise NotFound(self.name, f"no order {order_id!r}")

    async def iter_pages(self, query: OrderQuery) -> AsyncIterator[Page[Order]]:
        cursor: Cursor | None = None
        while True:
            page = await self.list_orders(query, cursor)
            yield page
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    async def aclose(self) -> None:
        return None


def open_memory(
    profile: ProfileBase, secrets: Mapping[str, SecretStr], options: OpenOptions
) -> MemoryClient:
    assert isinstance(profile, MemoryProfile)
    return MemoryClient(profile)


ENTRY = ProviderEntry(key=KEY, display_name=NAME, profile_model=MemoryProfile, open=open_memory)
