"""The sandbox ASGI app: the providers' APIs on one port under their own paths, plus
`/_sandbox/` control routes for tests (request log, faults, status changes)."""

from __future__ import annotations

import itertools
import json
import time
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tui.sandbox import acedata, cloudpond, duoplus, huawei_bss
from tui.sandbox.faults import Fault, FaultKind, FaultMiddleware
from tui.sandbox.state import RecordedRequest, SandboxState

_ROUTERS = {
    "cloudpond": cloudpond,
    "duoplus": duoplus,
    "acedata": acedata,
    "huawei_bss": huawei_bss,
}


def provider_for_path(path: str) -> str:
    """Which fake API owns a path; the providers' real paths do not overlap."""
    if path.startswith("/api/v1/team/"):
        return "duoplus"
    if path.startswith("/api/v1/"):
        return "acedata"
    if path.startswith("/v2/orders/"):
        return "huawei_bss"
    if path.startswith("/_sandbox"):
        return "sandbox"
    return "cloudpond"


def create_app(state: SandboxState | None = None) -> Starlette:
    state = state or SandboxState()
    for name, module in _ROUTERS.items():
        state.providers.seed_on_first_read(name, partial(module.seed_data, state))
    routes: list[Route] = []
    for module in _ROUTERS.values():
        routes.extend(module.routes(state))
    routes.extend(_control_routes(state))
    app = Starlette(routes=routes)
    app.state.sandbox = state

    fault_numbers = itertools.count(1)

    def error_body(path: str, status: int, message: str) -> tuple[Any, list[tuple[bytes, bytes]]]:
        provider = provider_for_path(path)
        if provider not in _ROUTERS:
            return {"detail": message}, []
        payload, headers = _ROUTERS[provider].error_body(status, message)
        # Injected faults get request ids numbered per sandbox, so screenshots of an error
        # state are the same on every run.
        request_id = f"fault-{state.seed:x}-{next(fault_numbers):04d}"
        headers = [(k, v) for k, v in headers if k.lower() != b"x-request-id"]
        headers.append((b"x-request-id", request_id.encode()))
        if isinstance(payload, dict) and "request_id" in payload:
            payload = {**payload, "request_id": request_id}
        return payload, headers

    with_faults = FaultMiddleware(app, state.faults, error_body)
    return _RecordingApp(with_faults, state)  # type: ignore[return-value]


class _RecordingApp:
    """Logs every provider request (method, path, query, body, answered status)."""

    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sandbox"):
            await self.app(scope, receive, send)
            return
        arrived = time.monotonic()
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        recorded = False

        def record(status: int) -> None:
            nonlocal recorded
            if recorded:
                return
            recorded = True
            from urllib.parse import parse_qsl

            self.state.record(
                RecordedRequest(
                    at=arrived,
                    provider=provider_for_path(scope["path"]),
                    method=scope["method"],
                    path=scope["path"],
                    query=tuple(parse_qsl(scope["query_string"].decode(), keep_blank_values=True)),
                    body=body,
                    status=status,
                )
            )

        async def watch(message: Message) -> None:
            # Logged before the answer leaves, so a client that has its response can already
            # find its request in the log.
            if message["type"] == "http.response.start":
                record(message["status"])
            await send(message)

        try:
            await self.app(scope, replay, watch)
        finally:
            record(0)


def _control_routes(state: SandboxState) -> list[Route]:
    async def requests(request: Request) -> Response:
        provider = request.query_params.get("provider")
        with state.lock:
            seen = [r for r in state.requests if provider in (None, r.provider)]
        return JSONResponse(
            {
                "rate_limit_violations": state.rate_limit_violations,
                "requests": [
                    {
                        "at": r.at,
                        "provider": r.provider,
                        "method": r.method,
                        "path": r.path,
                        "query": list(r.query),
                        "status": r.status,
                        "body": r.body.decode("utf-8", "replace"),
                    }
                    for r in seen
                ],
            }
        )

    async def arm_fault(request: Request) -> Response:
        spec = json.loads(await request.body())
        spec["kind"] = FaultKind(spec["kind"])
        state.faults.arm(Fault(**spec))
        return JSONResponse({"armed": len(state.faults.faults)})

    async def clear(request: Request) -> Response:
        state.faults.clear()
        state.clear_requests()
        return JSONResponse({"cleared": True})

    async def set_status(request: Request) -> Response:
        provider = request.path_params["provider"]
        order_id = request.path_params["order_id"]
        new_status = (await request.json())["status"]
        found = _ROUTERS[provider].set_order_status(state, order_id, new_status)
        return JSONResponse({"updated": found}, status_code=200 if found else 404)

    return [
        Route("/_sandbox/requests", requests, methods=["GET"]),
        Route("/_sandbox/faults", arm_fault, methods=["POST"]),
        Route("/_sandbox/reset", clear, methods=["POST"]),
        Route("/_sandbox/orders/{provider}/{order_id}/status", set_status, methods=["POST"]),
    ]
