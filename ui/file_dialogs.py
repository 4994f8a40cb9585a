"""Choosing files and folders, behind ``ask`` classmethods so tests patch one place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


class SaveFileDialog:
    """Where to save a file."""

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str, suggested: Path, filters: str = ""
    ) -> Path | None:
        """The chosen path, or None when cancelled."""
        name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
        return Path(name) if name else None


class FolderDialog:
    """Which folder to use."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, start: Path) -> Path | None:
        """The chosen folder, or None when cancelled."""
        name = QFileDialog.getExistingDirectory(parent, title, str(start))
        return Path(name) if name else None
