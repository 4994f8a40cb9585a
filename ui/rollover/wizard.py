"""«Chuyển năm học»: choose the finished year → preview (edit classes) → apply → switch the year.

The preview and the apply run on the runner (``ui.ops``); the apply takes a restore
point and writes in one transaction (``app.rollover``), with a determinate progress
bar on the last page. Opened again later, the same wizard places the students who
were waiting for a re-test or summer training (their result has arrived) and
writes nothing else. Making the new year current is a separate, confirmed step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import school
from app.numbers import thousands
from app.progress import Progress
from app.rollover.apply import Applied, homeroom_choices, run_rollover, switch_year
from app.rollover.plan import RolloverPlan, build_plan
from app.rollover.years import next_year
from ui import ops
from ui.confirm import Confirm
from ui.pages import PageContext
from ui.rollover.preview_page import PreviewPage
from ui.screen import resize_to_fit
from ui.widgets import step_trail

STEPS = ("Chọn năm học", "Xem trước và sửa lớp", "Kết quả")


class RolloverWizard(QDialog):
    """The three steps of a new school year; ``plan`` and ``applied`` hold what the jobs returned."""

    def __init__(self, parent: QWidget | None, ctx: PageContext) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: RolloverPlan | None = None
        self.applied: Applied | None = None
        self.switched = False
        self.busy = False
        self.op: ops.Op[Any] | None = None
        self.setWindowTitle(self.tr("Chuyển năm học"))
        resize_to_fit(self, 960, 660)
        self._build()
        self._connect()
        self._load_years()
        self._go(0)

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: PageContext) -> bool:
        """Run the wizard; True when something was written."""
        wizard = cls(parent, ctx)
        wizard.exec()
        return wizard.applied is not None and wizard.applied.wrote

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.step_label = QLabel()
        self.stack = QStackedWidget()
        self.stack.addWidget(self._choose_page())
        self.review = PreviewPage()
        self.stack.addWidget(self.review)
        self.stack.addWidget(self._result_page())
        self.back_button = QPushButton(self.tr("Quay lại"))
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.next_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Hủy"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(12)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

    def _choose_page(self) -> QWidget:
        self.year_combo = QComboBox()
        self.year_combo.setMinimumWidth(140)
        self.target_label = QLabel()
        intro = QLabel(
            self.tr(
                "Phần mềm đề xuất lớp của năm học mới từ lớp năm nay (6A1 → 7A1) và xếp từng học "
                "sinh theo kết quả cuối năm trong sổ điểm: lên lớp, ở lại lớp, ra trường (lớp 5, "
                "9, 12). Học sinh còn chờ kiểm tra lại hoặc rèn luyện trong hè được liệt kê; khi "
                "có kết quả, mở lại mục này để xếp lớp cho các em.\n\n"
                "Bước sau chỉ là xem trước: chưa có gì được ghi. Khi bạn đồng ý, phần mềm tạo "
                "điểm khôi phục rồi ghi tất cả một lần. Năm học hiện tại chỉ đổi khi bạn xác nhận."
            )
        )
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Năm học vừa kết thúc")))
        row.addWidget(self.year_combo)
        row.addSpacing(16)
        row.addWidget(self.target_label)
        row.addStretch(1)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(intro)
        lay.addSpacing(8)
        lay.addLayout(row)
        lay.addStretch(1)
        return page

    def _result_page(self) -> QWidget:
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.switch_button = QPushButton(self.tr("Đặt làm năm học hiện tại"))
        self.switch_button.setVisible(False)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.progress_label)
        lay.addWidget(self.progress_bar)
        lay.addSpacing(8)
        lay.addWidget(self.result_label)
        row = QHBoxLayout()
        row.addWidget(self.switch_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(1)
        return page

    def _connect(self) -> None:
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.switch_button.clicked.connect(self._on_switch_clicked)

    def _load_years(self) -> None:
        with self.ctx.db.read(self.ctx.actor) as s:
            years = school.list_years(s)
        for y in sorted(years, key=lambda y: y.name):
            self.year_combo.addItem(y.name, y.name)
        current = next((y.name for y in years if y.is_current), "")
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(current)))
        self._on_year_changed()

    # ------------------------------------------------------------ navigation

    @property
    def step(self) -> int:
        """0 choose, 1 preview, 2 result."""
        return self.stack.currentIndex()

    @property
    def source(self) -> str:
        """The finished year chosen."""
        return str(self.year_combo.currentData() or "")

    def _go(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.step_label.setText(step_trail(tuple(self.tr(name) for name in STEPS), step))
        self._update_buttons()

    def _update_buttons(self) -> None:
        step, plan = self.step, self.plan
        self.back_button.setVisible(step == 1)
        self.back_button.setEnabled(not self.busy)
        self.next_button.setVisible(step != 2)
        self.close_button.setText(self.tr("Đóng") if step == 2 else self.tr("Hủy"))
        self.close_button.setEnabled(not self.busy)
        if step == 0:
            self.next_button.setText(self.tr("Xem trước"))
            self.next_button.setEnabled(bool(self.source) and not self.busy)
        elif step == 1 and plan is not None:
            label = self.tr("Chuyển năm học") if not plan.target_exists else self.tr("Xếp lớp")
            self.next_button.setText(label)
            self.next_button.setEnabled(not plan.changes_nothing and not self.busy)

    def _on_year_changed(self) -> None:
        target = next_year(self.source) if self.source else ""
        self.target_label.setText(self.tr("→ năm học mới: <b>{year}</b>").format(year=target))
        self._update_buttons()

    def _on_back_clicked(self) -> None:
        self._go(0)

    def _on_close_clicked(self) -> None:
        if self.applied is not None:
            self.accept()
        else:
            self.reject()

    def _on_next_clicked(self) -> None:
        if self.step == 0:
            self._preview()
        elif self.step == 1:
            self._apply()

    # ------------------------------------------------------------ jobs

    def _run(self, job: Any, on_done: Any, label: str, *, quiet: bool = False) -> None:
        self.busy = True
        self._update_buttons()

        def done(result: Any) -> None:
            self.busy = False
            on_done(result)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            from ui import errors

            self.busy = False
            self._update_buttons()
            errors.show_error(self, exc)

        self.op = ops.run(self, job, done, label=label, on_error=failed, quiet=quiet)

    def _preview(self) -> None:
        db, actor, source = self.ctx.db, self.ctx.actor, self.source
        target = next_year(source)

        def job(_progress: Progress) -> tuple[RolloverPlan, list[tuple[str, str]]]:
            with db.read(actor) as s:
                return build_plan(s, actor, source, target), homeroom_choices(s, actor)

        def shown(result: tuple[RolloverPlan, list[tuple[str, str]]]) -> None:
            self.plan = result[0]
            self.review.show_plan(*result)
            self._go(1)

        self._run(job, shown, self.tr("Đang xem trước năm học {year}…").format(year=target))

    def _apply(self) -> None:
        plan = self.plan
        if plan is None:
            return
        question = self.tr(
            "Chuyển học sinh năm học {source} sang năm học {target}? Phần mềm tạo điểm khôi phục "
            "trước khi ghi."
        ).format(source=plan.source, target=plan.target)
        if not Confirm.ask(self, self.tr("Chuyển năm học"), question, self.next_button.text()):
            return
        db, actor, edits = self.ctx.db, self.ctx.actor, self.review.edits()
        place_only = plan.target_exists

        def job(progress: Progress) -> Applied:
            return run_rollover(db, actor, plan.source, plan.target, edits, progress=progress,
                                place_only=place_only)  # fmt: skip

        self._go(2)
        self.progress_label.setText(self.tr("Đang ghi…"))
        self.result_label.setText("")
        self._run(job, self._on_applied, self.tr("Chuyển năm học"), quiet=True)
        if self.op is not None:
            self.op.progressed.connect(self._on_progressed)

    def _on_progressed(self, done: int, total: int, label: str, unit: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, max(total, 1)))
        if total and unit:
            self.progress_label.setText(f"{label}: {thousands(done)}/{thousands(total)} {unit}")

    def _on_applied(self, done: Applied) -> None:
        self.applied = done
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        self.progress_label.setText(self.tr("Đã xong."))
        text = self.tr(
            "Năm học {target}: tạo {classes} lớp; lên lớp {p}, ở lại lớp {r}, ra trường {g} học sinh."
        ).format(
            target=done.target,
            classes=thousands(done.classes_created),
            p=thousands(done.promoted),
            r=thousands(done.repeated),
            g=thousands(done.graduated),
        )
        if done.waiting:
            text += "\n" + self.tr(
                "Còn {w} học sinh chờ kết quả kiểm tra lại, rèn luyện trong hè hoặc chưa đủ điểm: "
                "khi có kết quả, mở lại «Chuyển năm học» để xếp lớp cho các em."
            ).format(w=thousands(done.waiting))
        if done.restore_point:
            text += "\n" + self.tr("Điểm khôi phục: {path}").format(path=done.restore_point.name)
        self.result_label.setText(text)
        with self.ctx.db.read(self.ctx.actor) as s:
            current = school.current_year(s)
        self.switch_button.setText(
            self.tr("Đặt {year} làm năm học hiện tại…").format(year=done.target)
        )
        self.switch_button.setVisible(current is None or current.name != done.target)

    def _on_switch_clicked(self) -> None:
        done = self.applied
        if done is None:
            return
        question = self.tr(
            "Đặt {target} làm năm học hiện tại? Sổ điểm năm học {source} sẽ được khóa (ai cần sửa "
            "phải có quyền Ban giám hiệu và ghi lý do); dữ liệu năm cũ vẫn xem được."
        ).format(target=done.target, source=done.source)
        if not Confirm.ask(self, self.tr("Đổi năm học hiện tại"), question, self.tr("Đổi năm học")):
            return
        db, actor, target, source = self.ctx.db, self.ctx.actor, done.target, done.source

        def job(progress: Progress) -> Any:
            from app.messages.rollover import ROLLOVER_MSG as M

            with db.uow(actor=actor, reason=M.reason_lock.format(year=source, target=target)) as s:
                return switch_year(s, actor, target, progress=progress)[0]

        def switched(_changes: Any) -> None:
            self.switched = True
            self.switch_button.setVisible(False)
            self.result_label.setText(
                self.result_label.text()
                + "\n"
                + self.tr("Năm học hiện tại: {year}. Sổ điểm năm học {source} đã khóa.").format(
                    year=target, source=source
                )
            )

        self._run(job, switched, self.tr("Đổi năm học hiện tại"))
