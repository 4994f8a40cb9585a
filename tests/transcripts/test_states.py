"""A class's transcripts from the demo school's locked year: prepare, sign in order, issue,
correct after signing (version 2 keeps version 1), refuse before the lock."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import Conflict, PermissionDenied, ValidationError
from app.gradebook import catalogue, locking
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.results import class_summary
from app.transcripts import canonical, queries, service
from app.transcripts.models import SignerRole, State, Transcript, TranscriptVersion
from tests.transcripts.conftest import DemoSchool, signature

ORDER = (SignerRole.HOMEROOM, SignerRole.PRINCIPAL, SignerRole.SEAL)


def _sign_all(d: DemoSchool, version_id: object) -> None:
    """Homeroom teacher, principal, school seal: each in its own unit of work."""
    for role in ORDER:
        who = d.actor("gv.toan") if role == SignerRole.HOMEROOM else d.actor("hieutruong")
        with d.db.uow(actor=who) as s:
            service.record_signature(s, who, version_id, signature(role))  # type: ignore[arg-type]


def test_prepare_class_from_the_locked_year(secondary: DemoSchool) -> None:
    """The homeroom teacher prepares 6A1: one draft per student, the grade book's values, a stable hash."""
    d = secondary
    teacher = d.actor("gv.toan")
    with d.db.uow(actor=teacher) as s:
        done = service.prepare_class(s, teacher, d.class_id)
    assert done and all(p.created and p.number == 1 for p in done)
    with d.db.read() as s:
        rows = queries.class_transcripts(s, teacher, d.class_id)
        summary = class_summary(s, d.admin, d.class_id)
        first = rows[0]
        assert first.version is not None and first.version.state == State.DRAFT
        v = s.get(TranscriptVersion, first.version.id)
        assert v is not None
        data, sha = v.data, v.data_sha256
    record = canonical.loads(data)
    assert len(rows) == len(done)
    assert canonical.dumps(record) == data, "the stored text reads back into the same record"
    assert canonical.sha256_text(data) == sha == first.version.data_sha256
    page = record.years[0]
    assert (page.school_year, page.class_name, page.grade) == (d.year, "6A1", 6)
    st = next(x for x in summary.students if x.student_id == first.student_id)
    toan = next(x for x in st.subjects if x.name == "Toán")
    line = next(x for x in page.subjects if x.name == "Toán")
    assert (line.semester_1, line.semester_2, line.year) == (
        toan.semester_1.value if toan.semester_1 else None,
        toan.semester_2.value if toan.semester_2 else None,
        toan.year.value if toan.year else None,
    )
    assert page.outcome == (st.outcome.text if st.outcome else "")
    assert [t.term for t in page.terms] == ["Học kì I", "Học kì II", "Cả năm"]
    assert record.identity.full_name == first.full_name
    with d.db.uow(actor=teacher) as s:  # nothing changed: preparing again writes nothing
        again = service.prepare_class(s, teacher, d.class_id)
    assert not any(p.created or p.rebuilt for p in again)


def test_refused_before_the_year_is_locked(secondary: DemoSchool) -> None:
    """This year's class is not locked: no transcript, and the message says why."""
    d = secondary
    with d.db.uow(actor=d.admin) as s, pytest.raises(ValidationError, match="chưa khóa sổ"):
        service.prepare_class(s, d.admin, d.current_class_id)
    with d.db.uow(actor=d.admin) as s:  # unlocking semester II takes last year's class back
        locking.unlock_semester(s, d.admin, d.class_id, 2, "Sửa điểm phúc khảo")
    with d.db.uow(actor=d.admin) as s, pytest.raises(ValidationError, match="học kì II"):
        service.prepare_class(s, d.admin, d.class_id)
    with d.db.read() as s:
        assert s.scalar(select(Transcript.id)) is None


def test_states_in_order(secondary: DemoSchool) -> None:
    """Nháp → chờ ký → three signatures in order → đã ký → phát hành; out of turn is refused."""
    d = secondary
    teacher, principal = d.actor("gv.toan"), d.actor("hieutruong")
    with d.db.uow(actor=teacher) as s:
        p = service.prepare_class(s, teacher, d.class_id)[0]
    with d.db.uow(actor=teacher) as s, pytest.raises(Conflict, match="Chờ ký"):
        service.record_signature(s, teacher, p.version_id, signature(SignerRole.HOMEROOM))
    with d.db.uow(actor=teacher) as s:
        service.submit(s, teacher, p.version_id)
    with d.db.uow(actor=principal) as s, pytest.raises(Conflict, match="Giáo viên chủ nhiệm"):
        service.record_signature(s, principal, p.version_id, signature(SignerRole.PRINCIPAL))
    with d.db.uow(actor=principal) as s, pytest.raises(Conflict, match="Đã ký"):
        service.issue(s, principal, p.version_id)
    _sign_all(d, p.version_id)
    with d.db.read() as s:
        (v,) = queries.versions(s, principal, _sid(d, p.transcript_id), d.year)
    assert v.state == State.SIGNED
    assert [(x.position, x.role, x.username) for x in v.signatures] == [
        (1, "homeroom", "gv.toan"), (2, "principal", "hieutruong"), (3, "seal", "hieutruong"),
    ]  # fmt: skip
    assert all(len(x.certificate_sha256) == 64 for x in v.signatures)
    with d.db.uow(actor=principal) as s:
        service.issue(s, principal, p.version_id)
        assert service.stored_pdf(s, p.version_id) == signature(SignerRole.SEAL).signed_pdf
    with d.db.read() as s:
        (v,) = queries.versions(s, principal, _sid(d, p.transcript_id), d.year)
    assert (v.state, v.issued_by) == (State.ISSUED, "hieutruong")


def _sid(d: DemoSchool, transcript_id: object) -> object:
    with d.db.read() as s:
        t = s.get(Transcript, transcript_id)
        assert t is not None
        return t.student_id


def test_correction_after_signing_makes_version_2(secondary: DemoSchool) -> None:
    """A grade changed after signing flags "cần cấp lại" with its reason; version 2 is made
    and signed, version 1 stays exactly as signed."""
    d = secondary
    teacher, principal = d.actor("gv.toan"), d.actor("hieutruong")
    with d.db.uow(actor=teacher) as s:
        p = service.prepare_class(s, teacher, d.class_id)[0]
        service.submit(s, teacher, p.version_id)
    _sign_all(d, p.version_id)
    with d.db.uow(actor=principal) as s:
        service.issue(s, principal, p.version_id)
        t = s.get(Transcript, p.transcript_id)
        assert t is not None
        sid = t.student_id
        v1_data = service.record_of(s, p.version_id)
    with d.db.uow(actor=principal) as s, pytest.raises(Conflict, match="không cần lập lại"):
        service.prepare(s, principal, sid, d.year)
    # An administrator unlocks, the score is corrected with a reason, the year is locked again.
    with d.db.uow(actor=d.admin) as s:
        locking.unlock_semester(s, d.admin, d.class_id, 2, "Phúc khảo bài thi cuối kì")
        toan = catalogue.find_subject(s, d.year, 6, "Toán")
        save_scores(s, d.admin, d.class_id, toan.id, 2, [CellEdit(sid, "CK", "3")],
                    reason="Chấm phúc khảo môn Toán")  # fmt: skip
        locking.lock_semester(s, d.admin, d.class_id, 2)
    with d.db.read() as s:
        flagged = queries.needing_reissue(s, principal)
    assert [r.student_id for r in flagged] == [sid]
    assert "Chấm phúc khảo môn Toán" in flagged[0].reissue_reason
    assert "Điểm đánh giá" in flagged[0].reissue_reason
    with d.db.uow(actor=teacher) as s:
        p2 = service.prepare(s, teacher, sid, d.year)
        service.submit(s, teacher, p2.version_id)
    assert (p2.created, p2.number) == (True, 2)
    _sign_all(d, p2.version_id)
    with d.db.read() as s:
        v1, v2 = queries.versions(s, principal, sid, d.year)
        assert service.record_of(s, p.version_id) == v1_data
        new = service.record_of(s, p2.version_id)
        assert not queries.needing_reissue(s, principal)
    assert (v1.number, v1.state, v1.data_sha256) == (1, State.ISSUED, p.data_sha256)
    assert (v2.number, v2.state) == (2, State.SIGNED)
    assert "Chấm phúc khảo môn Toán" in v2.correction_reason
    assert new.version == 2 and new.correction_reason == v2.correction_reason
    old_toan = next(x for x in v1_data.years[0].subjects if x.name == "Toán")
    new_toan = next(x for x in new.years[0].subjects if x.name == "Toán")
    assert new_toan.semester_2 != old_toan.semester_2


def test_permissions(secondary: DemoSchool) -> None:
    """A teacher of another class can neither prepare nor sign; the secretary cannot prepare
    nor issue; the homeroom teacher cannot sign for the principal."""
    d = secondary
    teacher, other = d.actor("gv.toan"), d.actor("gv.van")
    secretary, principal = d.actor("giaovu"), d.actor("hieutruong")
    for who in (other, secretary):
        with d.db.uow(actor=who) as s, pytest.raises(PermissionDenied):
            service.prepare_class(s, who, d.class_id)
    with d.db.uow(actor=other) as s, pytest.raises(PermissionDenied):
        queries.class_transcripts(s, other, d.class_id)
    with d.db.uow(actor=principal) as s:  # the principal may prepare any class
        p = service.prepare_class(s, principal, d.class_id)[0]
        service.submit(s, principal, p.version_id)
    for who in (other, principal):  # only the class's homeroom teacher signs first
        with d.db.uow(actor=who) as s, pytest.raises(PermissionDenied):
            service.record_signature(s, who, p.version_id, signature(SignerRole.HOMEROOM))
    with d.db.uow(actor=teacher) as s:
        service.record_signature(s, teacher, p.version_id, signature(SignerRole.HOMEROOM))
    with d.db.uow(actor=teacher) as s, pytest.raises(PermissionDenied):
        service.record_signature(s, teacher, p.version_id, signature(SignerRole.PRINCIPAL))
    with d.db.read() as s:
        rows = queries.class_transcripts(s, secretary, d.class_id)  # the secretary may view
    assert rows[0].version is not None and len(rows[0].version.signatures) == 1
    with d.db.uow(actor=secretary) as s, pytest.raises(PermissionDenied):
        service.issue(s, secretary, p.version_id)
