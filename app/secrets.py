"""The only door to secrets: backup keys, signing passphrases, API tokens (STYLE rule 21).

Secrets live in the operating system's keyring (Windows Credential Manager,
the Secret Service on Linux). When the machine has none, for example a
headless Linux box, we fall back to keyrings.alt's file backend in the data
folder, readable only by the current user, and tell the user so
(docs/keyring.md). Tests and ``--self-test`` install an in-memory backend.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

from app import paths
from app.errors import StorageError
from app.messages import MSG

SERVICE = "TruongSo"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives only in this process (tests, self-test)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@dataclass(frozen=True)
class BackendStatus:
    """Which keyring is in use and, for the fallback, the warning to show."""

    name: str
    fallback: bool
    warning: str = ""


_status: BackendStatus | None = None


def _is_weak(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    return (
        module.startswith("keyring.backends.fail")
        or module.startswith("keyrings.alt")
        or (
            module.startswith("keyring.backends.chainer") and not getattr(backend, "backends", None)
        )
    )


def fallback_path() -> str:
    """The file the fallback keyring writes to."""
    return str(paths.data_dir() / "keyring-fallback.cfg")


def _install_fallback() -> BackendStatus:
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = fallback_path()  # type: ignore[misc]
    keyring.set_keyring(backend)
    return BackendStatus("file", True, MSG.keyring_missing.format(path=backend.file_path))


def use_memory_backend() -> None:
    """Keep secrets in memory only (tests, ``--self-test``)."""
    global _status
    keyring.set_keyring(MemoryKeyring())
    _status = BackendStatus("memory", False)


def ensure_backend() -> BackendStatus:
    """Pick the keyring once: the OS one, or the documented file fallback."""
    global _status
    if _status is not None:
        return _status
    if os.environ.get("TRUONGSO_KEYRING") == "memory":
        use_memory_backend()
    elif os.environ.get("TRUONGSO_KEYRING") == "file" or _is_weak(keyring.get_keyring()):
        _status = _install_fallback()
    else:
        backend = keyring.get_keyring()
        _status = BackendStatus(type(backend).__name__, False)
    assert _status is not None
    return _status


def get_secret(name: str) -> str | None:
    """Read a secret, or None when it was never stored."""
    ensure_backend()
    try:
        return keyring.get_password(SERVICE, name)
    except KeyringError as exc:
        raise StorageError(
            MSG.keyring_missing.format(path=fallback_path()), details=str(exc)
        ) from exc


def set_secret(name: str, value: str) -> None:
    """Store a secret."""
    ensure_backend()
    try:
        keyring.set_password(SERVICE, name, value)
    except KeyringError as exc:
        raise StorageError(
            MSG.keyring_missing.format(path=fallback_path()), details=str(exc)
        ) from exc
    path = fallback_path()
    if _status is not None and _status.fallback and os.path.exists(path):
        os.chmod(path, 0o600)


def delete_secret(name: str) -> None:
    """Remove a secret if present."""
    ensure_backend()
    try:
        keyring.delete_password(SERVICE, name)
    except PasswordDeleteError:
        return


def reset_for_tests() -> None:
    """Forget the chosen backend (tests switch between them)."""
    global _status
    _status = None
