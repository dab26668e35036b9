"""A Huawei Cloud billing profile's options in config.toml (`provider = "huawei_bss"`).

It is a CloudPond profile in all but its service: the same account id, the same three ways to
authenticate (AK/SK, IAM password, pasted token), the same IAM endpoint; only the host and the
site differ, and it never places orders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from pydantic import model_validator

from tui.providers.cloudpond.profile import CloudPondProfile
from tui.providers.registry import ProviderEntry

SITE_ENDPOINTS: Final[Mapping[str, str]] = {
    "cn": "https://bss.myhuaweicloud.com",
    "intl": "https://bss-intl.myhuaweicloud.com",
    "eu": "https://bss.myhuaweicloud.eu",
}
"""The Billing Center's host per site, as the official SDKs list them: `huaweicloudsdkbss`
(cn-north-1) and `huaweicloudsdkbssintl` (ap-southeast-1, eu-west-101)."""

SITE_CONSOLES: Final[Mapping[str, str]] = {
    "cn": "https://account.huaweicloud.com/usercenter/#/userindex/allOrder",
    "intl": "https://account-intl.huaweicloud.com/usercenter/#/userindex/allOrder",
    "eu": "https://account.huaweicloud.eu/usercenter/#/userindex/allOrder",
}
"""Where a person pays a pending order: the Billing Center's order list of each site
(paying stays in the console; the API's pay call moves money and is out of scope)."""


class HuaweiBssProfile(CloudPondProfile):
    provider: Literal["huawei_bss"]  # type: ignore[assignment]
    site: Literal["cn", "intl", "eu"] = "cn"
    """Chinese site, international site, or the European site; picks the default endpoint."""
    endpoint: str = SITE_ENDPOINTS["cn"]
    read_only: bool = True
    """Billing orders are read here, never created."""

    @model_validator(mode="before")
    @classmethod
    def _endpoint_of_site(cls, data: Any) -> Any:
        if isinstance(data, dict) and "endpoint" not in data:
            site = data.get("site", "cn")
            if site in SITE_ENDPOINTS:
                return {**data, "endpoint": SITE_ENDPOINTS[site]}
        return data

    @property
    def console_url(self) -> str:
        """The Billing Center page where this site's pending orders are paid."""
        return SITE_CONSOLES[self.site]


ENTRY = ProviderEntry.of_package(
    __package__, "Huawei billing", HuaweiBssProfile, bills_for="cloudpond"
)
"""The registry's entry; the client module loads only when a profile opens."""
