"""Which providers exist: one `ProviderEntry` each, the only place that lists them.

The config asks it which `provider = "..."` values are valid and which profile model reads each
table; the CLI and the UI ask it for display names and for whether a provider can create orders;
`open_provider` asks it how to open a client. A new provider is one package with an `ENTRY`
and one line in `BUILTIN_MODULES`, or, from another distribution, an entry point:

```toml
[project.entry-points."orderdeck.providers"]
memory = "my_package.provider:ENTRY"
```

Entry points are scanned only when a key is not built in (or the whole list is asked for), so
start-up never pays for reading every installed distribution's metadata.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, NamedTuple

if TYPE_CHECKING:
    from datetime import datetime

    import httpx
    from pydantic import SecretStr

    from tui.config import ProfileBase
    from tui.providers.base import Provider

ENTRY_POINT_GROUP: Final = "orderdeck.providers"
"""Where third-party distributions register a `ProviderEntry`."""

BUILTIN_MODULES: Final = (
    "tui.providers.cloudpond.profile",
    "tui.providers.duoplus.profile",
    "tui.providers.acedata.profile",
    "tui.providers.huawei_bss.profile",
)
"""Modules whose `ENTRY` ships with orderdeck, in the order the config's messages list them."""


class OpenOptions(NamedTuple):
    """What a test or the demo may swap when a client is opened."""

    transport: httpx.AsyncBaseTransport | None = None
    """Replaces the network (a mock transport for faults the sandbox cannot produce)."""
    clock: Callable[[], datetime] | None = None
    """"Now", for providers whose requests carry dates; None keeps the real clock."""


Opener = Callable[["ProfileBase", "Mapping[str, SecretStr]", OpenOptions], "Provider"]
"""Builds a client for one profile from its secrets; imports the client module lazily."""


@dataclass(frozen=True, slots=True)
class ProviderEntry:
    """One provider kind, as the rest of orderdeck needs to know it."""

    key: str
    """The `provider = "..."` value in config.toml and `Order.provider`."""
    display_name: str
    """What people read: `CloudPond`, `DuoPlus`, `Ace Data`."""
    profile_model: type[ProfileBase]
    """The pydantic model a `[profiles.NAME]` table of this provider validates against."""
    open: Opener
    can_create: bool = False
    """Its clients implement `CreatesOrders` (the UI offers the order wizard, the CLI `create`)."""
    bills_for: str | None = None
    """The provider key whose orders this one bills: its orders are what they cost (Huawei
    billing orders for CloudPond delivery orders, in the same account)."""
    client_module: str | None = None
    """The module `open` imports on first use, if it is lazy (`of_package`)."""

    def load_client(self) -> None:
        """Import the client's module now without opening a client, so that a thread opening
        one later imports nothing (`tui/early_page.py`)."""
        if self.client_module is not None:
            importlib.import_module(self.client_module)

    @classmethod
    def of_package(
        cls,
        package: str | None,
        display_name: str,
        profile_model: type[ProfileBase],
        *,
        can_create: bool = False,
        bills_for: str | None = None,
    ) -> ProviderEntry:
        """The entry of a package `tui.providers.KEY` whose `client` module has `open_client`."""
        assert package is not None  # only ever called with a module's __package__
        client = f"{package}.client"
        return cls(
            key=package.rpartition(".")[2],
            display_name=display_name,
            profile_model=profile_model,
            open=lazy_opener(f"{client}:open_client"),
            can_create=can_create,
            bills_for=bills_for,
            client_module=client,
        )


def lazy_opener(path: str) -> Opener:
    """An opener that imports `module:function` on first use, so start-up loads no client."""

    def open_client(
        profile: ProfileBase, secrets: Mapping[str, SecretStr], options: OpenOptions
    ) -> Provider:
        module, _, name = path.partition(":")
        opener: Opener = getattr(importlib.import_module(module), name)
        return opener(profile, secrets, options)

    return open_client


_entries: dict[str, ProviderEntry] = {}
_builtins_loaded = False
_entry_points_loaded = False


def register(entry: ProviderEntry) -> None:
    """Add (or replace) a provider; tests and entry points come through here."""
    _load_builtins()
    _entries[entry.key] = entry


def unregister(key: str) -> None:
    """Forget a provider (a test's own, when the test is done)."""
    _entries.pop(key, None)


def get(key: str) -> ProviderEntry | None:
    """The entry for a key, or None when no built-in or installed provider has it."""
    _load_builtins()
    if key not in _entries:
        _load_entry_points()
    return _entries.get(key)


def entries() -> tuple[ProviderEntry, ...]:
    """Every known provider: the built-ins first, then third parties."""
    _load_builtins()
    _load_entry_points()
    return tuple(_entries.values())


def keys() -> tuple[str, ...]:
    return tuple(entry.key for entry in entries())


def display_name(key: str) -> str:
    """The provider's name for people; the key itself for a provider no longer installed."""
    entry = get(key)
    return entry.display_name if entry is not None else key


def creators() -> tuple[ProviderEntry, ...]:
    """The providers whose clients can create orders."""
    return tuple(entry for entry in entries() if entry.can_create)


def _load_builtins() -> None:
    global _builtins_loaded
    if _builtins_loaded:
        return
    _builtins_loaded = True
    for module in BUILTIN_MODULES:
        entry: ProviderEntry = importlib.import_module(module).ENTRY
        _entries.setdefault(entry.key, entry)


def _load_entry_points() -> None:
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    # Imported here: scanning distribution metadata costs milliseconds nobody needs until a
    # profile names a provider that is not built in.
    from importlib.metadata import entry_points

    for point in entry_points(group=ENTRY_POINT_GROUP):
        entry = point.load()
        if isinstance(entry, ProviderEntry):
            _entries.setdefault(entry.key, entry)


def reset_discovery() -> None:
    """Scan entry points again on the next lookup (tests install one on the fly)."""
    global _entry_points_loaded
    _entry_points_loaded = False
