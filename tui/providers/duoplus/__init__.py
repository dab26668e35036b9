"""DuoPlus cloud phone orders: the registry entry.

Importing the package costs only the profile model; the client loads when a profile opens.
"""

from __future__ import annotations

from tui.providers.duoplus.profile import DuoPlusProfile
from tui.providers.registry import ProviderEntry, lazy_opener

ENTRY = ProviderEntry(
    key="duoplus",
    display_name="DuoPlus",
    profile_model=DuoPlusProfile,
    open=lazy_opener("tui.providers.duoplus.client:open_client"),
    can_create=False,
)
