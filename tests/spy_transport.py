"""A transport for tests that must see request headers, which the sandbox log does not keep."""

from __future__ import annotations

import httpx


class SpyTransport(httpx.AsyncBaseTransport):
    """The real network, remembering each request as sent (headers included)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.sent: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
