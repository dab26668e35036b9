"""Provider clients. Each module is imported only when a profile of its kind is opened, so
start-up pays for none of them up front."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    import httpx

    from tui.config import Profile
    from tui.providers.base import Provider
    from tui.secrets import SecretStore

PROVIDER_NAMES = {"cloudpond": "CloudPond", "duoplus": "DuoPlus", "acedata": "Ace Data"}


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
    # Imported here: tui.secrets imports tui.errors, which runs this package first.
    from tui.secrets import require

    secrets = require(store, profile.name, profile.secret_fields)
    if profile.provider == "cloudpond":
        from tui.providers.cloudpond.client import CloudPondClient

        return CloudPondClient(profile, secrets, transport=transport)
    if profile.provider == "duoplus":
        from tui.providers.duoplus.client import DuoPlusClient

        if clock is not None:
            return DuoPlusClient(profile, secrets, transport=transport, clock=clock)
        return DuoPlusClient(profile, secrets, transport=transport)
    from tui.providers.acedata.client import AceDataClient

    return AceDataClient(profile, secrets, transport=transport)
