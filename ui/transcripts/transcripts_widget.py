"""The "Học bạ" page: pick a year and a class; each student's transcript and what to do with it.

The table shows every student of the class with their transcript's state (Chưa lập, Nháp,
Chờ ký, Đã ký (n/3), Phát hành), its version and the "cần cấp lại" flag with its reason.
The buttons act on the selected students, or the whole class when nobody is selected
(``ui.transcripts.actions`` runs them). What the account may do comes from
``app.transcripts.ui_queries.abilities``: a button it cannot use is disabled and its
tooltip says why, in the service's own words (the service refuses anyway). A teacher sees
the classes they lead; the principal and the office see the school.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from app import school
from app.changes import Changes
from app.permissions import Perm, can
from app.transcripts import queries, ui_queries
from app.transcripts.models import State
from app.transcripts.queries import TranscriptRow
from app.transcripts.ui_queries import Abilities, TranscriptClass
from ui.flow_layout import FlowLayout, group
from ui.pages import PageContext
from ui.signals import bus
from ui.table_fit import fit_columns, show_empty_text
from ui.transcripts import actions
from ui.transcripts.page_base import TranscriptPage
from ui.transcripts.transcripts_model import Col, TranscriptsModel, state_text
from ui.widgets import PageHeader, configure_table, page_layout

WATCHED = ("transcript", "transcript_version", "transcript_signature", "transcript_pdf",
           "transcript_extra", "transcript_process", "grade", "student")  # fmt: skip


class TranscriptsWidget(TranscriptPage):
    """The transcripts page."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.classes: tuple[TranscriptClass, ...] = ()
        self.abilities: Abilities | None = None
        self._build()
        self._connect()
        self._load_years()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = page_layout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Học bạ"),
                self.tr("Lập, ký số, phát hành học bạ của lớp; cấp bản sao; kiểm tra tệp học bạ."),
            )
        )
        self.year_combo = QComboBox()
        self.class_combo = QComboBox()
        self.class_combo.setMinimumWidth(90)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("muted")
        bar = FlowLayout(h_spacing=14)
        bar.addWidget(group(QLabel(self.tr("Năm học:")), self.year_combo))
        bar.addWidget(group(QLabel(self.tr("Lớp:")), self.class_combo))
        bar.add_stretch()
        self.reissue_button = QPushButton(self.tr("Cần cấp lại…"))
        self.verify_button = QPushButton(self.tr("Kiểm tra tệp học bạ…"))
        bar.addWidget(self.reissue_button)
        bar.addWidget(self.verify_button)
        layout.addLayout(bar)
        self.prepare_button = QPushButton(self.tr("Lập học bạ"))
        self.submit_button = QPushButton(self.tr("Gửi ký"))
        self.sign_button = QPushButton(self.tr("Ký số…"))
        self.issue_button = QPushButton(self.tr("Phát hành"))
        self.extras_button = QPushButton(self.tr("Bổ sung thông tin…"))
        self.copies_button = QPushButton(self.tr("Cấp bản sao…"))
        self.preview_button = QPushButton(self.tr("Xem trước"))
        self.pdf_button = QPushButton(self.tr("Xuất PDF…"))
        self.json_button = QPushButton(self.tr("Xuất JSON…"))
        self.sign_button.setObjectName("primary")
        row = FlowLayout(h_spacing=8)
        for button in self.action_buttons():
            row.addWidget(button)
        layout.addLayout(row)
        self.hint_label = QLabel(
            self.tr("Các nút làm việc với những học sinh đang chọn; chưa chọn ai thì với cả lớp.")
        )
        self.hint_label.setObjectName("muted")
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)
        self.counts_label.setWordWrap(True)
        self.model = TranscriptsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Col.NAME, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        show_empty_text(self.table, self.tr("Lớp này chưa có học sinh."))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts_label)

    def action_buttons(self) -> list[QPushButton]:
        """The buttons that act on the selected students (or the class)."""
        return [self.prepare_button, self.submit_button, self.sign_button, self.issue_button,
                self.extras_button, self.copies_button, self.preview_button, self.pdf_button,
                self.json_button]  # fmt: skip

    def _connect(self) -> None:
        self.year_combo.activated.connect(self._on_year_activated)
        self.class_combo.activated.connect(self._on_class_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.prepare_button.clicked.connect(lambda: actions.prepare(self))
        self.submit_button.clicked.connect(lambda: actions.submit(self))
        self.sign_button.clicked.connect(lambda: actions.sign(self))
        self.issue_button.clicked.connect(lambda: actions.issue(self))
        self.extras_button.clicked.connect(lambda: actions.edit_extras(self))
        self.copies_button.clicked.connect(lambda: actions.copies(self))
        self.preview_button.clicked.connect(lambda: actions.preview(self))
        self.pdf_button.clicked.connect(lambda: actions.export_pdf(self))
        self.json_button.clicked.connect(lambda: actions.export_json(self))
        self.reissue_button.clicked.connect(lambda: actions.reissue_list(self))
        self.verify_button.clicked.connect(lambda: actions.verify(self))
        bus.changed.connect(self._on_bus_changed)

    # ------------------------------------------------------------ choosing

    def _load_years(self) -> None:
        with self.ctx.db.read(self.ctx.actor) as s:
            names = sorted((y.name for y in school.list_years(s)), reverse=True)
            current = school.current_year(s)
        self.year_combo.clear()
        for name in names:
            self.year_combo.addItem(name, name)
        if current is not None:
            self.year_combo.setCurrentIndex(max(self.year_combo.findData(current.name), 0))
        self._load_classes()

    def _load_classes(self) -> None:
        year = self.year_combo.currentData()
        previous = self.current_class_id()
        with self.ctx.db.read(self.ctx.actor) as s:
            self.classes = ui_queries.transcript_classes(s, self.ctx.actor, year) if year else ()
        self.class_combo.clear()
        for c in self.classes:
            self.class_combo.addItem(c.name, c.id)
        index = self.class_combo.findData(previous) if previous is not None else -1
        self.class_combo.setCurrentIndex(max(index, 0))
        self.reload()

    def show_target(self, params: Mapping[str, str]) -> None:
        """Show the school ``year`` another page asked for (its first class)."""
        index = self.year_combo.findData(params.get("year", ""))
        if index >= 0 and index != self.year_combo.currentIndex():
            self.year_combo.setCurrentIndex(index)
            self._load_classes()

    def select(self, year: str, class_name: str) -> None:
        """Show ``class_name`` of ``year`` (as choosing them does)."""
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))
        self._load_classes()
        self.class_combo.setCurrentIndex(self.class_combo.findText(class_name))
        self.reload()

    def reload(self) -> None:
        """Read the class's transcripts and what the account may do with them."""
        class_id = self.current_class_id()
        rows: tuple[TranscriptRow, ...] = ()
        self.abilities = None
        if class_id is not None:
            with self.ctx.db.read(self.ctx.actor) as s:
                rows = queries.class_transcripts(s, self.ctx.actor, class_id)
                self.abilities = ui_queries.abilities(s, self.ctx.actor, class_id)
        self.model.set_rows(rows)
        fit_columns(self.table, skip=[Col.REASON])
        if not self.classes:
            show_empty_text(self.table, self.empty_text())
        self._show_counts(rows)
        self.update_buttons()

    def empty_text(self) -> str:
        """What the empty table says."""
        if self.classes:
            return self.tr("Lớp này chưa có học sinh.")
        return self.tr("Năm học này không có lớp nào bạn được xem học bạ.")

    def _show_counts(self, rows: tuple[TranscriptRow, ...]) -> None:
        counts: dict[str, int] = {}
        for r in sorted(rows, key=_stage):  # in the order of the transcript's life
            counts[state_text(r)] = counts.get(state_text(r), 0) + 1
        parts = [f"{label}: {n}" for label, n in counts.items()]
        flagged = sum(1 for r in rows if r.needs_reissue)
        if flagged:
            parts.append(self.tr("cần cấp lại: {n}").format(n=flagged))
        total = self.tr("{n} học sinh").format(n=len(rows)) if rows else ""
        self.counts_label.setText(" · ".join([total, *parts]) if rows else "")

    # ------------------------------------------------------------ selection

    def update_buttons(self) -> None:
        """Enable what the account may do now; a disabled button's tooltip says why."""
        for button, why in self._refusals().items():
            button.setEnabled(not why)
            button.setToolTip(why)

    def _refusals(self) -> dict[QPushButton, str]:
        """Each button and why it cannot be used now ("" when it can)."""
        tr = self.tr
        picked = self.selected_rows()
        one = picked[0] if len(picked) == 1 else None
        states = {r.version.state for r in self.target_rows() if r.version is not None}
        ab = self.abilities
        if ab is None:
            no = tr("Chưa chọn lớp.")
            ab = Abilities(prepare=no, sign={"": no}, issue=no, copies=no)
        sign_why = "" if ab.may_sign() else next(iter(ab.sign.values()))
        made = one is not None and one.version is not None
        issued = made and one.version.state == State.ISSUED  # type: ignore[union-attr]
        nothing = "" if states else tr("Chưa có học bạ nào được lập.")
        reissue = "" if can(self.ctx.actor, Perm.ISSUE_TRANSCRIPTS) else tr(
            "Chỉ Ban giám hiệu xem danh sách cần cấp lại của toàn trường; cột «Cần cấp lại» "
            "trong bảng cho biết học bạ nào của lớp cần cấp lại."
        )  # fmt: skip
        return {
            self.prepare_button: ab.prepare,
            self.submit_button: ab.prepare
            or _need(State.DRAFT in states, tr("Không có học bạ nháp nào để gửi ký.")),
            self.sign_button: sign_why
            or _need(State.AWAITING in states, tr("Không có học bạ nào đang chờ ký.")),
            self.issue_button: ab.issue
            or _need(State.SIGNED in states, tr("Không có học bạ nào đã ký đủ để phát hành.")),
            self.extras_button: _need(one is not None, tr("Chọn một học sinh trong bảng.")),
            self.copies_button: ab.copies
            or _need(issued, tr("Chọn một học sinh có học bạ đã phát hành.")),
            self.preview_button: _need(made, tr("Chọn một học sinh đã được lập học bạ.")),
            self.pdf_button: nothing,
            self.json_button: nothing,
            self.reissue_button: reissue,
        }

    # ------------------------------------------------------------ slots

    def _on_year_activated(self) -> None:
        self._load_classes()

    def _on_class_activated(self) -> None:
        self.reload()

    def _on_selection_changed(self) -> None:
        self.update_buttons()

    def _on_table_double_clicked(self) -> None:
        if self.preview_button.isEnabled():
            actions.preview(self)

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self.reload_keeping_selection()

    def reload_keeping_selection(self) -> None:
        """Reload, and select the same students again."""
        kept = {r.student_id for r in self.selected_rows()}
        self.reload()
        selection = self.table.selectionModel()
        for i, r in enumerate(self.rows()):
            if r.student_id in kept:
                index = self.model.index(i, 0)
                selection.select(
                    index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows
                )


def _need(present: bool, why: str) -> str:
    """ "" when ``present``, else ``why``."""
    return "" if present else why


_STAGES = (State.DRAFT, State.AWAITING, State.SIGNED, State.ISSUED)


def _stage(row: TranscriptRow) -> tuple[int, int]:
    """Where a transcript is in its life: not made, draft, awaiting (by signatures), signed, issued."""
    v = row.version
    if v is None:
        return (0, 0)
    return (_STAGES.index(v.state) + 1 if v.state in _STAGES else 9, len(v.signatures))
