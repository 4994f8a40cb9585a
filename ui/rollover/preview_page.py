"""The wizard's preview: next year's classes (names and homerooms editable) and every exception."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.numbers import thousands
from app.rollover.apply import ClassEdit
from app.rollover.plan import Action, RolloverPlan
from ui.widgets import configure_table

CLASS_HEADERS = ("Lớp năm sau", "Khối", "Giáo viên chủ nhiệm", "Lên lớp", "Ở lại lớp", "Đã có")
EXCEPTION_HEADERS = ("Mã HS", "Họ và tên", "Lớp", "Xử lý", "Lý do")
NAME, GRADE, HOMEROOM, PROMOTED, REPEATING, ALREADY = range(6)


class PreviewPage(QWidget):
    """Counts, the proposed classes and the list of students who need a look."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: RolloverPlan | None = None
        self.teachers: list[tuple[str, str]] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("warning")
        self.classes = QTableWidget(0, len(CLASS_HEADERS))
        self.classes.setHorizontalHeaderLabels([self.tr(h) for h in CLASS_HEADERS])
        configure_table(self.classes)
        self.classes.setEditTriggers(
            QTableWidget.EditTrigger.DoubleClicked
            | QTableWidget.EditTrigger.EditKeyPressed
            | QTableWidget.EditTrigger.AnyKeyPressed
        )
        head = self.classes.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(HOMEROOM, QHeaderView.ResizeMode.Stretch)
        self.exceptions = QTableWidget(0, len(EXCEPTION_HEADERS))
        self.exceptions.setHorizontalHeaderLabels([self.tr(h) for h in EXCEPTION_HEADERS])
        configure_table(self.exceptions)
        head = self.exceptions.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.exceptions.setWordWrap(True)  # a reason is read whole, on two lines if need be
        self.exceptions.setTextElideMode(Qt.TextElideMode.ElideNone)
        rows = self.exceptions.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.classes_title = QLabel(
            self.tr("Lớp của năm học mới — sửa tên lớp và chọn giáo viên chủ nhiệm ngay trong bảng")
        )
        self.classes_title.setObjectName("cardTitle")
        self.exceptions_title = QLabel()
        self.exceptions_title.setObjectName("cardTitle")
        top, bottom = QWidget(), QWidget()
        top_lay, bottom_lay = QVBoxLayout(top), QVBoxLayout(bottom)
        for lay in (top_lay, bottom_lay):
            lay.setContentsMargins(0, 0, 0, 0)
        top_lay.addWidget(self.classes_title)
        top_lay.addWidget(self.classes, 1)
        bottom_lay.addWidget(self.exceptions_title)
        bottom_lay.addWidget(self.exceptions, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        layout.addWidget(splitter, 1)

    def show_plan(self, plan: RolloverPlan, teachers: list[tuple[str, str]]) -> None:
        """Fill the page from a plan; the edits start empty."""
        self.plan, self.teachers = plan, teachers
        count = {a: thousands(plan.count(a)) for a in Action}
        self.summary.setText(
            self.tr(
                "<b>Năm học {source} → {target}</b>{new}: lên lớp <b>{p}</b>, ở lại lớp <b>{r}</b>, "
                "ra trường <b>{g}</b>, chờ kết quả <b>{w}</b>, đã có lớp <b>{a}</b>, "
                "không chuyển <b>{l}</b>."
            ).format(
                source=plan.source,
                target=plan.target,
                new=self.tr(" (tạo năm học mới)") if not plan.target_exists else "",
                p=count[Action.PROMOTE],
                r=count[Action.REPEAT],
                g=count[Action.GRADUATE],
                w=count[Action.WAIT],
                a=count[Action.PLACED],
                l=count[Action.LEFT],
            )
        )
        warn = []
        if not plan.source_locked:
            warn.append(
                self.tr(
                    "Năm học {year} chưa khóa sổ học kì II ở mọi lớp: kết quả còn có thể thay đổi."
                ).format(year=plan.source)  # fmt: skip
            )
        moves = sum(plan.count(a) for a in (Action.PROMOTE, Action.REPEAT, Action.GRADUATE))
        if not moves and not plan.target_exists:
            warn.append(
                self.tr(
                    "Chưa học sinh nào có kết quả cả năm: chuyển năm bây giờ chỉ tạo năm học {year} "
                    "với môn học và học kì, chưa xếp lớp."
                ).format(year=plan.target)
            )
        if plan.changes_nothing:
            warn.append(
                self.tr("Không có gì để thay đổi: mọi học sinh đã được xếp hoặc đang chờ kết quả.")
            )
        self.warning.setText(" ".join(warn))
        self.warning.setVisible(bool(warn))
        self._fill_classes(plan)
        self._fill_exceptions(plan)

    def _fill_classes(self, plan: RolloverPlan) -> None:
        self.classes.setRowCount(len(plan.classes))
        for row, c in enumerate(plan.classes):
            name = QTableWidgetItem(c.key)
            name.setToolTip(
                self.tr("Từ lớp {sources}{state}").format(
                    sources=", ".join(c.sources),
                    state=self.tr(" — lớp đã có") if c.exists else self.tr(" — lớp mới"),
                )
            )
            self.classes.setItem(row, NAME, name)
            for col, value in ((GRADE, c.grade), (PROMOTED, c.promoted),
                               (REPEATING, c.repeating), (ALREADY, c.already)):  # fmt: skip
                item = QTableWidgetItem(str(value))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.classes.setItem(row, col, item)
            combo = QComboBox()
            combo.addItem(self.tr("— chưa phân công —"), "")
            for username, full_name in self.teachers:
                combo.addItem(f"{full_name} ({username})", username)
            combo.setCurrentIndex(max(0, combo.findData(c.homeroom)))
            self.classes.setCellWidget(row, HOMEROOM, combo)

    def _fill_exceptions(self, plan: RolloverPlan) -> None:
        rows = plan.exceptions
        self.exceptions_title.setText(
            self.tr("Trường hợp cần chú ý ({n}) — mỗi học sinh kèm lý do").format(
                n=thousands(len(rows))
            )
        )
        self.exceptions.setRowCount(len(rows))
        for row, m in enumerate(rows):
            values = (m.student_code, m.full_name, m.from_class, m.action_label, m.reason)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col == 4:
                    item.setToolTip(value)
                self.exceptions.setItem(row, col, item)

    def edits(self) -> dict[str, ClassEdit]:
        """What the user changed in the classes table: names and homeroom teachers."""
        if self.plan is None:
            return {}
        out: dict[str, ClassEdit] = {}
        for row, c in enumerate(self.plan.classes):
            item = self.classes.item(row, NAME)
            name = item.text().strip() if item is not None else c.key
            combo = self.classes.cellWidget(row, HOMEROOM)
            user = combo.currentData() if isinstance(combo, QComboBox) else c.homeroom
            new_name = name if name and name.upper() != c.key else None
            new_user = str(user or "") if str(user or "") != c.homeroom else None
            if new_name is not None or new_user is not None:
                out[c.key] = ClassEdit(name=new_name, homeroom=new_user)
        return out
