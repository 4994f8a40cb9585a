"""What is still missing in a class's semester: the list shown before the semester is locked.

Locking (khóa sổ) freezes a semester that may not be complete. Before it, the
window and ``grades lock`` list every student still in the class with a
required value not entered: secondary classes (TT22) each ĐĐGtx, the
mid-term and end-of-term assessment of each subject, and the conduct level;
primary classes (TT27) each level and periodic test of each subject at both
checkpoints, and the qualities and competencies not rated yet. Comments and
absences are never required; students who left the class are not listed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook import access
from app.gradebook.primary.grid import column_label
from app.gradebook.primary.records import PrimaryRecords, is_primary, load_primary
from app.gradebook.primary.values import CHECKPOINTS, checkpoint_label, required, subject_slots
from app.gradebook.records import ClassRecords, RosterEntry, load_class
from app.gradebook.terms import check_semester, semester_label
from app.gradebook.values import Kind, grid_slots
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.numbers import thousands

TEXT_LINES = 40
"""How many students the text form lists before "… và n học sinh khác"."""


@dataclass(frozen=True)
class MissingLine:
    """One student's missing values in one subject (or conduct, or qualities and competencies)."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    subject: str
    columns: tuple[str, ...]

    @property
    def text(self) -> str:
        """ "Lê Văn Anh (2606890001) — Toán: TX2, CK"."""
        return M.missing_line.format(
            student=self.full_name,
            code=self.student_code,
            subject=self.subject,
            columns=", ".join(self.columns),
        )

    def json(self) -> dict[str, Any]:
        """The line for ``--json``."""
        return {
            "student_code": self.student_code,
            "full_name": self.full_name,
            "subject": self.subject,
            "missing": list(self.columns),
        }


@dataclass(frozen=True)
class MissingGrades:
    """Everything missing in one class's semester, in roster then subject order."""

    class_name: str
    semester: int
    lines: tuple[MissingLine, ...]

    @property
    def students(self) -> int:
        """How many students have something missing."""
        return len({line.student_id for line in self.lines})

    @property
    def values(self) -> int:
        """How many values are missing in all."""
        return sum(len(line.columns) for line in self.lines)

    @property
    def summary(self) -> str:
        """ "Lớp 6A1, Học kì I: 3 học sinh còn thiếu 7 điểm hoặc đánh giá." (or nothing missing)."""
        where = {"cls": self.class_name, "semester": semester_label(self.semester)}
        if not self.lines:
            return M.missing_none.format(**where)
        return M.missing_summary.format(
            students=thousands(self.students), values=thousands(self.values), **where
        )

    def by_student(self) -> list[str]:
        """One line per student: "Lê Văn Anh (HS001) — Toán: TX2, CK; Rèn luyện: mức đánh giá"."""
        grouped: dict[uuid.UUID, list[MissingLine]] = {}
        for line in self.lines:
            grouped.setdefault(line.student_id, []).append(line)
        return [
            M.missing_student.format(
                student=lines[0].full_name,
                code=lines[0].student_code,
                subjects="; ".join(f"{x.subject}: {', '.join(x.columns)}" for x in lines),
            )
            for lines in grouped.values()
        ]

    def text(self, limit: int | None = TEXT_LINES) -> str:
        """The summary, then one line per student (at most ``limit`` of them)."""
        students = self.by_student()
        shown = students if limit is None else students[:limit]
        out = [self.summary, *(f"  {line}" for line in shown)]
        if len(shown) < len(students):
            out.append("  " + M.missing_more.format(n=thousands(len(students) - len(shown))))
        return "\n".join(out)


def missing_grades(
    session: Session, actor: Actor | None, class_id: uuid.UUID, semester: int
) -> MissingGrades:
    """The required values still missing in ``class_id``'s ``semester`` (TT22 or TT27)."""
    check_semester(semester)
    group = access.get_class(session, class_id)
    access.require_view(session, actor, group)
    if is_primary(group):
        lines = _primary_lines(load_primary(session, group), semester)
    else:
        lines = _secondary_lines(load_class(session, group), semester)
    return MissingGrades(group.name, semester, tuple(lines))


def _line(entry: RosterEntry, subject: str, columns: list[str]) -> MissingLine:
    return MissingLine(
        entry.student_id, entry.student_code, entry.full_name, subject, tuple(columns)
    )


def _secondary_lines(records: ClassRecords, semester: int) -> list[MissingLine]:
    labels = {Kind.MIDTERM: M.column_midterm, Kind.FINAL: M.column_final}
    required_slots = {
        s.id: [slot for slot in grid_slots(s.regular_count) if slot.kind is not Kind.COMMENT]
        for s in records.subjects
    }
    lines: list[MissingLine] = []
    for entry in records.roster:
        if not entry.current:
            continue
        for subject in records.subjects:
            cells = records.marks.get((entry.student_id, subject.id, semester), {})
            columns = [
                labels.get(slot.kind, slot.key)
                for slot in required_slots[subject.id]
                if (slot.kind.value, slot.number) not in cells
            ]
            if columns:
                lines.append(_line(entry, subject.label, columns))
        conduct = records.conduct.get((entry.student_id, semester))
        if conduct is None or conduct.conduct is None:
            lines.append(_line(entry, M.missing_conduct, [M.missing_conduct_level]))
    return lines


def _primary_lines(records: PrimaryRecords, semester: int) -> list[MissingLine]:
    lines: list[MissingLine] = []
    slots = {
        s.id: [
            slot
            for slot in subject_slots(s.name, not s.comment_only, records.grade)
            if required(slot)
        ]
        for s in records.subjects
    }
    for entry in records.roster:
        if not entry.current:
            continue
        sid = entry.student_id
        for subject in records.subjects:
            columns = [
                column_label(slot, semester)
                for slot in slots[subject.id]
                if records.cell(sid, subject.id, semester, (slot.kind.value, slot.checkpoint))
                is None
            ]
            if columns:
                lines.append(_line(entry, subject.label, columns))
        rated = []
        for checkpoint in CHECKPOINTS:
            given = records.ratings.get((sid, semester, checkpoint), {})
            left = sum(1 for d in records.rating_defs if given.get(d.name) is None)
            if left:
                when = checkpoint_label(semester, checkpoint)
                rated.append(M.missing_ratings_at.format(when=when, n=left))
        if rated:
            lines.append(_line(entry, M.missing_ratings, rated))
    return lines
