"""No credential leaves orderdeck: a whole session with canary secrets, then every byte it wrote
(log file, exports, screenshot, config, stdout, stderr, crash reports) is searched for them.

The canaries are the demo credentials, because they are the ones the sandbox accepts; within
this test they stand for a real account's keys. They are deliberately not token-shaped (the SK
is `demo-sk-orderdeck-sandbox-not-a-secret`), so passing proves they were never written, not
merely that the log redaction caught them.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rich.console import Console
from rich.traceback import Traceback

from tests.ui.settling import settle
from tui import cli
from tui.config import load_config
from tui.deck import Deck
from tui.logs import LOG_FILE_NAME, redact, setup_logging
from tui.paths import user_log_dir
from tui.providers.cloudpond import signing
from tui.sandbox.demo import (
    DEMO_ACE_TOKEN,
    DEMO_AK,
    DEMO_DUOPLUS_KEY,
    DEMO_SK,
    demo_config_toml,
)
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.server import SandboxServer
from tui.secrets import default_store, env_var_name
from tui.ui.app import OrderDeckApp
from tui.ui.screens.export import ExportRequest, start_export
from tui.ui.screens.main import MainScreen

CANARIES = {
    "edge AK": DEMO_AK,
    "edge SK": DEMO_SK,
    "phones API key": DEMO_DUOPLUS_KEY,
    "ace token": DEMO_ACE_TOKEN,
}
SIZE = (140, 40)


def leaks(data: bytes | str) -> list[str]:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return [name for name, value in CANARIES.items() if value in text]


@pytest.fixture
def env_session(tmp_path: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config file pointing at the sandbox and the credentials in environment variables."""
    config = tmp_path / "config.toml"
    config.write_text(demo_config_toml(sandbox.url, refresh_seconds=0), encoding="utf-8")
    monkeypatch.setenv("ORDERDECK_CONFIG", str(config))
    monkeypatch.setenv("ORDERDECK_LOG_LEVEL", "DEBUG")
    for (profile, field), value in {
        ("edge", "ak"): DEMO_AK,
        ("edge", "sk"): DEMO_SK,
        ("phones", "api_key"): DEMO_DUOPLUS_KEY,
        ("ace", "token"): DEMO_ACE_TOKEN,
        ("billing", "ak"): DEMO_AK,
        ("billing", "sk"): DEMO_SK,
    }.items():
        monkeypatch.setenv(env_var_name(profile, field), value)
    return config


def first_ace_id(sandbox: SandboxServer) -> str:
    """An order id the Ace Data sandbox holds."""
    return str(sandbox.state.providers["acedata"].orders[0].order_id)


async def run_cli(argv: list[str]) -> int:
    """The CLI runs its own event loop: give it a thread of its own."""
    return await asyncio.to_thread(cli.main, argv)


def crash_while_signing(*args: object, **kwargs: object) -> str:
    """Stands in for the HMAC: a bug deep in signing, with the SK in the caller's locals."""
    raise RuntimeError("injected crash inside the signer")


async def test_a_full_session_writes_no_credential_anywhere(
    env_session: Path,
    sandbox: SandboxServer,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written: dict[str, bytes] = {"config": env_session.read_bytes()}

    # The CLI: list every profile, show an order, export, and meet an auth error.
    for profile in ("edge", "phones", "ace", "billing"):
        listed = await run_cli(["list", "--profile", profile, "--format", "json", "--limit", "5"])
        assert listed == 0
    assert await run_cli(["list", "--profile", "ace", "--format", "csv", "--limit", "5"]) == 0
    captured = capfd.readouterr()
    written["cli list and csv export"] = captured.out.encode()
    assert await run_cli(["show", first_ace_id(sandbox), "--profile", "ace"]) == 0
    sandbox.state.faults.arm(Fault(FaultKind.STATUS, path_prefix="/api/v1/orders/", status=401))
    assert await run_cli(["list", "--profile", "ace"]) == 1
    captured = capfd.readouterr()
    written["cli stdout"], written["cli stderr"] = captured.out.encode(), captured.err.encode()
    assert "401" in captured.err

    # The dashboard: list, detail, an auth error, a worker crash, an export, a screenshot.
    app = OrderDeckApp(Deck(load_config(), default_store()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.query_one("#orders").rows  # type: ignore[attr-defined]
        await pilot.press("down")
        await pilot.pause(0.4)  # the detail call waits for the cursor to rest
        await settle(pilot)
        sandbox.state.faults.arm(
            Fault(FaultKind.STATUS, path_prefix="/api/v1/team/order", status=401, times=None)
        )
        await pilot.press("2")
        await settle(pilot)
        assert app.deck.statuses["phones"].health == "auth error"
        sandbox.state.faults.clear()
        await pilot.press("1")
        await settle(pilot)
        with monkeypatch.context() as patch:
            patch.setattr(signing, "signature", crash_while_signing)
            await pilot.press("r")
            await settle(pilot)
        assert app.is_running, "a crashing worker must not take the dashboard down"
        await pilot.press("r")
        await settle(pilot)
        rows = list(screen.query_one("#orders").rows)  # type: ignore[attr-defined]
        assert rows, "the dashboard is usable after the crash"
        export = tmp_path / "export.json"
        start_export(screen, rows, ExportRequest(export, "json"))
        await settle(pilot)
        written["dashboard export"] = export.read_bytes()
        shot = Path(app.save_screenshot(path=str(tmp_path), filename="session.svg"))
        written["screenshot"] = shot.read_bytes()
    captured = capfd.readouterr()
    written["dashboard stdout"] = captured.out.encode()
    written["dashboard stderr"] = captured.err.encode()

    log = user_log_dir() / LOG_FILE_NAME
    written["log file"] = log.read_bytes()
    log_text = written["log file"].decode()
    assert "HTTP Request" in log_text and "worker" in log_text and "crashed" in log_text
    assert "RuntimeError: injected crash inside the signer" in log_text
    assert "401" in log_text

    found = {where: leaks(data) for where, data in written.items() if leaks(data)}
    assert not found, f"credentials written: {found}"


def crash_in_handler_with_secret_locals(self: MainScreen, message: object) -> None:
    """A bug in a message handler, one frame below code that holds the SK as a local."""
    signing.sign(
        ak=DEMO_AK,
        sk=DEMO_SK,
        method="GET",
        path="/",
        query=[],
        headers={},  # no X-Sdk-Date: a KeyError inside `sign`, where `sk` is a local
        signed=["host"],
        body=b"",
    )


async def test_a_dashboard_crash_report_shows_the_traceback_but_no_local_secrets(
    env_session: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual registers handlers per class when it is created: swap the registry for a copy
    # (monkeypatch restores the original, so later tests get the real handler back).
    handlers = {
        message_type: [
            (crash_in_handler_with_secret_locals, selectors)
            if getattr(method, "__name__", "") == "_orders_loaded"
            else (method, selectors)
            for method, selectors in entries
        ]
        for message_type, entries in MainScreen._decorated_handlers.items()  # type: ignore[attr-defined]
    }
    monkeypatch.setattr(MainScreen, "_decorated_handlers", handlers)
    setup_logging()  # what the CLI does before it opens the dashboard
    app = OrderDeckApp(Deck(load_config(), default_store()))
    with pytest.raises(KeyError):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
    report = capfd.readouterr().err
    assert "Traceback" in report and "sign" in report and "KeyError" in report
    assert not leaks(report), "the crash report shows a credential"
    log_text = (user_log_dir() / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "the dashboard crashed" in log_text
    assert not leaks(log_text)


def test_textual_default_crash_report_would_show_the_sk() -> None:
    """Why the app overrides Textual's crash report: with locals on, the SK is printed."""
    try:
        crash_in_handler_with_secret_locals(None, None)  # type: ignore[arg-type]
    except KeyError:
        console = Console(record=True, width=200, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(Traceback(show_locals=True))
        console.file.close()
        assert "edge SK" in leaks(console.export_text())


def test_the_app_still_overrides_textuals_crash_report() -> None:
    """If Textual renames `_fatal_error`, our override silently stops applying: fail here."""
    from textual.app import App

    assert hasattr(App, "_fatal_error")
    assert OrderDeckApp._fatal_error is not App._fatal_error


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("DuoPlus-API-Key: 3f1c-team-key", "3f1c-team-key"),
        ("{'duoplus-api-key': 'k-123'}", "k-123"),
        ("X-Auth-Token: MIIEXAMPLEtoken", "MIIEXAMPLEtoken"),
        ('"x-subject-token": "MIIsubject"', "MIIsubject"),
        ("authorization: Bearer platform-v1-abc123", "platform-v1-abc123"),
        ("Bearer eyJhbGciOi.payload.sig", "eyJhbGciOi"),
        ("SDK-HMAC-SHA256 Access=HPUAKEY123, SignedHeaders=host, Signature=deadbeef", "HPUAKEY"),
        ("token platform-v1-0123456789abcdef in text", "platform-v1-0123"),
        ("sk=" + "a1" * 20, "a1" * 20),
        ("blob " + "Zm9vYmFy" * 5 + "1==", "Zm9vYmFy" * 5),
    ],
)
def test_log_lines_are_redacted(line: str, secret: str) -> None:
    assert secret not in redact(line)


def test_redaction_keeps_ordinary_log_lines() -> None:
    line = 'HTTP Request: GET http://127.0.0.1:8765/api/v1/orders/?limit=50 "HTTP/1.1 200 OK"'
    assert redact(line) == line
