"""No OS keyring: the documented file fallback (0600, in the data folder), never a crash."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backend
import pytest
from jaraco.classes import properties
from keyring.backends import fail
from keyring.errors import KeyringError, NoKeyringError

from app import paths, secrets
from app.errors import StorageError
from app.messages import MSG
from tests.safety.conftest import ROOT, child_env


@pytest.fixture
def no_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let ensure_backend decide by itself (the autouse fixture forces memory)."""
    monkeypatch.delenv("TRUONGSO_KEYRING")
    secrets.reset_for_tests()


def test_forced_file_fallback_round_trips_and_is_private(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """TRUONGSO_KEYRING=file keeps secrets in the data folder, readable by the owner only."""
    monkeypatch.setenv("TRUONGSO_KEYRING", "file")
    secrets.reset_for_tests()
    status = secrets.ensure_backend()
    path = paths.data_dir() / "keyring-fallback.cfg"
    assert status.fallback and status.warning == MSG.keyring_missing.format(path=path)
    secrets.set_secret("backup-key:THCS0001", "bí mật")
    assert secrets.get_secret("backup-key:THCS0001") == "bí mật"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secrets.delete_secret("backup-key:THCS0001")
    assert secrets.get_secret("backup-key:THCS0001") is None
    secrets.delete_secret("backup-key:THCS0001")  # deleting twice is not an error


def test_no_os_backend_falls_back_to_the_file(no_choice: None) -> None:
    """keyring's fail backend (no keyring at all) gives the file fallback with its warning."""
    keyring.set_keyring(fail.Keyring())
    status = secrets.ensure_backend()
    assert status.name == "file" and status.fallback and "docs/keyring.md" in status.warning
    secrets.set_secret("x", "1")
    assert secrets.get_secret("x") == "1"


def test_a_fresh_process_without_keyring_reads_what_the_last_one_stored(tmp_path: Path) -> None:
    """With PYTHON_KEYRING_BACKEND=fail, two processes share the secret through the fallback file."""
    env = child_env(tmp_path / "data", keyring="")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    code = (
        "import sys; from app import secrets\n"
        "s = secrets.ensure_backend()\n"
        "if sys.argv[1] == 'set': secrets.set_secret('k', 'giá trị')\n"
        "print(s.name, s.fallback, secrets.get_secret('k'))\n"
    )
    outs = []
    for action in ("set", "get"):
        done = subprocess.run(
            [sys.executable, "-c", code, action],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        outs.append(done.stdout.strip())
    assert outs == ["file True giá trị", "file True giá trị"]


def test_memory_keyring_is_never_picked_automatically() -> None:
    """The in-memory test backend must not win keyring's auto-detection and lose secrets at exit."""
    assert not secrets.MemoryKeyring.viable
    assert secrets.MemoryKeyring not in set(keyring.backend.KeyringBackend.get_viable_backends())


class _VanishingKeyring(keyring.backend.KeyringBackend):
    """An OS keyring that says it exists but fails on use (e.g. no D-Bus session)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend, never auto-selected")

    def get_password(self, service: str, username: str) -> str | None:
        raise NoKeyringError("no session bus")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NoKeyringError("no session bus")

    def delete_password(self, service: str, username: str) -> None:
        raise NoKeyringError("no session bus")


class _BrokenKeyring(_VanishingKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("collection is locked")


def test_an_os_keyring_that_vanishes_on_use_switches_to_the_file(no_choice: None) -> None:
    """NoKeyringError at first use: the app moves to the fallback instead of failing."""
    keyring.set_keyring(_VanishingKeyring())
    assert not secrets.ensure_backend().fallback
    secrets.set_secret("y", "2")
    assert secrets.ensure_backend().fallback
    assert secrets.get_secret("y") == "2"


def test_a_failing_os_keyring_is_a_clear_error_not_a_crash(no_choice: None) -> None:
    """Any other keyring failure becomes a StorageError with a Vietnamese message."""
    keyring.set_keyring(_BrokenKeyring())
    with pytest.raises(StorageError) as err:
        secrets.get_secret("z")
    assert "keyring" in err.value.message and "collection is locked" in err.value.message
