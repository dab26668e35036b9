"""`orderdeck create`: the exact body, one POST at most, and a refusal on read-only profiles."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from tests.cli_helpers import Result, run, use_demo_env, write_demo_config
from tui.sandbox.demo import DEMO_DOMAIN_ID
from tui.sandbox.faults import Fault, FaultKind

if TYPE_CHECKING:
    from pathlib import Path

    from tui.sandbox.server import SandboxServer


def orderable_body(sandbox: SandboxServer) -> dict[str, Any]:
    """An order the sandbox accepts, picked from its catalogue as the wizard would."""
    data = sandbox.state.providers["cloudpond"]
    for site in data.edge_sites:
        if site["status"] not in ("initial", "available"):
            continue
        zone = site["location"]["zone_code"]
        for offering in data.server_offerings:
            if offering["zone_code"] != zone or offering["status"] != "ONSALE":
                continue
            cycle = offering["sale_cycles"][0]
            return {
                "delivery_order": {
                    "edge_site_id": site["id"],
                    "servers": [{"offering_id": offering["id"], "count": 1}],
                    "market_options": {
                        "charge_mode": "prepaid",
                        "prepaid_options": {
                            "period_type": "year",
                            "period_num": cycle["period_num"],
                            "pay_mode": cycle["pay_mode"],
                        },
                    },
                }
            }
    raise AssertionError("the sandbox sells nothing")


@pytest.fixture
def order_file(sandbox: SandboxServer, tmp_path: Path) -> Path:
    path = tmp_path / "order.json"
    path.write_text(json.dumps(orderable_body(sandbox)), encoding="utf-8")
    return path


def posts(sandbox: SandboxServer) -> list[Any]:
    return sandbox.state.requests_for("cloudpond", "/delivery-orders", "POST")


def create(
    capsys: pytest.CaptureFixture[str],
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
    extra_config: str = "",
) -> Result:
    use_demo_env(monkeypatch)
    config = write_demo_config(sandbox, tmp_path, extra_config)
    return run(capsys, "--config", str(config), "create", "--profile", "edge", *argv)


def test_dry_run_prints_the_exact_body_and_sends_nothing(
    order_file: Path,
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sandbox.state.clear_requests()
    result = create(capsys, sandbox, tmp_path, monkeypatch, "--file", str(order_file), "--dry-run")
    assert result.code == 0, result.err
    assert json.loads(result.out) == orderable_body(sandbox)
    assert sandbox.state.requests == []


def test_yes_sends_exactly_one_post_with_the_printed_body(
    order_file: Path,
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = create(capsys, sandbox, tmp_path, monkeypatch, "--file", str(order_file), "--yes")
    assert result.code == 0, result.err
    sent = posts(sandbox)
    assert len(sent) == 1 and sent[0].status in (200, 201)
    assert sent[0].json() == orderable_body(sandbox)
    assert "Placed delivery order" in result.out and "pending" in result.out


def test_without_yes_it_asks_and_a_no_sends_nothing(
    order_file: Path,
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("builtins.input", lambda: "n")
    result = create(capsys, sandbox, tmp_path, monkeypatch, "--file", str(order_file))
    assert result.code == 1
    assert "Place this order on CloudPond profile 'edge'" in result.err
    assert "nothing was sent" in result.err
    assert json.loads(result.out) == orderable_body(sandbox)  # the full body was shown first
    assert posts(sandbox) == []


def test_a_yes_answer_sends_the_order_once(
    order_file: Path,
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("builtins.input", lambda: "yes")
    result = create(capsys, sandbox, tmp_path, monkeypatch, "--file", str(order_file))
    assert result.code == 0, result.err
    assert len(posts(sandbox)) == 1


def test_a_read_only_profile_refuses_with_how_to_change_it(
    order_file: Path,
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = (
        write_demo_config(sandbox, tmp_path)
        .read_text()
        .replace('auth = "aksk"', 'auth = "aksk"\nread_only = true')
    )
    (tmp_path / "config.toml").write_text(config)
    use_demo_env(monkeypatch)
    result = run(
        capsys,
        "--config",
        str(tmp_path / "config.toml"),
        "create",
        "--profile",
        "edge",
        "--file",
        str(order_file),
        "--yes",
    )
    assert result.code == 2
    assert "read_only = true" in result.err and "read_only = false" in result.err
    assert posts(sandbox) == []


def test_create_on_a_non_cloudpond_profile_is_refused(
    order_file: Path,
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_demo_env(monkeypatch)
    config = write_demo_config(sandbox, tmp_path)
    result = run(
        capsys,
        "--config",
        str(config),
        "create",
        "--profile",
        "ace",
        "--file",
        str(order_file),
        "--dry-run",
    )
    assert result.code == 2 and "CloudPond profiles only" in result.err


def test_an_invalid_order_file_names_the_field_and_sends_nothing(
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = orderable_body(sandbox)
    body["delivery_order"]["servers"][0]["count"] = 0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(body))
    result = create(capsys, sandbox, tmp_path, monkeypatch, "--file", str(path), "--yes")
    assert result.code == 2
    assert str(path) in result.err and "delivery_order.servers.0.count" in result.err
    assert posts(sandbox) == []


def test_a_file_that_is_not_json_is_a_usage_error_with_its_line(
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "delivery_order": \n}')
    result = create(capsys, sandbox, tmp_path, monkeypatch, "--file", str(path), "--dry-run")
    assert result.code == 2 and "not JSON" in result.err and "line 3" in result.err


def test_an_order_the_service_refuses_is_exit_1_with_its_message(
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = orderable_body(sandbox)
    body["delivery_order"]["edge_site_id"] = "no-such-site"
    path = tmp_path / "order.json"
    path.write_text(json.dumps(body))
    result = create(capsys, sandbox, tmp_path, monkeypatch, "--file", str(path), "--yes")
    assert result.code == 1
    assert "no-such-site" in result.err and result.err.count("\n") == 1
    assert len(posts(sandbox)) == 1


def test_a_connection_dropped_after_sending_says_the_order_may_exist_and_is_not_resent(
    order_file: Path,
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sandbox.state.faults.arm(
        Fault(FaultKind.RESET, path_prefix=f"/v2/{DEMO_DOMAIN_ID}/delivery-orders", method="POST")
    )
    result = create(capsys, sandbox, tmp_path, monkeypatch, "--file", str(order_file), "--yes")
    assert result.code == 1
    assert "may have been placed" in result.err
    assert "orderdeck list --profile edge" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert len(posts(sandbox)) == 1
