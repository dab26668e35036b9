"""Ace Data Cloud platform orders: the registry entry.

Importing the package costs only the profile model; the client loads when a profile opens.
"""

from __future__ import annotations

from tui.providers.acedata.profile import AceDataProfile
from tui.providers.registry import ProviderEntry, lazy_opener

ENTRY = ProviderEntry(
    key="acedata",
    display_name="Ace Data",
    profile_model=AceDataProfile,
    open=lazy_opener("tui.providers.acedata.client:open_client"),
    can_create=False,
)
