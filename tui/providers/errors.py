"""One error hierarchy for every provider.

Messages carry what an operator needs to act (provider code, message, request id, HTTP status)
and never a credential: they are built from response bodies and our own words only, and the
request that failed is not attached.
"""

from __future__ import annotations


class OrderdeckError(Exception):
    """Anything orderdeck reports to a person instead of crashing."""


class ConfigError(OrderdeckError):
    """A config file or option that cannot be used; the message says where and how to fix it."""


class MissingCredentials(OrderdeckError):
    """A profile's secret is neither in the keyring nor in the environment."""


class TransportError(OrderdeckError):
    """The request did not get an HTTP answer: connect failure, timeout, reset."""

    def __init__(self, provider: str, message: str, *, outcome_unknown: bool = False) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.message = message
        self.outcome_unknown = outcome_unknown
        """True when the request may have reached the server (sent, then no answer)."""


class ProviderError(OrderdeckError):
    """The provider answered with an error (or with something that is not its API)."""

    def __init__(
        self,
        provider: str,
        message: str,
        *,
        code: str | None = None,
        request_id: str | None = None,
        status: int | None = None,
    ) -> None:
        self.provider = provider
        self.message = message
        self.code = code
        self.request_id = request_id
        self.status = status
        super().__init__(self.describe())

    def describe(self) -> str:
        """`CloudPond APIGW.0301 (HTTP 401): Incorrect IAM authentication [request id abc]`."""
        head = self.provider
        if self.code:
            head += f" {self.code}"
        if self.status is not None:
            head += f" (HTTP {self.status})"
        text = f"{head}: {self.message}"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.describe()!r})"


class AuthError(ProviderError):
    """Credentials refused (wrong, expired, or signature mismatch)."""


class PermissionError_(ProviderError):
    """Credentials accepted but not allowed to do this."""


class NotFound(ProviderError):
    """The order (or other object) does not exist for this account."""


class RateLimited(ProviderError):
    """The provider throttled us and retries ran out."""

    def __init__(
        self, provider: str, message: str, *, retry_after: float | None = None, **kw: object
    ) -> None:
        self.retry_after = retry_after
        super().__init__(provider, message, **kw)  # type: ignore[arg-type]


class InvalidResponse(ProviderError):
    """An answer that is not the provider's API: garbage JSON, HTML, wrong shapes."""


class PaginationLoop(ProviderError):
    """A marker came back that was already followed: the walk stops instead of spinning."""


class UnsupportedQuery(OrderdeckError):
    """A filter or sort the provider cannot do server-side."""
