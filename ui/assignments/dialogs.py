"""The page's editor and dialogs: the teacher combo of a cell, copying from last year,
and the preview of an Excel import."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.assignments.teachers import Teacher
from ui.assignments.grid_model import TEACHERS_ROLE
from ui.screen import resize_to_fit
from ui.widgets import ok_cancel_buttons

Index = QModelIndex | QPersistentModelIndex
EMPTY = "(trống)"


def combo_data(teachers: tuple[str, ...]) -> str:
    """A cell's teachers as a combo item's data: "gv.toan;gv.van" ("" for nobody)."""
    return ";".join(teachers)


def combo_teachers(combo: QComboBox) -> tuple[str, ...]:
    """The teachers of the combo's current item."""
    return tuple(u for u in str(combo.currentData() or "").split(";") if u)


def fill_teacher_combo(
    combo: QComboBox, teachers: Sequence[Teacher], current: tuple[str, ...] = ()
) -> None:
    """(trống), then every active teacher; a cell's other value (two teachers, a closed account)
    first, so opening the editor changes nothing."""
    combo.clear()
    combo.addItem(combo.tr(EMPTY), "")
    active = [t for t in teachers if t.active]
    if current and (len(current) > 1 or current[0] not in {t.username for t in active}):
        labels = {t.username: t.label for t in teachers}
        combo.addItem("; ".join(labels.get(u, u) for u in current), combo_data(current))
    for t in active:
        combo.addItem(t.label, t.username)
    combo.setCurrentIndex(max(0, combo.findData(combo_data(current))))


class TeacherDelegate(QStyledItemDelegate):
    """A combo box of the active teachers in each editable cell; choosing commits at once."""

    def __init__(
        self, teachers: Callable[[], Sequence[Teacher]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._teachers = teachers

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.setMaxVisibleItems(20)
        combo.activated.connect(lambda _i: self._commit(combo))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        fill_teacher_combo(editor, self._teachers(), tuple(index.data(TEACHERS_ROLE) or ()))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, combo_teachers(editor), TEACHERS_ROLE)


class _TextDialog(QDialog):
    """A title, a read-only text and OK / Hủy."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, ok: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.buttons = ok_cancel_buttons(ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.box = QVBoxLayout(self)
        layout = self.box
        layout.addWidget(self.intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        resize_to_fit(self, 640, 460)


class CopyDialog(_TextDialog):
    """What copying last year's assignments would fill, matched by moving up a grade or by name."""

    def __init__(
        self, parent: QWidget | None, describe: Callable[[bool], tuple[str, bool]]
    ) -> None:
        super().__init__(
            parent,
            self.tr("Chép phân công năm học trước"),
            self.tr(
                "Chỉ điền các ô còn trống; ô đã có giáo viên giữ nguyên. Các ô được điền hiện "
                "trong bảng (nền vàng) để bạn xem lại rồi bấm «Lưu»."
            ),
            self.tr("Điền vào bảng"),
        )
        self._describe = describe
        self.same_name = QCheckBox(
            self.tr("Ghép lớp cùng tên (6A1 → 6A1), không theo lớp lên khối")
        )
        self.box.insertWidget(1, self.same_name)
        self.same_name.toggled.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        text, usable = self._describe(self.same_name.isChecked())
        self.text.setPlainText(text)
        self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(usable)

    @classmethod
    def ask(
        cls, parent: QWidget | None, describe: Callable[[bool], tuple[str, bool]]
    ) -> bool | None:
        """``same_name`` as chosen, or None when cancelled."""
        dialog = cls(parent, describe)
        return (
            dialog.same_name.isChecked() if dialog.exec() == QDialog.DialogCode.Accepted else None
        )


class ImportPreviewDialog(_TextDialog):
    """What an Excel file would change; Nhập only when nothing is refused."""

    @classmethod
    def ask(cls, parent: QWidget | None, file: str, text: str, usable: bool) -> bool:
        """True when the user chose to import."""
        dialog = cls(
            parent,
            cls.tr_static("Nhập phân công từ Excel"),
            cls.tr_static("Tệp {file}: xem trước những gì sẽ thay đổi.").format(file=file),
            cls.tr_static("Nhập"),
        )
        dialog.text.setPlainText(text)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).setEnabled(usable)
        return dialog.exec() == QDialog.DialogCode.Accepted

    @staticmethod
    def tr_static(text: str) -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("ImportPreviewDialog", text)
