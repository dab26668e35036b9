"""Provider clients. Each module is imported only when a profile of its kind is opened, so
start-up pays for none of them up front; `registry` says which providers exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    import httpx

    from tui.config import Profile
    from tui.providers.base import Provider
    from tui.secrets import SecretStore


def open_provider(
    profile: Profile,
    store: SecretStore,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Provider:
    """A client for the profile, with its secrets; `MissingCredentials` if any is absent.

    `transport` swaps the network for a mock, for faults the sandbox cannot produce; `clock`
    is "now" for providers whose requests carry dates (DuoPlus's date window).
    """
    # Imported here: the registry imports the config, and the config imports this package's
    # registry only when it validates profiles.
    from tui.errors import ConfigError
    from tui.providers.registry import OpenOptions, get
    from tui.secrets import require

    entry = get(profile.provider)
    if entry is None:
        raise ConfigError(f"profile {profile.name!r}: unknown provider {profile.provider!r}")
    secrets = require(store, profile.name, profile.secret_fields)
    return entry.open(profile, secrets, OpenOptions(transport=transport, clock=clock))
