"""Consistency of derived student data: search terms and name sort keys (``main.py check``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.students.models import Student, StudentSearchTerm
from app.students.rowmap import derived


@dataclass(frozen=True)
class IndexCheck:
    """Students whose search terms are missing or whose derived columns are stale."""

    students: int
    missing_terms: int
    stale: int

    @property
    def ok(self) -> bool:
        return self.missing_terms == 0 and self.stale == 0

    @property
    def message(self) -> str:
        if self.ok:
            return f"Chỉ mục tìm kiếm và thứ tự tên của {self.students} học sinh khớp với hồ sơ."
        return (
            f"Chỉ mục học sinh lệch: {self.missing_terms} học sinh thiếu từ khóa tìm kiếm, "
            f"{self.stale} học sinh có khóa sắp xếp cũ."
        )


def verify_index(session: Session, batch: int = 5_000) -> IndexCheck:
    """Recompute every student's sort key and exact-search text, and look for missing terms."""
    has_term = select(StudentSearchTerm.student_id).where(
        StudentSearchTerm.student_id == Student.id
    )
    missing = session.scalar(select(func.count()).select_from(Student).where(~has_term.exists()))
    cols = [
        Student.family_middle_name,
        Student.given_name,
        Student.full_name,
        Student.student_code,
        Student.personal_id,
        Student.sort_key,
        Student.search_text,
    ]
    stale = total = 0
    for rows in session.execute(select(*cols)).mappings().partitions(batch):
        for row in rows:
            total += 1
            want = derived(dict(row))
            stale += (
                want["sort_key"] != row["sort_key"] or want["search_text"] != row["search_text"]
            )
    return IndexCheck(total, int(missing or 0), stale)
