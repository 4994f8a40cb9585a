"""The only door to secrets: backup keys, signing passphrases, API tokens (STYLE rule 21).

Secrets live in the operating system's keyring (Windows Credential Manager,
the Secret Service on Linux). When the machine has none, for example a
headless Linux box, we fall back to keyrings.alt's file backend in the data
folder, readable only by the current user, and tell the user so
(docs/keyring.md). Tests and ``--self-test`` install an in-memory backend.

``TRUONGSO_KEYRING`` forces a choice: ``memory`` (tests) or ``file`` (the
fallback, e.g. on a server with no desktop session); unset, the OS decides.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import keyring
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import InitError, KeyringError, NoKeyringError, PasswordDeleteError

from app import paths
from app.db import Actor
from app.errors import StorageError
from app.messages import MSG
from app.messages.safety import SAFETY_MSG
from app.permissions import Perm, can

SERVICE = "TruongSo"
log = logging.getLogger(__name__)


class MemoryKeyring(KeyringBackend):
    """A keyring that lives only in this process (tests, self-test).

    It is never chosen automatically: keyring registers every backend class,
    and a viable in-memory one would silently win over the OS keyring and
    lose every secret at exit. It is installed only by ``use_memory_backend``.
    """

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("MemoryKeyring is installed explicitly only")

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
    """True for "no real keyring": the fail backend, plaintext files, or a chain of those."""
    module = type(backend).__module__
    if module.startswith("keyring.backends.chainer"):
        members = getattr(backend, "backends", None) or []
        return all(_is_weak(b) for b in members)
    return module.startswith("keyring.backends.fail") or module.startswith("keyrings.alt")


def fallback_path() -> str:
    """The file the fallback keyring writes to."""
    return str(paths.data_dir() / "keyring-fallback.cfg")


def _make_private(path: str) -> None:
    """Create ``path`` if needed with owner-only permissions (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _install_fallback() -> BackendStatus:
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = fallback_path()  # type: ignore[misc]
    keyring.set_keyring(backend)
    log.warning("no OS keyring; secrets are kept in %s (0600)", backend.file_path)
    return BackendStatus("file", True, MSG.keyring_missing.format(path=backend.file_path))


_shared_memory: dict[str, MemoryKeyring] = {}


def use_memory_backend(*, shared: bool = False) -> None:
    """Keep secrets in memory only (tests, ``--self-test``).

    ``shared``: the one store of this data folder in this process, as an OS keyring is
    shared by every program the user runs (``TRUONGSO_KEYRING=memory`` uses it, so the
    commands a test runs in-process see the keys the test made); otherwise an empty one,
    a new PC."""
    global _status
    backend = MemoryKeyring()
    if shared:
        backend = _shared_memory.setdefault(os.environ.get("TRUONGSO_DATA_DIR", ""), backend)
    keyring.set_keyring(backend)
    _status = BackendStatus("memory", False)


def _os_backend() -> KeyringBackend | None:
    """The keyring's own choice, or None when asking for it fails."""
    try:
        return keyring.get_keyring()
    except Exception:  # a broken backend plugin must not stop the app
        log.exception("keyring backend detection failed")
        return None


def ensure_backend() -> BackendStatus:
    """Pick the keyring once: the OS one, or the documented file fallback."""
    global _status
    if _status is not None:
        return _status
    choice = os.environ.get("TRUONGSO_KEYRING", "").strip().lower()
    if choice == "memory":
        use_memory_backend(shared=True)
    elif choice == "file":
        _status = _install_fallback()
    else:
        backend = _os_backend()
        if backend is None or _is_weak(backend):
            _status = _install_fallback()
        else:
            _status = BackendStatus(type(backend).__name__, False)
    assert _status is not None
    return _status


def keyring_notice(actor: Actor | None) -> str:
    """What to tell ``actor`` at start about the key file fallback, in plain words ("" for nothing).

    Only the people who look after this computer's settings (``Perm.EDIT_SETTINGS``: the
    administrator and the IT coordinator) hear of it: they are the ones who can export
    the key (Cài đặt) and act on it. Everyone else never sees it. ``ensure_backend().warning``
    keeps the technical wording (file path, docs/keyring.md) for the command line.
    """
    if not ensure_backend().fallback or not can(actor, Perm.EDIT_SETTINGS):
        return ""
    return SAFETY_MSG.keyring_fallback_notice


def _fall_back_after(exc: KeyringError) -> bool:
    """Switch to the file fallback when the OS keyring turns out to be missing."""
    global _status
    if isinstance(exc, NoKeyringError | InitError) and _status is not None and not _status.fallback:
        log.warning("OS keyring unusable (%s); switching to the file fallback", exc)
        _status = _install_fallback()
        return True
    return False


def _failure(exc: KeyringError) -> StorageError:
    return StorageError(SAFETY_MSG.keyring_failed.format(detail=exc or type(exc).__name__))


def get_secret(name: str) -> str | None:
    """Read a secret, or None when it was never stored."""
    ensure_backend()
    try:
        return keyring.get_password(SERVICE, name)
    except KeyringError as exc:
        if _fall_back_after(exc):
            return get_secret(name)
        raise _failure(exc) from exc


def set_secret(name: str, value: str) -> None:
    """Store a secret."""
    status = ensure_backend()
    if status.fallback:  # created 0600 before the first byte of a secret is written
        _make_private(fallback_path())
    try:
        keyring.set_password(SERVICE, name, value)
    except KeyringError as exc:
        if _fall_back_after(exc):
            set_secret(name, value)
            return
        raise _failure(exc) from exc
    if status.fallback:
        _make_private(fallback_path())


def delete_secret(name: str) -> None:
    """Remove a secret if present."""
    ensure_backend()
    try:
        keyring.delete_password(SERVICE, name)
    except PasswordDeleteError:
        return
    except KeyringError as exc:
        raise _failure(exc) from exc


def reset_for_tests() -> None:
    """Forget the chosen backend (tests switch between them)."""
    global _status
    _status = None
