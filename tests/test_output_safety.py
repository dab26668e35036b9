"""The display gate and the CLI's outputs: no provider byte reaches a terminal raw.

The gate itself is driven by Hypothesis over every Unicode category; the CLI's table, csv and
json outputs and the log file are read after commands run on the sandbox's hostile answers.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.cli_helpers import run, use_demo_env, write_demo_config
from tests.ui.terminal_output import raw_hostile_fragments
from tui.display import json_safe, printable
from tui.logs import LOG_FILE_NAME
from tui.paths import user_log_dir
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.hostile import HOSTILE_TEXTS
from tui.sandbox.server import SandboxServer

UNSAFE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Cs")

hostile_text = st.one_of(
    st.text(),
    st.text(st.characters(categories=UNSAFE_CATEGORIES)),  # type: ignore[arg-type]
    st.lists(st.sampled_from(HOSTILE_TEXTS)).map(" ".join),
)


def unsafe_characters(text: str, allowed: str = "") -> set[str]:
    return {c for c in text if unicodedata.category(c) in UNSAFE_CATEGORIES and c not in allowed}


@given(hostile_text)
def test_the_gate_leaves_no_control_or_invisible_character(text: str) -> None:
    assert unsafe_characters(printable(text)) == set()
    assert unsafe_characters(printable(text, single_line=False), allowed="\n\t") == set()


@given(hostile_text)
def test_the_gate_changes_nothing_that_is_already_safe(text: str) -> None:
    shown = printable(text)
    assert printable(shown) == shown
    if not unsafe_characters(text):
        assert shown == text


@given(hostile_text)
def test_json_output_stays_exactly_the_same_json(text: str) -> None:
    # Two lone surrogates side by side would decode as one character: no JSON decoder makes
    # such a string, so no provider can send one.
    assume(json.loads(json.dumps(text)) == text)
    encoded = json_safe(json.dumps({"title": text}, ensure_ascii=False, indent=2))
    assert json.loads(encoded) == {"title": text}, "escaped by the encoder, never stripped"
    assert unsafe_characters(encoded, allowed="\n") == set()


FREE_TEXT = {
    "/v2/": ["name", "edge_site_id", "domain_id", "status"],
    "/api/v1/team/order": None,
    "/api/v1/orders/": ["title", "pay_url", "pay_id", "note", "source", "type"],
}
"""The fields each API carries as free text (`None`: every string)."""


@pytest.mark.parametrize("output_format", ["table", "csv", "json"])
@pytest.mark.parametrize("profile", ["edge", "phones", "ace"])
def test_cli_outputs_show_hostile_fields_escaped(
    sandbox: SandboxServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    profile: str,
    output_format: str,
) -> None:
    use_demo_env(monkeypatch)
    for prefix, fields in FREE_TEXT.items():
        sandbox.state.faults.arm(Fault(FaultKind.HOSTILE, prefix, times=None, body=fields))
    config = write_demo_config(sandbox, tmp_path)
    result = run(
        capsys,
        "--config",
        str(config),
        "list",
        "--profile",
        profile,
        "--limit",
        "20",
        "--format",
        output_format,
    )
    assert result.code == 0, result.err
    assert raw_hostile_fragments(result.out) == []
    if output_format == "json":
        titles = " ".join(order["title"] for order in result.json())
        assert "\x1b[31mESC-red" in titles or "\u202e" in titles, "JSON keeps the exact text"
    else:
        assert "␛" in result.out or "<U+" in result.out


def test_provider_errors_reach_stderr_and_the_log_file_escaped(
    sandbox: SandboxServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_demo_env(monkeypatch)
    message = "[@click=app.quit]CLICK[/] \x1b[31mESC-red \u202eRTL \x1b]52;c;SGk=\x07OSC52"
    sandbox.state.faults.arm(
        Fault(
            FaultKind.BODY, "/api/v1/team/order", times=None, body={"code": 500, "message": message}
        )
    )
    config = write_demo_config(sandbox, tmp_path)
    result = run(capsys, "--config", str(config), "list", "--profile", "phones")
    assert result.code == 1
    assert "␛[31mESC-red <U+202E>RTL ␛]52;c;SGk=␇OSC52" in result.err
    assert raw_hostile_fragments(result.err) == []
    log_text = (user_log_dir() / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "ESC-red" in log_text
    assert raw_hostile_fragments(log_text) == []
