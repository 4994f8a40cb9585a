"""The primary grade book (Thông tư 27/2020): levels, periodic tests, qualities and competencies.

This package holds the rules and records; the writes, exports and demo that build on the
secondary grade book too sit beside it (``app.gradebook.primary_*``), so the package
imports no sibling that imports it back.

Primary classes (grades 1–5) are never computed as TT22 grids
(``app.gradebook.records.require_secondary`` refuses them; ``records.require_primary``
refuses the reverse). What teachers record is stored in the same ``assessment``
table with the primary kinds of ``values.PKind`` (MD level, KT periodic-test
score, NX comment; ``number`` is the checkpoint: 1 mid-semester, 2 end of
semester; semester II's end is the end of the year), plus ``primary_rating``
(qualities and competencies, ``resources/grading/primary_ratings.csv``) and
``primary_nomination`` (the class's recognition for the "Học sinh Tiêu biểu"
title). Every result is recomputed by ``app.grading.primary``.

Entry
    ``grid.primary_grid(s, actor, class_id, subject_id, semester) -> PrimaryGrid``
    (columns per checkpoint: level, test where the subject has one, comment;
    ``missing`` cells, ``locked``/``editable``, ``fingerprint``).
    ``app.gradebook.primary_entry.save_cells(s, actor, class_id, subject_id, semester,
    [PCellEdit(student_id, "MD2", "HTT"), …], reason=None) -> SaveResult``:
    all cells validated first (``CellValidationError`` names student, column,
    value and reason) and nothing written if any is invalid; subject teachers
    only; a locked semester needs a supervisor and a reason.
    ``app.gradebook.primary_ratings.rating_sheet / save_ratings(s, actor, class_id, semester,
    checkpoint, [RatingEdit(student_id, "Chăm chỉ", "T")])`` and
    ``set_nomination`` (homeroom teacher or supervisor).

Results
    ``results.primary_summary(s, actor, class_id, semester=None) ->
    PrimaryClassSummary``: per student the levels and tests at each checkpoint,
    ratings, and at the end of the year the result (Hoàn thành xuất sắc / tốt /
    Hoàn thành / Chưa hoàn thành), the outcome (``outcome.py``, [verify]) and
    the commendation, each with its reasons. ``app.gradebook.primary_export.summary_json /
    summary_text / lists_json / lists_text`` are the CLI's output forms;
    ``results.snapshot_payload`` is what a lock stores for ``check``.

Demo: ``app.gradebook.primary_demo.fill_primary_grades(db, year=None)`` (``python main.py demo --levels tieu_hoc``).
"""
