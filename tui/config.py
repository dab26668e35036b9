"""`config.toml` as pydantic models, and where config and log files live.

Lookup order: `--config PATH`, then `$ORDERDECK_CONFIG`, then the platformdirs user config dir.
A broken file raises `ConfigError` with one message naming the file and the line (TOML syntax)
or the field path (validation), and how to fix it. Secrets never live here (see `secrets.py`).
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, Final
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializeAsAny,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)

from tui.errors import ConfigError
from tui.paths import user_config_path

CONFIG_ENV: Final = "ORDERDECK_CONFIG"

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
    # Validators are built when first used: `--demo` builds its constant config without
    # validating (`tui.sandbox.demo`), so its start builds none.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ProfileBase(_Strict):
    """What every profile has; a provider's package subclasses it with its own options."""

    provider: str
    """The registry key of the provider (`Literal` in each subclass)."""
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

    missing_hints: ClassVar[Mapping[str, str]] = {}
    """Option -> what to say when it is missing (where people find the value)."""

    @property
    def secret_fields(self) -> tuple[str, ...]:
        """The credential fields the keyring (or environment) must hold for this profile."""
        return ()


Profile = ProfileBase
"""Any one configured profile (each provider's package defines its own subclass)."""


def _validate_profile(value: Any, handler: ValidatorFunctionWrapHandler) -> ProfileBase:
    """A `[profiles.NAME]` table read by its provider's model, which the registry names."""
    if isinstance(value, dict):
        # Imported here: the registry imports each built-in provider's profile model, which
        # subclasses `ProfileBase` above; the table's provider key was checked before.
        from tui.providers import registry

        entry = registry.get(value.get("provider", ""))
        if entry is not None:
            return entry.profile_model.model_validate(value)
    result: ProfileBase = handler(value)
    return result


_RegisteredProfile = SerializeAsAny[Annotated[ProfileBase, WrapValidator(_validate_profile)]]
"""A profile of whichever provider its table names (dumped with all its fields)."""


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
    # A factory, not an instance: making one here would build its validator at import.
    payments: PaymentsConfig = Field(default_factory=PaymentsConfig)
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id -> keys (`next-page = "ctrl+n"`)."""
    profiles: dict[str, _RegisteredProfile] = Field(default_factory=dict)

    def all_read_only(self) -> Config:
        """This config with every profile read-only (a served dashboard without
        `--allow-create`): the clients then refuse to create, and the UI offers no wizard."""
        profiles = {
            name: profile.model_copy(update={"read_only": True})
            for name, profile in self.profiles.items()
        }
        return self.model_copy(update={"profiles": profiles})

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
                    _check_provider_key(name, table.get("provider"))
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


def _check_provider_key(profile_name: str, provider: object) -> None:
    """A profile's `provider` must name a registered provider."""
    from tui.providers import registry  # imported here: see `_validate_profile`

    if isinstance(provider, str) and registry.get(provider) is not None:
        return
    known = ", ".join(registry.keys())
    if provider is None:
        raise ValueError(f"profile {profile_name!r} needs provider = one of {known}")
    raise ValueError(f"profile {profile_name!r}: unknown provider {provider!r}; use one of {known}")


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
    import tomllib  # here: the demo's config is data (`validate_config`), no file to parse

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message ends with "(at line L, column C)": keep it, lead with the file.
        raise ConfigError(f"{path}: TOML syntax error: {error}") from None
    return validate_config(data, path, text)


def validate_config(data: dict[str, Any], path: Path | str, text: str = "") -> Config:
    """`data` as TOML reads it, validated; `text`, the file it was read from, places each
    problem on its line."""
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{path}: {_describe_validation(error, text)}") from None


def _describe_validation(error: ValidationError, text: str) -> str:
    problems = []
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        field_path = ".".join(location)
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown option (check the spelling against config.example.toml)"
        elif item["type"] == "missing":
            message = _missing_hint(item["input"], location[-1]) or "required option is missing"
        if not field_path:
            # The profile checks run before field validation, so pydantic gives no location.
            field_path = _profile_path_in(message)
        line = _line_of(field_path, text)
        where = f"line {line}, " if line else ""
        problems.append(f"{where}{field_path or 'top level'}: {message}")
    return "; ".join(problems)


def _missing_hint(table: object, option: str) -> str | None:
    """The profile model's own words for a missing option (where to find the value)."""
    from tui.providers import registry  # imported here: see `_validate_profile`

    provider = table.get("provider") if isinstance(table, dict) else None
    entry = registry.get(provider) if isinstance(provider, str) else None
    return entry.profile_model.missing_hints.get(option) if entry is not None else None


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
