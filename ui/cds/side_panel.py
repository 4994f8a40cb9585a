"""The assessment's side panel: the «chưa đối chiếu» mark, the state and deadline with the
workflow buttons the viewer may use, each group's total, level and mandatory conditions (never
one invented overall level), what is still missing, and the output buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.cds.scoring import ScoreResult
from app.cds.sets import points_text
from app.cds.view import AssessmentView


def _clear(layout: QLayout) -> None:
    """Take every widget out of ``layout``, hidden at once (deleted when Qt gets round to it)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class SidePanel(QScrollArea):
    """What the phiếu adds up to, and what can be done with it now."""

    action_requested = Signal(str, str)
    export_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setMinimumWidth(230)
        self.setMaximumWidth(290)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(8, 4, 8, 4)
        self.banner = _label("", "warningBanner")
        self.set_label = _label("", "muted")
        self.state_label = _label("", "cardTitle")
        self.deadline_label = _label()
        self.comment_label = _label("", "muted")
        self.actions_box = QVBoxLayout()
        self.groups_grid = QGridLayout()
        self.overall_label = _label("", "muted")
        self.problems_label = _label("", "statusWarn")
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pdf_button = QPushButton(self.tr("Phiếu PDF…"))
        self.xlsx_button = QPushButton(self.tr("Phiếu Excel…"))
        self.bundle_button = QPushButton(self.tr("Hồ sơ gửi cấp trên…"))
        for w in (self.banner, self.state_label, self.deadline_label, self.comment_label):
            self.layout_.addWidget(w)
        self.layout_.addLayout(self.actions_box)
        self.layout_.addWidget(_label(self.tr("Điểm từng nhóm"), "fieldName"))
        self.layout_.addLayout(self.groups_grid)
        self.layout_.addWidget(self.overall_label)
        self.layout_.addWidget(self.problems_label)
        self.layout_.addWidget(_label(self.tr("Xuất"), "fieldName"))
        outputs = QVBoxLayout()
        for b in (self.pdf_button, self.xlsx_button, self.bundle_button):
            outputs.addWidget(b)
        self.layout_.addLayout(outputs)
        self.layout_.addWidget(self.set_label)
        self.layout_.addStretch(1)
        self.setWidget(body)
        self.pdf_button.clicked.connect(lambda: self.export_requested.emit("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export_requested.emit("xlsx"))
        self.bundle_button.clicked.connect(lambda: self.export_requested.emit("bundle"))
        self.action_buttons: dict[str, QPushButton] = {}

    def show_view(self, v: AssessmentView, can_send: bool, dirty: bool) -> None:
        """The state, deadline, buttons and set of ``v``."""
        # The unverified mark first and short, where it is seen; every warning in full below.
        self.banner.setText(v.set_warnings[0].split(":")[0] if v.set_warnings else "")
        self.banner.setToolTip("\n".join(v.set_warnings))
        self.banner.setVisible(bool(v.set_warnings))
        about = self.tr("Bộ tiêu chí: {title} ({decision}), phiên bản {version}.").format(
            title=v.set_title, decision=v.decision, version=v.set_version)  # fmt: skip
        self.set_label.setText("\n".join((about, *v.set_warnings)))
        self.state_label.setText(self.tr("Trạng thái: {state}").format(state=v.state_label))
        self.deadline_label.setText(v.deadline_text)
        comments = []
        if v.principal_comment:
            comments.append(self.tr("Ý kiến BGH: {c}").format(c=v.principal_comment))
        if v.authority_comment:
            comments.append(self.tr("Cấp trên trả lời: {c}").format(c=v.authority_comment))
        self.comment_label.setText("\n".join(comments))
        self.comment_label.setVisible(bool(comments))
        _clear(self.actions_box)
        self.action_buttons = {}
        for action, label in v.actions:
            button = QPushButton(label)
            if action in ("submit", "approve"):
                button.setObjectName("primary")
            button.setEnabled(not dirty)
            if dirty:
                button.setToolTip(self.tr("Hãy lưu hoặc bỏ các thay đổi trước."))
            button.clicked.connect(
                lambda _c=False, a=action, t=label: self.action_requested.emit(a, t)
            )
            self.actions_box.addWidget(button)
            self.action_buttons[action] = button
        exportable = v.state in ("bgh_duyet", "da_gui", "duoc_duyet")
        self.bundle_button.setEnabled(can_send and exportable and not dirty)
        self.bundle_button.setToolTip(
            self.tr("Hồ sơ gửi gồm phiếu và các tệp minh chứng; chỉ xuất được khi BGH đã duyệt.")
            if can_send else self.tr("Tài khoản của bạn không gửi phiếu lên cấp trên.")
        )  # fmt: skip
        for b in (self.pdf_button, self.xlsx_button):
            b.setEnabled(not dirty)
            b.setToolTip(self.tr("Hãy lưu các thay đổi trước khi xuất.") if dirty else "")

    def show_scores(self, v: AssessmentView, r: ScoreResult) -> None:
        """Each group's total, level and mandatory conditions; the missing parts."""
        _clear(self.groups_grid)
        for i, g in enumerate(r.groups):
            name = _label(g.name, "fieldName")
            total = _label(f"<b>{points_text(g.total)}</b>/{points_text(g.max_points)}")
            level = _label(g.level_label, "statusOk" if g.level and g.level.level > 1 else "")
            if g.mandatory_unmet:
                cond = self.tr("Điều kiện bắt buộc chưa đạt: {codes}").format(
                    codes=", ".join(g.mandatory_unmet))  # fmt: skip
                mand = _label(cond, "statusBad")
            elif g.mandatory_met:
                mand = _label(self.tr("Đạt các điều kiện bắt buộc"), "statusOk")
            else:
                mand = _label("")
            self.groups_grid.addWidget(name, i * 3, 0, 1, 2)
            self.groups_grid.addWidget(total, i * 3 + 1, 0)
            self.groups_grid.addWidget(level, i * 3 + 1, 1)
            self.groups_grid.addWidget(mand, i * 3 + 2, 0, 1, 2)
        self.overall_label.setText(r.overall.label if r.overall else r.overall_note)
        problems = r.problems(v.criteria_set)
        if r.unanswered:
            problems.append(self.tr("{n} tiêu chí chưa có kết quả.").format(n=len(r.unanswered)))
        self.problems_label.setText("\n".join(f"• {p}" for p in problems))
        self.problems_label.setVisible(bool(problems))

    def group_text(self) -> str:
        """The groups as shown (tests read it)."""
        out = []
        for i in range(self.groups_grid.count()):
            item = self.groups_grid.itemAt(i)
            w = item.widget() if item else None
            if isinstance(w, QLabel):
                out.append(w.text())
        return "\n".join(out)
