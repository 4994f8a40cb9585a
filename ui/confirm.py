"""Yes/no questions and short notices, behind ``ask`` classmethods so tests patch one place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("confirm", text)


class Confirm:
    """A yes/no question with Vietnamese buttons."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, yes: str = "") -> bool:
        """True when the user chose ``yes`` (default "Đồng ý")."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        yes_button = box.addButton(yes or _tr("Đồng ý"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_tr("Hủy"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes_button)
        box.exec()
        return box.clickedButton() is yes_button


class Notice:
    """An information or warning message with one button."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, warning: bool = False) -> None:
        """Show ``text`` until the user closes it."""
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, parent=parent)
        box.addButton(_tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
