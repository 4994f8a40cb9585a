"""Choosing a class's elective subjects: a checkbox per option by group, a live counter, a reason.

The rules are ``app.gradebook.electives.choice_problem``, the same the service
applies: *Lưu* is enabled exactly when the service would accept the choice. An
elective with recorded scores cannot be unticked, and a locked grade book makes
the whole choice read-only. Closing with a changed choice asks Lưu / Không
lưu / Hủy.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.gradebook.electives import ClassElectives, ElectiveOption, choice_problem
from app.gradebook.terms import semester_label
from ui.confirm import GuardedDialog
from ui.widgets import Card, ErrorLabel, PageHeader


@dataclass(frozen=True)
class ElectivesChoice:
    """What the dialog returns: the ticked subjects (in the options' order) and the reason."""

    subject_ids: tuple[uuid.UUID, ...]
    reason: str


class ElectivesDialog(GuardedDialog):
    """The grade's electives of one class, grouped, with the programme's limit."""

    def __init__(self, parent: QWidget | None, info: ClassElectives) -> None:
        super().__init__(parent)
        self.info = info
        self.result_value: ElectivesChoice | None = None
        self.setWindowTitle(self.tr("Môn lựa chọn"))
        self.setMinimumWidth(520)
        self.boxes: dict[uuid.UUID, QCheckBox] = {}
        self._build()
        self._connect()
        self._on_choice_changed()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        info = self.info
        rule = (
            self.tr("Lớp học đúng {n} môn lựa chọn.").format(n=info.maximum)
            if info.exact
            else self.tr("Lớp học từ {low} đến {high} môn lựa chọn.").format(
                low=info.minimum, high=info.maximum
            )
        )
        header = PageHeader(
            self.tr("Môn lựa chọn lớp {cls}").format(cls=info.class_name),
            self.tr("Khối {grade}, năm học {year}. {rule}").format(
                grade=info.grade, year=info.school_year, rule=rule
            ),
        )
        header.subtitle_label.setToolTip(info.provenance)
        self.locked_label = QLabel()
        self.locked_label.setObjectName("warningBanner")
        self.locked_label.setWordWrap(True)
        self.locked_label.setVisible(bool(info.locked))
        if info.locked:
            semesters = ", ".join(semester_label(n) for n in info.locked)
            self.locked_label.setText(
                self.tr(
                    "Sổ điểm lớp {cls} đã khóa ({semesters}): không đổi được môn lựa chọn. "
                    "Mở khóa sổ điểm trước (Ban giám hiệu, kèm lý do)."
                ).format(cls=info.class_name, semesters=semesters)
            )
        groups = QHBoxLayout()
        groups.setSpacing(10)
        for title, options in info.grouped():
            card = Card(title)
            for option in options:
                box = self._box(option)
                self.boxes[option.subject_id] = box
                card.body.addWidget(box)
            groups.addWidget(card, 1)
        held = [o for o in info.chosen if o.scores]
        self.scores_label = QLabel(
            self.tr("Đã có điểm nên không bỏ được: {subjects}.").format(
                subjects=", ".join(
                    self.tr("{name} ({n} điểm)").format(name=o.name, n=o.scores) for o in held
                )
            )
        )
        self.scores_label.setObjectName("muted")
        self.scores_label.setWordWrap(True)
        self.scores_label.setVisible(bool(held))
        self.counter_label = QLabel()
        self.counter_label.setObjectName("cardTitle")
        self.problem_label = ErrorLabel()
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(
            self.tr("Bắt buộc khi đổi môn lớp đã chọn, ví dụ: lớp chuyển tổ hợp theo nguyện vọng")
            if info.chosen
            else self.tr("Không bắt buộc khi chọn lần đầu")
        )
        hint = QLabel(self.tr("Lý do được lưu vào nhật ký thay đổi cùng tên người sửa."))
        hint.setObjectName("muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Lưu"))
        self.save_button.setObjectName("primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never clip a subject
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(header)
        layout.addWidget(self.locked_label)
        layout.addLayout(groups)
        layout.addWidget(self.scores_label)
        layout.addWidget(self.counter_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(QLabel(self.tr("Lý do:")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def _box(self, option: ElectiveOption) -> QCheckBox:
        """A checkbox for one option; one with scores cannot be unticked, nothing while locked."""
        text = option.name
        if not option.active:
            text = self.tr("{name} (ngừng dạy)").format(name=option.name)
        box = QCheckBox(text)
        box.setChecked(option.chosen)
        held = option.chosen and option.scores > 0
        box.setEnabled(not self.info.locked and not held and (option.active or option.chosen))
        if held:
            box.setToolTip(
                self.tr("Đã ghi {n} điểm và nhận xét của môn này: không bỏ được.").format(
                    n=option.scores
                )
            )
        return box

    def _connect(self) -> None:
        for box in self.boxes.values():
            box.toggled.connect(self._on_choice_changed)
        self.reason_edit.textChanged.connect(self._on_choice_changed)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------ state

    def chosen_ids(self) -> tuple[uuid.UUID, ...]:
        """The ticked subjects, in the options' order."""
        return tuple(sid for sid, box in self.boxes.items() if box.isChecked())

    def unsaved_what(self) -> str:
        """What the question names: "Môn lựa chọn lớp 10C1"."""
        return self.tr("Môn lựa chọn lớp {cls}").format(cls=self.info.class_name)

    def has_unsaved(self) -> bool:
        """Whether the ticked subjects differ from the stored choice."""
        return set(self.chosen_ids()) != self.info.chosen_ids

    def save_edits(self) -> None:
        """Save as "Lưu" does (nothing while the choice breaks a rule: the reason is shown)."""
        self._on_accept()

    def _on_choice_changed(self, *_args: object) -> None:
        chosen = self.chosen_ids()
        self.counter_label.setText(
            self.tr("Đã chọn {n}/{limit}").format(n=len(chosen), limit=self.info.maximum)
        )
        changed = set(chosen) != self.info.chosen_ids
        problem = choice_problem(self.info, chosen, self.reason_edit.text())
        self.problem_label.show_message(problem or "" if changed else "")
        self.save_button.setEnabled(changed and problem is None)

    def _on_accept(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.result_value = ElectivesChoice(self.chosen_ids(), self.reason_edit.text().strip())
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, info: ClassElectives) -> ElectivesChoice | None:
        """The new choice, or None when cancelled."""
        dialog = cls(parent, info)
        dialog.exec()
        return dialog.result_value
