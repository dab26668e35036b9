"""The command line's grammar, built for the argv at hand: the commands it names get their
options, the others only their help line; what any argv parses to is the same either way."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from tui.cli.parser import HELP_LINES, build_parser

COMMAND_LINES = (
    [],
    ["--demo"],
    ["--demo", "--profile", "edge"],
    ["list", "--status", "pending,failed", "--limit", "5", "--format", "json"],
    ["--demo", "list", "--all", "--since", "7d"],
    ["show", "ORDER-1", "--format", "json"],
    ["show", "list"],
    ["create", "--file", "order.json", "--dry-run"],
    ["login", "edge", "--lookup-domain-id"],
    ["logout", "edge"],
    ["payments", "--watch"],
    ["config", "path"],
    ["sandbox", "--port", "9000", "--hostile"],
    ["serve", "--port", "8001", "--allow-create"],
    ["--config", "list", "show", "x"],
)


def parsed(argv: list[str], *, for_argv: bool) -> argparse.Namespace:
    return build_parser(argv if for_argv else None).parse_args(argv)


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=" ".join)
def test_any_command_line_parses_the_same_as_with_the_whole_grammar(argv: list[str]) -> None:
    assert parsed(argv, for_argv=True) == parsed(argv, for_argv=False)


def test_a_dashboard_start_gives_no_command_its_options() -> None:
    parser = build_parser(["--demo"])
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        options = [a.dest for a in command._actions if a.dest != "help"]
        assert options == [], name
    assert list(commands.choices) == list(HELP_LINES)


def usage_error(argv: list[str], *, for_argv: bool) -> str:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        parsed(argv, for_argv=for_argv)
    return err.getvalue()


@pytest.mark.parametrize(
    "argv", [["lst"], ["list", "--bogus"], ["show"], ["create"], ["config"], ["--limit", "3"]]
)
def test_usage_errors_read_the_same(argv: list[str]) -> None:
    assert usage_error(argv, for_argv=True) == usage_error(argv, for_argv=False)


def help_text(argv: list[str], *, for_argv: bool) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        parsed(argv, for_argv=for_argv)
    return out.getvalue()


@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["--demo", "serve", "-h"]])
def test_help_reads_the_same(argv: list[str]) -> None:
    text = help_text(argv, for_argv=True)
    assert text == help_text(argv, for_argv=False)
    if argv == ["--help"]:
        assert all(name in text for name in HELP_LINES)
