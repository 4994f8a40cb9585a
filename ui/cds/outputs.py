"""Files in and out of the CĐS page: exports with «Mở tệp» / «Mở thư mục» afterwards, and an
evidence file opened for a look.

An export asks where to write (``SaveFileDialog``), writes on the window's runner through the
same services as the ``cds`` commands, then says what was written and offers to open the file
or its folder (``ExportedNotice``). A picture given as evidence is shown in the app; other
files (PDF, Word, Excel) open in the computer's own program from a temporary copy, so the
stored file is never touched.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app.paths import exports_dir
from app.progress import Progress
from ui import ops
from ui.cds.dialogs import ImagePreview
from ui.confirm import Notice, show_status
from ui.file_dialogs import SaveFileDialog

T = TypeVar("T")
_UNSAFE = re.compile(r'[\\/:*?"<>|]')


def _tr(text: str) -> str:
    return QCoreApplication.translate("cds", text)


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
    """Tell the user what was written, then open the file or its folder if asked."""
    if path.suffix.lower() == ".pdf":
        text += "\n\n" + _tr("Bấm «Mở tệp» để xem và in (khổ A4).")
    choice = ExportedNotice.ask(parent, title, text, path)
    opened = True
    if choice is OpenChoice.FILE:
        opened = open_file(path)
    elif choice is OpenChoice.FOLDER:
        opened = open_folder(path)
    if not opened:
        Notice.ask(parent, title, _tr("Máy tính chưa mở được tệp. Tệp nằm ở:\n{path}").format(
            path=path), warning=True)  # fmt: skip
    return choice


def safe_name(text: str) -> str:
    """``text`` usable as a file name on Windows."""
    return _UNSAFE.sub("-", text).strip()


def export(
    parent: QWidget, title: str, name: str, filters: str,
    write: Callable[[Path], T], message: Callable[[T, Path], str],
) -> None:  # fmt: skip
    """Ask where, write on the runner with ``write(path)``, then announce ``message``."""
    path = SaveFileDialog.ask(parent, title, exports_dir() / safe_name(name), filters)
    if path is None:
        return
    suffix = Path(name).suffix
    if suffix and path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)

    def job(_progress: Progress) -> T:
        return write(path)

    def done(result: T) -> None:
        text = message(result, path)
        show_status(parent, text)
        announce(parent, title, text, path)

    ops.run(parent, job, done, label=_tr("Đang ghi tệp…"))


def preview(parent: QWidget, file_name: str, kind: str, data: bytes) -> Path | None:
    """Show a picture in the app, or open a temporary copy of any other file in the computer's
    program; the copy's path (None for a picture)."""
    if kind == "image":
        ImagePreview.ask(parent, file_name, data)
        return None
    folder = Path(tempfile.mkdtemp(prefix="truongso-minh-chung-"))
    copy = folder / safe_name(file_name)
    copy.write_bytes(data)
    if not open_file(copy):
        Notice.ask(parent, file_name, _tr("Máy tính chưa mở được tệp. Bản sao để xem nằm ở:\n"
                                          "{path}").format(path=copy), warning=True)  # fmt: skip
    return copy
