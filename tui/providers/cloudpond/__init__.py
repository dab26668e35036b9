"""CloudPond (Huawei Cloud IES) delivery orders, catalogue and order creation: the registry entry.

Importing the package costs only the profile model; the client loads when a profile opens.
"""

from __future__ import annotations

from tui.providers.cloudpond.profile import CloudPondProfile
from tui.providers.registry import ProviderEntry, lazy_opener

ENTRY = ProviderEntry(
    key="cloudpond",
    display_name="CloudPond",
    profile_model=CloudPondProfile,
    open=lazy_opener("tui.providers.cloudpond.client:open_client"),
    can_create=True,
)
