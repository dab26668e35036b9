"""The early first page: fetched on its own thread through the same clients, over blocking
sockets, before the dashboard exists."""

from __future__ import annotations

import ast
import asyncio
import threading

import pytest
from pydantic import SecretStr

from tests.fresh_interpreter import run_python
from tui.config import Config
from tui.deck import Deck
from tui.early_page import EarlyPage
from tui.errors import AuthError
from tui.orders import OrderQuery
from tui.sandbox.server import SandboxServer
from tui.secrets import MemoryStore
from tui.view_loading import fetch_page
from tui.view_state import ALL_PROFILES


def test_the_early_page_is_the_page_the_dashboard_would_fetch(
    demo: Config, demo_store: MemoryStore
) -> None:
    early = EarlyPage.start(demo, demo_store, "edge")
    page = early.answer.result(timeout=30)
    assert early.query == OrderQuery()

    async def fetched() -> list[str]:
        async with Deck(demo, demo_store) as deck:
            again = await fetch_page(deck, "edge", OrderQuery(), None)
        return [order.id for order in again.orders]

    assert [order.id for order in page.orders] == asyncio.run(fetched())
    assert page.orders and page.next_cursor is not None


def test_a_provider_error_reaches_the_early_page_as_the_provider_s_error(
    demo: Config, demo_store: MemoryStore
) -> None:
    demo_store.set("edge", "sk", SecretStr("not-the-demo-key"))
    early = EarlyPage.start(demo, demo_store, "edge")
    error = early.answer.exception(timeout=30)
    assert isinstance(error, AuthError), error
    assert error.code == "APIGW.0301" and error.request_id, error.describe()


AFTER_FIRST_PAINT = (
    "anyio._backends._asyncio",
    "importlib.metadata",
    "pydantic.plugin._loader",
    "tui.providers.cloudpond.catalogue",
    "tui.providers.cloudpond.order_body",
)
"""Loaded later, if ever: anyio's asyncio backend with the dashboard's own clients, the
CloudPond catalogue and create call with the wizard, and pydantic's plugin discovery (it reads
every installed package's entry points) with the first model validated: the first page and its
site names are read without one."""


def test_the_early_page_loads_nothing_its_first_page_does_not_need(
    sandbox: SandboxServer,
) -> None:
    loaded = run_python(
        "import sys\n"
        "from tui.early_page import EarlyPage\n"
        "from tui.sandbox.demo import demo_config, demo_secrets\n"
        f"early = EarlyPage.start(demo_config({sandbox.url!r}), demo_secrets(), 'edge')\n"
        "page = early.answer.result(timeout=30)\n"
        "print(len(page.orders), [m for m in sys.modules if m in "
        f"{AFTER_FIRST_PAINT!r}])"
    )
    count, modules = loaded.split(maxsplit=1)
    assert int(count) > 0 and modules == "[]", loaded


def loaded_by_the_thread(sandbox: SandboxServer, view: str) -> list[str]:
    """The modules first loaded after the early page's thread started, in a fresh process."""
    loaded = run_python(
        "import sys, threading\n"
        "from tui.early_page import EarlyPage\n"
        "from tui.sandbox.demo import demo_config, demo_secrets\n"
        "start, before = threading.Thread.start, []\n"
        "def start_counted(thread):\n"
        "    before.append(set(sys.modules))\n"
        "    start(thread)\n"
        "threading.Thread.start = start_counted\n"
        f"early = EarlyPage.start(demo_config({sandbox.url!r}), demo_secrets(), {view!r})\n"
        "assert early.answer.result(timeout=30).orders\n"
        "print(sorted(set(sys.modules) - before[0]))"
    )
    modules: list[str] = ast.literal_eval(loaded)
    return modules


CLIENT_MODULES = ("tui.", "httpx", "httpcore", "h11", "anyio", "certifi")


@pytest.mark.parametrize("view", ["edge", ALL_PROFILES])
def test_the_early_page_s_clients_load_before_its_thread_starts(
    sandbox: SandboxServer, view: str
) -> None:
    # Two threads importing at once take turns at the import lock and the GIL at every file
    # either reads, while the main thread imports the UI.
    assert not [m for m in loaded_by_the_thread(sandbox, view) if m.startswith(CLIENT_MODULES)]


def test_the_demo_s_early_page_thread_loads_only_the_host_name_codec(
    sandbox: SandboxServer,
) -> None:
    # What the first connection of any thread loads; the first page and its site names are
    # read without a pydantic model (whose first validation loads plugin discovery).
    assert loaded_by_the_thread(sandbox, "edge") == ["encodings.idna", "stringprep"]


class _ThreadNoting(MemoryStore):
    """The demo's secrets, noting which thread read them."""

    def __init__(self, store: MemoryStore) -> None:
        super().__init__({})
        self._values = store._values
        self.read_on: set[str] = set()

    def get(self, profile: str, field: str) -> SecretStr | None:
        self.read_on.add(threading.current_thread().name)
        return super().get(profile, field)


def test_the_early_page_reads_secrets_on_its_own_thread(
    demo: Config, demo_store: MemoryStore
) -> None:
    # A keyring may keep the read waiting (a locked keychain, a slow D-Bus): the main thread
    # goes on importing the UI meanwhile.
    store = _ThreadNoting(demo_store)
    early = EarlyPage.start(demo, store, "edge")
    assert early.answer.result(timeout=30).orders
    assert store.read_on == {"orderdeck-early-page"}
