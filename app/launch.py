"""What a start of the window knows before the data layer is imported (issue 17 §5 and §7).

The window shows its first dialog before SQLAlchemy and the models are
imported (they load while the user types), so the questions asked before that
are answered here with the standard library only: which database this start
works on, the name a second launch on the same database uses to reach the
running window, and whether the database already has a school (the login) or
not yet (the first-run wizard).
"""

from __future__ import annotations

import getpass
import hashlib
import sqlite3
from pathlib import Path
from urllib.parse import unquote

from app import paths, settings


def resolved_url(cli_url: str | None = None) -> str:
    """``--db`` wins, then the settings file, then the embedded SQLite file (as ``app.db``)."""
    return cli_url or settings.load().db_url or f"sqlite:///{paths.default_db_path()}"


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL, as ``app.db.sqlite_path`` reads it; None for other databases."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+", 1)[0] != "sqlite":
        return None
    database = unquote(rest.removeprefix("/").split("?", 1)[0])
    if not database or database == ":memory:":
        return None
    return Path(database)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment or the user database
        return ""


def instance_key(cli_url: str | None = None) -> str:
    """The name the running window listens on: one per user and database.

    The same file reached by another relative path or link gives the same name;
    another user on the same PC, or another database, gives another.
    """
    url = resolved_url(cli_url)
    path = sqlite_file(url)
    where = str(path.resolve()) if path is not None else url
    digest = hashlib.sha256(f"{_user()}\n{where}".encode()).hexdigest()
    return f"truongso-{digest[:32]}"


def school_on_file(cli_url: str | None = None) -> bool | None:
    """Whether the SQLite database has a school yet, read without the data layer.

    False: no file, an empty one, or no school in it (the first-run wizard);
    True: a school (the login; an encrypted file, whose sidecar names its school, is
    encrypted only once it has one: ``app.safety.encryption``); None: cannot tell from here (PostgreSQL, a file
    it cannot read, one without the tables yet), and the opened database decides.
    """
    path = sqlite_file(resolved_url(cli_url))
    if path is None:
        return None
    try:
        if not path.exists() or path.stat().st_size == 0:
            return False
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":  # encrypted (app.sqlite_files)
                return True if path.with_name(path.name + ".key.json").exists() else None
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            row = con.execute("SELECT 1 FROM school LIMIT 1").fetchone()
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        return None
    return row is not None
