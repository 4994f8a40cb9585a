"""Evidence files on a task and the printed status report, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cds.models import EvidenceBlob
from app.cds.tasks import import_tasks, set_task, year_tasks
from app.cds.tasks_evidence import attach_evidence, task_evidence_content, withdraw_evidence
from app.cds.tasks_models import TaskState
from app.cds.tasks_print import write_task_report
from app.errors import Conflict, NotFound, ValidationError
from app.journal_read import JournalFilter, query
from tests.cds_tasks.conftest import as_bytes, bundled_dict
from tests.conftest import Seeded

YEAR = "2025-2026"
PDF = b"%PDF-1.4\n% bien ban kiem tra an toan thong tin\n"


def _school(seeded: Seeded) -> None:
    it = seeded.actor("it_coordinator")
    with seeded.db.uow(actor=it) as s:
        import_tasks(s, it, as_bytes(bundled_dict()), "2024-2025.json", YEAR)


def test_evidence_is_stored_once_by_its_hash_and_never_twice_on_a_task(seeded: Seeded) -> None:
    """A PDF attached to two tasks is one blob named by its SHA-256; the same bytes again on
    one task, a program renamed or an empty file are refused."""
    _school(seeded)
    it = seeded.actor("it_coordinator")
    with seeded.db.uow(actor=it) as s:
        row = attach_evidence(s, it, YEAR, "T18", "bien-ban-attt.pdf", PDF)
        attach_evidence(s, it, YEAR, "T19", "bien-ban-attt.pdf", PDF)
    assert row.sha256 == hashlib.sha256(PDF).hexdigest() and row.media_type == "application/pdf"
    with seeded.db.read() as s:
        assert s.scalar(select(func.count()).select_from(EvidenceBlob)) == 1
        tasks = year_tasks(s, it, YEAR)
    assert [e.file_name for e in tasks.row("T18").evidence] == ["bien-ban-attt.pdf"]
    with seeded.db.uow(actor=it) as s, pytest.raises(Conflict, match="T18"):
        attach_evidence(s, it, YEAR, "t18", "ban-khac.pdf", PDF)
    with seeded.db.uow(actor=it) as s, pytest.raises(ValidationError):
        attach_evidence(s, it, YEAR, "T18", "virus.pdf", b"MZ\x90\x00 not a pdf")
    with seeded.db.uow(actor=it) as s, pytest.raises(ValidationError):
        attach_evidence(s, it, YEAR, "T18", "rong.pdf", b"")


def test_a_wrong_file_is_withdrawn_with_a_reason_and_can_come_back(seeded: Seeded) -> None:
    """Withdrawing needs a reason, journalled; the file leaves the list but its bytes stay
    readable; attached again it comes back."""
    _school(seeded)
    it = seeded.actor("it_coordinator")
    sha = hashlib.sha256(PDF).hexdigest()
    with seeded.db.uow(actor=it) as s:
        attach_evidence(s, it, YEAR, "T18", "bien-ban-attt.pdf", PDF)
    with seeded.db.uow(actor=it) as s, pytest.raises(ValidationError, match="lý do"):
        withdraw_evidence(s, it, YEAR, "T18", sha, " ")
    with seeded.db.uow(actor=it) as s:
        withdraw_evidence(s, it, YEAR, "t18", sha, "Gắn nhầm việc")
    with seeded.db.read() as s:
        assert year_tasks(s, it, YEAR).row("T18").evidence == ()
        assert task_evidence_content(s, it, YEAR, "T18", sha).data == PDF
        (entry,) = query(s, JournalFilter(entity_type="cds_task_evidence", op="update"))
    assert entry.changes["withdrawn_reason"] == ["", "Gắn nhầm việc"]
    with seeded.db.uow(actor=it) as s:
        attach_evidence(s, it, YEAR, "T18", "bien-ban-attt.pdf", PDF)
    with seeded.db.read() as s:
        assert len(year_tasks(s, it, YEAR).row("T18").evidence) == 1
    with seeded.db.read() as s, pytest.raises(NotFound):
        task_evidence_content(s, it, YEAR, "T19", sha)


def test_the_report_reads_back_with_the_sources_states_and_signatures(
    seeded: Seeded, tmp_path: Path
) -> None:
    """The PDF lists every task with its letter and section, the states, the responsible
    person, what the app knows and the evidence, the counts and the overdue task, and the
    principal's signature; page 1 renders."""
    _school(seeded)
    it = seeded.actor("it_coordinator")
    with seeded.db.uow(actor=it) as s:
        set_task(s, it, YEAR, "T01", state=TaskState.DONE, responsible="Thầy Lê Văn Hải")
        set_task(s, it, YEAR, "T08", state=TaskState.DOING, due=date(2025, 11, 20))
        set_task(
            s, it, YEAR, "T17", state=TaskState.NOT_APPLICABLE, note="Trường không thu học phí"
        )
        attach_evidence(s, it, YEAR, "T18", "bien-ban-attt.pdf", PDF)
    out = tmp_path / "bao-cao-cds.pdf"
    with seeded.db.read() as s:
        path, tasks = write_task_report(s, it, YEAR, out, preparer="Nguyễn Thị Tin",
                                        today=date(2025, 12, 1))  # fmt: skip
    assert path == out and len(tasks.rows) == 20
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    assert "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ" in flat
    assert "Năm học 2025-2026 — theo CV 4324/BGDĐT-CNTT ngày 14/08/2024" in flat
    assert "mục III.1.b" in flat and "mục III.4.b" in flat
    assert "Tổng số 20 việc: 1 đã xong, 1 đang làm, 17 chưa làm, 1 không áp dụng." in flat
    assert "Quá hạn chưa xong: T04, T08." in flat  # T04: 10/10, moved to 2025
    for words in ("Thầy Lê Văn Hải", "Trường không thu học phí", "Minh chứng: bien-ban-attt.pdf",
                  "Chưa tính được: Chưa lập học bạ", "HIỆU TRƯỞNG", "Nguyễn Thị Tin",
                  "Đang làm", "20/11/2025"):  # fmt: skip
        assert words in flat, words
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert "landscape" in pages.stdout or "841.89 x 595.276" in pages.stdout
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(out),
                    str(tmp_path / "p")], check=True)  # fmt: skip
    assert (tmp_path / "p-1.png").stat().st_size > 10_000
