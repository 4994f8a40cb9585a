"""Assessments on a real database: results, pre-fill and overrides, the set kept, evidence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app import journal
from app.cds import assessment as cds
from app.cds import evidence, set_store, view, workflow
from app.cds.prefill import Metric
from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tests.cds.conftest import YEAR, CdsSchool, banded, variant, write_set

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _start_banded(school: CdsSchool, tmp_path: Path) -> None:
    school.import_banded(tmp_path)
    with school.db.uow(actor=school.it) as s:
        cds.start(s, school.it, YEAR, "thu-nghiem", "2026.1")


def test_first_assessment_uses_the_shipped_set(school: CdsSchool) -> None:
    """Without any import the year's assessment is made against the shipped QĐ 4725 set, and
    the view carries its unverified mark, the deadline and the IT coordinator's actions."""
    with school.db.uow(actor=school.it) as s:
        cds.set_answer(s, school.it, YEAR, "1.1", value="có", note="Kế hoạch số 12/KH-THCS")
        cds.set_answer(s, school.it, YEAR, "1.3.1", points="5")
    from datetime import date

    with school.db.read(actor=school.it) as s:
        v = view.assessment_view(s, school.it, YEAR, today=date(2026, 5, 20))
    assert (v.set_key, v.verified, v.state_label) == ("qd4725", False, "Nháp")
    assert "chưa đối chiếu với văn bản gốc" in v.set_warnings[0]
    assert v.deadline_text == "Hạn gửi: 31/05/2026 (còn 11 ngày)" and v.editable
    assert [a for a, _ in v.actions] == ["submit"]
    row = next(r for r in v.rows if r.code == "1.1")
    assert (row.value_label, row.note, row.points) == ("Có", "Kế hoạch số 12/KH-THCS", 0)
    assert v.result.groups[0].total == 5 and v.result.overall is None
    assert "Chưa đạt tiêu chí bắt buộc 1.2" in " ".join(v.problems)
    assert "Tiêu chí 1.1 cần minh chứng" in " ".join(v.problems)


def test_bad_input_writes_nothing(school: CdsSchool, tmp_path: Path) -> None:
    """An unknown criterion, a wrong value or a year that does not exist: a clear message and
    nothing written (not even the assessment)."""
    cases = [("9.9", {"value": "có"}, NotFound, "không có tiêu chí mã «9.9»"),
             ("1.1", {"value": "chắc"}, ValidationError, "hãy ghi «có» hoặc «không»"),
             ("1.4", {"points": "11"}, ValidationError, "điểm phải từ 0 đến 10")]  # fmt: skip
    for code, kw, kind, msg in cases:
        with pytest.raises(kind, match=msg), school.db.uow(actor=school.it) as s:
            cds.set_answer(s, school.it, YEAR, code, **kw)  # type: ignore[arg-type]
    with (
        pytest.raises(NotFound, match="Không có năm học 2030-2031"),
        school.db.uow(actor=school.it) as s,
    ):
        cds.set_answer(s, school.it, "2030-2031", "1.1", value="có")
    with school.db.read() as s:
        assert not view.has_assessment(s, YEAR)
    teacher = school.actor("teacher")
    with pytest.raises(PermissionDenied), school.db.uow(actor=teacher) as s:
        cds.set_answer(s, teacher, YEAR, "1.1", value="có")


def _metric(value: object, available: bool = True) -> Metric:
    return Metric("transcripts_signed", "Học sinh có học bạ số đã ký", value, "%",  # type: ignore[arg-type]
                  "412/430 học sinh có học bạ đã ký = 95,8 %", available,
                  "" if available else "Chưa có học bạ nào")  # fmt: skip


def test_prefill_until_overridden_with_a_reason(school: CdsSchool, tmp_path: Path) -> None:
    """A pre-filled percentage scores at once; another value needs a reason and stays through
    the next pre-fill, which updates the computed figure beside it."""
    _start_banded(school, tmp_path)
    with school.db.uow(actor=school.it) as s:
        done = cds.apply_metrics(
            s, school.it, YEAR, {"transcripts_signed": _metric(Decimal("95.8"))}
        )
    assert done.filled == ("A.4",)
    with school.db.read(actor=school.it) as s:
        row = next(r for r in view.assessment_view(s, school.it, YEAR).rows if r.code == "A.4")
    assert (row.value_label, row.points, row.overridden) == ("95,8 %", 30, False)
    assert row.prefill_explanation.startswith("412/430")
    with pytest.raises(ValidationError, match="tự tính là «95,8 %».*cần ghi lý do"), \
            school.db.uow(actor=school.it) as s:  # fmt: skip
        cds.set_answer(s, school.it, YEAR, "A.4", value="70")
    with school.db.uow(actor=school.it, reason="Học bạ lớp 9 chưa ký đủ") as s:
        cds.set_answer(s, school.it, YEAR, "A.4", value="70", reason="Học bạ lớp 9 chưa ký đủ")
    with school.db.uow(actor=school.it) as s:
        done = cds.apply_metrics(s, school.it, YEAR, {"transcripts_signed": _metric(Decimal("97"))})
    assert done.kept == ("A.4",) and done.filled == ()
    with school.db.read(actor=school.it) as s:
        row = next(r for r in view.assessment_view(s, school.it, YEAR).rows if r.code == "A.4")
    assert (row.value_label, row.points, row.prefill_label) == ("70 %", 10, "97 %")
    assert row.overridden and row.override_reason == "Học bạ lớp 9 chưa ký đủ"
    with school.db.uow(actor=school.it) as s:
        done = cds.apply_metrics(s, school.it, YEAR, {"transcripts_signed": _metric(None, False)})
    assert done.unavailable == ("A.4",)
    with school.db.read(actor=school.it) as s:
        row = next(r for r in view.assessment_view(s, school.it, YEAR).rows if r.code == "A.4")
        entries = journal.query(s, journal.JournalFilter(entity_type="cds_answer"))
    assert row.prefill_explanation == "Chưa tính được: Chưa có học bạ nào"
    assert any(e.reason == "Học bạ lớp 9 chưa ký đủ" for e in entries)


def test_evidence_is_content_addressed_and_versioned(school: CdsSchool, tmp_path: Path) -> None:
    """Same name with new bytes is version 2 (version 1 kept); the same bytes twice are
    refused; the bytes are stored once; a wrong type, a renamed file or too large a file is
    refused with its name; a withdrawn file stops counting but stays."""
    _start_banded(school, tmp_path)
    with school.db.uow(actor=school.it) as s:
        first = cds.add_evidence(s, school.it, YEAR, "A.1", "ke-hoach.pdf", PDF)
        second = cds.add_evidence(s, school.it, YEAR, "A.1", "ke-hoach.pdf", PDF + b"%v2\n")
        other = cds.add_evidence(s, school.it, YEAR, "A.2", "studio.png", PNG)
        again = cds.add_evidence(s, school.it, YEAR, "A.3", "ke-hoach.pdf", PDF)  # shared bytes
    assert (first.file_version, second.file_version, other.preview) == (1, 2, "image")
    assert again.sha256 == first.sha256 and first.sha256 != second.sha256
    with pytest.raises(Conflict, match="đã có đúng tệp này"), school.db.uow(actor=school.it) as s:
        cds.add_evidence(s, school.it, YEAR, "A.1", "ban-sao.pdf", PDF)
    for name, data, msg in [("virus.exe", b"MZ", "không nhận làm minh chứng"),
                            ("gia.pdf", b"MZ\x90", "có đuôi .pdf nhưng nội dung không phải tệp PDF"),
                            ("trong.docx", b"", "rỗng"),
                            ("lon.pdf", b"%PDF" + b"0" * evidence.MAX_BYTES, "quá giới hạn 20,0 MB")]:  # fmt: skip
        with pytest.raises(ValidationError, match=msg), school.db.uow(actor=school.it) as s:
            cds.add_evidence(s, school.it, YEAR, "A.1", name, data)
    with pytest.raises(NotFound, match="mã «Z.9»"), school.db.uow(actor=school.it) as s:
        cds.add_evidence(s, school.it, YEAR, "Z.9", "a.pdf", PDF)
    with (
        pytest.raises(ValidationError, match="Cần ghi lý do gỡ"),
        school.db.uow(actor=school.it) as s,
    ):
        cds.withdraw_evidence(s, school.it, YEAR, other.id, " ")
    with school.db.uow(actor=school.it) as s:
        cds.withdraw_evidence(s, school.it, YEAR, other.id, "Nhầm ảnh")
    with school.db.read(actor=school.it) as s:
        a = cds.require_assessment(s, YEAR)
        files = evidence.files_of(s, a.id)
        assert evidence.counts(s, a.id) == {"A.1": 2, "A.3": 1}
        content = evidence.evidence_content(s, school.it, second.id)
        from sqlalchemy import func, select

        from app.cds.models import EvidenceBlob

        assert s.scalar(select(func.count()).select_from(EvidenceBlob)) == 3
    assert content.data == PDF + b"%v2\n" and content.preview == "pdf"
    assert [(f.criterion, f.file_version, f.withdrawn) for f in files] == [
        ("A.1", 1, False), ("A.1", 2, False), ("A.2", 1, True), ("A.3", 1, False)]  # fmt: skip


def test_a_new_set_never_changes_a_made_assessment(school: CdsSchool, tmp_path: Path) -> None:
    """Importing a newer set leaves an existing assessment on its own set and score; only a
    new year's assessment takes the newer one."""
    _start_banded(school, tmp_path)
    with school.db.uow(actor=school.it) as s:
        cds.set_answer(s, school.it, YEAR, "A.2", value="có")
    newer = variant(banded(), version="2027.1", decision_date="2027-01-01")
    newer["groups"][0]["criteria"][1]["max_points"] = 10
    with school.db.uow(actor=school.it) as s:
        set_store.import_set(s, school.it, write_set(tmp_path, newer, "moi.json"))
        from app import school as sch

        sch.add_year(s, school.actor("admin"), "2026-2027")
        cds.start(s, school.it, "2026-2027")
    with school.db.read(actor=school.it) as s:
        old = view.assessment_view(s, school.it, YEAR)
        new = view.assessment_view(s, school.it, "2026-2027")
        years = view.year_comparison(s, school.it)
    assert (old.set_version, old.result.groups[0].total) == ("2026.1", 20)
    assert new.set_version == "2027.1"
    assert [(y.year, y.groups[0][2]) for y in years] == [("2025-2026", 20), ("2026-2027", 0)]
    assert view.chart_series(years)["A"] == [("2025-2026", 20), ("2026-2027", 0)]


def test_workflow_and_who_may_do_what(school: CdsSchool, tmp_path: Path) -> None:
    """IT submits, the principal sends back with a comment or approves, IT records it sent and
    the authority's return; the returned assessment reopens as a draft. Wrong roles and wrong
    states are refused; a sent assessment cannot be edited."""
    _start_banded(school, tmp_path)
    it, principal, teacher = school.it, school.principal, school.actor("teacher")

    def act(actor, action, comment=""):  # type: ignore[no-untyped-def]
        with school.db.uow(actor=actor, reason=comment or None) as s:
            workflow.apply(s, actor, YEAR, action, comment)

    with pytest.raises(PermissionDenied):
        act(principal, "submit")
    act(it, "submit")
    with pytest.raises(ValidationError, match="không sửa được nữa"), school.db.uow(actor=it) as s:
        cds.set_answer(s, it, YEAR, "A.2", value="có")
    with pytest.raises(PermissionDenied):
        act(it, "approve")
    with pytest.raises(ValidationError, match="cần ghi nhận xét"):
        act(principal, "send_back")
    act(principal, "send_back", "Bổ sung minh chứng tiêu chí A.1")
    act(it, "submit")
    act(principal, "approve")
    with pytest.raises(ValidationError, match="Không làm được «Ghi cấp trên đã duyệt»"):
        act(it, "accept")
    with pytest.raises(PermissionDenied):
        act(teacher, "mark_sent")
    act(it, "mark_sent")
    act(principal, "return", "Thiếu minh chứng phòng studio")
    with school.db.read(actor=it) as s:
        v = view.assessment_view(s, it, YEAR)
    assert (v.state_label, v.authority_comment) == ("Bị trả lại", "Thiếu minh chứng phòng studio")
    assert v.principal_comment == "Bổ sung minh chứng tiêu chí A.1"
    assert [a for a, _ in v.actions] == ["reopen"] and not v.editable
    assert v.deadline_text.startswith("Hạn gửi: 31/05/2026 (đã gửi")
    act(it, "reopen")
    with school.db.uow(actor=it) as s:
        cds.set_answer(s, it, YEAR, "A.2", value="có")
    with pytest.raises(ValidationError, match="Không có thao tác «duyet»"):
        act(principal, "duyet")
    with school.db.read(actor=it) as s:
        states = [e.changes.get("state") for e in journal.query(
            s, journal.JournalFilter(entity_type="cds_assessment")) if "state" in e.changes]  # fmt: skip
    reached = [x[1] if isinstance(x, list) else x for x in reversed(states)]  # newest first
    assert reached == ["nhap", "cho_duyet", "nhap", "cho_duyet", "bgh_duyet", "da_gui", "tra_lai",
                       "nhap"]  # fmt: skip


def test_rescore_as_the_user_types(school: CdsSchool, tmp_path: Path) -> None:
    """The screen's rescoring: the stored answers plus the one being typed, without saving;
    unreadable text raises the message saving would give, and nothing is stored."""
    _start_banded(school, tmp_path)
    with school.db.uow(actor=school.it) as s:
        cds.set_answer(s, school.it, YEAR, "A.2", value="có")
    with school.db.read(actor=school.it) as s:
        v = view.assessment_view(s, school.it, YEAR)
    assert v.result.groups[0].total == 20
    assert view.rescore(v, "A.3", value="5").groups[0].total == 20
    assert view.rescore(v, "A.3", value="55").groups[0].total == 50
    assert view.rescore(v, "A.2", value="không").groups[0].total == 0
    assert view.rescore(v, "B.2", points="76").groups[1].level_by_points.label == "Mức 3"  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="số nguyên không âm"):
        view.rescore(v, "A.3", value="năm")
    with school.db.read(actor=school.it) as s:
        assert view.current_score(s, school.it, YEAR).groups[0].total == 20
    with pytest.raises(PermissionDenied), school.db.read() as s:
        view.assessment_view(s, school.actor("teacher"), YEAR)
