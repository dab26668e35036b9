"""An Ace Data Cloud profile's options in config.toml (`provider = "acedata"`)."""

from __future__ import annotations

from typing import Literal

from tui.config import ProfileBase
from tui.providers.registry import ProviderEntry


class AceDataProfile(ProfileBase):
    provider: Literal["acedata"]
    endpoint: str = "https://platform.acedata.cloud"
    user_id: str | None = None
    """Looked up once with `/api/v1/platform-tokens/me/` when left out."""
    read_only: bool = True

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return ("token",)


ENTRY = ProviderEntry.of_package(__package__, "Ace Data", AceDataProfile)
"""The registry's entry; the client module loads only when a profile opens."""
