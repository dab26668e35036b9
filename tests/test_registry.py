"""A provider from outside orderdeck (tests/providers/memory.py), installed through the
`orderdeck.providers` entry-point group, is a provider like the built-in ones: the config reads
its profiles, the dashboard's switcher lists them, and `orderdeck list` prints their orders."""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.providers.memory import NAME, MemoryProfile
from tui.config import parse_config
from tui.errors import ConfigError
from tui.providers import registry

MEMORY_CONFIG = """
[profiles.mem]
provider = "memory"
orders = 3
"""


@pytest.fixture
def memory_installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The memory provider as a distribution would install it: one entry point."""
    point = importlib.metadata.EntryPoint(
        name="memory", value="tests.providers.memory:ENTRY", group=registry.ENTRY_POINT_GROUP
    )
    real = importlib.metadata.entry_points

    def entry_points(**selection: str) -> importlib.metadata.EntryPoints:
        if selection.get("group") == registry.ENTRY_POINT_GROUP:
            return importlib.metadata.EntryPoints([point])
        return real(**selection)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    registry.reset_discovery()
    yield
    registry.unregister("memory")
    registry.reset_discovery()


def test_the_built_in_providers_are_registered_without_scanning_entry_points() -> None:
    assert registry.get("duoplus") is not None
    assert registry.display_name("acedata") == "Ace Data"
    assert [entry.key for entry in registry.creators()] == ["cloudpond"]


@pytest.mark.usefixtures("memory_installed")
def test_the_config_reads_a_third_party_providers_profile() -> None:
    config = parse_config(MEMORY_CONFIG)
    profile = config.profile("mem")
    assert isinstance(profile, MemoryProfile)
    assert profile.orders == 3 and profile.secret_fields == ("token",)
    assert "memory" in set(registry.keys())


@pytest.mark.usefixtures("memory_installed")
def test_an_unknown_provider_is_refused_with_every_installed_one_named() -> None:
    names = "cloudpond, duoplus, acedata, huawei_bss, memory"
    with pytest.raises(ConfigError, match=f"use one of {names}"):
        parse_config('[profiles.x]\nprovider = "nimbus"\n')


@pytest.mark.usefixtures("memory_installed")
def test_orderdeck_list_prints_a_third_party_providers_orders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(MEMORY_CONFIG, encoding="utf-8")
    monkeypatch.setenv("ORDERDECK_MEM_TOKEN", "anything")
    result = run(capsys, "--config", str(config), "list", "--format", "json")
    assert result.code == 0, result.err
    orders = json.loads(result.out)
    assert [order["id"] for order in orders] == ["mem-1", "mem-2", "mem-3"]
    assert {order["provider"] for order in orders} == {"memory"}


@pytest.mark.usefixtures("memory_installed")
async def test_the_dashboards_switcher_lists_a_third_party_profile() -> None:
    from tui.deck import Deck
    from tui.secrets import MemoryStore
    from tui.ui.app import OrderDeckApp
    from tui.ui.widgets.order_table import OrderTable
    from tui.ui.widgets.profile_list import ProfileList

    config = parse_config(MEMORY_CONFIG.replace("orders = 3", "orders = 2"))
    deck = Deck(config, MemoryStore({("mem", "token"): "anything"}))
    app = OrderDeckApp(deck, initial_view="mem")
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        switcher = app.screen.query_one(ProfileList)
        prompts = [str(switcher.prompt(i)) for i in range(switcher.option_count)]
        assert any("mem" in prompt and NAME in prompt for prompt in prompts)
        table = app.screen.query_one(OrderTable)
        assert {order.id for order in table.rows} == {"mem-1", "mem-2"}
