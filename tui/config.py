"""`config.toml` as pydantic models, and where config and log files live.

Lookup order: `--config PATH`, then `$ORDERDECK_CONFIG`, then the platformdirs user config dir.
A broken file raises `ConfigError` with one message naming the file and the line (TOML syntax)
or the field path (validation), and how to fix it. Secrets never live here (see `secrets.py`).
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Final, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from tui.errors import ConfigError

APP_NAME: Final = "orderdeck"
CONFIG_ENV: Final = "ORDERDECK_CONFIG"
PROVIDERS: Final = ("cloudpond", "duoplus", "acedata")

DOMAIN_ID_HINT: Final = (
    'required: your Huawei Cloud account id, e.g. domain_id = "0123456789abcdef..." '
    "(console: My Credentials > API Credentials > Account ID)"
)
"""CloudPond paths carry the account id; people rarely know where the console shows it."""

_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _ProfileBase(_Strict):
    name: str = ""
    """Filled from the table key (`[profiles.NAME]`)."""
    endpoint: str
    read_only: bool = False
    """True hides order creation in the UI and makes `orderdeck create` refuse."""
    timeout_seconds: float = Field(default=20.0, gt=0, le=300)
    ca_bundle: Path | None = None
    """Extra CA certificates (PEM) for a TLS-intercepting proxy; verification stays on."""

    @field_validator("endpoint")
    @classmethod
    def _endpoint_is_safe(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL; use e.g. https://host.example")
        if parts.scheme == "http" and not is_loopback_host(parts.hostname):
            raise ValueError(
                f"plain http:// to {parts.hostname} would send credentials unencrypted; "
                "use https:// (http:// is accepted only for 127.0.0.1/localhost)"
            )
        return value.rstrip("/")


class CloudPondProfile(_ProfileBase):
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


class DuoPlusProfile(_ProfileBase):
    provider: Literal["duoplus"]
    endpoint: str = "https://openapi.duoplus.net"
    lang: Literal["en", "zh", "zh-TW", "ru"] = "en"
    """Response labels follow it; orderdeck maps the English ones, so keep `en`."""
    read_only: bool = True
    """DuoPlus has no order creation through orderdeck."""

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return ("api_key",)


class AceDataProfile(_ProfileBase):
    provider: Literal["acedata"]
    endpoint: str = "https://platform.acedata.cloud"
    user_id: str | None = None
    """Looked up once with `/api/v1/platform-tokens/me/` when left out."""
    read_only: bool = True

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return ("token",)


Profile = CloudPondProfile | DuoPlusProfile | AceDataProfile
"""Any one configured profile."""

_TaggedProfile = Annotated[Profile, Field(discriminator="provider")]


class PaymentsConfig(_Strict):
    poll_seconds: float = Field(default=30, ge=5, le=3600)
    """How often pending orders are re-checked; 5 s floor keeps DuoPlus's 1/s budget free."""
    warn_minutes: float = Field(default=15, ge=0, le=10_080)


class Config(_Strict):
    default_profile: str | None = None
    refresh_seconds: float = Field(default=30, ge=0, le=86_400)
    """Auto-refresh of the order table; 0 turns it off."""
    timezone: str = "local"
    """`local`, `UTC`, or an IANA name such as `Europe/Berlin`; used for display only."""
    theme: str | None = None
    payments: PaymentsConfig = PaymentsConfig()
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id -> keys (`next-page = "ctrl+n"`)."""
    profiles: dict[str, _TaggedProfile] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _profile_names(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("profiles"), dict):
            profiles = {}
            for name, table in data["profiles"].items():
                if not _PROFILE_NAME.match(name):
                    raise ValueError(
                        f"profile name {name!r}: use letters, digits, '-', '_' or '.' "
                        "(it becomes part of keyring and environment variable names)"
                    )
                if isinstance(table, dict):
                    provider = table.get("provider")
                    if provider is None:
                        raise ValueError(
                            f"profile {name!r} needs provider = one of {', '.join(PROVIDERS)}"
                        )
                    if provider not in PROVIDERS:
                        raise ValueError(
                            f"profile {name!r}: unknown provider {provider!r}; "
                            f"use one of {', '.join(PROVIDERS)}"
                        )
                    table = {**table, "name": name}
                profiles[name] = table
            data = {**data, "profiles": profiles}
        return data

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if value in ("local", "UTC"):
            return value
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use local, UTC or e.g. Europe/Berlin"
            ) from None
        return value

    @model_validator(mode="after")
    def _default_profile_exists(self) -> Config:
        if self.default_profile is not None and self.default_profile not in self.profiles:
            known = ", ".join(self.profiles) or "none configured"
            raise ValueError(
                f"default_profile {self.default_profile!r} is not a profile (known: {known})"
            )
        return self

    def profile(self, name: str | None) -> Profile:
        """The named profile, else the default one, else the only one; `ConfigError` otherwise."""
        chosen = name or self.default_profile
        if chosen is None:
            if len(self.profiles) == 1:
                return next(iter(self.profiles.values()))
            if not self.profiles:
                raise ConfigError(
                    "no profiles configured; add a [profiles.NAME] table "
                    "(see config.example.toml) or try `orderdeck --demo`"
                )
            raise ConfigError(
                f"several profiles ({', '.join(self.profiles)}): choose one with --profile "
                "or set default_profile"
            )
        try:
            return self.profiles[chosen]
        except KeyError:
            known = ", ".join(self.profiles) or "none configured"
            raise ConfigError(f"no profile named {chosen!r} (known: {known})") from None


def user_config_path() -> Path:
    from platformdirs import user_config_path as _user_config_path

    return _user_config_path(APP_NAME, appauthor=False) / "config.toml"


def user_log_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the config is read from: `--config`, `$ORDERDECK_CONFIG`, platformdirs."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return user_config_path()


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    """Read and validate the config. A missing file at the default place is an empty config;
    a missing file that was asked for explicitly is an error."""
    path = config_path(explicit)
    asked_for = bool(explicit or os.environ.get(CONFIG_ENV))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if asked_for:
            raise ConfigError(f"{path}: no such file") from None
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    return parse_config(text, path)


def parse_config(text: str, path: Path | str = "<config>") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message ends with "(at line L, column C)": keep it, lead with the file.
        raise ConfigError(f"{path}: TOML syntax error: {error}") from None
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{path}: {_describe_validation(error, text)}") from None


def _describe_validation(error: ValidationError, text: str) -> str:
    problems = []
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        # A discriminated union puts the provider tag into the path: drop it.
        if len(location) >= 3 and location[0] == "profiles" and location[2] in PROVIDERS:
            del location[2]
        field_path = ".".join(location)
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown option (check the spelling against config.example.toml)"
        elif item["type"] == "missing" and location[-1:] == ["domain_id"]:
            message = DOMAIN_ID_HINT
        elif item["type"] == "missing":
            message = "required option is missing"
        if not field_path:
            # The profile checks run before field validation, so pydantic gives no location.
            field_path = _profile_path_in(message)
        line = _line_of(field_path, text)
        where = f"line {line}, " if line else ""
        problems.append(f"{where}{field_path or 'top level'}: {message}")
    return "; ".join(problems)


def _profile_path_in(message: str) -> str:
    """`profiles.NAME.provider` for a message about one profile's provider, else ``."""
    match = re.match(r"profile '([^']+)'.*provider", message)
    return f"profiles.{match[1]}.provider" if match else ""


def _line_of(field_path: str, text: str) -> int | None:
    """Best-effort line number of a dotted path's last key, searching inside its table."""
    parts = field_path.split(".")
    if not parts or not parts[0]:
        return None
    lines = text.splitlines()
    table_prefix = parts[:-1]
    key = parts[-1]
    start = 0
    if table_prefix:
        header = re.compile(
            r"^\s*\[\s*" + r"\s*\.\s*".join(map(re.escape, table_prefix)) + r"\s*\]"
        )
        for number, line in enumerate(lines):
            if header.match(line):
                start = number
                break
        else:
            return None
    key_pattern = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
    for number in range(start, len(lines)):
        if number > start and lines[number].lstrip().startswith("[") and table_prefix:
            break
        if key_pattern.match(lines[number]):
            return number + 1
    return start + 1 if table_prefix else None
