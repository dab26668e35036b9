"""A DuoPlus profile's options in config.toml (`provider = "duoplus"`)."""

from __future__ import annotations

from typing import Literal

from tui.config import ProfileBase
from tui.providers.registry import ProviderEntry


class DuoPlusProfile(ProfileBase):
    provider: Literal["duoplus"]
    endpoint: str = "https://openapi.duoplus.net"
    lang: Literal["en", "zh", "zh-TW", "ru"] = "en"
    """Response labels follow it; orderdeck maps the English ones, so keep `en`."""
    read_only: bool = True
    """DuoPlus has no order creation through orderdeck."""

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return ("api_key",)


ENTRY = ProviderEntry.of_package(__package__, "DuoPlus", DuoPlusProfile)
"""The registry's entry; the client module loads only when a profile opens."""
