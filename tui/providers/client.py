"""`BaseClient`: the half of every provider client that does not depend on the provider.

It builds the `httpx.AsyncClient` (timeouts, CA bundle, User-Agent, retries and throttling
below), sends a call and turns the answer into decoded JSON or our error, maps HTTP statuses
and provider codes to the error tree through the provider's `ErrorRule` table, reads a list
answer through the fast path with the wire models as fallback, and closes. A provider's
client keeps only its differences: auth, URLs, wire models, how its errors read, its table.

A subclass provides:
- `error_from_response(response)`: its error body read into `provider_error(...)`;
- `unwrap(data, response)` when its API can say "error" inside an HTTP 200 (or wraps data);
- `_plain_listing(data)` / `_modelled_listing(data, response)` for its list answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, NamedTuple, TypeVar

import httpx
import pydantic

from tui.errors import ProviderError, RateLimited
from tui.providers.base import USER_AGENT, decode_json, transport_errors
from tui.providers.fast_path import orders_kept_out_of_young_collections
from tui.providers.http import IDEMPOTENT, NO_RETRY, build_client, retry_after_seconds

if TYPE_CHECKING:
    from collections.abc import Hashable

    from tui.config import ProfileBase

CONNECT_TIMEOUT: Final = 5.0
"""Seconds to open a connection: a reachable API connects in well under one, and a dead one
should fail fast even when the profile allows slow answers."""

L = TypeVar("L")
"""What a provider's list answer reads into (its orders plus its paging numbers)."""


class ErrorRule(NamedTuple):
    """HTTP statuses and provider codes that mean one kind of error."""

    kind: type[ProviderError]
    statuses: frozenset[int]
    codes: frozenset[str] = frozenset()


def provider_error(
    provider: str,
    rules: Iterable[ErrorRule],
    response: httpx.Response,
    message: str,
    *,
    code: str | None = None,
    request_id: str | None = None,
) -> ProviderError:
    """The error for an answer: the first rule naming its status or its code, in table order,
    else a plain `ProviderError`."""
    status = response.status_code
    kind = next(
        (rule.kind for rule in rules if status in rule.statuses or code in rule.codes),
        ProviderError,
    )
    if issubclass(kind, RateLimited):
        return kind(
            provider,
            message,
            retry_after=retry_after_seconds(response),
            code=code,
            status=status,
            request_id=request_id,
        )
    return kind(provider, message, code=code, status=status, request_id=request_id)


class BaseClient:
    """What every provider client shares; see the module docstring for what a subclass adds."""

    name: str
    """The provider's display name (its registry entry's)."""
    error_rules: ClassVar[tuple[ErrorRule, ...]] = ()
    """Status and code -> error kind, first match wins."""

    def __init__(
        self,
        profile: ProfileBase,
        *,
        headers: Mapping[str, str],
        auth: httpx.Auth | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        throttle_interval: float | None = None,
        throttle_key: Hashable = None,
        wrap: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        timeout = profile.timeout_seconds
        self._http = build_client(
            base_url=profile.endpoint,
            auth=auth,
            headers={**headers, "User-Agent": USER_AGENT},
            timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
            verify=str(profile.ca_bundle) if profile.ca_bundle else True,
            transport=transport,
            throttle_interval=throttle_interval,
            throttle_key=throttle_key,
            wrap=wrap,
        )
        self._endpoint = profile.endpoint
        self._profile_name = profile.name

    def __repr__(self) -> str:
        return f"{type(self).__name__}(profile={self._profile_name!r}, endpoint={self._endpoint!r})"

    # --- the request path ----------------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: list[tuple[str, str]] | None = None,
        content: bytes | None = None,
        json_body: Any = None,
        sent_once: bool = False,
        idempotent: bool = False,
    ) -> tuple[Any, httpx.Response]:
        """One call: the answer's (unwrapped) JSON and the response, or our error.

        `sent_once` marks a call that changes state (never retried, and a lost answer is
        "outcome unknown"); `idempotent` lets the retry transport repeat a non-GET read."""
        headers = {"Content-Type": "application/json"} if content is not None else None
        extensions = {NO_RETRY: True} if sent_once else {IDEMPOTENT: True} if idempotent else None
        async with transport_errors(self.name, sent_once=sent_once):
            response = await self._http.request(
                method,
                path,
                # A tuple, not a list: httpx's parameter type is covariant only for tuples.
                params=tuple(params) if params else None,
                content=content,
                json=json_body,
                headers=headers,
                extensions=extensions,
            )
        if not response.is_success:
            raise self.error_from_response(response)
        return self.unwrap(decode_json(self.name, response), response), response

    def error_from_response(self, response: httpx.Response) -> ProviderError:
        """The provider's error answer as our error type."""
        raise NotImplementedError

    def unwrap(self, data: Any, response: httpx.Response) -> Any:
        """The data of a successful answer; raises for an error inside HTTP 200."""
        return data

    def provider_error(
        self,
        response: httpx.Response,
        message: str,
        *,
        code: str | None = None,
        request_id: str | None = None,
    ) -> ProviderError:
        """`provider_error` with this provider's name and table."""
        return provider_error(
            self.name, self.error_rules, response, message, code=code, request_id=request_id
        )

    # --- list answers --------------------------------------------------------------------------

    @staticmethod
    def fast_path(read: Callable[[], L | None]) -> L | None:
        """A list answer through the provider's `plain_orders` fast path, or None when an item
        is not plain enough: then the wire models read the whole answer, with their errors."""
        try:
            with orders_kept_out_of_young_collections():
                return read()
        except pydantic.ValidationError:
            return None  # an item the wire model refuses: its error comes from the whole answer

    async def aclose(self) -> None:
        await self._http.aclose()
