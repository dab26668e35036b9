"""The sandbox seeds each provider's data the first time it is read, so the demo's child
answers the dashboard's first request (CloudPond's) without seeding the other three."""

from __future__ import annotations

import itertools
import random
import threading
from datetime import UTC, datetime

import pytest

from tui.sandbox.app import create_app
from tui.sandbox.huawei_bss_seed import BssData
from tui.sandbox.state import ProviderData, SandboxState

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def seeded_names(state: SandboxState) -> list[str]:
    return sorted(dict.keys(state.providers))


def comparable(data: object) -> dict[str, object]:
    """A data set's fields but its counters and random generators (compared by state)."""
    fields = {
        k: v for k, v in vars(data).items() if not isinstance(v, random.Random | itertools.count)
    }
    generators = [v.getstate() for v in vars(data).values() if isinstance(v, random.Random)]
    return {**fields, "generators": generators}


def test_a_provider_is_seeded_when_first_read_and_only_then() -> None:
    state = SandboxState(clock=lambda: NOW)
    create_app(state)
    assert seeded_names(state) == []
    first = state.providers["cloudpond"]
    assert seeded_names(state) == ["cloudpond"]
    assert state.providers["cloudpond"] is first
    assert isinstance(state.providers.get("huawei_bss"), BssData)  # `get` seeds too
    assert seeded_names(state) == ["cloudpond", "huawei_bss"]
    assert state.providers.get("nobody") is None
    with pytest.raises(KeyError):
        state.providers["nobody"]


def test_a_data_set_put_in_before_it_is_read_is_the_one_served() -> None:
    state = SandboxState(clock=lambda: NOW)
    own = object()
    state.providers["duoplus"] = own
    create_app(state)
    assert state.providers["duoplus"] is own


def test_seeding_later_gives_the_same_data_as_seeding_at_once() -> None:
    early, late = SandboxState(clock=lambda: NOW), SandboxState(clock=lambda: NOW)
    create_app(early)
    create_app(late)
    for name in ("huawei_bss", "acedata", "duoplus", "cloudpond"):
        early.providers[name]
    for name in ("cloudpond", "duoplus", "acedata", "huawei_bss"):
        assert comparable(late.providers[name]) == comparable(early.providers[name]), name


def test_two_threads_reading_first_get_one_data_set() -> None:
    both_missed = threading.Barrier(2, timeout=10)

    class BothMiss(ProviderData):
        def __missing__(self, name: str) -> object:
            both_missed.wait()  # neither seeds before the other has missed too
            return super().__missing__(name)

    calls: list[int] = []
    providers = BothMiss()
    providers.seed_on_first_read("data", lambda: calls.append(1) or object())
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(providers["data"])) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(calls) == 1 and len(seen) == 2 and seen[0] is seen[1]
