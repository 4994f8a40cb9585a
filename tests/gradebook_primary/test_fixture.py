"""The primary fixture and loader: a TT27 class loads with its subjects, roster and ratings."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.gradebook.primary.records import evaluate_primary_class, load_primary
from app.gradebook.records import load_class
from app.students.models import ClassGroup
from tests.gradebook_primary.conftest import PrimarySchool


def test_primary_class_loads_with_catalogue_and_name_order(ps: PrimarySchool) -> None:
    """Adding the primary level seeds grade 4's subjects; the roster is in Vietnamese name order."""
    with ps.db.read() as s:
        group = s.get(ClassGroup, ps.class_id)
        assert group is not None
        records = load_primary(s, group)
    names = [r.full_name for r in records.roster]
    assert names == ["Lê Văn Anh", "Trần Thị Ánh", "Nguyễn Văn Bảo", "Phạm Minh Châu"]
    subjects = {x.name: x for x in records.subjects}
    assert {"Tiếng Việt", "Toán", "Khoa học", "Đạo đức"} <= set(subjects)
    assert not subjects["Toán"].comment_only and subjects["Đạo đức"].comment_only
    assert len(records.rating_defs) == 15


def test_nothing_entered_means_no_year_result_with_reasons(ps: PrimarySchool) -> None:
    """With nothing entered the TT27 year result is not computable, and says what is missing."""
    with ps.db.read() as s:
        group = s.get(ClassGroup, ps.class_id)
        assert group is not None
        results = evaluate_primary_class(load_primary(s, group))
    first = results[ps.students["Lê Văn Anh"]]
    assert first.value is None
    assert any("Toán" in r for r in first.reasons)


def test_primary_class_is_never_loaded_as_a_tt22_grid(ps: PrimarySchool) -> None:
    """The TT22 loader refuses a grade-4 class instead of computing it as scores."""
    with ps.db.read() as s:
        group = s.get(ClassGroup, ps.class_id)
        assert group is not None
        with pytest.raises(ValidationError, match="Thông tư 27"):
            load_class(s, group)
