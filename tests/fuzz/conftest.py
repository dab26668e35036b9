"""Fuzz fixtures: the fault suite's fast retries, and no DuoPlus spacing (every example talks
to a mock transport, so there is no server budget to respect)."""

from __future__ import annotations

import pytest

from tests.faults.conftest import FAST_RETRY
from tui.providers import http


@pytest.fixture(autouse=True)
def fast_and_unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.providers.duoplus import client as duoplus_client

    monkeypatch.setattr(http, "DEFAULT_RETRY_POLICY", FAST_RETRY)
    monkeypatch.setattr(duoplus_client, "THROTTLE_INTERVAL", 0.0)
