"""The backup key in the Sao lưu dialog: its fingerprint, export (key file and printed sheet)
and import of a key file (a new PC, a PC that lost its keyring)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from app.progress import Progress
from app.safety import backup_admin, keys
from app.safety.backup_admin import KeyExport, KeyPreview
from ui import ops
from ui.confirm import Confirm, Notice
from ui.file_dialogs import FolderDialog, OpenFileDialog
from ui.pages import PageContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("backup", text)


def show_fingerprint(parent: QWidget, ctx: PageContext, label: QLabel) -> None:
    """Which key this PC uses for the school, by its fingerprint (read on the runner)."""
    code = ctx.db.school_code

    def shown(fp: str | None) -> None:
        label.setText(
            _tr("Khóa trên máy này: dấu vân tay <b>{fp}</b>").format(fp=fp)
            if fp
            else _tr("Máy này chưa có khóa sao lưu (khóa được tạo ở lần sao lưu đầu tiên).")
        )

    ops.run(parent, lambda _p: keys.key_fingerprint(code), shown, quiet=True)


def export(dialog: QWidget, ctx: PageContext, then: Callable[[], None]) -> None:
    """Write the key file and its printed sheet into a folder the user picks (a USB stick)."""
    folder = FolderDialog.ask(dialog, _tr("Chọn thư mục hoặc USB để ghi khóa sao lưu"), Path.home())
    if folder is None:
        return
    db, actor = ctx.db, ctx.actor

    def job(progress: Progress) -> KeyExport:
        return backup_admin.export_key(actor, db, folder)

    def done(result: KeyExport) -> None:
        then()
        Notice.ask(
            dialog,
            _tr("Xuất khóa sao lưu"),
            _tr(
                "Đã ghi tệp khóa {key} và phiếu in {sheet}.\n\nHãy in phiếu, cho vào phong bì "
                "dán kín, cất trong tủ của Hiệu trưởng; chép tệp khóa ra một USB riêng nếu cần, "
                "rồi xóa cả hai tệp khỏi máy này. Ai có khóa và bản sao lưu đều đọc được dữ "
                "liệu của trường."
            ).format(key=result.key_file, sheet=result.sheet),
        )

    ops.run(dialog, job, done, label=_tr("Đang xuất khóa sao lưu…"))


def confirm_text(preview: KeyPreview, school_code: str) -> str:
    """The question before a key is stored on this PC."""
    text = _tr("Nhập khóa sao lưu của trường {code} (dấu vân tay {fp}) vào máy này?").format(
        code=preview.school_code, fp=preview.fingerprint
    )
    if school_code and preview.school_code != school_code:
        text += "\n\n" + _tr(
            "Lưu ý: dữ liệu đang mở là của trường {ours}, không phải trường {theirs}."
        ).format(ours=school_code, theirs=preview.school_code)
    if preview.replaces_another:
        text += "\n\n" + _tr(
            "Máy này đang dùng một khóa khác (dấu vân tay {current}). Khóa cũ vẫn được giữ để "
            "mở các bản sao lưu cũ; các bản sao lưu từ nay dùng khóa vừa nhập."
        ).format(current=preview.current)
    return text


def import_file(dialog: QWidget, ctx: PageContext, then: Callable[[KeyPreview], None]) -> None:
    """Read a key file, say what it holds, then store it on this PC."""
    chosen = OpenFileDialog.ask(
        dialog,
        _tr("Chọn tệp khóa sao lưu"),
        Path.home(),
        _tr("Tệp khóa sao lưu (*.txt);;Mọi tệp (*)"),
    )
    if chosen is None:
        return
    actor, code = ctx.actor, ctx.db.school_code

    def preview_done(preview: KeyPreview) -> None:
        if not Confirm.ask(
            dialog, _tr("Nhập khóa sao lưu"), confirm_text(preview, code), _tr("Nhập khóa")
        ):
            return
        ops.run(
            dialog,
            lambda _p: backup_admin.import_key(actor, chosen),
            then,
            label=_tr("Đang nhập khóa sao lưu…"),
        )

    ops.run(dialog, lambda _p: backup_admin.preview_key(actor, chosen), preview_done, quiet=True)
