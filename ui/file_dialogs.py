"""Choosing files and folders, behind ``ask`` classmethods so tests patch one place.

Every chooser is Qt's own dialog (``DontUseNativeDialog``), not the system's: it reads
Vietnamese on every system through ``resources/i18n/qt_vi.ts`` (ui.translations),
where a native dialog would speak the language Windows was installed in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

OPTIONS = QFileDialog.Option.DontUseNativeDialog
"""The options every file chooser of the app opens with."""


class OpenFileDialog:
    """Which file to open."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
        """The chosen file, or None when cancelled."""
        name, _ = QFileDialog.getOpenFileName(parent, title, str(start), filters, options=OPTIONS)
        return Path(name) if name else None


class SaveFileDialog:
    """Where to save a file."""

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str, suggested: Path, filters: str = ""
    ) -> Path | None:
        """The chosen path, or None when cancelled."""
        name, _ = QFileDialog.getSaveFileName(
            parent, title, str(suggested), filters, options=OPTIONS
        )
        return Path(name) if name else None


class FolderDialog:
    """Which folder to use."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, start: Path) -> Path | None:
        """The chosen folder, or None when cancelled."""
        name = QFileDialog.getExistingDirectory(
            parent, title, str(start), OPTIONS | QFileDialog.Option.ShowDirsOnly
        )
        return Path(name) if name else None
