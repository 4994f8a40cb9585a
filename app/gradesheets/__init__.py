"""Grade files in and out: teacher sheets (offline round trip), long format, result sheets, lists.

Public API (services take a ``Session`` and never commit; ``commit_sheet`` opens
its own unit of work after a restore point):

Teacher sheets (one .xlsx per class × subject × semester):
    export_sheet(session, actor, class_id, subject_id, semester, path) -> ExportedSheet
    preview_sheet(session, actor, path, *, expect=None) -> SheetPreview
    preview_long(session, actor, path, *, year=None) -> SheetPreview   (docs/long-format.md)
    preview_file(session, actor, path, *, year=None) -> SheetPreview   (either, detected)
    commit_sheet(db, actor, preview, choices=None, reason=None) -> CommitResult
    choose_all(preview, Choice.TAKE_SHEET | Choice.KEEP_CURRENT) -> choices for every conflict

A class's scores (every subject the actor may export, long format, .xlsx or .csv):
    export_class_scores(session, actor, class_id, path, semester=None) -> ClassScores

    SheetPreview: ``changes`` (CellChange: old → new per cell, ``conflict`` when the app
    changed the cell after the export too), ``problems`` (Problem: sheet, row,
    column, value, reason), ``notices``, ``counts``, ``as_dict()`` for JSON.
    Each Batch has a ``kind`` (BatchKind): SCORES (TT22 cells), PRIMARY (TT27 subject
    cells) or RATINGS (TT27 qualities and competencies).

Results out (recomputed by app.gradebook.results / lists; PDFs in the NĐ 30 layout):
    result_sheet_xlsx / result_sheet_pdf(session, actor, class_id, path, semester=None)
                            "Bảng tổng hợp kết quả đánh giá"; semester None = the year;
                            the PDF is A4 landscape (see app.printing.nd30.Nd30Document)
    lists_xlsx / lists_pdf(session, actor, path, *, year=None, class_id=None, only=None)
                            lên lớp, rèn luyện trong hè, kiểm tra lại, ở lại lớp, khen thưởng;
                            ``only`` one of LIST_KEYS

TT22 and TT27 share one implementation of each file: ``sheet_grid`` (what a file needs
of a grid, batches, changes, the unmoved check), ``sheet_writer.write_sheet`` with a
``SheetLook``, ``sheet_reading`` (reading a returned sheet with per-column ``CellRules``),
``long_rows`` (long-format rows: fields, students, subjects, diff), and ``documents``
(PDF cells, counts tables, the signed class result sheet).
"""

from app.gradesheets.class_scores import ClassScores, export_class_scores
from app.gradesheets.commit import commit_sheet, preview_file
from app.gradesheets.lists_file import LIST_KEYS, lists_pdf, lists_xlsx
from app.gradesheets.long_format import preview_long
from app.gradesheets.model import (
    Batch,
    BatchKind,
    CellChange,
    CellKey,
    Choice,
    CommitResult,
    SheetKind,
    SheetPreview,
    choose_all,
)
from app.gradesheets.result_sheet import result_sheet_pdf, result_sheet_xlsx
from app.gradesheets.teacher_export import ExportedSheet, export_sheet
from app.gradesheets.teacher_import import preview_sheet
from app.importing.located import Problem

__all__ = [
    "LIST_KEYS",
    "Batch",
    "BatchKind",
    "CellChange",
    "CellKey",
    "ClassScores",
    "Choice",
    "CommitResult",
    "ExportedSheet",
    "SheetKind",
    "SheetPreview",
    "Problem",
    "choose_all",
    "commit_sheet",
    "export_class_scores",
    "export_sheet",
    "lists_pdf",
    "lists_xlsx",
    "preview_file",
    "preview_long",
    "preview_sheet",
    "result_sheet_pdf",
    "result_sheet_xlsx",
]
