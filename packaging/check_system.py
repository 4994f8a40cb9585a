"""Check the system packages a command needs, before it starts (issue 17 §6).

    python3 packaging/check_system.py venv|qt|run|test|package|ci [--missing]

Reads packaging/apt-packages.txt. On Debian/Ubuntu asks dpkg-query which of the
packages are installed and, when some are missing, prints the one
``apt-get install`` line that installs them and exits 1. Elsewhere checks the
libraries (``ldconfig -p``), programs (``PATH``) and Python modules directly and
names what is missing. ``--missing`` prints only the missing Debian package
names, for .ci/run, and exits 0.

Standard library only, Python 3.8+: it runs with the system's python3 before
``.venv`` exists.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

LIST = Path(__file__).resolve().parent / "apt-packages.txt"
GROUPS = {
    "venv": ("venv",),
    "qt": ("venv", "qt"),
    "run": ("venv", "qt", "run"),
    "test": ("venv", "qt", "test"),
    "package": ("venv", "qt", "run", "package"),
    "ci": ("venv", "qt", "run", "test", "package", "ci"),
}
COMMANDS = {
    "venv": "make",
    "qt": "make",
    "run": "make run",
    "test": "make test",
    "package": "make package",
    "ci": ".ci/run",
}


class Missing(NamedTuple):
    """A library, program or module not found, and the Debian package that has it."""

    thing: str
    package: str


class Package(NamedTuple):
    """One line of apt-packages.txt."""

    names: list[str]  # the package and its alternatives (renamed in newer releases)
    groups: list[str]
    checks: list[str]


def read_list(path: Path = LIST) -> list[Package]:
    """The packages listed in ``path``."""
    packages = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        names, groups, *checks = line.split()
        packages.append(Package(names.split("|"), groups.split(","), checks))
    return packages


def needed(packages: Sequence[Package], target: str) -> list[Package]:
    """The packages ``target`` needs."""
    return [p for p in packages if set(p.groups) & set(GROUPS[target])]


def _run(cmd: Sequence[str]) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), capture_output=True, text=True)


def _python_check(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def dpkg_installed(names: Sequence[str]) -> set:
    """Which of ``names`` dpkg knows as installed."""
    done = _run(["dpkg-query", "-W", "-f=${Package}\t${db:Status-Abbrev}\n", *names])
    installed = set()
    for line in done.stdout.splitlines():
        name, _, status = line.partition("\t")
        if status.startswith("ii"):
            installed.add(name.split(":", 1)[0])
    return installed


def _known_to_apt(name: str) -> bool:
    if shutil.which("apt-cache") is None:
        return False
    return _run(["apt-cache", "show", "--no-all-versions", name]).returncode == 0


def _choice(names: Sequence[str]) -> str:
    """The alternative to install: the first one apt knows, else the first one."""
    for name in names:
        if _known_to_apt(name):
            return name
    return names[0]


def _python_ok(pkg: Package) -> bool:
    """A ``py:`` check passes (it is about the Python running this, whatever dpkg says)."""
    return all(_python_check(c[3:]) for c in pkg.checks if c.startswith("py:"))


def missing_debian(packages: Sequence[Package]) -> list[str]:
    """The Debian package names to install (one per missing line)."""
    names = [n for p in packages for n in p.names]
    installed = dpkg_installed(names)
    missing = []
    for pkg in packages:
        has_py = any(c.startswith("py:") for c in pkg.checks)
        ok = _python_ok(pkg) if has_py else any(n in installed for n in pkg.names)
        if not ok:
            missing.append(_choice(pkg.names))
    return missing


def _shared_libraries() -> str:
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    try:
        return _run([ldconfig, "-p"]).stdout
    except OSError:
        return ""


def _has_fonts() -> bool:
    if shutil.which("fc-list") is None:
        return False
    return bool(_run(["fc-list"]).stdout.strip())


def _check_ok(kind: str, what: str, libraries: str) -> bool:
    if kind == "so":
        return f"{what} " in libraries
    if kind == "bin":
        return shutil.which(what) is not None
    if kind == "py":
        return _python_check(what)
    return _has_fonts()


def missing_generic(packages: Sequence[Package]) -> list[Missing]:
    """What is missing, checked directly, with the Debian package that provides it."""
    libraries = _shared_libraries()
    missing = []
    for pkg in packages:
        for check in pkg.checks:
            kind, _, what = check.partition(":")
            if not _check_ok(kind, what, libraries):
                missing.append(Missing(what or "phông chữ", pkg.names[0]))
    return missing


def install_line(names: Sequence[str]) -> str:
    """The command that installs ``names`` (sudo unless already root)."""
    sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
    return f"{sudo}apt-get install -y {' '.join(names)}"


def main(argv: Sequence[str] | None = None) -> int:
    """Check, print what to do, return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    only_names = "--missing" in args
    args = [a for a in args if a != "--missing"]
    target = args[0] if args else "run"
    if target not in GROUPS:
        print(f"Không rõ lệnh {target!r}: chọn một trong {', '.join(GROUPS)}.", file=sys.stderr)
        return 2
    packages = needed(read_list(), target)
    command = COMMANDS[target]
    if shutil.which("dpkg-query"):
        missing = missing_debian(packages)
        if only_names:
            print(" ".join(missing))
            return 0
        if missing:
            print(
                f"Máy này còn thiếu gói hệ thống mà `{command}` cần: {', '.join(missing)}.\n"
                f"Cài bằng lệnh:\n\n    {install_line(missing)}\n\nrồi chạy lại `{command}`.",
                file=sys.stderr,
            )
            return 1
        return 0
    absent = missing_generic(packages)
    if only_names:
        print(" ".join(dict.fromkeys(m.package for m in absent)))
        return 0
    if absent:
        lines = "\n".join(f"    {m.thing} (gói Debian/Ubuntu: {m.package})" for m in absent)
        print(
            f"Máy này còn thiếu thư viện hoặc chương trình mà `{command}` cần:\n{lines}\n"
            "Hãy cài các gói cung cấp chúng bằng trình quản lý gói của hệ điều hành, "
            f"rồi chạy lại `{command}`.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
