"""Driving the Sổ điểm page's "Tệp và in ấn" menu in tests: the answers a user would give.

The dialogs are patched at their ``ask`` classmethods (the house rule), the desktop
opener at ``QDesktopServices.openUrl`` (offscreen there is no file manager); the files
are really written by the services and read back by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from tests.ui_gradebook.conftest import wait_saved
from ui.confirm import Notice
from ui.exported import ExportedNotice, OpenChoice
from ui.file_dialogs import OpenFileDialog, SaveFileDialog
from ui.gradebook.documents_dialogs import DocumentOptions, DocumentOptionsDialog
from ui.gradebook.documents_import_dialog import SheetImportDialog
from ui.gradebook.gradebook_widget import GradebookWidget


@dataclass
class User:
    """What the user answers next, and what the app showed and opened."""

    options: list[DocumentOptions | None] = field(default_factory=list)
    save_as: list[Path | None] = field(default_factory=list)
    open_files: list[Path | None] = field(default_factory=list)
    after_export: OpenChoice = OpenChoice.FOLDER
    questions: list[Any] = field(default_factory=list)
    exported: list[tuple[str, Path]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    dialogs: list[SheetImportDialog] = field(default_factory=list)


@pytest.fixture(name="user")
def user_fixture(monkeypatch: pytest.MonkeyPatch) -> User:
    """Patch every question the menu asks; record what it shows."""
    u = User()

    def options(cls: type, parent: Any, question: Any) -> DocumentOptions | None:
        u.questions.append(question)
        return u.options.pop(0)

    def exported(cls: type, parent: Any, title: str, text: str, path: Path) -> OpenChoice:
        u.exported.append((text, path))
        return u.after_export

    def import_exec(dialog: SheetImportDialog) -> int:
        u.dialogs.append(dialog)
        dialog.show()
        return 0

    monkeypatch.setattr(DocumentOptionsDialog, "ask", classmethod(options))
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a: u.save_as.pop(0)))
    monkeypatch.setattr(OpenFileDialog, "ask", classmethod(lambda cls, *a: u.open_files.pop(0)))
    monkeypatch.setattr(ExportedNotice, "ask", classmethod(exported))
    monkeypatch.setattr(
        Notice, "ask", classmethod(lambda cls, parent, title, text, **k: u.notices.append(text))
    )
    monkeypatch.setattr(
        QDesktopServices,
        "openUrl",
        staticmethod(lambda url: u.opened.append(QUrl(url).toLocalFile()) or True),
    )
    monkeypatch.setattr(SheetImportDialog, "exec", import_exec)
    return u


def trigger(qtbot: QtBot, page: GradebookWidget, key: str) -> None:
    """Choose a menu entry, then wait for the file to be written."""
    action = page.documents.actions_by_name[key]
    assert action.isEnabled(), action.toolTip()
    action.trigger()
    wait_saved(qtbot)
