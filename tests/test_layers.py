"""The headless layers never import Textual: the CLI and the providers must work (and start
fast) where the UI cannot, and a UI import slipping into them would go unnoticed otherwise."""

from __future__ import annotations

import re

from tests.fresh_interpreter import ROOT, run_python

HEADLESS_MODULES = [
    "tui.orders",
    "tui.errors",
    "tui.config",
    "tui.secrets",
    "tui.providers",
    "tui.providers.base",
    "tui.providers.client",
    "tui.providers.registry",
    "tui.providers.http",
    "tui.cli",
    "tui.cli.parser",
    "tui.cli.context",
    "tui.cli.output",
    "tui.cli.orders",
    "tui.cli.create",
    "tui.cli.payments",
    "tui.cli.account",
    "tui.cli.sandbox",
    "tui.cli.dashboard",
    "tui.columns",
    "tui.launch",
    "tui.timeparse",
    "tui.display",
    "tui.export",
    "tui.preferences",
    "tui.deck",
    "tui.early_page",
    "tui.order_draft",
    "tui.payments",
    "tui.paging",
    "tui.view_state",
    "tui.view_loading",
    "tui.logs",
    "tui.sandbox.app",
    "tui.sandbox.server",
    "tui.sandbox.demo",
    "tui.providers.cloudpond.client",
    "tui.providers.duoplus.client",
    "tui.providers.acedata.client",
    "tui.providers.huawei_bss.client",
]

_TEXTUAL_IMPORT = re.compile(r"^\s*(import\s+textual\b|from\s+textual\b)", re.MULTILINE)


def test_importing_the_headless_modules_loads_no_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS_MODULES!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    assert run_python(code) == "[]"


def test_each_headless_module_imports_on_its_own() -> None:
    # One fresh interpreter per module would be slow; a cleared module cache is the same test.
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS_MODULES!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'tui' or m.startswith('tui.')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
        "print('ok')"
    )
    assert run_python(code) == "ok"


def test_a_headless_command_runs_without_loading_textual() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from tui import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = cli.main(['--demo', 'list', '--profile', 'ace', '--limit', '2', "
        "'--format', 'json'])\n"
        "assert code == 0, code\n"
        "print('textual' in sys.modules)"
    )
    assert run_python(code) == "False"


TEXTUAL_YARDSTICKS = frozenset(
    {"benchmarks/_bare_app.py", "benchmarks/_harlequin_app.py", "benchmarks/other_tables.py"}
)
"""Benchmarks whose point is timing Textual apps (a bare app, harlequin, Textual's own
DataTable): they run in their own processes and nothing imports them."""


def test_no_file_outside_tui_ui_imports_textual() -> None:
    ui_folder = ROOT / "tui" / "ui"
    candidates = [*(ROOT / "tui").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted(candidates)
        if not path.is_relative_to(ui_folder)
        and str(path.relative_to(ROOT)) not in TEXTUAL_YARDSTICKS
        and _TEXTUAL_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_static_check_would_catch_an_indented_lazy_import() -> None:
    assert _TEXTUAL_IMPORT.search("def f():\n    from textual.app import App\n")
    assert _TEXTUAL_IMPORT.search("import textual\n")
    assert not _TEXTUAL_IMPORT.search("import textualize_helper\n# from textual docs\n")
