"""The "Tệp và in ấn" menu of the Sổ điểm page: grade-book files out and teacher sheets in.

- Xuất bảng điểm giáo viên…: the .xlsx a teacher fills offline (one class × subject ×
  semester; a teacher is offered only the subjects they teach there).
- Nhập bảng điểm…: a returned sheet or a long-format file, previewed in
  ``SheetImportDialog`` (located errors, conflicts decided one by one), written whole or not.
- Xuất điểm cả lớp…: every score of the class in the long format (.xlsx or .csv).
- In/Xuất Tổng hợp lớp…: the class result sheet, PDF in the NĐ 30 layout (to print) or .xlsx.
- In/Xuất danh sách cuối năm…: the year-end lists of the class (or the school), PDF or .xlsx.

Every file is written by the same ``app.gradesheets`` service as the command line, which
checks the permissions, on the window's runner; then ``announce`` offers Mở tệp / Mở thư mục.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from app import gradesheets as G
from app.gradebook.choices import ClassChoice, is_class_teacher
from app.gradebook.lists import PRIMARY_LIST_KEYS
from app.gradebook.primary_export import ALL_LIST_TITLES
from app.gradebook.records import PRIMARY_LAST_GRADE
from app.gradebook.terms import semester_label
from app.messages.gradesheets import GRADESHEETS_MSG as GM
from app.paths import exports_dir
from app.permissions import Perm, can
from app.progress import Progress
from ui import icons, ops
from ui.exported import announce
from ui.file_dialogs import OpenFileDialog, SaveFileDialog
from ui.gradebook.documents_dialogs import YEAR, DocumentOptionsDialog, DocumentQuestion
from ui.gradebook.documents_import_dialog import SheetImportDialog
from ui.pages import PageContext

XLSX = "Bảng tính Excel (*.xlsx)"
PDF_FIRST = "Tệp PDF để in (*.pdf);;Bảng tính Excel (*.xlsx)"
SCORES_FILTER = "Bảng tính Excel (*.xlsx);;Tệp CSV (*.csv)"
IMPORT_FILTER = "Bảng điểm (*.xlsx *.xls *.ods *.csv)"


class DocumentsPage(Protocol):
    """What the menu reads from the page: the class, semester and subject picked."""

    def current_class(self) -> ClassChoice | None: ...
    def semester(self) -> int: ...
    def current_subject(self) -> uuid.UUID | None: ...


def slug(text: str) -> str:
    """ "Ngữ văn" → "ngu-van": a file-name part without diacritics."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _with_suffix(path: Path, allowed: tuple[str, ...]) -> Path:
    """``path``, given the first allowed suffix when it has none of them."""
    return path if path.suffix.lower() in allowed else path.with_suffix(allowed[0])


class DocumentsButton(QPushButton):
    """The menu button; ``actions_by_name`` lets tests trigger an entry by its key."""

    def __init__(
        self, ctx: PageContext, page: DocumentsPage, parent: QWidget | None = None
    ) -> None:
        super().__init__(icons.icon("folder"), self.tr("Tệp và in ấn"), parent)
        self.ctx, self.page = ctx, page
        self.setObjectName("documentsButton")
        self.setToolTip(self.tr("Xuất, nhập bảng điểm; in tổng hợp lớp và danh sách cuối năm"))
        menu = QMenu(self)
        self.actions_by_name: dict[str, QAction] = {}
        for key, text, slot in (
            ("export_sheet", "Xuất bảng điểm giáo viên…", self.export_sheet),
            ("import_sheet", "Nhập bảng điểm…", self.import_sheet),
            ("export_class", "Xuất điểm cả lớp…", self.export_class),
            ("result_sheet", "In/Xuất Tổng hợp lớp…", self.result_sheet),
            ("lists", "In/Xuất danh sách cuối năm…", self.lists_file),
        ):
            action = menu.addAction(self.tr(text))
            action.triggered.connect(slot)
            self.actions_by_name[key] = action
        menu.setToolTipsVisible(True)  # why an entry is disabled
        self.setMenu(menu)

    def set_scope(self, choice: ClassChoice | None) -> None:
        """Enable what makes sense for the class picked (the services check again)."""
        has_class = choice is not None
        may_enter = can(self.ctx.actor, Perm.ENTER_GRADES)
        states = {
            "export_sheet": (has_class and bool(choice and choice.subjects),
                             self.tr("Bạn chưa được phân công dạy môn nào ở lớp này.")),
            "import_sheet": (may_enter, self.tr("Tài khoản của bạn không được nhập điểm.")),
            "export_class": (has_class, ""),
            "result_sheet": (has_class, ""),
            "lists": (has_class, ""),
        }  # fmt: skip
        for key, (enabled, why) in states.items():
            action = self.actions_by_name[key]
            action.setEnabled(enabled)
            action.setToolTip("" if enabled else why)

    # ------------------------------------------------------------ helpers

    def _ask_path(
        self, title: str, name: str, filters: str, allowed: tuple[str, ...]
    ) -> Path | None:
        path = SaveFileDialog.ask(self, title, exports_dir() / name, self.tr(filters))
        return _with_suffix(path, allowed) if path else None

    def _write(self, title: str, job: Callable[[Progress], tuple[Path, str]]) -> None:
        def done(result: tuple[Path, str]) -> None:
            path, text = result
            announce(self, title, text, path)

        ops.run(self, job, done, label=self.tr("Đang ghi tệp…"))

    def _scopes(self, year: bool) -> list[tuple[str, int]]:
        scopes = [(semester_label(n), n) for n in (1, 2)]
        return [*scopes, (self.tr("Cả năm"), YEAR)] if year else scopes

    # ------------------------------------------------------------ the five entries

    def export_sheet(self) -> None:
        """Ask the subject and semester, then write the teacher sheet."""
        choice = self.page.current_class()
        if choice is None:
            return
        question = DocumentQuestion(
            self.tr("Xuất bảng điểm giáo viên"),
            self.tr("Bảng điểm Excel để giáo viên nhập điểm trên máy khác rồi gửi lại. "
                    "Lớp {cls}, năm học {year}.").format(cls=choice.name, year=choice.school_year),
            self.tr("Chọn nơi lưu…"),
            subjects=[(s.name, s.id) for s in choice.subjects],
            subject_default=self.page.current_subject(),
            scopes=self._scopes(year=False),
            scope_default=self.page.semester(),
        )  # fmt: skip
        options = DocumentOptionsDialog.ask(self, question)
        if options is None or options.subject_id is None or options.semester is None:
            return
        subject = next(s.name for s in choice.subjects if s.id == options.subject_id)
        name = f"bang-diem_{slug(choice.name)}_{slug(subject)}_hk{options.semester}.xlsx"
        path = self._ask_path(self.tr("Lưu bảng điểm giáo viên"), name, XLSX, (".xlsx",))
        if path is None:
            return
        db, actor, subject_id, semester = (
            self.ctx.db,
            self.ctx.actor,
            options.subject_id,
            options.semester,
        )

        def job(_p: Progress) -> tuple[Path, str]:
            with db.read(actor) as s:
                out = G.export_sheet(s, actor, choice.id, subject_id, semester, path)
            return out.path, GM.export_done.format(subject=out.subject_name, cls=out.class_name,
                semester=semester_label(out.semester), n=out.students, path=out.path)  # fmt: skip

        self._write(self.tr("Đã xuất bảng điểm"), job)

    def import_sheet(self) -> None:
        """Choose a returned sheet, read it on the runner, then show the preview."""
        path = OpenFileDialog.ask(self, self.tr("Chọn bảng điểm đã điền"), exports_dir(),
                                  self.tr(IMPORT_FILTER))  # fmt: skip
        if path is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        year = choice.school_year if (choice := self.page.current_class()) else None

        def job(_p: Progress) -> G.SheetPreview:
            with db.read(actor) as s:
                return G.preview_file(s, actor, path, year=year)

        ops.run(self, job, self.show_preview, label=self.tr("Đang đọc và kiểm tra tệp…"))

    def show_preview(self, preview: G.SheetPreview) -> None:
        """The import dialog over ``preview`` (modal; it writes when the user confirms)."""
        SheetImportDialog(self.window(), self.ctx, preview).exec()

    def export_class(self) -> None:
        """Every score of the class, one semester or the year, as .xlsx or .csv."""
        choice = self.page.current_class()
        if choice is None:
            return
        question = DocumentQuestion(
            self.tr("Xuất điểm cả lớp"),
            self.tr("Mỗi dòng là một ô điểm (học sinh, môn, học kì, loại, lần), đọc được bằng "
                    "Excel và nhập lại được bằng “Nhập bảng điểm…”. Lớp {cls}.").format(cls=choice.name),
            self.tr("Chọn nơi lưu…"),
            scopes=self._scopes(year=True),
            scope_default=YEAR,
        )  # fmt: skip
        options = DocumentOptionsDialog.ask(self, question)
        if options is None:
            return
        part = f"hk{options.semester}" if options.semester else slug(choice.school_year)
        name = f"diem-ca-lop_{slug(choice.name)}_{part}.xlsx"
        path = self._ask_path(self.tr("Lưu điểm cả lớp"), name, SCORES_FILTER, (".xlsx", ".csv"))
        if path is None:
            return
        db, actor, semester = self.ctx.db, self.ctx.actor, options.semester

        def job(_p: Progress) -> tuple[Path, str]:
            with db.read(actor) as s:
                out = G.export_class_scores(s, actor, choice.id, path, semester)
            scope = semester_label(semester) if semester else "cả năm"
            return out.path, GM.class_scores_done.format(cells=out.cells, students=out.students,
                cls=out.class_name, scope=scope, subjects=len(out.subjects), path=out.path)  # fmt: skip

        self._write(self.tr("Đã xuất điểm cả lớp"), job)

    def result_sheet(self) -> None:
        """The class result sheet of a semester or the year: PDF to print, or .xlsx."""
        choice = self.page.current_class()
        if choice is None:
            return
        question = DocumentQuestion(
            self.tr("In/Xuất Tổng hợp lớp"),
            self.tr("Bảng tổng hợp kết quả đánh giá của lớp {cls}. Chọn tệp PDF để in (khổ A4 "
                    "ngang, thể thức văn bản hành chính), hoặc Excel.").format(cls=choice.name),
            self.tr("Chọn nơi lưu…"),
            scopes=self._scopes(year=True),
            scope_default=YEAR if self.page.semester() == 2 else 1,
        )  # fmt: skip
        options = DocumentOptionsDialog.ask(self, question)
        if options is None:
            return
        part = f"hk{options.semester}" if options.semester else "ca-nam"
        name = f"tong-hop_{slug(choice.name)}_{part}.pdf"
        path = self._ask_path(self.tr("Lưu bảng tổng hợp lớp"), name, PDF_FIRST, (".pdf", ".xlsx"))
        if path is None:
            return
        db, actor, semester = self.ctx.db, self.ctx.actor, options.semester
        write = G.result_sheet_pdf if path.suffix.lower() == ".pdf" else G.result_sheet_xlsx

        def job(_p: Progress) -> tuple[Path, str]:
            with db.read(actor) as s:
                out = write(s, actor, choice.id, path, semester)
            scope = semester_label(semester) if semester else "cả năm"
            return out, GM.result_done.format(cls=choice.name, scope=scope, path=out)

        self._write(self.tr("Đã xuất bảng tổng hợp lớp"), job)

    def lists_file(self) -> None:
        """The year-end lists of the class (or of the school): PDF to print, or .xlsx."""
        choice = self.page.current_class()
        if choice is None:
            return
        primary = choice.grade <= PRIMARY_LAST_GRADE
        keys = [k for k in ALL_LIST_TITLES if (k in PRIMARY_LIST_KEYS) == primary or k == "pending"]
        places = [(self.tr("Lớp {cls}").format(cls=choice.name), False)]
        if not is_class_teacher(self.ctx.actor):
            places.append((self.tr("Toàn trường"), True))
        question = DocumentQuestion(
            self.tr("In/Xuất danh sách cuối năm"),
            self.tr("Danh sách lên lớp, rèn luyện hè, kiểm tra lại, ở lại lớp, khen thưởng… "
                    "năm học {year}. Chọn tệp PDF để in, hoặc Excel.").format(year=choice.school_year),
            self.tr("Chọn nơi lưu…"),
            places=places,
            lists=[(ALL_LIST_TITLES[k], k) for k in keys],
        )  # fmt: skip
        options = DocumentOptionsDialog.ask(self, question)
        if options is None:
            return
        who = "toan-truong" if options.whole_school else slug(choice.name)
        name = f"danh-sach-cuoi-nam_{who}_{slug(choice.school_year)}.pdf"
        path = self._ask_path(self.tr("Lưu danh sách cuối năm"), name, PDF_FIRST, (".pdf", ".xlsx"))
        if path is None:
            return
        db, actor, year = self.ctx.db, self.ctx.actor, choice.school_year
        class_id = None if options.whole_school else choice.id
        only = options.list_key
        write = G.lists_pdf if path.suffix.lower() == ".pdf" else G.lists_xlsx
        scope = self.tr("toàn trường {year}").format(year=year) if class_id is None else (
            self.tr("lớp {cls}").format(cls=choice.name))  # fmt: skip

        def job(_p: Progress) -> tuple[Path, str]:
            with db.read(actor) as s:
                out = write(s, actor, path, year=year, class_id=class_id, only=only)
            return out, GM.lists_done.format(scope=scope, path=out)

        self._write(self.tr("Đã xuất danh sách cuối năm"), job)
