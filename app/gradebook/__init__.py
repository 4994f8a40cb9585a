"""The grade book (sổ điểm): recorded assessments in, TT22 results out via ``app.grading``.

Only what people record is stored (one row per assessment, conduct line,
re-test, summer conduct); every average, level and outcome is recomputed from
those rows by the pure rules engine. All services take a ``Session`` and an
``Actor``, check permissions themselves, never commit, and return frozen
dataclasses; writes return a ``Changes`` (or a result carrying one).

Import the submodules directly (``from app.gradebook import grid``). The API
for the grade-entry UI and the teacher-sheet round trip:

Catalogue, semesters, assignments
    ``catalogue.ensure_catalogue(s, actor, year) -> int`` gives a school year its
    subjects (copy of the previous year, else ``resources/subjects/gdpt2018.csv``
    for the school's levels); call it when a year is created and before opening
    a grid. ``list_subjects(s, year, grade)``, ``class_subjects(s, group)``
    (compulsory + the class's electives), ``class_subject(s, group, id)``,
    ``find_subject(s, year, grade, "Toán" | "KHTN")``, ``update_subject(s,
    actor, id, SubjectEdit(periods_per_year=…))``, ``add_subject(…)``.
    ``electives.class_electives(s, actor, class_id)`` (the choice, the grade's
    options by group, the limit from ``resources/subjects/elective_limits.csv``)
    and ``electives.set_electives(s, actor, class_id, [subject ids], reason)``
    (THPT: exactly 4; refused while locked or when a removed one has scores;
    ``choice_problem`` is the same check, pure, for the dialog). Each year has
    its own catalogue: a period count edited this year changes the number of TX
    from now on and leaves finished years as they were computed.
    ``SubjectInfo.regular_count`` is the ĐĐGtx count under the current row.
    ``terms.list_semesters / ensure_semesters / set_semester_dates / semester_on``.
    ``assignments.assign_teacher(s, actor, class_id, subject_id, username)``,
    ``unassign_teacher``, ``list_assignments``, ``my_assignments`` (a teacher's
    start page).

Entry (``Kind``: TX 1..n, GK, CK hold a score or Đạt/Chưa đạt; DG the comment)
    ``grid.grade_grid(s, actor, class_id, subject_id, semester) -> GradeGrid``:
    students in Vietnamese name order, ``columns`` (TX1..TXn, GK, CK, DG; a
    stored TX beyond the current count shows as a non-required column),
    ``rows[i].cells`` (stored canonical text, display text, ``missing``,
    ``extra``), the live ``average`` / ``average_text`` with ``reasons``,
    ``locked`` and ``editable`` for this actor.
    ``values.parse_cell(text, slot, comment_only)`` validates one cell as it is
    typed (``Result(None, reasons)`` = invalid, ``Result(None)`` = clear).
    ``entry.save_scores(s, actor, class_id, subject_id, semester,
    [CellEdit(student_id, "TX1", "8,5"), …], reason=None) -> SaveResult``:
    all cells are validated first; any invalid one raises
    ``CellValidationError`` (``.problems``: student, column, value, reason)
    and nothing is written. ``CellEdit.of(student_id, kind, index, value)``
    matches the long import format. "" clears a cell (the row is deleted).
    ``conduct.conduct_sheet / save_conduct(s, actor, class_id, semester,
    [ConductEdit(student_id, "Tốt", excused, unexcused)])`` (homeroom teacher),
    ``save_summer_conduct``; ``retests.retest_sheet / save_retest(…) ->
    RetestSaved`` (the recomputed outcome) for the students the rules flag.

Locking and audit
    ``locking.lock_semester / unlock_semester(…, reason) / lock_status``
    (``LOCK_GRADES``). A locked semester accepts changes only from a supervisor
    (``LOCK_GRADES``: principal, admin) with a written reason; the reason is
    journalled with old and new values. ``history.grade_history(s, actor,
    student_id)`` lists every change to the student's grades, conduct,
    re-tests and their classes' locks. Locking stores a ``ResultSnapshot``;
    ``snapshots.verify(db)`` (run by ``python main.py check``) recomputes it.
    ``missing.missing_grades(s, actor, class_id, semester) -> MissingGrades``
    lists, per student still in the class, the required values not entered
    (TT22 and TT27): the window and ``grades lock`` show it before locking.

Results
    ``results.class_summary(s, actor, class_id, year=None, semester=None) ->
    ClassSummary`` (per student, per subject: semester/year results, re-tests,
    learning result, conduct, absences, outcome, commendation, with reasons);
    ``lists.result_lists(s, actor, year, class_id=None) -> ResultLists``;
    ``export.summary_json / summary_text / lists_json / history_json`` are the
    CLI's output forms. ``records.load_class`` + ``evaluate_class_year`` is
    the raw recompute path (bench/grading.py).

Primary classes (grades 1–5, Thông tư 27)
    ``app.gradebook.primary`` has their own entry, ratings, results and demo
    (see its docstring); the services above refuse a primary class with a
    message, and locking, snapshots, ``check``, history and the year-end lists
    handle both kinds of class.

Re-tests
    ``retests.choose_retests(s, actor, class_id, student_id, [subject ids])``
    records the subjects a flagged student chose to re-test; the year outcome
    waits until every chosen subject has its re-test result.

Shared by the TT22 and TT27 services
    ``entry.check_edits`` (one cell loop, ``ColumnRules`` per kind of grid),
    ``entry.save_checked / write_checked`` (all or nothing, lock check, write,
    snapshots), ``rows.sync_values / put_value / student_row`` (journalled
    insert, update or delete by value, with the reason), ``records.class_scope /
    load_marks`` (the loaders' roster, subjects and cells), ``grid.fingerprint``,
    ``access.edit_state``, and ``demo``'s year, previous classes and fill rows.

Demo: ``demo.fill_grades(db, year=None) -> dict[str, int]``.
"""
