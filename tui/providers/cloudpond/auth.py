"""How CloudPond requests prove who sends them: AK/SK request signing (`SDK-HMAC-SHA256`), an IAM
token fetched with a password, or a token the user pasted.

The signing itself is `signing.py`: pure functions the sandbox verifies with too. This module
puts them on the wire as httpx `Auth` flows.

None of these objects ever puts a secret in a repr, a message or an exception: secrets stay
`SecretStr` until the moment they key an HMAC or fill a header.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import httpx
from pydantic import SecretStr

from tui.errors import AuthError, InvalidResponse, ProviderError
from tui.providers.base import USER_AGENT, decode_json, request_id_of, transport_errors
from tui.providers.cloudpond.signing import (
    SIGNED_HEADERS,
    canonical_query,
    sdk_date,
    sign,
    utc_now,
)
from tui.providers.http import IDEMPOTENT

if TYPE_CHECKING:
    from collections.abc import AsyncGenerator, Callable, Generator

PROVIDER: Final = "CloudPond"
"""The provider name errors raised here carry."""

TOKEN_REFRESH_MARGIN: Final = timedelta(minutes=5)
"""Fetch a new IAM token this long before the old one expires, so no call races the expiry."""

TOKEN_EXPIRED_CODES: Final = frozenset({"APIGW.0307", "APIG.0307"})
"""Gateway codes for "token expired": the only 401 we answer by fetching a token and resending."""


# --- httpx auth ------------------------------------------------------------------------------


class AkSkAuth(httpx.Auth):
    """Signs each request with the account's AK/SK. A 401 is returned as is, never retried:
    five bad signatures in a row lock the AK for five minutes."""

    requires_request_body = True

    def __init__(
        self,
        ak: SecretStr,
        sk: SecretStr,
        domain_id: str | None,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._ak = ak
        self._sk = sk
        self.domain_id = domain_id
        """None only for the call that looks the domain id up."""
        self.clock = clock
        """Where `X-Sdk-Date` comes from; tests move it to play a skewed client."""

    def sign_request(self, request: httpx.Request) -> None:
        request.headers["X-Sdk-Date"] = sdk_date(self.clock())
        if self.domain_id:
            request.headers["X-Domain-Id"] = self.domain_id
        query = parse_query_from_url(request.url)
        # The URL on the wire must carry the canonical query itself: httpx writes a space as
        # `+`, which the gateway would read as a literal plus and so compute another signature.
        request.url = request.url.copy_with(query=canonical_query(query).encode("ascii") or None)
        signed = [name for name in SIGNED_HEADERS if name in request.headers]
        request.headers["Authorization"] = sign(
            ak=self._ak.get_secret_value(),
            sk=self._sk.get_secret_value(),
            method=request.method,
            path=request.url.path,
            query=query,
            headers=dict(request.headers),
            signed=signed,
            body=request.content,
        )

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign_request(request)
        yield request

    def __repr__(self) -> str:
        return f"AkSkAuth(domain_id={self.domain_id!r})"


def parse_query_from_url(url: httpx.URL) -> list[tuple[str, str]]:
    """The request's query pairs as httpx holds them (it decodes `+` as a space, as it wrote
    it)."""
    return list(url.params.multi_items())


class PastedTokenAuth(httpx.Auth):
    """A token the user pasted: sent as `X-Auth-Token`; when it expires, the user pastes anew."""

    def __init__(self, token: SecretStr, *, expires_at: datetime | None = None) -> None:
        self._token = token
        self.expires_at = expires_at
        """Shown to the user when known."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Auth-Token"] = self._token.get_secret_value()
        yield request

    def __repr__(self) -> str:
        return f"PastedTokenAuth(expires_at={self.expires_at!r})"


class IamPasswordAuth(httpx.Auth):
    """An IAM token obtained with user name and password, cached until shortly before it expires.

    The token request is yielded from the auth flow, so it travels through the same client and
    transport as the call it precedes. Concurrent calls share one fetch (a lock). A 401 saying
    the token expired (`APIGW.0307`) fetches a fresh token and resends once; any other 401 is
    returned untouched.
    """

    def __init__(
        self,
        *,
        iam_endpoint: str,
        username: str,
        password: SecretStr,
        account: str,
        domain_id: str,
        clock: Callable[[], datetime] = utc_now,
        provider: str = PROVIDER,
    ) -> None:
        self.iam_endpoint = iam_endpoint.rstrip("/")
        self.provider = provider
        """The service the token is for: the name its IAM errors carry."""
        self.username = username
        self._password = password
        self.account = account
        self.domain_id = domain_id
        self._clock = clock
        self._token: SecretStr | None = None
        self.expires_at: datetime | None = None
        self.fetch_count = 0
        """How many tokens this auth has fetched (tests and the status bar read it)."""
        self._lock = asyncio.Lock()

    def token_request(self) -> httpx.Request:
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.username,
                            "password": self._password.get_secret_value(),
                            "domain": {"name": self.account},
                        }
                    },
                },
                "scope": {"domain": {"id": self.domain_id}},
            }
        }
        return httpx.Request(
            "POST",
            f"{self.iam_endpoint}/v3/auth/tokens",
            content=json.dumps(body).encode(),
            headers={"Content-Type": "application/json;charset=utf8", "User-Agent": USER_AGENT},
            # Asking for a token twice is harmless: let the retry layer ride out a 5xx.
            extensions={IDEMPOTENT: True},
        )

    def _fresh(self) -> bool:
        return (
            self._token is not None
            and self.expires_at is not None
            and self._clock() < self.expires_at - TOKEN_REFRESH_MARGIN
        )

    def _accept(self, response: httpx.Response) -> None:
        if response.status_code not in (200, 201):
            raise _iam_error(response, self.provider)
        token = response.headers.get("x-subject-token")
        if not token:
            raise InvalidResponse(
                self.provider,
                "IAM answered without an X-Subject-Token header",
                status=response.status_code,
                request_id=request_id_of(response),
            )
        data = decode_json(self.provider, response)
        expires = None
        if isinstance(data, dict) and isinstance(data.get("token"), dict):
            expires = parse_wire_time(data["token"].get("expires_at"))
        self._token = SecretStr(token)
        # Without an expiry, trust the documented 24 h lifetime.
        self.expires_at = expires or self._clock() + timedelta(hours=24)
        self.fetch_count += 1

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        async with self._lock:
            if not self._fresh():
                response = yield self.token_request()
                await response.aread()
                self._accept(response)
            used = self._token
        assert used is not None
        request.headers["X-Auth-Token"] = used.get_secret_value()
        response = yield request
        if response.status_code == 401:
            # Overriding async_auth_flow means httpx no longer reads bodies for us.
            await response.aread()
        if response.status_code == 401 and error_code_of(response) in TOKEN_EXPIRED_CODES:
            async with self._lock:
                # Another call may have refreshed already while this one was in flight.
                if self._token is used or not self._fresh():
                    token_response = yield self.token_request()
                    await token_response.aread()
                    self._accept(token_response)
                used = self._token
            assert used is not None
            request.headers["X-Auth-Token"] = used.get_secret_value()
            yield request

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError("IamPasswordAuth works with httpx.AsyncClient only")

    def __repr__(self) -> str:
        return (
            f"IamPasswordAuth(iam_endpoint={self.iam_endpoint!r}, username={self.username!r}, "
            f"account={self.account!r}, expires_at={self.expires_at!r})"
        )


def error_code_of(response: httpx.Response) -> str | None:
    try:
        body = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(body, dict):
        code = body.get("error_code")
        if isinstance(code, str):
            return code
        error = body.get("error")
        if isinstance(error, dict) and error.get("code") is not None:
            return str(error["code"])
    return None


def _iam_error(response: httpx.Response, provider: str = PROVIDER) -> ProviderError:
    """IAM's errors come as `{"error_code","error_msg"}` or Keystone's `{"error": {...}}`."""
    try:
        body: Any = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        body = None
    code = error_code_of(response)
    message = "IAM refused the token request"
    if isinstance(body, dict):
        if isinstance(body.get("error_msg"), str):
            message = body["error_msg"]
        elif isinstance(body.get("error"), dict) and isinstance(body["error"].get("message"), str):
            message = body["error"]["message"]
    kind = AuthError if response.status_code in (400, 401, 403) else ProviderError
    return kind(
        provider,
        f"getting an IAM token failed: {message}",
        code=code,
        request_id=request_id_of(response, body),
        status=response.status_code,
    )


def parse_wire_time(value: object) -> datetime | None:
    """A CloudPond/IAM timestamp (`...Z`, `...+08:00`, 0-9 fraction digits) as aware UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        # The common shapes (`...Z`, 0-9 fraction digits) in one C call: 10x the rewrite below,
        # which matters at 100,000 orders x three timestamps.
        moment = datetime.fromisoformat(value)
    except ValueError:
        pass
    else:
        if moment.tzinfo is UTC:
            return moment
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    text = value.strip().replace(" ", "T", 1)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # fromisoformat takes at most 6 fraction digits; IAM writes up to 9.
    head, dot, tail = text.partition(".")
    if dot:
        digits = len(tail) - len(tail.lstrip("0123456789"))
        fraction, zone = tail[:digits], tail[digits:]
        text = f"{head}.{(fraction[:6]).ljust(6, '0')}{zone}" if fraction else head + zone
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


async def lookup_domain_id(
    iam_endpoint: str,
    ak: SecretStr,
    sk: SecretStr,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = 20.0,
) -> str:
    """The account id behind an AK/SK, as the SDK finds it: signed `GET /v3/auth/domains`."""
    from tui.providers.http import build_client

    client = build_client(
        base_url=iam_endpoint.rstrip("/"),
        auth=AkSkAuth(ak, sk, None),
        headers={"User-Agent": USER_AGENT, "Content-Type": "application/json"},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        transport=transport,
    )
    async with client, transport_errors(PROVIDER):
        response = await client.get("/v3/auth/domains")
    if response.status_code != 200:
        raise _iam_error(response)
    data = decode_json(PROVIDER, response)
    try:
        return str(data["domains"][0]["id"])
    except (KeyError, IndexError, TypeError):
        raise InvalidResponse(
            PROVIDER,
            "IAM listed no domain for these credentials",
            status=response.status_code,
            request_id=request_id_of(response, data if isinstance(data, dict) else None),
        ) from None
