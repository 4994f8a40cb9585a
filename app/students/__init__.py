"""Student records (hồ sơ học sinh): models, validation, services, search and lists.

Public API (stable; import from ``app.students``). Services take a ``Session``,
never commit, and check permissions themselves.

Input and validation (pure, no database):
    StudentInput            frozen; every importable field as str/date, ``None`` = keep stored
                            value, ``""`` = clear. ``FIELD_LABELS`` gives the Vietnamese column
                            label of each field (equal to the template headers).
    validate_input(inp, *, for_insert=True, today=None, year_start=None) -> CheckedInput
                            ``.value`` normalised (sex "nam"/"nu", ethnicity 1979 code,
                            digits-only IDs/phones, NFC names), ``.issues`` / ``.errors`` /
                            ``.warnings``; each ``Issue(field, severity, code, message)``,
                            message in Vietnamese starting with the field label.
    parse_date(value) -> date | None   dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, Excel serial
                            (int/float or 5-digit text), date/datetime; ValueError otherwise.
    coerce_date(value, field) -> (date | None, Issue | None)
    normalise_personal_id(value) -> str  restores zeros lost to number cells when unambiguous
    personal_id_issues(pid, dob, sex) -> list[Issue]; make_personal_id(...); parse_sex(text)
    resolve_ethnicity(text) -> code | None; normalise_phone(value) -> str
    fold(text) ("Đặng Thị Ánh" → "dang thi anh"), name_sort_key(family_middle, given)

Import / bulk path:
    plan_upsert(session, actor, inputs, *, year=None, progress=None) -> UpsertReport
                            preview, writes nothing. ``report.rows[i]`` is a ``RowPlan`` with
                            ``index`` (position in ``inputs``), ``action`` (RowAction INSERT /
                            UPDATE / UNCHANGED / REJECT), ``value`` (normalised), ``issues``,
                            ``student_id``, ``student_code``, ``changed_fields``.
    upsert_students(session, actor, inputs, *, reason, year=None, on=None,
                    skip_rejected=False, progress=None) -> UpsertReport
                            matches by personal ID, then student code; raises ValidationError
                            and writes nothing if any row is rejected (unless skip_rejected);
                            re-running the same inputs writes nothing; Cancelled from
                            ``progress`` propagates (the caller's uow rolls back).

Records, classes and events (Perm.EDIT_STUDENTS / MANAGE_CLASSES):
    create_student, update_student (identity changes need ``reason``) -> SavedStudent
    add_guardian -> GuardianAdded, update_guardian, remove_guardian (GuardianInput)
    create_class, list_classes, set_homeroom -> ClassInfo; enrol, move_students -> Moved
    transfer_in, transfer_out, withdraw, graduate, suspend, readmit -> EventInfo
    set_code_pattern(session, actor, "{school}{year2}{seq:04d}")

Queries (Perm.VIEW_STUDENTS; teachers see their homeroom classes only):
    count_students(session, actor, flt), list_student_rows(session, actor, flt, sort, offset,
    limit) -> list[StudentRow]; StudentFilter(year, class_name/class_id, status, search,
    exact); get_student_detail(session, actor, id, include_sensitive=False) — sensitive
    reads need Perm.VIEW_SENSITIVE and a write uow (they journal an access event).
    student_id_by_code(session, code); list_student_ids(...) for bulk actions.
    History tab: app.students.history.student_history(session, actor, id, revealed=...)
                            sensitive values masked (app.journal_view) unless revealed; hide
                            rowmap.DERIVED_COLUMNS (sort_key, search_text), which change along
                            with the name.
    as_inputs(session, actor, flt, sort, include_personal_id=False) -> list[StudentInput]:
                            the students as template values (sex/ethnicity as names, class
                            of flt.year) so an export re-imports unchanged.
"""

from __future__ import annotations

from app.students.bulk import plan_upsert, upsert_students
from app.students.check import CheckedInput, validate_input
from app.students.classes import (
    ClassInfo,
    Moved,
    class_by_name,
    create_class,
    enrol,
    list_classes,
    move_students,
    set_homeroom,
)
from app.students.codes import code_pattern, next_codes, set_code_pattern
from app.students.detail import (
    EnrolmentInfo,
    EventInfo,
    GuardianAdded,
    GuardianInfo,
    GuardianInput,
    StudentDetail,
    add_guardian,
    get_student_detail,
    remove_guardian,
    update_guardian,
)
from app.students.events import (
    graduate,
    list_events,
    readmit,
    suspend,
    transfer_in,
    transfer_out,
    withdraw,
)
from app.students.inputs import (
    FIELD_LABELS,
    IDENTITY_FIELDS,
    RELATION_LABELS,
    REQUIRED_FIELDS,
    SEX_FEMALE,
    SEX_LABELS,
    SEX_MALE,
    STATUS_LABELS,
    Relation,
    Status,
    StudentInput,
    label,
)
from app.students.issues import Issue, Severity
from app.students.models import (
    ClassGroup,
    Enrolment,
    EventKind,
    Guardian,
    Student,
    StudentCodeSequence,
    StudentEvent,
    StudentSearchTerm,
)
from app.students.plan import RowAction, RowPlan, UpsertReport
from app.students.queries import (
    SortField,
    StudentFilter,
    StudentRow,
    StudentSort,
    count_students,
    list_student_ids,
    list_student_rows,
)
from app.students.records import SavedStudent, create_student, update_student
from app.students.snapshot import as_inputs
from app.students.store import student_id_by_code
from app.students.text import clean_text, fold, name_sort_key, split_full_name
from app.students.validation import (
    coerce_date,
    ethnicity_name,
    format_date,
    make_personal_id,
    normalise_personal_id,
    normalise_phone,
    parse_date,
    parse_sex,
    personal_id_issues,
    resolve_ethnicity,
)

__all__ = [
    "EnrolmentInfo",
    "EventInfo",
    "GuardianInfo",
    "GuardianAdded",
    "GuardianInput",
    "StudentDetail",
    "add_guardian",
    "get_student_detail",
    "remove_guardian",
    "update_guardian",
    "graduate",
    "list_events",
    "readmit",
    "suspend",
    "transfer_in",
    "transfer_out",
    "withdraw",
    "SortField",
    "StudentFilter",
    "StudentRow",
    "StudentSort",
    "count_students",
    "list_student_ids",
    "list_student_rows",
    "as_inputs",
    "FIELD_LABELS",
    "IDENTITY_FIELDS",
    "RELATION_LABELS",
    "REQUIRED_FIELDS",
    "SEX_FEMALE",
    "SEX_LABELS",
    "SEX_MALE",
    "STATUS_LABELS",
    "CheckedInput",
    "ClassGroup",
    "ClassInfo",
    "Moved",
    "Enrolment",
    "EventKind",
    "Guardian",
    "Issue",
    "Relation",
    "RowAction",
    "RowPlan",
    "SavedStudent",
    "Severity",
    "Status",
    "Student",
    "StudentCodeSequence",
    "StudentEvent",
    "StudentInput",
    "StudentSearchTerm",
    "UpsertReport",
    "class_by_name",
    "clean_text",
    "code_pattern",
    "coerce_date",
    "create_class",
    "create_student",
    "enrol",
    "ethnicity_name",
    "fold",
    "format_date",
    "label",
    "list_classes",
    "make_personal_id",
    "move_students",
    "name_sort_key",
    "next_codes",
    "normalise_personal_id",
    "normalise_phone",
    "parse_date",
    "parse_sex",
    "personal_id_issues",
    "plan_upsert",
    "resolve_ethnicity",
    "set_code_pattern",
    "set_homeroom",
    "split_full_name",
    "student_id_by_code",
    "update_student",
    "upsert_students",
    "validate_input",
]
