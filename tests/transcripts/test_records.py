"""What is kept: signed data the database itself refuses to change, the copies log, the extras
and years at other schools, the primary layout's data, the structured export."""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.errors import Conflict, PermissionDenied, ValidationError
from app.gradebook.access import get_class
from app.students.models import Student
from app.transcripts import canonical, copies, export, extras, queries, service
from app.transcripts.models import CopyKind, SignerRole, Transcript
from app.transcripts.record import Level
from tests.transcripts.conftest import DemoSchool, signature

ORDER = (SignerRole.HOMEROOM, SignerRole.PRINCIPAL, SignerRole.SEAL)


def _issued(d: DemoSchool, homeroom: str = "gv.toan") -> tuple[uuid.UUID, uuid.UUID]:
    """The first student of the class: prepared, signed by all three, issued. (student, version)"""
    teacher, principal = d.actor(homeroom), d.actor("hieutruong")
    with d.db.uow(actor=teacher) as s:
        p = service.prepare_class(s, teacher, d.class_id)[0]
        service.submit(s, teacher, p.version_id)
    for role in ORDER:
        who = teacher if role == SignerRole.HOMEROOM else principal
        with d.db.uow(actor=who) as s:
            service.record_signature(s, who, p.version_id, signature(role))
    with d.db.uow(actor=principal) as s:
        service.issue(s, principal, p.version_id)
        t = s.get(Transcript, p.transcript_id)
        assert t is not None
        return t.student_id, p.version_id


def _refused(d: DemoSchool, sql: str, **params: object) -> None:
    """The database aborts the statement (a trigger), whatever the app does."""
    with pytest.raises(DBAPIError, match="cannot be|append-only"), d.db.engine.begin() as conn:
        conn.execute(text(sql), params)


def _hex(d: DemoSchool, value: uuid.UUID) -> str:
    """A UUID as the backend stores it (SQLite: 32 hex characters)."""
    return value.hex if d.db.engine.dialect.name == "sqlite" else str(value)


def test_signed_data_cannot_be_changed_or_deleted(secondary: DemoSchool) -> None:
    """Triggers refuse changing or deleting a signed version, its signatures, PDFs and copies."""
    d = secondary
    _sid, vid = _issued(d)
    with d.db.uow(actor=d.actor("giaovu")) as s:
        copies.log_copy(s, d.actor("giaovu"), vid,
                        copies.CopyInput(CopyKind.COPY, "Ông Nguyễn Văn A", "Hồ sơ chuyển trường"))  # fmt: skip
    key = {"id": _hex(d, vid)}
    _refused(d, "UPDATE transcript_version SET data = 'x' WHERE id = :id", **key)
    _refused(d, "UPDATE transcript_version SET data_sha256 = 'x' WHERE id = :id", **key)
    _refused(d, "UPDATE transcript_version SET state = 'draft' WHERE id = :id", **key)
    _refused(d, "DELETE FROM transcript_version WHERE id = :id", **key)
    for table in ("transcript_signature", "transcript_pdf", "transcript_copy"):
        _refused(d, f"UPDATE {table} SET school_code = 'x' WHERE version_id = :id", **key)
        _refused(d, f"DELETE FROM {table} WHERE version_id = :id", **key)
    with d.db.uow(actor=d.admin) as s, pytest.raises(Conflict, match="không bao giờ"):
        service.delete_draft(s, d.admin, vid)
    with d.db.read() as s:
        (v,) = queries.versions(s, d.admin, _sid, d.year)
    assert v.state == "issued" and len(v.signatures) == 3


def test_copies_log(secondary: DemoSchool, tmp_path: Path) -> None:
    """Copies only of an issued version, by the secretary or principal; listed and printed."""
    d = secondary
    secretary, teacher = d.actor("giaovu"), d.actor("gv.toan")
    with d.db.uow(actor=teacher) as s:
        draft = service.prepare_class(s, teacher, d.class_id)[1]
    entry = copies.CopyInput(CopyKind.EXTRACT, "Trường THCS Lê Lợi", "Hồ sơ chuyển trường")
    with d.db.uow(actor=secretary) as s, pytest.raises(ValidationError, match="đã phát hành"):
        copies.log_copy(s, secretary, draft.version_id, entry)
    sid, vid = _issued(d)
    with d.db.uow(actor=teacher) as s, pytest.raises(PermissionDenied):
        copies.log_copy(s, teacher, vid, entry)
    with d.db.uow(actor=secretary) as s, pytest.raises(ValidationError, match="Mục đích"):
        copies.log_copy(s, secretary, vid, copies.CopyInput(CopyKind.COPY, "Bà B", "  "))
    with d.db.uow(actor=secretary) as s:
        copies.log_copy(s, secretary, vid, entry)
        copies.log_copy(s, secretary, vid, copies.CopyInput(CopyKind.COPY, "Bà Trần Thị B",
                                                            "Xin học bổng", copies=2))  # fmt: skip
    with d.db.read() as s:
        entries = copies.list_copies(s, secretary, student_id=sid)
        name = s.get(Student, sid).full_name  # type: ignore[union-attr]
        path = copies.print_copies(s, secretary, tmp_path / "so-cap.pdf", year=d.year)
    assert [(e.kind_label, e.issued_to, e.copies, e.issued_by) for e in entries] == [
        ("Trích lục", "Trường THCS Lê Lợi", 1, "giaovu"),
        ("Bản sao", "Bà Trần Thị B", 2, "giaovu"),
    ]
    shown = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "SỔ THEO DÕI CẤP BẢN SAO" in shown and name in shown and "Xin học bổng" in shown


def test_extras_and_years_elsewhere(secondary: DemoSchool) -> None:
    """Extras are checked and reach the record; a year at another school joins the process table."""
    d = secondary
    teacher, other = d.actor("gv.toan"), d.actor("gv.van")
    with d.db.uow(actor=teacher) as s:
        sid = service.class_students(s, get_class(s, d.class_id))[0]
    bad = {"height_cm": "abc", "weight_kg": "400", "days_absent_excused": "-1"}
    for field, value in bad.items():
        with d.db.uow(actor=teacher) as s, pytest.raises(ValidationError):
            extras.save_extras(s, teacher, sid, d.year, extras.ExtrasInput(**{field: value}))
    with d.db.uow(actor=other) as s, pytest.raises(PermissionDenied):
        extras.save_extras(s, other, sid, d.year, extras.ExtrasInput(height_cm="140"))
    data = extras.ExtrasInput(height_cm="142,5", weight_kg="35", certificates="IC3; TOEFL Primary",
                              competitions="Hội khỏe Phù Đổng cấp xã", commendations="",
                              homeroom_comment="Chăm ngoan, tích cực.")  # fmt: skip
    with d.db.uow(actor=teacher) as s:
        extras.save_extras(s, teacher, sid, d.year, data)
        with pytest.raises(ValidationError, match="từ xếp lớp"):
            extras.save_process(s, teacher, sid, extras.ProcessInput(d.year, "6A", "Trường X"))
        first = int(d.year[:4])
        earlier = f"{first - 1}-{first}"
        extras.save_process(s, teacher, sid, extras.ProcessInput(
            earlier, "5A", "Trường Tiểu học Lê Lợi", "Nguyễn Văn Hiệu"))  # fmt: skip
        record = service.record_of(s, service.prepare(s, teacher, sid, d.year).version_id)
    page = record.years[0]
    assert (str(page.height_cm), str(page.weight_kg)) == ("142.5", "35.0")
    assert page.certificates == ("IC3", "TOEFL Primary")
    assert page.competitions == ("Hội khỏe Phù Đổng cấp xã",)
    assert page.homeroom_comment == "Chăm ngoan, tích cực."
    assert [(p.school_year, p.class_name, p.entered_by_hand) for p in record.process] == [
        (earlier, "5A", True), (d.year, "6A1", False),
    ]  # fmt: skip


def test_primary_transcript(primary: DemoSchool) -> None:
    """A primary class (TT27): levels, test scores, comments, qualities and competencies, result."""
    d = primary
    teacher = d.actor("gv.3a")
    with d.db.uow(actor=teacher) as s:
        done = service.prepare_class(s, teacher, d.class_id)
        record = service.record_of(s, done[0].version_id)
    assert len(done) > 1 and record.level is Level.PRIMARY
    page = record.years[0]
    assert page.grade == 3 and page.homeroom_teacher
    assert [q.name for q in page.qualities] == [
        "Yêu nước", "Nhân ái", "Chăm chỉ", "Trung thực", "Trách nhiệm",
    ]  # fmt: skip
    assert page.competencies and all(r.level in ("T", "Đ", "C") for r in page.competencies)
    tested = [x for x in page.subjects if x.test_score is not None]
    assert tested and all(x.level in ("T", "H", "C") for x in page.subjects)
    assert page.overall.startswith(("Hoàn thành", "Chưa hoàn thành"))
    assert page.completion in ("Hoàn thành chương trình lớp học", "")


def test_export(secondary: DemoSchool) -> None:
    """The JSON export: schema, learner codes incl. the lifelong number, results, signatures'
    fingerprints, and the record that hashes to the QR code's SHA-256."""
    d = secondary
    with d.db.uow(actor=d.admin) as s:
        sid = service.class_students(s, get_class(s, d.class_id))[0]
        s.get(Student, sid).lifelong_record_number = "038214662086"  # type: ignore[union-attr]
    sid2, vid = _issued(d)
    assert sid2 == sid
    with d.db.read() as s:
        doc = export.export_version(s, d.actor("hieutruong"), vid)
        masked = export.export_version(s, d.actor("gv.toan"), vid)
    assert doc["schema"] == "truongso.transcript/1"
    assert doc["learner"]["codes"]["lifelong_record"] == "038214662086"
    assert doc["years"][0]["school_year"] == d.year and doc["years"][0]["subjects"]
    assert doc["years"][0]["outcome"]
    assert [x["certificate_sha256"] for x in doc["signatures"]] == ["1" * 64, "2" * 64, "3" * 64]
    assert canonical.sha256_text(canonical.canonical_json(doc["record"])) == doc["record_sha256"]
    assert json.loads(export.dumps(doc)) == doc
    assert masked["learner"]["codes"]["personal_id"] == export.MASKED


def test_identity_and_years_elsewhere_changed_after_signing_flag_it(
    secondary: DemoSchool,
) -> None:
    """A year at another school entered after signing, or a corrected name, flags "cần cấp lại";
    a note on the student record (not on the transcript) does not."""
    d = secondary
    sid, _vid = _issued(d)
    teacher, principal = d.actor("gv.toan"), d.actor("hieutruong")
    first = int(d.year[:4])
    with d.db.uow(actor=teacher) as s:
        extras.save_process(s, teacher, sid, extras.ProcessInput(
            f"{first - 2}-{first - 1}", "4A", "Trường Tiểu học Lê Lợi"))  # fmt: skip
    with d.db.read() as s:
        (row,) = queries.needing_reissue(s, principal)
    assert row.student_id == sid and "Quá trình học tập" in row.reissue_reason
    with d.db.uow(actor=teacher) as s:  # version 2, signed: the flag is cleared
        p2 = service.prepare(s, teacher, sid, d.year)
        service.submit(s, teacher, p2.version_id)
    for role in ORDER:
        who = teacher if role == SignerRole.HOMEROOM else principal
        with d.db.uow(actor=who) as s:
            service.record_signature(s, who, p2.version_id, signature(role))
    with d.db.read() as s:
        assert not queries.needing_reissue(s, principal)
        rec = service.record_of(s, p2.version_id)
    assert [p.entered_by_hand for p in rec.process] == [True, False]
    with d.db.uow(actor=d.admin) as s:
        s.get(Student, sid).notes = "Gia đình chuyển nhà"  # type: ignore[union-attr]
    with d.db.read() as s:
        assert not queries.needing_reissue(s, principal)
    with d.db.uow(actor=d.admin, reason="Sửa theo giấy khai sinh") as s:
        student = s.get(Student, sid)
        assert student is not None
        student.full_name = student.full_name + " Anh"
    with d.db.read() as s:
        (row,) = queries.needing_reissue(s, principal)
    assert "Học sinh" in row.reissue_reason
