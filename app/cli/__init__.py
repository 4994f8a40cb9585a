"""Command-line interface: ``python main.py <command>``, the headless jobs.

Each module in this package that defines ``register(sub)`` adds its commands;
they are found automatically, in ``ORDER``. A command is a function
``run(args, ctx) -> int`` that uses the same services as the window.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import pkgutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.db import Actor
from app.errors import AppError
from app.logs import log_path
from app.messages import MSG
from app.runtime import Runtime, open_runtime

log = logging.getLogger(__name__)
Command = Callable[[argparse.Namespace, "Context"], int]


class _VietnameseParser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: tham số không hợp lệ — {message}\n")


@dataclass
class Context:
    """What a command needs: the opened database (lazily) and how to print."""

    db_url: str | None
    as_json: bool = False
    _runtime: Runtime | None = field(default=None, repr=False)

    def runtime(self, *, lock: bool = True) -> Runtime:
        """Open (once) the database named by ``--db`` or the settings."""
        if self._runtime is None:
            self._runtime = open_runtime(self.db_url, lock=lock)
        return self._runtime

    def actor(self) -> Actor:
        """The operator at the command line: full rights, journalled as ``cli``."""
        return Actor.system("cli")

    def out(self, data: Any, text: str = "") -> None:
        """Print ``data`` as JSON with ``--json``, otherwise ``text``."""
        if self.as_json:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        elif text:
            print(text)

    def close(self) -> None:
        if self._runtime is not None:
            self._runtime.close()
            self._runtime = None


def add_common(p: argparse.ArgumentParser, *, json_flag: bool = False) -> None:
    """Options every command takes: ``--db`` and, where output is data, ``--json``."""
    p.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="địa chỉ CSDL (mặc định: tệp SQLite của máy này)",
    )
    if json_flag:
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every command module registered."""
    parser = _VietnameseParser(
        prog="truongso",
        description="Trường Số — quản lý trường học ngoại tuyến. Không có lệnh: mở cửa sổ ứng dụng.",
    )
    parser.add_argument(
        "--db", metavar="URL", help="địa chỉ CSDL (mặc định: tệp SQLite của máy này)"
    )
    parser.add_argument(
        "--self-test", action="store_true", help="tự kiểm tra bản cài đặt rồi thoát"
    )
    sub = parser.add_subparsers(dest="command", metavar="<lệnh>", parser_class=_VietnameseParser)
    modules = []
    for info in pkgutil.iter_modules(__path__):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "register"):
            modules.append(mod)
    for mod in sorted(modules, key=lambda m: getattr(m, "ORDER", 100)):
        mod.register(sub)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run a parsed command, mapping errors to a one-line Vietnamese message and exit code."""
    ctx = Context(getattr(args, "db", None), getattr(args, "json", False))
    try:
        return int(args.func(args, ctx))
    except AppError as exc:
        print(MSG.cli_error.format(message=exc.message), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(MSG.cancelled, file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: log it whole, tell the user where
        log.exception("CLI command failed")
        print(MSG.cli_bug.format(kind=type(exc).__name__, log=log_path()), file=sys.stderr)
        return 2
    finally:
        ctx.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse and run; prints help when no command is given."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return run(args)
