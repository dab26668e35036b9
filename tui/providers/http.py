"""The shared HTTP layer: one `httpx.AsyncClient` per profile, with retries and throttling as
transport wrappers so provider code never sprinkles them itself.

Stack, top to bottom: provider client -> `httpx.Auth` (signing, tokens) -> `RetryTransport`
(idempotent requests only) -> `ThrottleTransport` (per-endpoint spacing, counts every retry)
-> the real `httpx.AsyncHTTPTransport`.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Hashable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Final, NamedTuple

import httpx

IDEMPOTENT: Final = "orderdeck.idempotent"
"""Request extension that marks a non-GET call safe to repeat (DuoPlus's read-only POST list)."""

NO_RETRY: Final = "orderdeck.no_retry"
"""Request extension that forbids retries even for a GET; order creation sets it on its POST."""

DEFAULT_TIMEOUT: Final = httpx.Timeout(20.0, connect=5.0)
"""Provider list calls answer in well under a second; 20 s covers a slow 500-row page."""

RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})


class RetryPolicy(NamedTuple):
    """Exponential backoff with full jitter, capped; `Retry-After` wins when it is sent."""

    attempts: int = 4
    """One try plus three retries: enough to ride out a gateway blip, short enough to fail fast."""
    base_delay: float = 0.25
    max_delay: float = 8.0
    max_retry_after: float = 30.0
    """A server asking us to wait longer than this gets a clear error instead of a frozen app."""

    def backoff(self, retry_number: int) -> float:
        ceiling = min(self.max_delay, self.base_delay * (2**retry_number))
        return random.uniform(ceiling / 2, ceiling)


DEFAULT_RETRY_POLICY = RetryPolicy()
"""The policy every client gets unless it passes its own; fault tests swap in a fast one."""


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date), if present."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def is_retryable(request: httpx.Request) -> bool:
    if request.extensions.get(NO_RETRY):
        return False
    return request.method in ("GET", "HEAD") or bool(request.extensions.get(IDEMPOTENT))


class RetryTransport(httpx.AsyncBaseTransport):
    """Retries idempotent requests on 429/5xx and connect errors; never anything else."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._inner = inner
        self._policy = policy or DEFAULT_RETRY_POLICY
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not is_retryable(request):
            return await self._inner.handle_async_request(request)
        policy = self._policy
        for attempt in range(policy.attempts):
            last = attempt == policy.attempts - 1
            try:
                response = await self._inner.handle_async_request(request)
                # Read the body here, so a connection dropped mid-body is retried like one
                # dropped before the headers (the client would otherwise read it, past us).
                await response.aread()
            except (
                httpx.ConnectError,
                httpx.ConnectTimeout,
                httpx.RemoteProtocolError,
                httpx.ReadError,
            ):
                # Nothing was processed (connect) or the server dropped us mid-answer: both are
                # safe to repeat for a read.
                if last:
                    raise
                await self._sleep(policy.backoff(attempt))
                continue
            if response.status_code not in RETRY_STATUSES or last:
                return response
            wait = retry_after_seconds(response)
            if wait is not None and wait > policy.max_retry_after:
                return response
            await response.aclose()
            await self._sleep(wait if wait is not None else policy.backoff(attempt))
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    async def aclose(self) -> None:
        await self._inner.aclose()


class Throttle:
    """Spaces calls at least `interval` seconds apart, in arrival order, across tasks.

    The slot is reserved under a lock before sleeping, so ten tasks asking at once leave at
    t, t+1, t+2, ... rather than all at t+1.
    """

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._next_slot = 0.0
        self._last_departure = float("-inf")
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
        delay = slot - now
        if delay > 0:
            await asyncio.sleep(delay)
        # A busy event loop can wake the previous caller late; measure from when it really
        # left, so a late departure never squeezes the gap to the next one.
        while (gap := self._last_departure + self.interval - self._clock()) > 0:
            await asyncio.sleep(gap)
        self._last_departure = self._clock()

    def answered(self) -> None:
        """The call's answer arrived, so the server has surely seen it by now: the next call
        is spaced from here too. A busy loop can hold a released call for a while before its
        bytes leave; spacing only from the release let two arrivals come closer than the
        interval (seen once in a 12-second soak)."""
        self._last_departure = max(self._last_departure, self._clock())


class ThrottleRegistry:
    """Throttles shared by every client in the process, keyed by (key fingerprint, endpoint).

    Two profiles with the same API key, or the dashboard and the payments monitor, share one
    budget: the provider counts per key, not per client object.
    """

    def __init__(self) -> None:
        self._throttles: dict[Hashable, Throttle] = {}

    def get(self, key: Hashable, interval: float) -> Throttle:
        throttle = self._throttles.get(key)
        if throttle is None:
            throttle = self._throttles[key] = Throttle(interval)
        return throttle

    def clear(self) -> None:
        """Forget every throttle: for a benchmark whose runs must not wait on each other."""
        self._throttles.clear()


THROTTLES: Final = ThrottleRegistry()


def fingerprint(secret: str) -> str:
    """A short one-way tag for a secret: groups throttles by key without holding the key."""
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


class ThrottleTransport(httpx.AsyncBaseTransport):
    """Waits for the request's throttle slot before sending; keyed per endpoint path."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        interval: float,
        key_prefix: Hashable,
        registry: ThrottleRegistry = THROTTLES,
    ) -> None:
        self._inner = inner
        self._interval = interval
        self._key_prefix = key_prefix
        self._registry = registry

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        endpoint = (self._key_prefix, request.url.host, request.url.port, request.url.path)
        throttle = self._registry.get(endpoint, self._interval)
        await throttle.wait()
        try:
            return await self._inner.handle_async_request(request)
        finally:
            throttle.answered()

    async def aclose(self) -> None:
        await self._inner.aclose()


class BlockingTransport(httpx.AsyncBaseTransport):
    """`httpx.HTTPTransport` (blocking sockets) behind the async interface, for a client whose
    event loop runs nothing else: the early first page's thread (`tui/early_page.py`).

    It answers like `AsyncHTTPTransport` (same errors, timeouts from the request's extensions),
    but never wakes anyio's asyncio backend, which the first async request loads (about 3% of
    start-up's instructions): the dashboard's own clients load it after the first paint.
    Bodies are read whole, as every client reads them anyway.

    The modules it needs are loaded where it is made, so the thread that sends through it loads
    none while the main thread imports the UI (see `tui/early_page.py`). Its TLS context is made
    by the first request, on that thread: loading the system's CA store takes about 25 ms, much
    of it outside the GIL, so in parallel with the main thread."""

    def __init__(self, ca_bundle: str | None) -> None:
        import httpcore  # noqa: F401 (what httpx's sync transport loads: h11, certifi, ...)

        self._ca_bundle = ca_bundle
        self._sync: httpx.HTTPTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._sync is None:
            verify = client_tls(str(request.url), self._ca_bundle)
            self._sync = httpx.HTTPTransport(verify=verify)
        response = self._sync.handle_request(request)
        try:
            body = b"".join(response.iter_raw())  # still encoded: the client decodes it
        finally:
            response.close()
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(body),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        if self._sync is not None:
            self._sync.close()


def build_client(
    *,
    base_url: str,
    auth: httpx.Auth | None = None,
    headers: dict[str, str] | None = None,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    retry: RetryPolicy | None = None,
    throttle_interval: float | None = None,
    throttle_key: Hashable = None,
    verify: str | bool = True,
    transport: httpx.AsyncBaseTransport | None = None,
    wrap: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None,
) -> httpx.AsyncClient:
    """The one way provider clients make their `httpx.AsyncClient`.

    `verify` is a CA bundle path or True; TLS verification cannot be switched off here.
    `transport` replaces the network for fault tests the sandbox cannot produce; `wrap` puts a
    provider's own layer right above it (below throttling and retries).
    """
    if verify is False:
        raise ValueError("TLS verification cannot be disabled; pass a CA bundle path instead")
    ca_bundle = None if verify is True else str(verify)
    inner = transport or httpx.AsyncHTTPTransport(verify=client_tls(base_url, ca_bundle))
    if wrap is not None:
        inner = wrap(inner)
    if throttle_interval:
        inner = ThrottleTransport(inner, throttle_interval, throttle_key)
    return httpx.AsyncClient(
        base_url=base_url,
        auth=auth,
        headers=headers,
        timeout=timeout,
        transport=RetryTransport(inner, retry),
        # Redirects are not followed: a 3xx from an order API is an error to show, and
        # following one could carry credentials to another host.
        follow_redirects=False,
    )


def client_tls(base_url: str, ca_bundle: str | None) -> ssl.SSLContext:
    """The TLS context for a client of `base_url`.

    Loading the CA store takes ~25 ms, so clients share one: an SSL context is safe to share.
    A plain-http endpoint (the sandbox, a local gateway) never speaks TLS, since redirects are
    not followed; it gets a context that trusts nothing, so were it ever used it fails closed.
    """
    if ca_bundle is not None:
        return tls_context(ca_bundle)
    if not base_url.lower().startswith("https:"):
        return _trusts_nothing()
    return _system_trust()


@functools.cache
def _system_trust() -> ssl.SSLContext:
    # What httpx builds for verify=True: certifi's CAs, or SSL_CERT_FILE / SSL_CERT_DIR.
    return httpx.create_ssl_context(trust_env=True)


@functools.cache
def _trusts_nothing() -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies certificates and host names


def tls_context(ca_bundle: str) -> ssl.SSLContext:
    """Verification with a PEM bundle; a bundle that cannot be loaded is a config error naming
    it, never a fallback to no verification."""
    try:
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as error:
        from tui.errors import ConfigError

        raise ConfigError(f"ca_bundle {ca_bundle}: cannot load it: {error}") from None
