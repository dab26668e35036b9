"""Fault injection for the sandbox: the ways real networks and gateways misbehave.

A fault is armed per path prefix (through `SandboxState.faults` or `POST /_sandbox/faults`) for
a number of requests, or per request with the header `X-Sandbox-Fault: KIND[;key=value...]`.
The middleware answers instead of the route, so every provider gets the same faults.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tui.sandbox.hostile import with_hostile_text

FAULT_HEADER = b"x-sandbox-fault"


class FaultKind(StrEnum):
    STATUS = "status"
    """An HTTP error status with the provider's own error body (`status=503`, `retry_after=2`)."""
    LATENCY = "latency"
    """Answer normally after `seconds`."""
    HANG = "hang"
    """Never answer (until the client times out)."""
    RESET = "reset"
    """Send headers and half the body, then drop the connection."""
    TRUNCATED = "truncated"
    """A complete HTTP answer whose JSON body is cut in half."""
    GARBAGE = "garbage"
    """Non-JSON bytes with a JSON content type."""
    HTML = "html"
    """A gateway's HTML error page."""
    EMPTY = "empty"
    """HTTP 200 with an empty body."""
    NULL = "null"
    """HTTP 200 with the JSON `null`."""
    WRONG_CONTENT_TYPE = "wrong_content_type"
    """The normal body, labelled text/plain."""
    BODY = "body"
    """Replace the JSON body with `body` (a JSON value), status `status` (default 200)."""
    HOSTILE = "hostile"
    """The real answer, with hostile text (`sandbox.hostile`) appended to every string value
    under a key listed in `body` (every string value when `body` is null)."""


@dataclass(slots=True)
class Fault:
    kind: FaultKind
    path_prefix: str = "/"
    times: int | None = 1
    """How many matching requests it hits; None = until cleared."""
    method: str | None = None
    status: int = 500
    seconds: float = 0.0
    retry_after: float | None = None
    body: Any = None

    def matches(self, method: str, path: str) -> bool:
        return path.startswith(self.path_prefix) and (self.method in (None, method))


@dataclass
class FaultPlan:
    """Armed faults, checked in order; thread-safe because tests arm them from another thread."""

    faults: list[Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def arm(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self.faults.remove(fault)
                    return fault
        return None


def parse_fault_header(value: str) -> Fault:
    """`status;status=503;retry_after=1` -> Fault(STATUS, status=503, retry_after=1.0)."""
    kind, *options = [part.strip() for part in value.split(";") if part.strip()]
    fault = Fault(FaultKind(kind))
    for option in options:
        key, _, raw = option.partition("=")
        if key == "status":
            fault.status = int(raw)
        elif key == "seconds":
            fault.seconds = float(raw)
        elif key == "retry_after":
            fault.retry_after = float(raw)
        else:
            raise ValueError(f"unknown fault option {key!r}")
    return fault


class FaultMiddleware:
    """Applies an armed fault (or a header fault) instead of, or around, the route."""

    def __init__(self, app: ASGIApp, plan: FaultPlan, error_body: Any) -> None:
        self.app = app
        self.plan = plan
        self.error_body = error_body
        """`error_body(path, status, message) -> (json, headers)` in the provider's format."""
        self._hostile_turn = [0]
        """Which hostile string comes next: the turn goes on across answers, so short lists
        (a few edge sites) still meet every kind."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sandbox"):
            await self.app(scope, receive, send)
            return
        fault = None
        for name, value in scope["headers"]:
            if name == FAULT_HEADER:
                fault = parse_fault_header(value.decode())
        if fault is None:
            fault = self.plan.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        await self._apply(fault, scope, receive, send)

    async def _apply(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        import json

        kind = fault.kind
        if kind is FaultKind.LATENCY:
            await asyncio.sleep(fault.seconds)
            await self.app(scope, receive, send)
            return
        if kind is FaultKind.HANG:
            await asyncio.sleep(fault.seconds or 3600)
            return
        if kind in (FaultKind.RESET, FaultKind.TRUNCATED, FaultKind.WRONG_CONTENT_TYPE):
            status, headers, body = await _capture(self.app, scope, receive)
            if kind is FaultKind.WRONG_CONTENT_TYPE:
                headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
                await _respond(send, status, body, b"text/plain", headers)
                return
            half = body[: len(body) // 2]
            if kind is FaultKind.TRUNCATED:
                await _respond(send, status, half, b"application/json")
                return
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": half, "more_body": True})
            raise ConnectionResetError("sandbox fault: connection reset mid-body")
        if kind is FaultKind.STATUS:
            payload, extra_headers = self.error_body(scope["path"], fault.status, "injected fault")
            headers = list(extra_headers)
            if fault.retry_after is not None:
                headers.append((b"retry-after", f"{fault.retry_after:g}".encode()))
            await _respond(
                send, fault.status, json.dumps(payload).encode(), b"application/json", headers
            )
            return
        simple: dict[FaultKind, tuple[int, bytes, bytes]] = {
            FaultKind.GARBAGE: (200, b"\x00\xffnot json{{", b"application/json"),
            FaultKind.HTML: (
                fault.status if fault.status != 500 else 502,
                b"<html><head><title>502 Bad Gateway</title></head>"
                b"<body><h1>502 Bad Gateway</h1></body></html>",
                b"text/html",
            ),
            FaultKind.EMPTY: (200, b"", b"application/json"),
            FaultKind.NULL: (200, b"null", b"application/json"),
        }
        if kind is FaultKind.HOSTILE:
            status, headers, body = await _capture(self.app, scope, receive)
            fields = frozenset(fault.body) if fault.body is not None else None
            spoiled = with_hostile_text(json.loads(body), fields, self._hostile_turn)
            await _respond(send, status, json.dumps(spoiled).encode(), b"application/json", headers)
            return
        if kind is FaultKind.BODY:
            status = fault.status if fault.status != 500 else 200
            await _respond(send, status, json.dumps(fault.body).encode(), b"application/json")
            return
        status, body, content_type = simple[kind]
        await _respond(send, status, body, content_type)


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[int, list[Any], bytes]:
    status = 200
    headers: list[Any] = []
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = [
                (k, v) for k, v in message.get("headers", []) if k.lower() != b"content-length"
            ]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, capture)
    return status, headers, b"".join(chunks)


async def _respond(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    all_headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    all_headers += [
        (k, v) for k, v in headers or [] if k.lower() not in (b"content-type", b"content-length")
    ]
    await send({"type": "http.response.start", "status": status, "headers": all_headers})
    await send({"type": "http.response.body", "body": body})
