"""Gia đình: father, mother and guardian, plus the legal representative's consent to data processing.

A stored guardian's personal ID is sensitive: until the record's sensitive
fields are shown, it stays hidden, and so do edits that would have to rewrite
it (birth year, occupation). Name and phone can always be edited.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from app.students import RELATION_LABELS, GuardianInfo, GuardianInput, Relation, StudentDetail
from app.students.with_guardians import GuardianChange, guardian_change
from ui.students.fields import DateEdit, OptionalYear, combo_text, set_read_only
from ui.widgets import Card, form


class GuardianBox(Card):
    """One parent or guardian."""

    def __init__(self, relation: str, parent: QWidget | None = None) -> None:
        super().__init__(RELATION_LABELS[relation], "user", parent)
        self.relation = relation
        self.existing: GuardianInfo | None = None
        self.sensitive_shown = True
        self.name_edit = QLineEdit()
        self.year_spin = OptionalYear()
        self.occupation_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText(self.tr("Ví dụ: 0912 345 678"))
        self.pid_edit = QLineEdit()
        self.pid_edit.setMaxLength(12)
        lay = form()
        lay.addRow(self.tr("Họ và tên"), self.name_edit)
        lay.addRow(self.tr("Năm sinh"), self.year_spin)
        lay.addRow(self.tr("Nghề nghiệp"), self.occupation_edit)
        lay.addRow(self.tr("Điện thoại"), self.phone_edit)
        lay.addRow(self.tr("Số định danh"), self.pid_edit)
        self.body.addLayout(lay)

    def inputs(self) -> list[QWidget]:
        """The editable widgets."""
        return [
            self.name_edit,
            self.year_spin,
            self.occupation_edit,
            self.phone_edit,
            self.pid_edit,
        ]

    def load(self, info: GuardianInfo | None, sensitive_shown: bool) -> None:
        """Show a stored guardian (or an empty box)."""
        self.existing = info
        self.sensitive_shown = sensitive_shown
        self.name_edit.setText(info.full_name if info else "")
        self.year_spin.set_year(info.birth_year if info else None)
        self.occupation_edit.setText(info.occupation if info else "")
        self.phone_edit.setText(info.phone if info else "")
        self.pid_edit.setText((info.personal_id or "") if info and sensitive_shown else "")

    def lock_sensitive(self, editable: bool) -> None:
        """Before the sensitive fields are shown, a stored guardian's ID (and the fields
        saved together with it) cannot be edited."""
        locked = self.existing is not None and not self.sensitive_shown
        set_read_only([self.year_spin, self.occupation_edit, self.pid_edit], locked or not editable)
        self.pid_edit.setPlaceholderText(self.tr("Đã ẩn") if locked else "")

    def value(self) -> GuardianInput | None:
        """The box as a guardian input; None when no name is given."""
        name = self.name_edit.text().strip()
        if not name:
            return None
        return GuardianInput(
            relation=self.relation,
            full_name=name,
            phone=self.phone_edit.text().strip(),
            birth_year=self.year_spin.year(),
            occupation=self.occupation_edit.text().strip(),
            personal_id=self.pid_edit.text().strip(),
        )

    def change(self) -> GuardianChange | None:
        """What to save for this box, or None when nothing changed."""
        return guardian_change(self.relation, self.existing, self.value(), self.sensitive_shown)


class FamilyTab(QWidget):
    """Three guardian boxes and the consent card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes = {r.value: GuardianBox(r.value) for r in Relation}
        self.consent_check = QCheckBox(self.tr("Đã đồng ý cho nhà trường xử lý dữ liệu cá nhân"))
        self.consent_date_edit = DateEdit("consent_date")
        self.consent_by_combo = QComboBox()
        self.consent_by_combo.setEditable(True)
        consent = Card(self.tr("Đồng ý xử lý dữ liệu cá nhân"), "shield")
        note = QLabel(
            self.tr(
                "Theo Luật Bảo vệ dữ liệu cá nhân: ai đại diện cho học sinh đã đồng ý, vào ngày nào."
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        lay = form()
        lay.addRow("", self.consent_check)
        lay.addRow(self.tr("Ngày đồng ý"), self.consent_date_edit)
        lay.addRow(self.tr("Người đồng ý"), self.consent_by_combo)
        consent.body.addWidget(note)
        consent.body.addLayout(lay)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 12, 12, 12)
        grid.setSpacing(10)
        grid.addWidget(self.boxes[Relation.FATHER], 0, 0)
        grid.addWidget(self.boxes[Relation.MOTHER], 0, 1)
        grid.addWidget(self.boxes[Relation.GUARDIAN], 1, 0)
        grid.addWidget(consent, 1, 1)
        for box in self.boxes.values():
            box.name_edit.editingFinished.connect(self._on_names_edited)

    def inputs(self) -> list[QWidget]:
        """The editable widgets."""
        widgets: list[QWidget] = [w for b in self.boxes.values() for w in b.inputs()]
        return widgets + [self.consent_check, self.consent_date_edit, self.consent_by_combo]

    def load(self, d: StudentDetail) -> None:
        """Show the first guardian of each relation and the consent."""
        for relation, box in self.boxes.items():
            box.load(
                next((g for g in d.guardians if g.relation == relation), None), d.sensitive_shown
            )
        self.consent_check.setChecked(d.consent_given)
        self.consent_date_edit.set_date(d.consent_date)
        self._on_names_edited()
        self.consent_by_combo.setEditText(d.consent_by)

    def show_sensitive(self, d: StudentDetail) -> None:
        """Fill the stored guardians' personal IDs once the sensitive fields were read."""
        for box in self.boxes.values():
            if box.existing is None:
                box.sensitive_shown = True
                continue
            info = next((g for g in d.guardians if g.id == box.existing.id), None)
            box.existing = info
            box.sensitive_shown = True
            if info is not None:
                box.pid_edit.setText(info.personal_id or "")

    def lock_sensitive(self, editable: bool) -> None:
        """Apply each box's sensitive-field lock."""
        for box in self.boxes.values():
            box.lock_sensitive(editable)

    def changes(self) -> list[GuardianChange]:
        """The boxes whose content differs from what is stored."""
        return [c for c in (b.change() for b in self.boxes.values()) if c is not None]

    def consent_by(self) -> str:
        """Who consented, as typed or chosen."""
        return combo_text(self.consent_by_combo)

    def _on_names_edited(self) -> None:
        current = self.consent_by_combo.currentText()
        names = [b.name_edit.text().strip() for b in self.boxes.values()]
        self.consent_by_combo.blockSignals(True)
        self.consent_by_combo.clear()
        self.consent_by_combo.addItems([""] + [n for n in names if n])
        self.consent_by_combo.setEditText(current)
        self.consent_by_combo.blockSignals(False)
