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
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.paths import exports_dir
from app.progress import Progress
from ui import ops
from ui.cds.dialogs import ImagePreview
from ui.confirm import Notice, show_status
from ui.exported import announce, open_file
from ui.file_dialogs import SaveFileDialog

T = TypeVar("T")
_UNSAFE = re.compile(r'[\\/:*?"<>|]')


def _tr(text: str) -> str:
    return QCoreApplication.translate("cds", text)


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
