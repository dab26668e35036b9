"""`--demo` serves the sandbox from a child process: the dashboard's process never loads the
web stack, requests sent before the child serves wait for it, and the child never outlives
its parent, however the parent ends."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.fresh_interpreter import ROOT, run_python
from tui import cli
from tui.sandbox import process
from tui.sandbox.demo import DEMO_DUOPLUS_KEY
from tui.sandbox.hostile import DUOPLUS_DESCRIPTIONS
from tui.sandbox.process import SandboxProcess, can_spawn

pytestmark = pytest.mark.skipif(not can_spawn(), reason="the thread server serves here")

SANDBOX_ONLY = ("starlette", "uvicorn", "tui.sandbox.app", "tui.sandbox.cloudpond")
"""Modules only the sandbox needs: the dashboard's process must not pay for them."""


def test_a_demo_command_loads_no_sandbox_module_in_its_own_process() -> None:
    code = (
        "import contextlib, io, json, sys\n"
        "from tui import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    code = cli.main(['--demo', 'list', '--profile', 'edge', '--limit', '2', "
        "'--format', 'json'])\n"
        "assert code == 0 and len(json.loads(out.getvalue())) == 2, code\n"
        f"print(sorted(m for m in sys.modules if m.startswith({SANDBOX_ONLY!r})))"
    )
    assert run_python(code) == "[]"


def test_httpx_leaves_its_command_line_tool_unloaded() -> None:
    # click and pygments come with httpx's CLI (about 30 ms at start-up); the client still works.
    code = (
        "import sys\n"
        "import tui, httpx\n"
        "with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(204))) as c:\n"
        "    assert c.get('http://x/').status_code == 204\n"
        "print(sorted(m for m in ('click', 'pygments', 'rich.syntax') if m in sys.modules))"
    )
    assert run_python(code) == "[]"


def test_the_child_reaches_its_first_answer_without_pydantic() -> None:
    # The demo's first page waits for the child's first answer: validation models (the
    # config's, the clients') are the dashboard's business, about 100 ms of imports here.
    code = (
        "import sys\n"
        "from tui.sandbox.process import prepared_server\n"
        "server = prepared_server()\n"
        "assert server.config.app is not None\n"
        "print(sorted(m for m in ('pydantic', 'tui.config') if m in sys.modules))"
    )
    assert run_python(code) == "[]"


def test_the_check_above_sees_the_sandbox_when_it_runs_in_process() -> None:
    code = (
        "import sys\n"
        "from tui.sandbox.server import SandboxServer\n"
        "with SandboxServer():\n"
        f"    print(sorted(m for m in sys.modules if m.startswith({SANDBOX_ONLY!r})) != [])"
    )
    assert run_python(code) == "True"


def test_a_request_sent_before_the_child_serves_waits_for_it() -> None:
    with SandboxProcess() as sandbox:
        # No wait at all: the child is still importing when this connects.
        answer = httpx.get(f"{sandbox.url}/_sandbox/requests", timeout=30)
    assert answer.status_code == 200


def _phone_descriptions(url: str) -> set[str]:
    """The descriptions on the first DuoPlus page of a sandbox, newest first."""
    answer = httpx.post(
        f"{url}/api/v1/team/order",
        json={"pagesize": 100},
        headers={"DuoPlus-API-Key": DEMO_DUOPLUS_KEY},
        timeout=30,
    )
    return {order["description"] for order in answer.json()["data"]["list"]}


def test_a_hostile_child_seeds_the_hostile_strings_and_the_demo_does_not() -> None:
    with SandboxProcess(hostile=True) as hostile, process.demo_sandbox() as demo:
        assert set(DUOPLUS_DESCRIPTIONS) <= _phone_descriptions(hostile.url)
        assert not set(DUOPLUS_DESCRIPTIONS) & _phone_descriptions(demo)


def _wait_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_stopping_ends_the_child_and_frees_the_port() -> None:
    sandbox = SandboxProcess().start()
    assert httpx.get(f"{sandbox.url}/_sandbox/requests", timeout=30).status_code == 200
    child = sandbox._child
    assert child is not None
    sandbox.stop()
    assert child.poll() is not None
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{sandbox.url}/_sandbox/requests", timeout=5)


def test_the_child_exits_when_its_parent_is_killed() -> None:
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from tui.sandbox.process import SandboxProcess\n"
            "sandbox = SandboxProcess().start()\n"
            "print(sandbox._child.pid, sandbox.url, flush=True)\n"
            "time.sleep(120)\n",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    pid_text, url = parent.stdout.readline().split()
    child_pid = int(pid_text)
    try:
        assert httpx.get(f"{url}/_sandbox/requests", timeout=30).status_code == 200
        parent.send_signal(signal.SIGKILL)  # no cleanup runs: only the closed pipe tells
        parent.wait(10)
        assert _wait_gone(child_pid), "the sandbox outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        with contextlib.suppress(ProcessLookupError):
            os.kill(child_pid, signal.SIGKILL)


def test_the_demo_serves_from_the_sandbox_spawned_early_then_stops_it() -> None:
    process.start_early()
    early = process._early
    assert early is not None and early._child is not None
    child = early._child
    with process.demo_sandbox() as url:
        assert url == early.url and process._early is None
        assert httpx.get(f"{url}/_sandbox/requests", timeout=30).status_code == 200
    assert child.poll() is not None
    with process.demo_sandbox() as url:  # taken once: the next demo spawns its own
        assert url != early.url


def test_a_command_without_the_sandbox_stops_the_one_spawned_early(
    capsys: pytest.CaptureFixture[str],
) -> None:
    process.start_early()
    early = process._early
    assert early is not None and early._child is not None
    child = early._child
    assert cli.main(["--demo", "config", "path"]) == 0
    assert process._early is None and child.poll() is not None
    assert capsys.readouterr().out.strip()


def test_python_m_tui_with_demo_lists_orders() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERDECK_")}
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--demo", "list", "--profile", "edge", "--limit", "2",
         "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 2
