"""`orderdeck serve --demo` in a real browser: headless Chromium (Debian's, driven by
Playwright) opens the page, waits for the order rows, presses `p` and sees the payments view;
off loopback a request without the token is refused.

Skipped, with the reason, only where no Chromium is installed: `.ci/run` installs Debian's.
The page draws the terminal on a canvas, so what the app shows is read from the websocket
frames the page receives (the app's own terminal output)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium on this machine (apt install chromium)"
    ),
    pytest.mark.xdist_group("browser"),
]

README_SHOT = Path(__file__).resolve().parents[1] / "screenshots" / "browser_tab.png"
"""Where the README's picture comes from: written when ORDERDECK_BROWSER_SHOT=1
(scripts/screenshots.py sets it), to the test's own folder otherwise."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""No network but loopback here: without these Chromium keeps reaching for Google's hosts."""


ESCAPES = re.compile(r"\x1b\[[0-9;?$]*[A-Za-z]|\x1b\][^\x07]*\x07")
"""The terminal's control sequences, taken out before looking for text."""


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def start_serving(*args: str, host: str = "127.0.0.1") -> tuple[subprocess.Popen[str], str]:
    """`orderdeck serve --demo` on a free port; returns the process and the URL it printed."""
    port = free_port(host)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui",
            "serve",
            "--demo",
            "--host",
            host,
            "--port",
            str(port),
            *args,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    for line in process.stderr:
        match = re.search(r"(http://\S+)", line)
        if match:
            return process, match.group(1)
        if time.monotonic() > deadline:
            break
    process.kill()
    pytest.fail("orderdeck serve printed no URL")


@pytest.fixture
def serving() -> Iterator[tuple[subprocess.Popen[str], str]]:
    process, url = start_serving()
    yield process, url
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def test_the_dashboard_opens_in_a_browser_tab_and_p_shows_payments(
    serving: tuple[subprocess.Popen[str], str], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    _, url = serving
    received: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on(
            "websocket",
            lambda socket_: socket_.on(
                "framereceived",
                lambda frame: received.append(
                    frame if isinstance(frame, str) else frame.decode("utf-8", "replace")
                ),
            ),
        )
        opened = time.monotonic()
        page.goto(url)

        def shown(text: str, timeout: float = 45) -> bool:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if text in ESCAPES.sub("", "".join(received)):
                    return True
                page.wait_for_timeout(100)
            return False

        assert shown("page 1 · "), "order rows on the page (the status line counts them)"
        first_rows = time.monotonic() - opened
        assert shown("read-only"), "the banner says the mode"
        shot = README_SHOT if os.environ.get("ORDERDECK_BROWSER_SHOT") else tmp_path / "tab.png"
        page.screenshot(path=str(shot))
        page.mouse.click(700, 450)  # the terminal takes the keys
        received.clear()
        page.keyboard.press("p")
        assert shown("Pending payments"), "p opens the payments view"
        browser.close()
    print(f"first rows {first_rows:.2f} s after the page was opened")


def test_off_loopback_a_request_without_the_token_is_refused(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("browser-test-token-0123456789\n")
    process, url = start_serving("--token-file", str(token_file), host="127.0.0.2")
    try:
        assert "token=" not in url, "a token from a file is never printed"
        assert httpx.get(url).status_code == 403
        assert httpx.get(url, params={"token": "nope-nope-nope-nope"}).status_code == 403
        assert httpx.get(url, params={"token": "browser-test-token-0123456789"}).status_code == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
