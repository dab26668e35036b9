"""`orderdeck serve` without a browser: when a token is needed, how it is checked, what each
tab runs. The browser itself is driven in tests/test_serve_browser.py."""

from __future__ import annotations

import shlex
from pathlib import Path

import httpx
import pytest
from aiohttp.test_utils import TestServer

from tui.errors import UsageError
from tui.serve import (
    TOKEN_COOKIE,
    DashboardServer,
    ServeSettings,
    app_command,
    choose_token,
    needs_token,
    page_url,
)

TOKEN = "a-token-of-twenty-four-chars"


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost"])
def test_loopback_is_served_without_a_token(host: str) -> None:
    assert not needs_token(host)
    assert choose_token(host, None) == (None, False)


@pytest.mark.parametrize("host", ["127.0.0.2", "0.0.0.0", "192.0.2.10", "::", "dashboard.lan"])
def test_any_other_address_gets_a_new_token_printed_once(host: str) -> None:
    token, generated = choose_token(host, None)
    assert token is not None and len(token) >= 32 and generated
    assert choose_token(host, None)[0] != token, "a new one each start"


def test_a_token_file_is_used_and_never_printed(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    assert choose_token("127.0.0.2", path) == (TOKEN, False)
    settings = ServeSettings("127.0.0.2", 8000, TOKEN, False, "x", "read-only")
    assert TOKEN not in page_url(settings)


def test_a_short_or_missing_token_file_is_refused(tmp_path: Path) -> None:
    short = tmp_path / "short"
    short.write_text("abc\n")
    with pytest.raises(UsageError, match="at least 16"):
        choose_token("127.0.0.2", short)
    with pytest.raises(UsageError, match="cannot read"):
        choose_token("127.0.0.2", tmp_path / "missing")


def test_each_tab_runs_the_dashboard_in_its_served_mode(tmp_path: Path) -> None:
    command = app_command(tmp_path / "my config.toml", "edge", "read-only", python="/py")
    assert shlex.split(command) == [
        "/py", "-m", "tui", "--config", str(tmp_path / "my config.toml"),
        "--profile", "edge", "--served", "read-only",
    ]  # fmt: skip


async def served(token: str | None) -> TestServer:
    settings = ServeSettings("127.0.0.2", 0, token, False, "true", "read-only")
    server = TestServer(await DashboardServer(settings)._make_app(), host="127.0.0.1")
    await server.start_server()
    return server


async def test_every_request_without_the_token_is_refused() -> None:
    server = await served(TOKEN)
    try:
        async with httpx.AsyncClient(base_url=str(server.make_url("/"))) as client:
            for path in ("/", "/static/js/textual.js", "/ws", "/download/x"):
                refused = await client.get(path)
                assert refused.status_code == 403, path
                assert TOKEN not in refused.text
            assert (await client.get("/", params={"token": "wrong" + TOKEN})).status_code == 403
    finally:
        await server.close()


async def test_the_token_opens_the_page_and_a_cookie_carries_it_to_the_rest() -> None:
    server = await served(TOKEN)
    try:
        async with httpx.AsyncClient(base_url=str(server.make_url("/"))) as client:
            page = await client.get("/", params={"token": TOKEN})
            assert page.status_code == 200
            cookie = page.headers["set-cookie"]
            assert cookie.startswith(f"{TOKEN_COOKIE}=") and "HttpOnly" in cookie
            assert "SameSite=Strict" in cookie
            assert TOKEN not in page.text, "the served HTML holds no token"
            assert (await client.get("/static/js/textual.js")).status_code == 200
    finally:
        await server.close()


async def test_loopback_needs_no_token() -> None:
    server = await served(None)
    try:
        async with httpx.AsyncClient(base_url=str(server.make_url("/"))) as client:
            assert (await client.get("/")).status_code == 200
    finally:
        await server.close()
