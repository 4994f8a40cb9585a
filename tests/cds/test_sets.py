"""The criteria set loader: the shipped set, and bad files refused with the criterion and field."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from app.cds import set_store
from app.cds.set_loader import parse_set
from app.cds.sets import RuleKind, as_dict, canonical_text
from app.errors import Conflict, PermissionDenied, ValidationError
from tests.cds.conftest import CdsSchool, banded, shipped, variant, write_set


def _parse(data: object) -> object:
    return parse_set(json.dumps(data, ensure_ascii=False).encode(), "bo.json")


def _problems(data: object) -> str:
    with pytest.raises(ValidationError) as err:
        _parse(data)
    assert err.value.message.startswith("Tệp bộ tiêu chí bo.json không dùng được")
    return err.value.details or ""


def test_the_shipped_set_is_marked_unverified_and_its_short_group_is_a_warning() -> None:
    """QĐ 4725 as transcribed: 29 criteria, 1.1/1.2/2.1/2.2 mandatory, the management group 90
    points of 100 said as a warning, no invented criterion, no overall level rule."""
    s = _parse(shipped())
    assert len(s.criteria) == 29 and not s.verified
    assert [c.code for c in s.criteria if c.mandatory] == ["1.1", "1.2", "2.1", "2.2"]
    day, mgmt = s.groups
    assert day.criteria_total == 100 and mgmt.criteria_total == 90 and mgmt.max_points == 100
    warnings = s.warnings()
    assert "chưa đối chiếu với văn bản gốc" in warnings[0]
    assert any("cộng lại 90 điểm, không phải 100 điểm" in w for w in warnings)
    assert not any("?" in c.code for c in s.criteria) and s.overall == ""
    assert s.criterion("1.3.1") is not None and s.criterion("1.3.1").max_points == 6  # type: ignore[union-attr]


def test_canonical_form_round_trips() -> None:
    """The stored form parses back to the same set, and the same set gives the same text."""
    s = _parse(banded())
    again = parse_set(canonical_text(s).encode(), "x")
    assert again == s and as_dict(again) == as_dict(s)
    a4 = s.criterion("A.4")
    assert a4 is not None and a4.rule.kind is RuleKind.PERCENT_BANDS
    assert [b.points for b in a4.rule.bands] == [0, 10, 20, 30]
    assert a4.prefill == "transcripts_signed"


def test_bad_fields_are_named_with_their_criterion() -> None:
    """Each problem names where it is: criterion and field; all are collected at once."""
    data = banded()
    crit = data["groups"][0]["criteria"]
    crit[1]["max_points"] = "hai mươi"
    crit[2]["rule"]["bands"][1]["points"] = 40  # more than its 30
    crit[3]["rule"]["type"] = "percent"
    crit[4]["evidence"] = True  # a typo of evidence_required
    data["groups"][1]["criteria"][1]["code"] = "A.1"  # duplicate
    details = _problems(data)
    assert "tiêu chí A.2, trường «max_points»: phải là một số không âm" in details
    assert "tiêu chí A.3, trường «rule.bands.points»: số điểm 40 vượt điểm tối đa 30" in details
    assert "tiêu chí A.4, trường «rule.type»: phải là một trong: yes_no" in details
    assert "tiêu chí A.5, trường «evidence»: không có trường này" in details
    assert "tiêu chí A.1, trường «code»: mã A.1 trùng với một tiêu chí khác" in details


def test_bands_and_levels_must_ascend_from_zero() -> None:
    """Bands out of order, a level band without a threshold, a wrong overall rule: refused."""
    data = banded()
    data["groups"][0]["criteria"][2]["rule"]["bands"] = [{"min": 5, "points": 1},
                                                         {"min": 2, "points": 2}]  # fmt: skip
    data["levels"]["bands"][1].pop("min")
    data["levels"]["overall"] = "average"
    details = _problems(data)
    assert "tiêu chí A.3, trường «rule.bands»: các ngưỡng phải tăng dần" in details
    assert "mức 2, trường «min/above»: cần đúng một trong hai" in details
    assert "trường «levels.overall»: chỉ nhận «lowest»" in details


def test_not_a_set_file() -> None:
    """Broken JSON says the line; another format or missing fields say which."""
    with pytest.raises(ValidationError, match=r"không phải tệp bộ tiêu chí dạng JSON \(dòng 1"):
        parse_set(b"{format: 1", "bo.json")
    details = _problems({"format": "khac"})
    assert "trường «format» phải là «truongso-cds-criteria/1»" in details
    assert "phần đầu tệp, trường «groups»: còn thiếu" in details
    assert _problems(variant(banded(), decision_date="30/12/2022")).endswith(
        "phần đầu tệp, trường «decision_date»: phải là ngày dạng YYYY-MM-DD"
    )


def test_import_stores_once_and_refuses_changed_content(school: CdsSchool, tmp_path: Path) -> None:
    """An import is stored with its hash; the same version again or with other content is
    refused, and a bad file writes nothing; a teacher may not import."""
    with school.db.uow(actor=school.it) as s:
        info = set_store.import_set(s, school.it, write_set(tmp_path, banded()))
    assert (info.key, info.version, info.criteria, info.mark) == ("thu-nghiem", "2026.1", 7, "")
    with pytest.raises(Conflict, match="đã có trong phần mềm"), school.db.uow(actor=school.it) as s:
        set_store.import_set(s, school.it, write_set(tmp_path, banded()))
    changed = banded()
    changed["title"] = "Bộ đã sửa"
    with pytest.raises(Conflict, match="với nội dung khác"), school.db.uow(actor=school.it) as s:
        set_store.import_set(s, school.it, write_set(tmp_path, changed))
    broken = variant(banded(), version="2026.2", groups=[])
    with pytest.raises(ValidationError), school.db.uow(actor=school.it) as s:
        set_store.import_set(s, school.it, write_set(tmp_path, broken))
    teacher = school.actor("teacher")
    with pytest.raises(PermissionDenied), school.db.uow(actor=teacher) as s:
        set_store.import_set(s, teacher, write_set(tmp_path, variant(banded(), version="3")))
    with school.db.read(actor=school.it) as s:
        listed = set_store.list_sets(s, school.it)
    assert [(x.key, x.version) for x in listed] == [
        ("thu-nghiem", "2026.1"), ("qd4725", "2022.1-ban-chep")]  # fmt: skip
    assert listed[1].mark == "Bộ tiêu chí chưa đối chiếu với văn bản gốc"
    assert listed[0].criteria == 7 and Decimal(0) == 0


def test_prefill_must_name_a_metric_the_app_computes(school: CdsSchool, tmp_path: Path) -> None:
    """The shipped set's pre-fill ids are metrics the app computes; an import naming another
    is refused with the criterion and field."""
    from app.cds.prefill import METRIC_IDS

    assert {c.prefill for c in _parse(shipped()).criteria if c.prefill} <= set(METRIC_IDS)  # type: ignore[attr-defined]
    data = banded()
    data["groups"][0]["criteria"][3]["prefill"] = "so_hoc_lieu"
    with pytest.raises(ValidationError) as err, school.db.uow(actor=school.it) as s:
        set_store.import_set(s, school.it, write_set(tmp_path, data))
    assert "tiêu chí A.4, trường «prefill»: phần mềm không tính số liệu «so_hoc_lieu»" in (
        err.value.message
    )
