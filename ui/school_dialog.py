"""Editing the school profile after the first run (Perm.EDIT_SCHOOL).

Closing with a change (Esc, Hủy, the title-bar X) asks Lưu / Không lưu / Hủy.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout, QWidget

from app import school
from app.errors import ValidationError
from ui.confirm import GuardedDialog
from ui.school_form import SchoolForm
from ui.widgets import ErrorLabel


class SchoolDialog(GuardedDialog):
    """The profile form with Save/Cancel; validates before closing."""

    def __init__(self, parent: QWidget | None, profile: school.SchoolProfile) -> None:
        super().__init__(parent)
        self.result_profile: school.SchoolProfile | None = None
        self.setWindowTitle(self.tr("Hồ sơ nhà trường"))
        self.setMinimumWidth(560)
        self._build()
        self._connect()
        self.form.set_profile(profile)
        self.form_state.keep(self.form.inputs())

    def _build(self) -> None:
        self.form = SchoolForm()
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def unsaved_what(self) -> str:
        """What the question names: "Hồ sơ nhà trường"."""
        return self.tr("Hồ sơ nhà trường")

    def save_edits(self) -> None:
        """Save as "Lưu" does (stays open while the profile is not valid)."""
        self._on_ok_clicked()

    def _on_ok_clicked(self) -> None:
        try:
            self.result_profile = school.validate_profile(self.form.profile())
        except ValidationError as exc:
            self.error_label.show_message(exc.message)
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, profile: school.SchoolProfile
    ) -> school.SchoolProfile | None:
        """The edited profile, or None when cancelled."""
        dialog = cls(parent, profile)
        dialog.exec()
        return dialog.result_profile
