"""Every error orderdeck reports to a person, in one tree:

```
OrderdeckError                    exit 1   anything reported instead of a traceback
├── ConfigError                   exit 2   a config file or option that cannot be used
├── MissingCredentials            exit 2   a profile's secret is in neither keyring nor env
├── KeyringUnavailable            exit 2   no usable OS keyring backend
├── UnsupportedQuery              exit 2   a filter or sort the provider cannot do
├── UsageError                    exit 2   a command line that cannot work
├── Cancelled                     exit 1   the user answered no: nothing was sent
├── TransportError                exit 1   no HTTP answer: connect failure, timeout, reset
└── ProviderError                 exit 1   the provider answered with an error
    ├── AuthError                          credentials refused
    ├── AccessDenied                       credentials accepted, action not allowed
    ├── NotFound                           no such order (or other object)
    ├── RateLimited                        throttled, and retries ran out
    ├── InvalidResponse                    an answer that is not the provider's API
    └── PaginationLoop                     the server served the same page again
```

Each class carries the CLI's exit code for it (`exit_code`): 1 when the command was right and
the world was not, 2 when the user can fix it locally (argparse's own code for bad usage).
Messages carry what an operator needs to act (provider code, message, request id, HTTP status)
and never a credential: they are built from response bodies and our own words only, and the
request that failed is not attached.
"""

from __future__ import annotations

from typing import ClassVar, Final, TypedDict, Unpack

EXIT_PROVIDER: Final = 1
"""The provider refused or could not be reached: the command was right, the world was not."""
EXIT_USAGE: Final = 2
"""Bad arguments, config or missing credentials: the user can fix it locally (argparse uses 2)."""


class OrderdeckError(Exception):
    """Anything orderdeck reports to a person instead of crashing."""

    exit_code: ClassVar[int] = EXIT_PROVIDER
    """What `orderdeck` exits with when this error ends a command."""


class ConfigError(OrderdeckError):
    """A config file or option that cannot be used; the message says where and how to fix it."""

    exit_code = EXIT_USAGE


class MissingCredentials(OrderdeckError):
    """A profile's secret is neither in the keyring nor in the environment."""

    exit_code = EXIT_USAGE


class KeyringUnavailable(OrderdeckError):
    """No usable keyring backend; the message says how to get one or use env variables."""

    exit_code = EXIT_USAGE


class UnsupportedQuery(OrderdeckError):
    """A filter or sort the provider cannot do server-side."""

    exit_code = EXIT_USAGE


class UsageError(OrderdeckError):
    """A command line that cannot work."""

    exit_code = EXIT_USAGE


class Cancelled(OrderdeckError):
    """The user answered no: nothing was sent."""


class TransportError(OrderdeckError):
    """The request did not get an HTTP answer: connect failure, timeout, reset."""

    def __init__(self, provider: str, message: str, *, outcome_unknown: bool = False) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.message = message
        self.outcome_unknown = outcome_unknown
        """True when the request may have reached the server (sent, then no answer)."""


class ErrorDetails(TypedDict, total=False):
    """What a provider's error answer tells besides its message."""

    code: str | None
    request_id: str | None
    status: int | None


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


class AccessDenied(ProviderError):
    """Credentials accepted but not allowed to do this."""


class NotFound(ProviderError):
    """The order (or other object) does not exist for this account."""


class RateLimited(ProviderError):
    """The provider throttled us and retries ran out."""

    def __init__(
        self,
        provider: str,
        message: str,
        *,
        retry_after: float | None = None,
        **details: Unpack[ErrorDetails],
    ) -> None:
        self.retry_after = retry_after
        """Seconds the provider asked us to wait (`Retry-After`), when it said."""
        super().__init__(provider, message, **details)


class InvalidResponse(ProviderError):
    """An answer that is not the provider's API: garbage JSON, HTML, wrong shapes."""


class PaginationLoop(ProviderError):
    """A marker came back that was already followed: the walk stops instead of spinning."""
