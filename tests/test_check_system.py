"""packaging/check_system.py: the system packages `make run` / `make test` check first (issue 17 §6).

The checker runs as the Makefile runs it, in a real process; dpkg-query, apt-cache,
ldconfig and the programs it looks for are small scripts put first on PATH, so a
package can be "missing" without touching the machine's packages.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.cli_runner import ROOT

CHECKER = ROOT / "packaging" / "check_system.py"
sys.path.insert(0, str(ROOT / "packaging"))
import check_system  # noqa: E402

SUDO = "" if os.geteuid() == 0 else "sudo "


def _script(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)


def _fake_dpkg(folder: Path, missing: set[str]) -> None:
    """A dpkg-query that says every package is installed but ``missing`` (status "un")."""
    cases = "".join(f'    {name}) status="un ";;\n' for name in sorted(missing))
    _script(
        folder,
        "dpkg-query",
        'shift 2\nfor p in "$@"; do\n  status="ii "\n  case "$p" in\n'
        f"{cases}  esac\n"
        '  printf "%s\\t%s\\n" "$p" "$status"\ndone\n',
    )


def _check(bin_dir: Path, *args: str, keep_path: bool = True) -> subprocess.CompletedProcess[str]:
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}" if keep_path else str(bin_dir)
    return subprocess.run(
        [sys.executable, str(CHECKER), *args],
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_a_missing_package_stops_make_test_with_the_apt_get_line(tmp_path: Path) -> None:
    """poppler-utils missing: `make test`'s check prints the one line that installs it, exits 1;
    `make run`, which does not need it, passes."""
    _fake_dpkg(tmp_path, {"poppler-utils"})
    done = _check(tmp_path, "test")
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0] == "Máy này còn thiếu gói hệ thống mà `make test` cần: poppler-utils."
    assert f"    {SUDO}apt-get install -y poppler-utils" in lines
    assert _check(tmp_path, "run").returncode == 0


def test_what_a_fresh_debian_lacked_stops_make_run_and_ci_installs_all_of_it(
    tmp_path: Path,
) -> None:
    """libxcb-cursor0 (without which the window did not open) and poppler-utils missing:
    `make run` asks for the first, `make test` for the second, .ci/run gets both."""
    _fake_dpkg(tmp_path, {"poppler-utils", "libxcb-cursor0"})
    run = _check(tmp_path, "run")
    assert run.returncode == 1
    assert f"    {SUDO}apt-get install -y libxcb-cursor0" in run.stderr.splitlines()
    test = _check(tmp_path, "test")
    assert f"    {SUDO}apt-get install -y poppler-utils" in test.stderr.splitlines()
    ci = _check(tmp_path, "ci", "--missing")
    assert ci.returncode == 0 and ci.stdout.split() == ["libxcb-cursor0", "poppler-utils"]


def test_a_renamed_package_is_found_by_either_name_and_offered_by_the_one_apt_knows(
    tmp_path: Path,
) -> None:
    """GLib is libglib2.0-0t64 on Ubuntu 24.04: installed under that name it counts; missing
    under both, the install line names the one apt-cache knows."""
    _fake_dpkg(tmp_path, {"libglib2.0-0"})
    assert _check(tmp_path, "run").returncode == 0
    _fake_dpkg(tmp_path, {"libglib2.0-0", "libglib2.0-0t64"})
    _script(tmp_path, "apt-cache", 'case "$3" in libglib2.0-0t64) exit 0;; esac\nexit 100\n')
    done = _check(tmp_path, "qt")
    assert done.returncode == 1
    assert f"    {SUDO}apt-get install -y libglib2.0-0t64" in done.stderr.splitlines()


def test_without_dpkg_the_missing_library_is_named(tmp_path: Path) -> None:
    """On a Linux without dpkg: ldconfig's list lacks libxcb-cursor.so.0, so `make run` stops
    naming it and its Debian package; with it listed, the check passes."""
    libraries = [
        s.split(":", 1)[1]
        for p in check_system.needed(check_system.read_list(), "run")
        for s in p.checks
        if s.startswith("so:")
    ]
    listing = "".join(f"\\t{lib} (libc6,x86-64) => /usr/lib/{lib}\\n" for lib in libraries)
    present = listing.replace(
        "\\tlibxcb-cursor.so.0 (libc6,x86-64) => /usr/lib/libxcb-cursor.so.0\\n", ""
    )
    _script(tmp_path, "ldconfig", f'printf "{present}"\n')
    _script(tmp_path, "fc-list", 'echo "/usr/share/fonts/DejaVuSans.ttf: DejaVu Sans"\n')
    _script(tmp_path, "fc-match", "exit 0\n")
    done = _check(tmp_path, "run", keep_path=False)
    assert done.returncode == 1
    assert "    libxcb-cursor.so.0 (gói Debian/Ubuntu: libxcb-cursor0)" in done.stderr.splitlines()
    assert len(re.findall(r"^    \S", done.stderr, re.M)) == 1
    _script(tmp_path, "ldconfig", f'printf "{listing}"\n')
    assert _check(tmp_path, "run", keep_path=False).returncode == 0


def test_the_readme_installs_what_make_run_and_make_test_check() -> None:
    """The README's apt-get line (both languages) is the list's run + test packages, in order."""
    wanted = [p.names[0] for p in check_system.needed(check_system.read_list(), "run")]
    wanted += [
        p.names[0]
        for p in check_system.needed(check_system.read_list(), "test")
        if p.names[0] not in wanted
    ]
    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = re.findall(r"sudo apt-get install -y ([^\n`]+)", readme)
    assert len(lines) == 2
    for line in lines:
        assert line.split() == wanted


def test_each_make_target_checks_its_packages_before_anything_else() -> None:
    """`make -n`: the check of run, test and package is the first command of each."""
    for target in ("run", "test", "package"):
        env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
        done = subprocess.run(  # as a person types it, even when the suite runs under make test
            ["make", "--no-print-directory", "-n", target],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        first = done.stdout.splitlines()[0]
        assert first.endswith(f"packaging/check_system.py {target}"), (target, first)


def test_ci_installs_from_the_same_list() -> None:
    """.ci/run asks the checker what to install instead of keeping its own list."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "packaging/check_system.py ci --missing" in script
    assert "poppler-utils" not in script and "libegl1" not in script
