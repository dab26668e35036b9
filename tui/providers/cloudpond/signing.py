"""AK/SK request signing (`SDK-HMAC-SHA256`) as pure functions: the client signs with them
and the sandbox verifies with exactly the same code; both are tested byte for byte against
Huawei's official signer.

No httpx, no pydantic: the sandbox's process imports this module at start-up, and it answers
the dashboard's first request sooner without them.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Final
from urllib.parse import quote, unquote

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

ALGORITHM: Final = "SDK-HMAC-SHA256"
"""The only algorithm the IES gateway documents for AK/SK signing."""

SDK_DATE_FORMAT: Final = "%Y%m%dT%H%M%SZ"
"""`X-Sdk-Date` is basic ISO 8601 in UTC, second precision."""

EMPTY_BODY_SHA256: Final = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
"""sha256 of zero bytes: the payload hash of every GET."""

SIGNED_HEADERS: Final = ("content-type", "host", "x-domain-id", "x-sdk-date")
"""What we sign: enough to bind the request to this account, host, moment and body type."""

MAX_CLOCK_SKEW: Final = timedelta(minutes=15)
"""The gateway refuses an `X-Sdk-Date` further than this from its own clock."""


# --- the canonicalizer (pure functions) ------------------------------------------------------


def encode(text: str) -> str:
    """Percent-encode everything but RFC 3986 unreserved characters (`~` included)."""
    return quote(text, safe="~")


def canonical_uri(path: str) -> str:
    """The path unquoted, each segment re-encoded, always ending in `/`."""
    encoded = "/".join(encode(segment) for segment in unquote(path).split("/"))
    return encoded if encoded.endswith("/") else encoded + "/"


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """`k=v` pairs sorted by (raw key, raw value), each side encoded, joined by `&`."""
    return "&".join(f"{encode(key)}={encode(value)}" for key, value in sorted(pairs))


def parse_query(raw_query: str) -> list[tuple[str, str]]:
    """Query pairs from a raw query string exactly as the gateway reads it: `%XX` decoded, `+`
    kept as a plus. A client that sends a space as `+` therefore fails verification, as it
    would against the real gateway."""
    pairs: list[tuple[str, str]] = []
    for part in raw_query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        pairs.append((unquote(key), unquote(value)))
    return pairs


def canonical_headers(headers: Mapping[str, str], signed: Sequence[str]) -> str:
    """`name:value` lines for each signed header, each ending in a newline."""
    lowered = {name.lower(): value for name, value in headers.items()}
    return "".join(f"{name}:{lowered.get(name, '').strip()}\n" for name in signed)


def payload_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest() if body else EMPTY_BODY_SHA256


def canonical_request(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    signed: Sequence[str],
    body: bytes,
) -> str:
    return "\n".join(
        (
            method.upper(),
            canonical_uri(path),
            canonical_query(query),
            canonical_headers(headers, signed),
            ";".join(signed),
            payload_hash(body),
        )
    )


def string_to_sign(canonical: str, sdk_date: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{sdk_date}\n{digest}"


def signature(sk: str, to_sign: str) -> str:
    return hmac.new(sk.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(ak: str, signed: Sequence[str], signature_hex: str) -> str:
    return f"{ALGORITHM} Access={ak}, SignedHeaders={';'.join(signed)}, Signature={signature_hex}"


def parse_authorization(value: str) -> tuple[str, list[str], str] | None:
    """(AK, signed header names, signature) from an `Authorization` header, or None."""
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        return None
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, sep, field_value = part.strip().partition("=")
        if sep:
            fields[name] = field_value
    try:
        return fields["Access"], fields["SignedHeaders"].split(";"), fields["Signature"]
    except KeyError:
        return None


def sign(
    *,
    ak: str,
    sk: str,
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    signed: Sequence[str],
    body: bytes,
) -> str:
    """The `Authorization` header value for a request whose headers already hold `X-Sdk-Date`."""
    signed = sorted(name.lower() for name in signed)
    lowered = {name.lower(): value for name, value in headers.items()}
    canonical = canonical_request(method, path, query, headers, signed, body)
    to_sign = string_to_sign(canonical, lowered["x-sdk-date"])
    return authorization(ak, signed, signature(sk, to_sign))


def sdk_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(SDK_DATE_FORMAT)


def parse_sdk_date(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, SDK_DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def utc_now() -> datetime:
    return datetime.now(UTC)
