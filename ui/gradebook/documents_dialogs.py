"""What a grade-book file covers, asked before choosing where to save it.

One small form serves the four exports; each shows only the rows it needs: the
subject (teacher sheet), the semester or the whole year, the class or the whole
school and which year-end list. Everything is picked from lists, nothing typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout, QWidget

from ui.widgets import form, ok_cancel_buttons

YEAR = 0
"""The scope value of "Cả năm" (semesters are 1 and 2)."""


@dataclass(frozen=True)
class DocumentOptions:
    """What the user chose; fields a form did not ask stay None."""

    subject_id: uuid.UUID | None = None
    semester: int | None = None
    """1, 2, or None for the whole year."""
    whole_school: bool = False
    list_key: str | None = None
    """One list, or None for every list."""


@dataclass(frozen=True)
class DocumentQuestion:
    """Which rows the form shows and their choices ((label, value) pairs, the first picked
    unless ``*_default`` names another value)."""

    title: str
    intro: str
    ok_text: str
    subjects: Sequence[tuple[str, uuid.UUID]] = ()
    subject_default: uuid.UUID | None = None
    scopes: Sequence[tuple[str, int]] = ()
    scope_default: int | None = None
    places: Sequence[tuple[str, bool]] = ()
    lists: Sequence[tuple[str, str]] = ()


class DocumentOptionsDialog(QDialog):
    """The form of one ``DocumentQuestion``."""

    def __init__(self, parent: QWidget | None, question: DocumentQuestion) -> None:
        super().__init__(parent)
        self.setWindowTitle(question.title)
        self.setMinimumWidth(460)
        intro = QLabel(question.intro)
        intro.setWordWrap(True)
        rows = form()
        self.subject_combo = self._combo(question.subjects, question.subject_default)
        self.scope_combo = self._combo(question.scopes, question.scope_default)
        self.place_combo = self._combo(question.places, None)
        self.list_combo = self._combo([(self.tr("Tất cả danh sách"), ""), *question.lists], None)
        for label, combo, shown in (
            (self.tr("Môn học:"), self.subject_combo, bool(question.subjects)),
            (self.tr("Học kì:"), self.scope_combo, bool(question.scopes)),
            (self.tr("Phạm vi:"), self.place_combo, bool(question.places)),
            (self.tr("Danh sách:"), self.list_combo, bool(question.lists)),
        ):
            if shown:
                rows.addRow(label, combo)
        self.buttons = ok_cancel_buttons(question.ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(rows)
        layout.addWidget(self.buttons)

    @staticmethod
    def _combo(items: Sequence[tuple[str, object]], default: object) -> QComboBox:
        combo = QComboBox()
        for label, value in items:
            combo.addItem(label, value)
        index = combo.findData(default) if default is not None else -1
        combo.setCurrentIndex(max(index, 0) if combo.count() else -1)
        return combo

    def options(self) -> DocumentOptions:
        """The choices now."""
        scope = self.scope_combo.currentData()
        return DocumentOptions(
            subject_id=self.subject_combo.currentData(),
            semester=scope or None,
            whole_school=bool(self.place_combo.currentData()),
            list_key=self.list_combo.currentData() or None,
        )

    @classmethod
    def ask(cls, parent: QWidget | None, question: DocumentQuestion) -> DocumentOptions | None:
        """The choices, or None when cancelled."""
        dialog = cls(parent, question)
        return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
