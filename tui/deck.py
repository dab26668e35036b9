"""The set of configured profiles and their open clients, independent of any screen.

The dashboard and the payments monitor share one `Deck`, so every profile has one HTTP client
(one connection pool, one throttle budget) however many views read from it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple, Self

from tui.billing_links import BillingLinks
from tui.errors import (
    AccessDenied,
    AuthError,
    MissingCredentials,
    OrderdeckError,
    RateLimited,
    TransportError,
)
from tui.logs import get_logger
from tui.orders import Cursor, Order, OrderQuery, Page
from tui.providers import open_provider, registry
from tui.providers.registry import display_name
from tui.view_state import ALL_PROFILES

if TYPE_CHECKING:
    from types import TracebackType

    import httpx

    from tui.config import Config, Profile
    from tui.early_page import EarlyPage
    from tui.providers.base import Capabilities, Provider
    from tui.secrets import SecretStore


class Health(StrEnum):
    UNKNOWN = "unknown"
    OK = "ok"
    AUTH = "auth error"
    UNREACHABLE = "unreachable"
    THROTTLED = "throttled"
    ERROR = "error"


def health_after(error: BaseException | None) -> Health:
    """What a call's outcome says about a profile's health."""
    if error is None:
        return Health.OK
    if isinstance(error, AuthError | AccessDenied | MissingCredentials):
        return Health.AUTH
    if isinstance(error, RateLimited):
        return Health.THROTTLED
    if isinstance(error, TransportError):
        return Health.UNREACHABLE
    return Health.ERROR


@dataclass
class ProfileStatus:
    """What the profile switcher shows for one profile."""

    profile: Profile
    health: Health = Health.UNKNOWN
    last_error: str | None = None
    pending_count: int | None = None

    @property
    def provider_label(self) -> str:
        return display_name(self.profile.provider)


TransportFactory = Callable[["Profile"], "httpx.AsyncBaseTransport | None"]


@dataclass
class Deck:
    config: Config
    store: SecretStore
    transport_factory: TransportFactory | None = None
    """The network under a profile's client: tests swap in a mock transport (faults the sandbox
    lacks); the early first page's thread, blocking sockets. None: httpx's async transport."""
    clock: Callable[[], datetime] | None = None
    """"Now" for providers whose requests carry dates; the app passes its own clock."""
    links: BillingLinks = field(default_factory=BillingLinks)
    """Which billing orders belong to which orders placed from orderdeck (kept across runs)."""
    _providers: dict[str, Provider] = field(default_factory=dict)
    statuses: dict[str, ProfileStatus] = field(default_factory=dict)
    early_page: EarlyPage | None = None
    """The first view's first page, requested before the dashboard was drawn
    (`tui/early_page.py`); the next `view_loading.fetch_page` takes it, whatever it asks."""

    def __post_init__(self) -> None:
        for name, profile in self.config.profiles.items():
            self.statuses[name] = ProfileStatus(profile)

    @property
    def profile_names(self) -> list[str]:
        return list(self.config.profiles)

    def profile(self, name: str) -> Profile:
        return self.config.profiles[name]

    def first_view(self, initial_view: str | None = None) -> str:
        """The view the dashboard opens on: the one asked for, the default profile, the first
        profile, or All profiles when there is none."""
        names = self.profile_names
        return initial_view or self.config.default_profile or (names[0] if names else ALL_PROFILES)

    def capabilities(self, key: str) -> Capabilities | None:
        """The profile's capabilities; None for All profiles or a profile that cannot open."""
        if key == ALL_PROFILES:
            return None
        try:
            return self.provider(key).capabilities
        except OrderdeckError:
            return None

    def provider(self, name: str) -> Provider:
        """The profile's client, opened on first use (`MissingCredentials` if it cannot be)."""
        provider = self._providers.get(name)
        if provider is None:
            profile = self.config.profiles[name]
            transport = self.transport_factory(profile) if self.transport_factory else None
            provider = self._providers[name] = open_provider(
                profile, self.store, transport=transport, clock=self.clock
            )
        return provider

    def billing_profile(self, name: str) -> str | None:
        """The profile holding the billing orders of profile `name`'s orders: one whose
        provider bills this one's (the registry says which) in the same account."""
        profile = self.config.profiles[name]
        account = getattr(profile, "domain_id", None)
        for candidate, other in self.config.profiles.items():
            entry = registry.get(other.provider)
            if entry is None or entry.bills_for != profile.provider:
                continue
            if getattr(other, "domain_id", None) == account:
                return candidate
        return None

    def note(self, name: str, error: BaseException | None) -> None:
        status = self.statuses[name]
        if error is not None and str(error) != status.last_error:
            # Once per change, not once per auto-refresh of a profile that stays down.
            get_logger("deck").warning("%s: %s", name, error)
        status.health = health_after(error)
        status.last_error = str(error) if error else None

    async def orders(self, name: str, query: OrderQuery, limit: int | None) -> list[Order]:
        """The first `limit` orders of one profile, fetching only the pages needed, or every
        page when `limit` is None. Pages are as large as the provider allows, or `limit`."""
        provider = self.provider(name)
        max_page = provider.capabilities.max_page_size
        query = replace(query, page_size=max_page if limit is None else min(limit, max_page))
        orders: list[Order] = []
        if limit is None:
            async for page in provider.iter_pages(query):
                orders.extend(page.items)
            return orders
        cursor = None
        while len(orders) < limit:
            page = await provider.list_orders(query, cursor)
            orders.extend(page.items)
            if page.next_cursor is None or not page.items:
                break
            cursor = page.next_cursor
        return orders[:limit]

    async def order(self, name: str, order_id: str) -> Order:
        """One order of one profile, in full."""
        return await self.provider(name).get_order(order_id)

    async def aclose(self) -> None:
        providers = list(self._providers.values())
        self._providers.clear()
        await asyncio.gather(*(p.aclose() for p in providers), return_exceptions=True)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


class MergedPage(NamedTuple):
    """One page of the "All profiles" view: each profile's page merged newest first."""

    items: list[Order]
    cursors: dict[str, Cursor | None]
    """Per profile, where its next page starts (None: no more)."""
    errors: dict[str, OrderdeckError]
    totals: dict[str, int | None]

    @property
    def has_more(self) -> bool:
        return any(cursor is not None for cursor in self.cursors.values())


async def fetch_merged(
    deck: Deck,
    names: Sequence[str],
    query: OrderQuery,
    cursors: dict[str, Cursor | None] | None,
) -> MergedPage:
    """The next page of every profile at once; a failing profile is reported, not fatal.

    `cursors=None` is the first page; a profile whose cursor is None afterwards is exhausted
    and is not asked again.
    """
    wanted = [n for n in names if cursors is None or cursors.get(n) is not None]

    async def one(name: str) -> Page[Order]:
        cursor = None if cursors is None else cursors[name]
        return await deck.provider(name).list_orders(query, cursor)

    results = await asyncio.gather(*(one(n) for n in wanted), return_exceptions=True)
    items: list[Order] = []
    next_cursors: dict[str, Cursor | None] = {n: None for n in names}
    errors: dict[str, OrderdeckError] = {}
    totals: dict[str, int | None] = {}
    for name, result in zip(wanted, results, strict=True):
        if isinstance(result, OrderdeckError):
            errors[name] = result
            deck.note(name, result)
            continue
        if isinstance(result, BaseException):
            raise result
        deck.note(name, None)
        items.extend(result.items)
        next_cursors[name] = result.next_cursor
        totals[name] = result.total
    items.sort(key=_newest_first_key)
    return MergedPage(items, next_cursors, errors, totals)


def _newest_first_key(order: Order) -> tuple[bool, float]:
    created = order.created_at
    return (created is None, -created.timestamp() if created else 0.0)
