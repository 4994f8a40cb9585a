"""The compliance figures: needed from real class counts, held from working register items."""

from __future__ import annotations

import pytest

from app.equipment import register
from app.equipment.compliance import classes_for, compliance_report, item_no_key
from app.errors import PermissionDenied, ValidationError
from tests.equipment.conftest import EquipmentSchool
from tests.equipment_compliance.conftest import Stocked


def _by_key(stocked: Stocked) -> dict[tuple[str, int, str], tuple[int, int, str]]:
    with stocked.school.db.read() as s:
        report = compliance_report(s, stocked.school.actor("teacher"))
    return {(x.subject, x.grade, x.item_no): (x.required, x.held, x.status) for x in report.lines}


def test_enough_and_short_per_class_and_per_school(stocked: Stocked) -> None:
    """Per class lines need quantity × classes of the grade (6: two classes, 7: one); the
    per-school line its quantity; broken, awaiting disposal and disposed units do not count,
    slightly damaged ones do."""
    assert _by_key(stocked) == {
        ("Toán", 6, "1"): (2, 2, "Đủ"),
        ("Toán", 6, "2"): (4, 3, "Thiếu 1"),
        ("Toán", 7, "1"): (3, 1, "Thiếu 2"),
        ("Tin học", 7, "1"): (1, 1, "Đủ"),
    }


def test_totals_order_and_the_computer_ratio(stocked: Stocked) -> None:
    """Lines by subject, grade and number; totals per subject and grade; the THCS ratio of
    3 students to 2 working computers (1,5: meets)."""
    with stocked.school.db.read() as s:
        report = compliance_report(s, stocked.school.actor("principal"), level="THCS")
    assert [(x.subject, x.grade, x.item_no) for x in report.lines] == [
        ("Tin học", 7, "1"), ("Toán", 6, "1"), ("Toán", 6, "2"), ("Toán", 7, "1")]  # fmt: skip
    totals = {(t.subject, t.grade): (t.lines, t.enough, t.required, t.held, t.shortfall)
              for t in report.totals}  # fmt: skip
    assert totals == {("Tin học", 7): (1, 1, 1, 1, 0), ("Toán", 6): (2, 1, 6, 5, 1),
                      ("Toán", 7): (1, 0, 3, 1, 2)}  # fmt: skip
    assert report.short_lines == 2 and report.lists == ("38/2021/TT-BGDĐT (THCS, bản 2021)",)
    (r,) = report.ratios
    assert (r.level, r.students, r.computers, str(r.ratio), r.meets) == ("thcs", 3, 2, "1.50", True)


def test_a_new_class_and_a_repaired_unit_change_the_verdict(stocked: Stocked) -> None:
    """A third grade-6 class raises the need of Toán 6/1 to 3 (thiếu 1); the broken model
    repaired (tốt) makes Toán 6/2 đủ."""
    school = stocked.school
    school.students("6A3", 0)
    with school.db.read() as s:
        broken = [r.code for r in register.list_items(s, school.officer) if r.condition == "hong"]
    with school.db.uow(actor=school.officer) as s:
        register.edit_item(s, school.officer, broken[0], register.ItemEdit(condition="tot"))
    got = _by_key(stocked)
    assert got[("Toán", 6, "1")] == (3, 2, "Thiếu 1")
    assert got[("Toán", 6, "2")] == (6, 4, "Thiếu 2")


def test_no_list_a_wrong_level_and_no_right_are_said_plainly(school: EquipmentSchool) -> None:
    """Before any list: a plain sentence; an unknown level names the choices; the secretary
    has no right to read equipment figures."""
    with school.db.read() as s:
        with pytest.raises(ValidationError, match="Chưa có danh mục thiết bị tối thiểu"):
            compliance_report(s, school.officer)
        with pytest.raises(ValidationError, match="Cấp học «THPTX» không có"):
            compliance_report(s, school.officer, level="THPTX")
        with pytest.raises(PermissionDenied):
            compliance_report(s, school.actor("secretary"))


def test_circular_numbers_sort_as_numbers() -> None:
    assert sorted(["10", "2", "3.1", "3", "1"], key=item_no_key) == ["1", "2", "3", "3.1", "10"]


def test_a_line_for_every_grade_counts_the_classes_of_its_level_only() -> None:
    """Grade 0 ("every grade") per class: THCS counts grades 6–9, not a Tiểu học grade 5."""
    classes = {5: 4, 6: 2, 7: 1, 9: 3, 10: 5}
    assert classes_for("thcs", 0, classes) == 6
    assert classes_for("thcs", 8, classes) == 0 and classes_for("thpt", 0, classes) == 5
