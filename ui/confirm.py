"""Questions and short notices, behind ``ask`` classmethods so tests patch one place.

Besides yes/no and notices: the one Lưu / Không lưu / Hủy question asked before
edits are dropped (the grade book's sheets, every editing dialog, the settings
page), the dialog base that asks it on Esc, on its Hủy button and on the
title-bar X, and the short success note shown in the window's status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

STATUS_MS = 15000
"""How long a success note stays in the status bar."""


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


def show_status(widget: QWidget | None, text: str) -> None:
    """A short success note in the status bar of ``widget``'s main window (if it is in one)."""
    window = widget.window() if widget is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, STATUS_MS)


# ---------------------------------------------------------------- unsaved edits


class Unsaved(Enum):
    """What to do with edits not saved yet."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class UnsavedQuestion:
    """Lưu / Không lưu / Hủy before edits are dropped; closing the box counts as Hủy."""

    @classmethod
    def ask(cls, parent: QWidget | None, text: str) -> Unsaved:
        """The user's choice."""
        box = QMessageBox(QMessageBox.Icon.Warning, _tr("Chưa lưu"), text, parent=parent)
        save = box.addButton(_tr("Lưu"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(_tr("Không lưu"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_tr("Hủy"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return Unsaved.SAVE
        if clicked is discard:
            return Unsaved.DISCARD
        return Unsaved.CANCEL


def leave_after_asking(
    parent: QWidget,
    text: str,
    *,
    save: Callable[[Callable[[], None], Callable[[], None]], None],
    discard: Callable[[], None],
    proceed: Callable[[], None],
    stay: Callable[[], None],
) -> None:
    """Lưu / Không lưu / Hủy about unsaved edits, then: ``save(proceed, stay)`` (the save
    goes on to ``proceed``, or ``stay`` when it fails), ``discard()`` then ``proceed()``, or
    ``stay()``."""
    choice = UnsavedQuestion.ask(parent, text)
    if choice is Unsaved.SAVE:
        save(proceed, stay)
    elif choice is Unsaved.DISCARD:
        discard()
        proceed()
    else:
        stay()


def input_value(widget: QWidget) -> object:
    """What an input shows now, comparable with what it showed before."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    raise TypeError(f"not an input widget: {type(widget).__name__}")


class FormState:
    """What some inputs showed when they were last loaded or saved: tells which were edited since."""

    def __init__(self) -> None:
        self._kept: dict[QWidget, object] = {}

    def keep(self, widgets: Iterable[QWidget]) -> None:
        """Take what ``widgets`` show now as their unedited state."""
        for widget in widgets:
            self._kept[widget] = input_value(widget)

    def edited(self) -> list[QWidget]:
        """The inputs whose content differs from their kept state."""
        return [w for w, value in self._kept.items() if input_value(w) != value]


class GuardedDialog(QDialog):
    """An editing dialog that never drops edits without asking Lưu / Không lưu / Hủy.

    Esc, the Hủy button (connected to ``reject``) and the title-bar X all end in
    ``reject``: with edits it asks; Lưu runs ``save_edits`` (the dialog's own
    save, which closes it once saved and keeps it open when the form is not
    valid), Không lưu closes, Hủy goes back to the form. A subclass keeps its
    inputs in ``form_state`` once loaded, implements ``save_edits`` and names
    what is edited in ``unsaved_what`` (or words the whole ``unsaved_question``).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form_state = FormState()

    def unsaved_what(self) -> str:
        """What the question names ("Hồ sơ học sinh Nguyễn Văn An")."""
        return self.windowTitle()

    def unsaved_question(self) -> str:
        """The question asked before the edits are dropped."""
        text = _tr("{what} có thay đổi chưa lưu. Lưu lại các thay đổi này?")
        return text.format(what=self.unsaved_what())

    def has_unsaved(self) -> bool:
        """Whether anything was edited since the form was loaded."""
        return bool(self.form_state.edited())

    def busy(self) -> bool:
        """Whether a save is running (closing waits for it)."""
        return False

    def save_edits(self) -> None:
        """Save as the dialog's Lưu button does."""
        raise NotImplementedError

    def reject(self) -> None:
        """Close without saving, once the user chose what happens to the edits."""
        if self.busy():
            return
        if self.has_unsaved():
            choice = UnsavedQuestion.ask(self, self.unsaved_question())
            if choice is Unsaved.SAVE:
                self.save_edits()
                return
            if choice is Unsaved.CANCEL:
                return
        super().reject()
