"""Fault-suite fixtures: retries without the production back-off (the attempts and the
decisions stay the same, only the sleeps shrink), and a DuoPlus budget that lets a test ask
again at once (a faulted request never reaches the sandbox's rate limiter anyway)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui.providers import http
from tui.sandbox.server import SandboxServer
from tui.sandbox.state import SandboxState

FAST_RETRY = http.RetryPolicy(attempts=4, base_delay=0.001, max_delay=0.005, max_retry_after=30.0)
"""Production's attempts and `Retry-After` ceiling, with millisecond back-off."""


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> Iterator[http.RetryPolicy]:
    monkeypatch.setattr(http, "DEFAULT_RETRY_POLICY", FAST_RETRY)
    yield FAST_RETRY


@pytest.fixture
def no_duoplus_spacing(monkeypatch: pytest.MonkeyPatch) -> None:
    """DuoPlus without its 1 s spacing, on both sides of the wire."""
    from tui.providers.duoplus import client as duoplus_client
    from tui.sandbox import duoplus as duoplus_sandbox

    monkeypatch.setattr(duoplus_client, "THROTTLE_INTERVAL", 0.0)
    monkeypatch.setattr(duoplus_sandbox, "RATE_LIMIT_SECONDS", 0.0)


@pytest.fixture(scope="module")
def shared_sandbox() -> Iterator[SandboxServer]:
    """One sandbox for a module of fault cases: starting and seeding one per case would cost
    more than the cases themselves. Each case clears faults and the request log first."""
    with SandboxServer(SandboxState()) as server:
        yield server


@pytest.fixture
def sandbox(shared_sandbox: SandboxServer) -> Iterator[SandboxServer]:
    shared_sandbox.state.faults.clear()
    shared_sandbox.state.clear_requests()
    yield shared_sandbox
    shared_sandbox.state.faults.clear()
