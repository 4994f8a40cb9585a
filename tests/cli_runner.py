"""``python main.py ...`` without a new interpreter: the same entry function, run in this process.

Starting Python, importing SQLAlchemy and Alembic and discovering the CLI modules
cost about a second per command, and the CLI tests run hundreds of commands.
``run_main`` calls ``main.main(argv)`` instead and returns what ``subprocess.run``
would (``returncode``, ``stdout``, ``stderr``), so a test reads the same either
way. What a fresh process would not share with the test is set aside for the
call and put back afterwards:

- the environment (``env`` replaces it whole, as ``subprocess.run(env=...)``),
  so the data folder (``TRUONGSO_DATA_DIR``) and the keyring choice come from it;
- standard input (closed: no terminal, so no password prompt), output and error
  (captured as UTF-8 text) and the working directory (the repository);
- the keyring: the command picks its backend afresh; ``TRUONGSO_KEYRING=memory`` gives it
  the data folder's in-memory store, as every program of a PC shares its OS keyring (a
  test that wants a new PC's empty keyring uses another data folder); the test's own
  backend comes back after;
- the log file handler ``setup_logging`` adds (it would keep writing to the first
  test's data folder) and the root logger's level;
- ``SystemExit`` (argparse's exit 2, ``--help``'s exit 0) becomes the return code;
  an uncaught exception prints its traceback to ``stderr`` with code 1, as Python does.

The command itself releases what it opened (``Context.close``: the database
engine and the instance lock). A few tests still start a real process
(``tests/test_cli_process.py``) to keep this runner honest.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import keyring

from app import secrets

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    saved = dict(os.environ)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _own_log_file() -> Iterator[None]:
    """Let the command add its own log handler (in its data folder); remove it afterwards."""
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    root.handlers = [h for h in saved if not getattr(h, "_truongso", False)]
    try:
        yield
    finally:
        for handler in root.handlers:
            if handler not in saved:
                handler.close()
        root.handlers = saved
        root.setLevel(level)


@contextlib.contextmanager
def _fresh_keyring() -> Iterator[None]:
    saved_backend, saved_status = keyring.get_keyring(), secrets._status
    secrets.reset_for_tests()
    try:
        yield
    finally:
        keyring.set_keyring(saved_backend)
        secrets._status = saved_status


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    saved = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(saved)


def _exit_code(done: SystemExit, err: io.TextIOBase) -> int:
    """The process exit code ``sys.exit(code)`` gives (a message goes to stderr with code 1)."""
    if done.code is None:
        return 0
    if isinstance(done.code, int):
        return done.code
    print(done.code, file=err)
    return 1


def run_main(
    args: Sequence[str], *, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``main.main(args)`` as ``subprocess.run([python, main.py, *args], env=env)`` would."""
    import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n", write_through=True)
    argv = [str(a) for a in args]
    if not argv:  # no command opens the window, which would wait for a user
        raise ValueError("run_main needs a command; without one main.py opens the window")
    with (
        _environment(env),
        _working_directory(ROOT),
        _fresh_keyring(),
        _own_log_file(),
        open(os.devnull, encoding="utf-8") as stdin,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        saved_stdin, sys.stdin = sys.stdin, stdin
        try:
            code = main.main(argv)
        except SystemExit as done:
            code = _exit_code(done, err)
        except Exception:
            traceback.print_exc(file=err)
            code = 1
        finally:
            sys.stdin = saved_stdin
    return subprocess.CompletedProcess(["main.py", *argv], code, _text(out), _text(err))


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8")
