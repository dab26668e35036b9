"""A CloudPond profile's options in config.toml (`provider = "cloudpond"`)."""

from __future__ import annotations

from typing import ClassVar, Final, Literal

from pydantic import Field, field_validator, model_validator

from tui.config import ProfileBase
from tui.providers.registry import ProviderEntry

DOMAIN_ID_HINT: Final = (
    'required: your Huawei Cloud account id, e.g. domain_id = "0123456789abcdef..." '
    "(console: My Credentials > API Credentials > Account ID)"
)
"""CloudPond paths carry the account id; people rarely know where the console shows it."""


class CloudPondProfile(ProfileBase):
    provider: Literal["cloudpond"]
    endpoint: str = "https://ies.myhuaweicloud.com"
    domain_id: str = Field(min_length=1)
    """The account id that CloudPond paths carry (`/v2/{domain_id}/...`)."""
    auth: Literal["aksk", "password", "token"] = "aksk"
    iam_endpoint: str = "https://iam.myhuaweicloud.com"
    username: str | None = None
    """IAM user name, for `auth = "password"`."""
    account: str | None = None
    """The account (domain) name the IAM user belongs to, for `auth = "password"`."""

    missing_hints: ClassVar = {"domain_id": DOMAIN_ID_HINT}

    @field_validator("iam_endpoint")
    @classmethod
    def _iam_endpoint_is_safe(cls, value: str) -> str:
        return cls._endpoint_is_safe(value)

    @model_validator(mode="after")
    def _password_needs_user(self) -> CloudPondProfile:
        if self.auth == "password" and not (self.username and self.account):
            raise ValueError('auth = "password" needs username = "..." and account = "..."')
        return self

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return {"aksk": ("ak", "sk"), "password": ("password",), "token": ("token",)}[self.auth]


ENTRY = ProviderEntry.of_package(__package__, "CloudPond", CloudPondProfile, can_create=True)
"""The registry's entry; the client module loads only when a profile opens."""
