"""How credentials travel: TLS always verified (a CA bundle may be added, verification never
switched off), no credentials over plain http except to loopback, no redirect followed (so no
header reaches another host), and a timeout on every call."""

from __future__ import annotations

import asyncio
import ssl
import time
from pathlib import Path

import httpx
import pytest

from tests.wall_clock import WALL_CLOCK
from tui.config import Config, parse_config
from tui.errors import ConfigError, ProviderError
from tui.orders import OrderQuery
from tui.providers import open_provider
from tui.providers.http import Throttle, build_client, client_tls, tls_context
from tui.sandbox.demo import DEMO_ACE_TOKEN, demo_config_toml
from tui.secrets import MemoryStore

PROFILES = ("edge", "phones", "ace")


def test_tls_verification_cannot_be_switched_off() -> None:
    with pytest.raises(ValueError, match="cannot be disabled"):
        build_client(base_url="https://example.invalid", verify=False)


def test_a_ca_bundle_adds_to_verification_and_a_broken_one_is_a_config_error(
    tmp_path: Path,
) -> None:
    import certifi

    context = tls_context(certifi.where())
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    with pytest.raises(ConfigError, match="ca_bundle"):
        tls_context(str(tmp_path / "missing.pem"))
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"garbage\.pem"):
        tls_context(str(garbage))


def test_https_clients_share_one_verifying_context_with_the_system_cas() -> None:
    import certifi

    shared = client_tls("https://ies.example.com", None)
    assert client_tls("HTTPS://platform.acedata.cloud", None) is shared
    assert shared.verify_mode is ssl.CERT_REQUIRED and shared.check_hostname
    assert shared.cert_store_stats()["x509_ca"] > 0
    bundled = client_tls("https://ies.example.com", certifi.where())
    assert bundled is not shared and bundled.verify_mode is ssl.CERT_REQUIRED


def test_a_plain_http_endpoint_gets_a_context_that_trusts_nothing() -> None:
    # It is never used (redirects are not followed); if it were, every certificate fails.
    context = client_tls("http://127.0.0.1:8080", None)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0
    assert context is not client_tls("https://ies.example.com", None)


@pytest.mark.parametrize("profile", PROFILES)
def test_a_profile_with_an_unreadable_ca_bundle_fails_with_a_config_error(
    profile: str, tmp_path: Path, demo_store: MemoryStore
) -> None:
    config = parse_config(demo_config_toml("https://api.example.com"))
    broken = config.profiles[profile].model_copy(update={"ca_bundle": tmp_path / "nope.pem"})
    with pytest.raises(ConfigError, match=r"nope\.pem"):
        open_provider(broken, demo_store)


@pytest.mark.parametrize("option", ["endpoint", "iam_endpoint"])
@pytest.mark.parametrize(
    "url", ["http://ies.example.com", "http://10.0.0.8:8080", "http://[2001:db8::1]"]
)
def test_credentials_are_refused_over_plain_http_to_another_host(option: str, url: str) -> None:
    text = f"""
[profiles.edge]
provider = "cloudpond"
domain_id = "d"
{option} = "{url}"
"""
    with pytest.raises(ConfigError, match="unencrypted"):
        parse_config(text)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://localhost:1", "http://[::1]:9"])
def test_plain_http_is_accepted_for_loopback_only(url: str) -> None:
    config = parse_config(demo_config_toml(url))
    assert all(profile.endpoint == url for profile in config.profiles.values())


def redirecting_transport(seen: list[httpx.Request]) -> httpx.MockTransport:
    """Every call answers 302 to another host: a stolen-credential trap."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(302, headers={"Location": "https://attacker.example/collect"})

    return httpx.MockTransport(answer)


@pytest.mark.parametrize("profile", PROFILES)
async def test_a_redirect_is_an_error_and_no_credential_follows_it(
    profile: str, demo: Config, demo_store: MemoryStore
) -> None:
    seen: list[httpx.Request] = []
    client = open_provider(
        demo.profiles[profile], demo_store, transport=redirecting_transport(seen)
    )
    try:
        with pytest.raises(ProviderError) as caught:
            await client.list_orders(OrderQuery(page_size=10))
    finally:
        await client.aclose()
    assert caught.value.status == 302
    assert seen, "the first request was sent"
    # Every request, credentials and all, went to the configured host; none to the attacker.
    assert {request.url.host for request in seen} == {"127.0.0.1"}
    assert DEMO_ACE_TOKEN not in "".join(str(request.url) for request in seen)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_client_has_a_timeout_on_every_phase(
    profile: str, demo: Config, demo_store: MemoryStore
) -> None:
    client = open_provider(demo.profiles[profile], demo_store)
    timeout = client._http.timeout  # type: ignore[attr-defined]
    for phase in ("connect", "read", "write", "pool"):
        value = getattr(timeout, phase)
        assert value is not None and 0 < value <= 300, (phase, value)
    assert client._http.follow_redirects is False  # type: ignore[attr-defined]


def test_a_profile_timeout_bounds_the_read(demo: Config, demo_store: MemoryStore) -> None:
    profile = demo.profiles["ace"].model_copy(update={"timeout_seconds": 0.5})
    client = open_provider(profile, demo_store)
    assert client._http.timeout.read == 0.5  # type: ignore[attr-defined]
    assert client._http.timeout.connect == 0.5  # type: ignore[attr-defined]


@WALL_CLOCK
async def test_the_throttle_spaces_the_next_call_from_the_last_answer() -> None:
    """A call held after its release (a busy loop, a slow connect) must not let the next one
    reach the server sooner than the interval after it: spacing counts from the answer."""
    throttle = Throttle(0.2)
    await throttle.wait()
    await asyncio.sleep(0.15)  # in flight for a while
    throttle.answered()
    answered_at = time.monotonic()
    await throttle.wait()
    assert time.monotonic() - answered_at >= 0.2 - 0.005
