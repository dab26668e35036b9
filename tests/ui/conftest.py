"""Dashboard fixtures: a sandbox and an app whose clocks stand still, so what the screen shows
(ages, countdowns, seeded dates) is the same on every run."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from tui.config import Config
from tui.deck import Deck
from tui.providers.duoplus import client as duoplus_client
from tui.sandbox import duoplus as duoplus_sandbox
from tui.sandbox.demo import demo_config, demo_secrets
from tui.sandbox.server import SandboxServer
from tui.sandbox.state import SandboxState
from tui.ui.app import OrderDeckApp

FROZEN_NOW = datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)
"""The instant both the sandbox and the app believe it is."""


def frozen_clock() -> datetime:
    return FROZEN_NOW


DUOPLUS_SPACING = (duoplus_client.THROTTLE_INTERVAL, duoplus_sandbox.RATE_LIMIT_SECONDS)
"""The client's throttle and the sandbox's rate limit, as the app ships them."""


@pytest.fixture(autouse=True)
def no_duoplus_spacing(monkeypatch: pytest.MonkeyPatch) -> None:
    """DuoPlus without its one-second spacing, on both sides of the wire: these tests are about
    what the screen does with the answers (the spacing itself is proven in
    tests/test_duoplus_client.py and the soak). A test that needs DuoPlus slow asks for
    `duoplus_spacing`."""
    monkeypatch.setattr(duoplus_client, "THROTTLE_INTERVAL", 0.0)
    monkeypatch.setattr(duoplus_sandbox, "RATE_LIMIT_SECONDS", 0.0)


@pytest.fixture
def duoplus_spacing(monkeypatch: pytest.MonkeyPatch) -> None:
    """DuoPlus spaced as it ships: one page a second."""
    throttle, rate_limit = DUOPLUS_SPACING
    monkeypatch.setattr(duoplus_client, "THROTTLE_INTERVAL", throttle)
    monkeypatch.setattr(duoplus_sandbox, "RATE_LIMIT_SECONDS", rate_limit)


@pytest.fixture
def frozen_sandbox(hostile_seed: bool) -> Iterator[SandboxServer]:
    """A sandbox at `FROZEN_NOW`, with the hostile strings seeded for tests marked
    `@pytest.mark.hostile`."""
    server = SandboxServer(SandboxState(clock=frozen_clock, hostile=hostile_seed)).start()
    yield server
    server.stop(wait=False)  # its shutdown overlaps the next test


@pytest.fixture
def ui_config(frozen_sandbox: SandboxServer) -> Config:
    return demo_config(frozen_sandbox.url, refresh_seconds=0, timezone="UTC")


GEN0_THRESHOLD = 7_000
"""Allocations between young collections while a dashboard test runs (Python's default is
700). A Textual app allocates enough that the default ran the cycle collector hundreds of
times per wizard test, and a full collection every few hundred, walking every object the
worker holds: 10-15 % of these tests' CPU."""


@pytest.fixture(autouse=True)
def fewer_collections() -> Iterator[None]:
    """The cycle collector at `GEN0_THRESHOLD` for the test, as it was after. The same garbage
    is found; it is looked for less often."""
    previous = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, *previous[1:])
    yield
    gc.set_threshold(*previous)


AppFactory = Callable[..., OrderDeckApp]


@pytest.fixture
def make_app(ui_config: Config) -> AppFactory:
    """`make_app(initial_view=..., config=...)`: an app on the frozen sandbox."""

    def build(initial_view: str | None = None, config: Config | None = None) -> OrderDeckApp:
        deck = Deck(config or ui_config, demo_secrets(), clock=frozen_clock)
        return OrderDeckApp(deck, initial_view=initial_view, clock=frozen_clock)

    return build
