"""Helpers for the CLI specs: a config file pointing at the sandbox, secrets in env variables
(the route CI and headless servers use), and `cli.main` run in-process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui import cli
from tui.sandbox.demo import DEMO_ACE_TOKEN, DEMO_AK, DEMO_DUOPLUS_KEY, DEMO_SK, demo_config_toml

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from tui.sandbox.server import SandboxServer

DEMO_ENV = {
    "ORDERDECK_EDGE_AK": DEMO_AK,
    "ORDERDECK_EDGE_SK": DEMO_SK,
    "ORDERDECK_PHONES_API_KEY": DEMO_DUOPLUS_KEY,
    "ORDERDECK_ACE_TOKEN": DEMO_ACE_TOKEN,
    "ORDERDECK_BILLING_AK": DEMO_AK,
    "ORDERDECK_BILLING_SK": DEMO_SK,
}


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        import json

        return json.loads(self.out)


def write_demo_config(sandbox: SandboxServer, directory: Path, extra: str = "") -> Path:
    path = directory / "config.toml"
    path.write_text(demo_config_toml(sandbox.url, timezone="UTC") + extra, encoding="utf-8")
    return path


def use_demo_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in DEMO_ENV.items():
        monkeypatch.setenv(name, value)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    capsys.readouterr()  # drop anything printed before
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)
