"""Shared fixtures: the developer's own config, keyring and environment never leak into tests,
and every test that needs a provider talks to a real sandbox over loopback."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import keyring
import keyring.backend
import pytest

from tui.config import Config
from tui.sandbox.demo import demo_config, demo_secrets
from tui.sandbox.server import SandboxServer
from tui.sandbox.state import SandboxState
from tui.secrets import MemoryStore


class MemoryKeyring(keyring.backend.KeyringBackend):
    """In-memory keyring: headless Linux has no backend, and tests must not touch a real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


WORKERS_PER_CORE = 3
"""`-n auto` (pyproject's addopts) starts this many test workers per core. Dashboard and wizard
tests spend most of their time waiting (Pilot sleeps until the app is idle, the sandbox answers
over loopback), so more workers than cores fill the waits: on 2 cores, 978 tests took 137 s
with 4 workers and 129 s with 6 (969 took 208-245 s and 175 s before the waits were
shortened). The timing-sensitive tests share one `xdist_group`."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return WORKERS_PER_CORE * (cores or 1)


IDLE_WINDOW = 1 / 200
"""Seconds Pilot watches the process for idleness after each key and pause (Textual's
`wait_for_idle` ships with 1/50). Idle still means the same share of a window (a twentieth)
spent on the CPU; the window is shorter, so a settled screen is seen as settled sooner.
Every key costs at least one window, and the wizard tests press hundreds of keys."""


def quicker_idle_check() -> None:
    """Pilot's idle check with `IDLE_WINDOW`: the tests still wait for every worker and every
    queued message (`settle`); only the sleep that samples the CPU gets shorter."""
    from textual import _wait

    _wait.SLEEP_GRANULARITY = IDLE_WINDOW
    _wait.SLEEP_IDLE = IDLE_WINDOW / 20


def pytest_configure(config: pytest.Config) -> None:
    """Before any worker starts: the environment's bytecode, compiled once where Python does
    not write it (PYTHONDONTWRITEBYTECODE). Every worker and every `orderdeck` the tests spawn
    then starts warm, as a user's second start does (`tui/bytecode.py`)."""
    quicker_idle_check()
    if not hasattr(config, "workerinput"):  # the controller; a worker finds it done
        from tui.bytecode import warm_bytecode_cache

        compiler = warm_bytecode_cache()
        if compiler is not None:
            compiler.wait()
    keep_rewritten_tests()


def keep_rewritten_tests() -> None:
    """Let pytest keep the test modules it rewrote for its asserts (`tests/**/__pycache__`).
    It rewrites and compiles every test module in every worker, about 2.3 s of CPU each, and
    under PYTHONDONTWRITEBYTECODE it threw that away: from the second run on, six workers
    read it instead. After the warm-up above, which looks at the same flag."""
    sys.dont_write_bytecode = False


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Fresh config/data/log dirs, no ORDERDECK_* variables, and an in-memory keyring."""
    for name in list(os.environ):
        if name.startswith("ORDERDECK_"):
            monkeypatch.delenv(name)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture
def hostile_seed(request: pytest.FixtureRequest) -> bool:
    """Whether the test is marked `@pytest.mark.hostile`: its sandbox then seeds the hostile
    strings (markup, escape codes, bidi, zero-width, very long names) into the first rows of
    every provider, as `orderdeck sandbox --hostile` does. Unmarked tests see the demo's data."""
    return request.node.get_closest_marker("hostile") is not None


@pytest.fixture
def sandbox(hostile_seed: bool) -> Iterator[SandboxServer]:
    """A fresh sandbox per test (its own data, request log and faults) on a loopback port."""
    server = SandboxServer(SandboxState(hostile=hostile_seed)).start()
    yield server
    server.stop(wait=False)


@pytest.fixture
def demo(sandbox: SandboxServer) -> Config:
    """The three demo profiles (`edge`, `phones`, `ace`) pointed at the sandbox."""
    return demo_config(sandbox.url)


@pytest.fixture
def demo_store() -> MemoryStore:
    return demo_secrets()
