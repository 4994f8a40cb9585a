"""After a file is written (grade book, CĐS, …): say what it holds and offer «Mở tệp» / «Mở thư mục».

The file opens in the program the computer uses for its type (the PDF reader prints
it), the folder in the file manager, both through ``QDesktopServices``.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.confirm import Notice


def _tr(text: str) -> str:
    return QCoreApplication.translate("Exported", text)


class OpenChoice(Enum):
    """What the user asked for after an export."""

    FILE = "file"
    FOLDER = "folder"
    NOTHING = "nothing"


def open_file(path: Path) -> bool:
    """Open ``path`` in its usual program."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_folder(path: Path) -> bool:
    """Open the folder holding ``path``."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class ExportedNotice:
    """ "Đã xuất …" with Mở tệp, Mở thư mục and Đóng."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, path: Path) -> OpenChoice:
        """Show the message; the button chosen."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
        box.setObjectName("exportedNotice")
        file_button = box.addButton(_tr("Mở tệp"), QMessageBox.ButtonRole.AcceptRole)
        folder_button = box.addButton(_tr("Mở thư mục"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_tr("Đóng"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(file_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is file_button:
            return OpenChoice.FILE
        return OpenChoice.FOLDER if clicked is folder_button else OpenChoice.NOTHING


def announce(parent: QWidget, title: str, text: str, path: Path) -> OpenChoice:
    """Tell the user, then open the file or its folder if asked (a failure is said, not raised).

    A PDF is printed from the reader it opens in (the bundle ships no Qt printing: decision 032).
    """
    if path.suffix.lower() == ".pdf":
        text += "\n\n" + _tr("Bấm «Mở tệp» để xem và in (khổ A4).")
    choice = ExportedNotice.ask(parent, title, text, path)
    opened = True
    if choice is OpenChoice.FILE:
        opened = open_file(path)
    elif choice is OpenChoice.FOLDER:
        opened = open_folder(path)
    if not opened:
        Notice.ask(
            parent,
            title,
            _tr("Máy tính chưa mở được tệp. Tệp nằm ở:\n{path}").format(path=path),
            warning=True,
        )
    return choice
