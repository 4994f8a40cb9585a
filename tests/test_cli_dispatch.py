"""The command line imports a command's modules only when that command runs (issue 17 §7).

``app.cli.COMMANDS`` lists every top-level command with its module and the line
``--help`` shows; these tests keep it equal to what the modules register and
check, in fresh processes, what ``--help`` and one command import.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import subprocess
import sys

from app import cli
from app.db import sqlite_url
from tests.cli_runner import ROOT


def _top_level(parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    """(name, help line) of each top-level command, in the order ``--help`` lists them."""
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [(choice.dest, choice.help or "") for choice in action._choices_actions]


def test_the_command_table_is_what_the_modules_register() -> None:
    """Every module with ``register`` is in the table, and registering them all in full gives
    exactly the table's commands, in its order, with its help lines."""
    modules = {
        info.name
        for info in pkgutil.iter_modules(cli.__path__)
        if hasattr(importlib.import_module(f"app.cli.{info.name}"), "register")
    }
    assert modules == set(cli.ALL_MODULES)
    table = [(name, text) for name, (_module, text) in cli.COMMANDS.items()]
    assert _top_level(cli.build_parser()) == table
    assert _top_level(cli.build_parser(())) == table
    for module in cli.ALL_MODULES:
        registered = _top_level(cli.build_parser((module,)))
        assert registered == table, module


PROBE = """
import json, sys
import main
try:
    code = main.main(sys.argv[1:])
except SystemExit as done:
    code = done.code
loaded = sorted(m for m in sys.modules if m.startswith("app.cli."))
print(json.dumps({"code": code, "cli": loaded, "sqlalchemy": "sqlalchemy" in sys.modules,
                  "qt": "PySide6" in sys.modules}))
"""


def _fresh(*args: str) -> tuple[dict[str, object], str]:
    """Run ``main.main(args)`` in a new interpreter; what it imported, and its output."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    *out, last = done.stdout.strip().splitlines()
    return json.loads(last), "\n".join(out)


def test_help_lists_every_command_without_importing_any() -> None:
    """``--help`` prints every command with its Vietnamese line, and imports no command
    module, no SQLAlchemy and no Qt."""
    seen, text = _fresh("--help")
    assert seen == {"code": 0, "cli": [], "sqlalchemy": False, "qt": False}
    words = " ".join(text.split())  # argparse wraps long lines
    for name, (_module, line) in cli.COMMANDS.items():
        assert f" {name} {line}" in words, name
    assert text.startswith("Cách dùng: truongso")


def test_one_command_imports_its_own_module_only() -> None:
    """``grades --help`` imports the grade-book commands (and their helpers), not the others."""
    seen, text = _fresh("grades", "--help")
    assert seen["code"] == 0 and "Cách dùng: truongso grades" in text
    assert "app.cli.grades" in seen["cli"]  # type: ignore[operator]
    assert not {"app.cli.core", "app.cli.safety", "app.cli.students"} & set(seen["cli"])  # type: ignore[call-overload]


def test_the_command_is_found_after_top_level_options(tmp_path: object) -> None:
    """``--db URL users list``: the option's value is not taken for the command."""
    url = sqlite_url(f"{tmp_path}/khong-co.sqlite")
    _parser, args = cli.parse(["--db", url, "users", "list"])
    assert args.command == "users" and args.users_cmd == "list" and args.db == url
    assert args.func is not None


def test_wrong_usage_is_still_one_vietnamese_line() -> None:
    """An unknown command, in a fresh process: exit 2 and the command list, in Vietnamese."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "khong-co-lenh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Lỗi: tham số <lệnh>: giá trị không hợp lệ: 'khong-co-lenh'")
    assert all(f"'{name}'" in done.stderr for name in cli.COMMANDS)
