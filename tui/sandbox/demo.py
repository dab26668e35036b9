"""The demo account: credentials the sandbox accepts and the profiles `--demo` opens.

These values are public on purpose: they open nothing but the loopback sandbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from tui.config import Config, Profile
    from tui.secrets import MemoryStore

DEMO_DOMAIN_ID: Final = "0d3e0000000000000000000000000001"
DEMO_AK: Final = "DEMOAKORDERDECKSANDBOX"
DEMO_SK: Final = "demo-sk-orderdeck-sandbox-not-a-secret"
DEMO_IAM_ACCOUNT: Final = "demo-account"
DEMO_IAM_USER: Final = "demo-operator"
DEMO_IAM_PASSWORD: Final = "demo-password-sandbox"
DEMO_DUOPLUS_KEY: Final = "demo-duoplus-key-sandbox"
DEMO_ACE_TOKEN: Final = "platform-v1-demo-sandbox-token"
DEMO_ACE_USER_ID: Final = "b87f67c1-b04f-4332-99a1-7a5e651331c6"


def demo_config_data(
    base_url: str, refresh_seconds: float = 30, timezone: str = "local"
) -> dict[str, Any]:
    """The demo's config as `tomllib` would read it from a file: `--demo` starts without
    parsing TOML (a test holds `demo_config_toml`'s text to it)."""
    huawei = {"endpoint": base_url, "iam_endpoint": base_url, "domain_id": DEMO_DOMAIN_ID}
    return {
        "default_profile": "edge",
        "refresh_seconds": refresh_seconds,
        "timezone": timezone,
        "profiles": {
            "edge": {"provider": "cloudpond", **huawei, "auth": "aksk"},
            "phones": {"provider": "duoplus", "endpoint": base_url},
            "ace": {"provider": "acedata", "endpoint": base_url},
            "billing": {"provider": "huawei_bss", **huawei, "auth": "aksk"},
        },
    }


def demo_config_toml(base_url: str, refresh_seconds: float = 30, timezone: str = "local") -> str:
    """`demo_config_data` as a config file: what `orderdeck serve` and the tests write."""
    import json  # its strings and numbers are TOML's too, for these values

    data = demo_config_data(base_url, refresh_seconds, timezone)
    profiles = data.pop("profiles")
    lines = [f"{key} = {json.dumps(value)}" for key, value in data.items()]
    for name, table in profiles.items():
        lines += ["", f"[profiles.{name}]"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n"


def demo_config(base_url: str, refresh_seconds: float = 30, timezone: str = "local") -> Config:
    """`demo_config_data` as a `Config`, built without validating: these are constants, and
    a test holds the result equal to what validating their TOML text gives. The config's
    models build their validators when first used (`defer_build`), so `--demo` builds none."""
    # Imported here: the sandbox's process reads the constants above and never a config, and
    # the config's models cost its start-up (it answers the dashboard's first request).
    from tui.config import Config, PaymentsConfig

    data = demo_config_data(base_url, refresh_seconds, timezone)
    profiles = {name: _demo_profile(name, table) for name, table in data.pop("profiles").items()}
    # Its defaults too: `Config`'s default factory would validate them.
    payments = PaymentsConfig.model_construct()
    return Config.model_construct(**data, payments=payments, profiles=profiles)


def _demo_profile(name: str, table: dict[str, Any]) -> Profile:
    from tui.providers import registry

    entry = registry.get(table["provider"])
    if entry is None:  # the demo names built-in providers only
        raise KeyError(table["provider"])
    return entry.profile_model.model_construct(name=name, **table)


DEMO_CREDENTIALS: Final = {
    ("edge", "ak"): DEMO_AK,
    ("edge", "sk"): DEMO_SK,
    ("phones", "api_key"): DEMO_DUOPLUS_KEY,
    ("ace", "token"): DEMO_ACE_TOKEN,
    # The same account as `edge`: its billing orders are what edge's orders cost.
    ("billing", "ak"): DEMO_AK,
    ("billing", "sk"): DEMO_SK,
}
"""(profile, field) -> the demo's credential for it."""


def demo_secrets() -> MemoryStore:
    from tui.secrets import MemoryStore

    return MemoryStore(DEMO_CREDENTIALS)
