"""Expected errors carry a Vietnamese message for the user; anything else is a bug."""

from __future__ import annotations


class AppError(Exception):
    """An expected failure whose ``message`` can be shown to a secretary as it is."""

    def __init__(self, message: str, *, details: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


class ValidationError(AppError):
    """Bad input: the message names the field (and file, row) and the reason."""


class NotFound(AppError):
    """A record the user asked for does not exist."""


class Conflict(AppError):
    """The action clashes with existing data (duplicate, already locked, in use)."""


class StorageError(AppError):
    """The disk, the database file or a backup cannot be used."""


class Cancelled(AppError):
    """The user cancelled a long job; nothing was written."""


class PermissionDenied(AppError):
    """The current account's role does not allow this action."""


class AuthError(AppError):
    """Login failed: wrong password, locked or disabled account."""
