"""Command-line interface: ``python main.py <command>``, the headless jobs.

Each module in this package that defines ``register(sub)`` adds its commands;
``COMMANDS`` names them, with the line ``--help`` lists, so that ``--help`` and
a command's own run import only that command's module (issue 17 §7: SQLAlchemy,
openpyxl and ReportLab cost most of a second). A command is a function
``run(args, ctx) -> int`` that uses the same services as the window.

Exit codes: 0 done; 1 an expected error (one Vietnamese line on stderr);
2 wrong usage of the command line; 3 a bug (details in the log file);
130 cancelled with Ctrl+C.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NoReturn

from app.errors import AppError, NotFound
from app.logs import log_path
from app.messages import MSG
from app.messages.cli import CLI_MSG

if TYPE_CHECKING:  # the database layer is imported when a command opens it
    from app.db import Actor
    from app.runtime import Runtime

log = logging.getLogger(__name__)
Command = Callable[[argparse.Namespace, "Context"], int]

# Every top-level command: its module in this package and the line ``--help`` lists, in the
# order listed. A module's commands are consecutive. tests/test_cli_dispatch.py checks that
# each module registers exactly these names with these lines.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("core", "khởi tạo CSDL mới: hồ sơ trường, quản trị viên, năm học"),
    "demo": ("core", "tạo trường mẫu với dữ liệu minh họa"),
    "check": ("core", "kiểm tra toàn vẹn CSDL và nhật ký"),
    "journal": ("core", "nhật ký thay đổi: kiểm tra, xem"),
    "users": ("core", "tài khoản người dùng: thêm, liệt kê, đặt lại mật khẩu"),
    "access-log": (
        "access_log",
        "nhật ký truy cập: đăng nhập, đăng xuất, đăng nhập sai, khóa tài khoản, "
        "xem thông tin nhạy cảm",
    ),
    "backup": ("safety", "sao lưu CSDL ngay (mã hóa AES-GCM)"),
    "backup-list": ("safety", "liệt kê các bản sao lưu"),
    "key": ("safety", "khóa sao lưu: xuất ra giấy/USB, nhập vào máy mới"),
    "restore": ("safety", "khôi phục CSDL từ bản sao lưu (kiểm tra trước khi thay)"),
    "students": ("students", "hồ sơ học sinh"),
    "classes": ("students", "lớp học"),
    "year": (
        "year",
        "năm học: liệt kê, chuyển năm học mới, xếp lớp học sinh chờ kết quả, đổi năm hiện tại",
    ),
    "results": ("grades", "kết quả học tập, rèn luyện của một lớp (học kì hoặc cả năm)"),
    "grades": ("grades", "sổ điểm: khóa/mở khóa, sửa điểm, lịch sử, danh sách cuối năm"),
    "transcript": ("transcripts", "học bạ số: lập, gửi ký, phát hành, xuất, sổ cấp bản sao"),
    "equipment": (
        "equipment",
        "thiết bị: phòng học, sổ thiết bị, thanh lý, danh mục tối thiểu, tỉ lệ máy tính",
    ),
    "cds": ("cds", "tự đánh giá chuyển đổi số (QĐ 4725): bộ tiêu chí, phiếu, minh chứng, báo cáo"),
    "sync": ("sync", "đồng bộ: hồ sơ máy chủ, lập gói, chép ra USB, nhận biên nhận"),
    "hub": ("hub", "máy chủ nhận: khóa, hồ sơ cho trường, nhận gói, duyệt trường"),
}
ALL_MODULES = tuple(dict.fromkeys(module for module, _help in COMMANDS.values()))


# argparse's own texts, by gettext message id (Python 3.11–3.13). Ids this table
# does not know fall back to English rather than failing.
_ARGPARSE_VI: dict[str, str] = {
    "usage: ": CLI_MSG.usage,
    "positional arguments": CLI_MSG.positionals,
    "options": CLI_MSG.options,
    "show this help message and exit": CLI_MSG.help,
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "giá trị không hợp lệ: %(value)r (chọn một trong: %(choices)s)"
    ),
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ (%(type)s): %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn %(option)s không rõ, có thể là: %(matches)s"
    ),
    "not allowed with argument %s": "không dùng cùng với %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)"
    ),
    "ignored explicit argument %r": "tham số %r không nhận giá trị",
}


def _translate(message: str) -> str:
    return _ARGPARSE_VI.get(message, message)


@contextmanager
def _vietnamese() -> Iterator[None]:
    """Swap argparse's gettext function for our table while our parser works."""
    saved = getattr(argparse, "_")  # noqa: B009 (the module's gettext alias)
    setattr(argparse, "_", _translate)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved)  # noqa: B010


class VietnameseParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help and errors are Vietnamese; errors are one line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _vietnamese():
            super().__init__(*args, **kwargs)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        with _vietnamese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        with _vietnamese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _vietnamese():
            return super().format_usage()

    def format_help(self) -> str:
        with _vietnamese():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        """Wrong usage: one Vietnamese line on stderr and exit code 2."""
        self.exit(2, CLI_MSG.bad_usage.format(message=message, prog=self.prog) + "\n")


def utf8_stdio() -> None:
    """Write UTF-8 even when output is redirected on Windows (cp1252 cannot encode Vietnamese)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if stream is not None and encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


@dataclass
class Context:
    """What a command needs: the opened database (lazily) and how to print."""

    db_url: str | None
    as_json: bool = False
    _runtime: Runtime | None = field(default=None, repr=False)

    def runtime(self, *, lock: bool = True, create: bool = True) -> Runtime:
        """Open (once) the database named by ``--db`` or the settings.

        With ``create=False`` a missing SQLite file is an error instead of a
        new empty database (a typo in ``--db`` must not create one).
        """
        if self._runtime is None:
            from app.db import sqlite_path
            from app.runtime import open_runtime, resolve_url

            path = sqlite_path(resolve_url(self.db_url))
            if not create and path is not None and not path.exists():
                raise NotFound(CLI_MSG.db_file_missing.format(path=path))
            self._runtime = open_runtime(self.db_url, lock=lock)
            for warning in self._runtime.warnings:  # what the window shows at start
                print(warning, file=sys.stderr)
        return self._runtime

    def actor(self) -> Actor:
        """The operator at the command line: full rights, journalled as ``cli``.

        Whoever can run commands on this machine can already open the database
        file; see docs/decisions/002-cli-operator-identity.md.
        """
        from app.db import Actor

        return Actor.system("cli")

    def out(self, data: Any, text: str = "") -> None:
        """Print ``data`` as JSON with ``--json``, otherwise ``text``."""
        if self.as_json:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
        elif text:
            print(text)

    def close(self) -> None:
        if self._runtime is not None:
            self._runtime.close()
            self._runtime = None


DB_HELP = "địa chỉ CSDL, ví dụ sqlite:///D:/truong.sqlite hoặc postgresql://user@máy/csdl (mặc định: tệp SQLite của máy này)"


def add_common(p: argparse.ArgumentParser, *, json_flag: bool = False) -> None:
    """Options every command takes: ``--db`` and, where output is data, ``--json``."""
    p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=DB_HELP)
    if json_flag:
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def build_parser(modules: Sequence[str] = ALL_MODULES) -> argparse.ArgumentParser:
    """The parser: the commands of ``modules`` in full, the others by name and help line only.

    Only ``modules`` are imported; a command listed by name alone takes any
    arguments and runs nothing (``parse`` registers the one typed in full).
    """
    utf8_stdio()
    parser = VietnameseParser(
        prog="truongso",
        description="Trường Số — quản lý trường học ngoại tuyến. Không có lệnh: mở cửa sổ ứng dụng.",
        epilog="Xem hướng dẫn của từng lệnh: truongso <lệnh> --help",
    )
    parser.add_argument("--db", metavar="URL", help=DB_HELP)
    parser.add_argument(
        "--self-test", action="store_true", help="tự kiểm tra bản cài đặt rồi thoát"
    )
    sub = parser.add_subparsers(dest="command", metavar=CLI_MSG.commands)
    registered: set[str] = set()
    for name, (module, help_text) in COMMANDS.items():
        if module not in modules:
            sub.add_parser(name, help=help_text, add_help=False)
        elif module not in registered:
            importlib.import_module(f"{__name__}.{module}").register(sub)
            registered.add(module)
    return parser


def parse(argv: Sequence[str]) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """Parse ``argv``, importing only the module of the command it names.

    A first pass with every command listed by name finds the command (and
    handles ``--help`` and wrong usage before any command exists); the
    second parses with that command in full. Returns the parser used too.
    """
    parser = build_parser(())
    known, _rest = parser.parse_known_args(argv)
    command = getattr(known, "command", None)
    if command in COMMANDS:
        parser = build_parser((COMMANDS[command][0],))
    return parser, parser.parse_args(argv)


def run(args: argparse.Namespace) -> int:
    """Run a parsed command, mapping errors to a one-line Vietnamese message and exit code."""
    from app import modules as _modules  # noqa: F401  (every module wired into the core: decision 008)

    ctx = Context(getattr(args, "db", None), getattr(args, "json", False))
    try:
        return int(args.func(args, ctx))
    except AppError as exc:
        print(MSG.cli_error.format(message=exc.message), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(MSG.cancelled, file=sys.stderr)
        return 130
    except BrokenPipeError:  # `… | head` closed the pipe: the reader has what it wanted
        _silence_stdout()
        return 0
    except Exception as exc:  # a bug: log it whole, tell the user where
        log.exception("CLI command failed")
        print(MSG.cli_bug.format(kind=type(exc).__name__, log=log_path()), file=sys.stderr)
        return 3
    finally:
        ctx.close()


def _silence_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse and run; prints help when no command is given."""
    parser, args = parse(list(sys.argv[1:] if argv is None else argv))
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return run(args)
