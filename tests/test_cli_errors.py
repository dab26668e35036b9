"""Exit codes and error lines: 1 for the provider or network, 2 for usage and config, and
never a traceback for an error orderdeck knows about."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.cli_helpers import Result, run, use_demo_env, write_demo_config
from tui import cli
from tui.errors import (
    AuthError,
    ConfigError,
    MissingCredentials,
    OrderdeckError,
    TransportError,
)

if TYPE_CHECKING:
    from pathlib import Path

    from tui.sandbox.server import SandboxServer


def assert_one_error_line(result: Result) -> None:
    assert result.err.startswith("orderdeck: error: ")
    assert result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("profile", "variable"),
    [
        ("edge", "ORDERDECK_EDGE_SK"),
        ("phones", "ORDERDECK_PHONES_API_KEY"),
        ("ace", "ORDERDECK_ACE_TOKEN"),
    ],
)
def test_a_wrong_key_is_exit_1_with_one_line_and_no_secret(
    profile: str,
    variable: str,
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_demo_env(monkeypatch)
    monkeypatch.setenv(variable, "wrong-key-value")
    config = write_demo_config(sandbox, tmp_path)
    result = run(capsys, "--config", str(config), "list", "--profile", profile, "--limit", "1")
    assert result.code == 1
    assert_one_error_line(result)
    assert "wrong-key-value" not in result.err
    assert result.out == ""


def test_missing_credentials_are_exit_2_and_say_how_to_set_them(
    sandbox: SandboxServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_demo_config(sandbox, tmp_path)
    result = run(capsys, "--config", str(config), "list", "--profile", "ace")
    assert result.code == 2
    assert_one_error_line(result)
    assert "orderdeck login ace" in result.err and "ORDERDECK_ACE_TOKEN" in result.err


def test_an_unreachable_endpoint_is_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "config.toml"
    config.write_text(
        f'[profiles.ace]\nprovider = "acedata"\nendpoint = "http://127.0.0.1:{port}"\n'
        'user_id = "u1"\ntimeout_seconds = 2\n'
    )
    use_demo_env(monkeypatch)
    result = run(capsys, "--config", str(config), "list")
    assert result.code == 1
    assert_one_error_line(result)


def test_unknown_profile_is_exit_2_naming_the_known_ones(
    sandbox: SandboxServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_demo_config(sandbox, tmp_path)
    result = run(capsys, "--config", str(config), "list", "--profile", "nope")
    assert result.code == 2
    assert_one_error_line(result)
    assert "known: edge, phones, ace" in result.err


def test_bad_arguments_are_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "list", "--limit", "0").code == 2
    assert run(capsys, "list", "--limit", "5", "--all").code == 2
    assert run(capsys, "frobnicate").code == 2


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ConfigError("x"), 2),
        (MissingCredentials("x"), 2),
        (AuthError("CloudPond", "bad signature", code="APIGW.0301", status=401), 1),
        (TransportError("DuoPlus", "cannot connect"), 1),
    ],
)
def test_error_kinds_map_to_exit_codes(error: OrderdeckError, code: int) -> None:
    assert error.exit_code == code


def test_an_error_message_from_a_server_cannot_drive_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cli.report(AuthError("Ace Data", "\x1b]0;pwned\x07 denied\nsecond line"))
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert err.count("\n") == 1


def test_sandbox_refuses_a_public_address_without_allow_remote(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run(capsys, "sandbox", "--host", "0.0.0.0")
    assert result.code == 2 and "--allow-remote" in result.err


@pytest.mark.parametrize(("flag", "hostile"), [((), False), (("--hostile",), True)])
def test_sandbox_seeds_hostile_names_only_when_asked(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    flag: tuple[str, ...],
    hostile: bool,
) -> None:
    served: list[dict[str, object]] = []
    monkeypatch.setattr(
        "tui.sandbox.server.serve_forever", lambda **options: served.append(options)
    )
    assert run(capsys, "sandbox", "--port", "9", *flag).code == 0
    assert served == [{"host": "127.0.0.1", "port": 9, "hostile": hostile}]


def test_dashboard_is_started_with_config_store_and_profile(
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import types

    calls: list[tuple[object, ...]] = []
    banners: list[str | None] = []

    def fake_run(
        config: object, store: object, profile: str | None, *, banner: str | None, **_: object
    ) -> int:
        calls.append((config, store, profile))
        banners.append(banner)
        return 0

    fake = types.ModuleType("tui.ui.app")
    fake.run_dashboard = fake_run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.ui.app", fake)
    config = write_demo_config(sandbox, tmp_path)
    assert run(capsys, "--config", str(config), "--profile", "ace").code == 0
    ((loaded, _store, profile),) = calls
    assert profile == "ace" and set(loaded.profiles) == {"edge", "phones", "ace", "billing"}  # type: ignore[attr-defined]
    calls.clear()
    assert run(capsys, "--demo").code == 0
    ((demo_config, demo_store, profile),) = calls
    assert profile is None and demo_store.get("edge", "ak") is not None  # type: ignore[attr-defined]
    assert demo_config.profiles["edge"].endpoint.startswith("http://127.0.0.1:")  # type: ignore[attr-defined]
    assert banners == [None, None]
    calls.clear()
    assert run(capsys, "--config", str(config), "--served", "read-only").code == 0
    ((served_config, _store, _profile),) = calls
    assert all(p.read_only for p in served_config.profiles.values())  # type: ignore[attr-defined]
    assert banners[-1] is not None and "read-only" in banners[-1]


def test_python_dash_m_tui_shows_the_help() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERDECK_")}
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: orderdeck")
    for command in ("list", "show", "create", "login", "logout", "config", "sandbox"):
        assert command in done.stdout
