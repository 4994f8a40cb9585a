"""Fixtures of the import/export tests: the seeded school with classes 6A1, 6A2 and 7A1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import journal
from app import students as st
from app.db import Actor, Database, sqlite_url
from app.excel.encodings import LegacyChoice
from app.students import importer
from tests.conftest import Seeded
from tests.students_io.builders import CLASSES
from tests.test_cli import PASSWORD, cli


@dataclass
class School:
    """A seeded school ready for imports, plus helpers that read the database back."""

    seeded: Seeded

    @property
    def db(self) -> Database:
        return self.seeded.db

    @property
    def secretary(self) -> Actor:
        return self.seeded.actor("secretary")

    def preview(self, path: Path, **kw: object) -> importer.ImportPreview:
        """Preview ``path`` as the secretary."""
        with self.db.read(self.secretary) as s:
            return importer.preview(s, self.secretary, path, **kw)  # type: ignore[arg-type]

    def import_file(
        self, path: Path, legacy: LegacyChoice = LegacyChoice.CONVERT, **kw: object
    ) -> importer.ImportResult:
        """Preview then commit ``path`` as the secretary, who accepts offered conversions.

        Files with IDs whose lost zeros were restored need ``reason=…`` (the consent).
        """
        pv = self.preview(path, legacy=legacy)
        return importer.commit(self.db, self.secretary, pv, **kw)  # type: ignore[arg-type]

    def students(self) -> list[st.Student]:
        """Every stored student, by code."""
        with self.db.read() as s:
            rows = list(s.scalars(select(st.Student).order_by(st.Student.student_code)))
            s.expunge_all()  # keep them loaded after the read session rolls back
            return rows

    def by_name(self, name: str) -> list[st.Student]:
        return [x for x in self.students() if x.full_name == name]

    def guardians(self, student: st.Student) -> dict[str, tuple[str, str]]:
        with self.db.read() as s:
            rows = s.execute(
                select(st.Guardian.relation, st.Guardian.full_name, st.Guardian.phone).where(
                    st.Guardian.student_id == student.id
                )
            )
            return {r: (n, p) for r, n, p in rows}

    def class_of(self, student: st.Student) -> str:
        with self.db.read() as s:
            return (
                s.scalar(
                    select(st.ClassGroup.name)
                    .join(st.Enrolment, st.Enrolment.class_id == st.ClassGroup.id)
                    .where(st.Enrolment.student_id == student.id, st.Enrolment.end_date.is_(None))
                )
                or ""
            )

    def journal_count(self) -> int:
        with self.db.read() as s:
            return int(s.scalar(select(func.count()).select_from(journal.JournalEntry)) or 0)


@pytest.fixture
def school(seeded: Seeded) -> School:
    """The seeded school (2025-2026 current) with classes 6A1, 6A2 and 7A1."""
    sec = seeded.actor("secretary")
    with seeded.db.uow(actor=sec) as s:
        for name in CLASSES:
            st.create_class(s, sec, name)
    return School(seeded)


def header_row(extra: Sequence[str] = ()) -> list[str]:
    """The canonical template headers (as the template writes them), plus ``extra``."""
    from app.students import exporter

    return [c.header for c in exporter.template_columns(extra)]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A school database created through the CLI, with classes 6A1, 6A2, 7A1."""
    url = sqlite_url(tmp_path / "truong.sqlite")
    res = cli(
        "init", "--db", url, "--code", "THCS0001", "--name", "Trường THCS Kim Đồng",
        "--levels", "thcs", "--province", "Thanh Hóa", "--commune", "Xã Quảng Phú",
        "--principal", "Lê Văn Minh", "--year", "2025-2026", "--password", PASSWORD,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    for name in CLASSES:
        assert cli("classes", "create", name, "--db", url).returncode == 0
    return url
