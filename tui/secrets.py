"""Credentials: the OS keyring, an environment override, and an in-memory store for tests.

Keyring entries live under service `orderdeck`, user `PROFILE:FIELD`. The variable
`ORDERDECK_<PROFILE>_<FIELD>` (profile upper-cased, non-alphanumerics as `_`) wins over the
keyring, for CI and headless servers. Values travel as `SecretStr`, so a stray repr or log line
shows `**********`. keyring is imported lazily: the demo and the headless paths that use env
variables never pay for it (nor fail on a box without a backend).
"""

from __future__ import annotations

import os
import re
from types import ModuleType
from typing import TYPE_CHECKING, Final, Protocol

from pydantic import SecretStr

from tui.errors import KeyringUnavailable, MissingCredentials

if TYPE_CHECKING:
    from collections.abc import Mapping

SERVICE: Final = "orderdeck"
FIELDS: Final = ("ak", "sk", "token", "password", "api_key")

FIELD_LABELS: Final[Mapping[str, str]] = {
    "ak": "Access key (AK)",
    "sk": "Secret key (SK)",
    "token": "Token",
    "password": "IAM password",
    "api_key": "API key",
}


class SecretStore(Protocol):
    def get(self, profile: str, field: str) -> SecretStr | None: ...

    def set(self, profile: str, field: str, value: SecretStr) -> None: ...

    def delete(self, profile: str, field: str) -> bool:
        """Remove the value; False when there was none."""
        ...


def env_var_name(profile: str, field: str) -> str:
    """`ORDERDECK_<PROFILE>_<FIELD>`: `edge-1`, `sk` -> `ORDERDECK_EDGE_1_SK`."""
    return f"ORDERDECK_{re.sub(r'[^A-Za-z0-9]', '_', profile).upper()}_{field.upper()}"


def keyring_user(profile: str, field: str) -> str:
    return f"{profile}:{field}"


class MemoryStore:
    """Secrets in a dict: tests and the demo."""

    def __init__(self, values: Mapping[tuple[str, str], str] | None = None) -> None:
        self._values: dict[tuple[str, str], SecretStr] = {
            key: SecretStr(value) for key, value in (values or {}).items()
        }

    def get(self, profile: str, field: str) -> SecretStr | None:
        return self._values.get((profile, field))

    def set(self, profile: str, field: str, value: SecretStr) -> None:
        self._values[(profile, field)] = value

    def delete(self, profile: str, field: str) -> bool:
        return self._values.pop((profile, field), None) is not None

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._values)} secrets)"


_INSTALL_HINT: Final = (
    "No usable OS keyring backend was found, so orderdeck will not store secrets "
    "(it never writes them to a plain file).\n"
    "Either set them as environment variables, e.g.\n"
    "  {example}\n"
    "or install a keyring backend: a desktop Secret Service (GNOME Keyring, KWallet), "
    "macOS Keychain or Windows Credential Locker. "
    "`python -m keyring diagnose` shows what keyring sees."
)


def writes_plain_text(backend: object) -> bool:
    """True for keyrings.alt's PlaintextKeyring, alone or inside a chainer."""
    backends = getattr(backend, "backends", None) or [backend]
    return any("plaintext" in type(item).__name__.lower() for item in backends)


class KeyringStore:
    """The OS keyring (macOS Keychain, Windows Credential Locker, Secret Service)."""

    def __init__(self) -> None:
        self._backend: object | None = None

    def _keyring(self) -> ModuleType:
        import keyring
        import keyring.backends.fail
        import keyring.errors

        backend = keyring.get_keyring()
        # The "fail" backend and a chainer with nothing behind it both mean: no keyring here.
        # A plain-text file backend (keyrings.alt) counts as none: secrets are never stored so.
        if (
            isinstance(backend, keyring.backends.fail.Keyring)
            or backend.priority <= 0
            or writes_plain_text(backend)
        ):
            raise KeyringUnavailable(_INSTALL_HINT.format(example="ORDERDECK_EDGE_AK=..."))
        return keyring

    def get(self, profile: str, field: str) -> SecretStr | None:
        import keyring.errors

        try:
            value = self._keyring().get_password(SERVICE, keyring_user(profile, field))
        except KeyringUnavailable:
            return None
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailable(f"the OS keyring failed: {error}") from None
        return SecretStr(value) if value is not None else None

    def set(self, profile: str, field: str, value: SecretStr) -> None:
        import keyring.errors

        backend = self._keyring()
        try:
            backend.set_password(SERVICE, keyring_user(profile, field), value.get_secret_value())
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailable(
                f"the OS keyring refused to store the secret: {error}"
            ) from None

    def delete(self, profile: str, field: str) -> bool:
        import keyring.errors

        backend = self._keyring()
        try:
            backend.delete_password(SERVICE, keyring_user(profile, field))
        except keyring.errors.PasswordDeleteError:
            return False
        return True

    def check_available(self, example_profile: str = "edge") -> None:
        """Raise `KeyringUnavailable` (with the env-var route in the message) when unusable."""
        try:
            self._keyring()
        except KeyringUnavailable:
            raise KeyringUnavailable(
                _INSTALL_HINT.format(example=f"{env_var_name(example_profile, 'token')}=...")
            ) from None

    def __repr__(self) -> str:
        return "KeyringStore()"


class EnvOverlay:
    """Environment variables first, then the wrapped store; writes go to the wrapped store."""

    def __init__(self, inner: SecretStore, environ: Mapping[str, str] | None = None) -> None:
        self.inner = inner
        self._environ = environ if environ is not None else os.environ

    def get(self, profile: str, field: str) -> SecretStr | None:
        value = self._environ.get(env_var_name(profile, field))
        if value:
            return SecretStr(value)
        return self.inner.get(profile, field)

    def set(self, profile: str, field: str, value: SecretStr) -> None:
        self.inner.set(profile, field, value)

    def delete(self, profile: str, field: str) -> bool:
        return self.inner.delete(profile, field)

    def __repr__(self) -> str:
        return f"EnvOverlay({self.inner!r})"


def default_store() -> EnvOverlay:
    """What the app and the CLI use: env variables over the OS keyring."""
    return EnvOverlay(KeyringStore())


def require(store: SecretStore, profile: str, fields: tuple[str, ...]) -> dict[str, SecretStr]:
    """All of a profile's secret fields, or `MissingCredentials` saying both ways to set them."""
    found: dict[str, SecretStr] = {}
    missing: list[str] = []
    for field in fields:
        value = store.get(profile, field)
        if value is None or not value.get_secret_value():
            missing.append(field)
        else:
            found[field] = value
    if missing:
        variables = ", ".join(env_var_name(profile, field) for field in missing)
        raise MissingCredentials(
            f"profile {profile!r} has no {', '.join(missing)}: run `orderdeck login {profile}` "
            f"or set {variables}"
        )
    return found
