"""Fixtures of the CĐS tests: the seeded school (2025-2026) and criteria set files to import."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from app.db import Actor, Database
from app.paths import resource
from tests.conftest import Seeded

YEAR = "2025-2026"


def shipped() -> dict[str, Any]:
    """The shipped QĐ 4725 set as a dict (a fresh copy)."""
    return json.loads(resource("cds", "criteria-qd4725-2022.json").read_text(encoding="utf-8"))


def banded() -> dict[str, Any]:
    """A small verified set with one criterion of each rule kind, levels and evidence."""
    return {
        "format": "truongso-cds-criteria/1",
        "key": "thu-nghiem",
        "version": "2026.1",
        "title": "Bộ tiêu chí thử nghiệm",
        "decision": "Quyết định số 1/QĐ-TN",
        "decision_date": "2026-01-15",
        "verified": True,
        "deadline": {"day": 31, "month": 5},
        "groups": [
            {"code": "A", "name": "Dạy học", "max_points": 100, "criteria": [
                {"code": "A.1", "text": "Có kế hoạch dạy học trực tuyến", "max_points": 0,
                 "mandatory": True, "rule": {"type": "yes_no"}, "evidence_required": True},
                {"code": "A.2", "text": "Có phòng studio", "max_points": 20, "mandatory": False,
                 "rule": {"type": "yes_no"}},
                {"code": "A.3", "text": "Số học liệu số", "max_points": 30, "mandatory": False,
                 "rule": {"type": "count_bands", "unit": "học liệu", "bands": [
                     {"min": 0, "points": 0}, {"min": 10, "points": 15},
                     {"min": 50, "points": 30}]}},
                {"code": "A.4", "text": "Tỉ lệ học sinh có học bạ số đã ký", "max_points": 30,
                 "mandatory": False, "prefill": "transcripts_signed",
                 "rule": {"type": "percent_bands", "bands": [
                     {"min": 0, "points": 0}, {"min": 50, "points": 10},
                     {"min": 80, "points": 20}, {"min": 95, "points": 30}]}},
                {"code": "A.5", "text": "Ứng dụng khác", "max_points": 20, "mandatory": False,
                 "rule": {"type": "manual"}},
            ]},
            {"code": "B", "name": "Quản trị", "max_points": 100, "criteria": [
                {"code": "B.1", "text": "Có kế hoạch CĐS", "max_points": 0, "mandatory": True,
                 "rule": {"type": "yes_no"}},
                {"code": "B.2", "text": "Phần mềm quản lý", "max_points": 100,
                 "mandatory": False, "rule": {"type": "manual"}},
            ]},
        ],
        "levels": {"bands": [
            {"level": 1, "label": "Mức 1", "name": "Chưa đáp ứng", "min": 0},
            {"level": 2, "label": "Mức 2", "name": "Đáp ứng cơ bản", "min": 50,
             "needs_mandatory": True},
            {"level": 3, "label": "Mức 3", "name": "Đáp ứng tốt", "above": 75,
             "needs_mandatory": True}], "overall": None},
    }  # fmt: skip


def write_set(folder: Path, data: dict[str, Any], name: str = "bo-tieu-chi.json") -> Path:
    """``data`` written as a set file; its path."""
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def variant(data: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with top-level fields replaced."""
    out = copy.deepcopy(data)
    out.update(top)
    return out


class CdsSchool:
    """The seeded school with the IT coordinator and the principal at hand."""

    def __init__(self, seeded: Seeded) -> None:
        self.seeded = seeded

    @property
    def db(self) -> Database:
        return self.seeded.db

    @property
    def it(self) -> Actor:
        return self.seeded.actor("it_coordinator")

    @property
    def principal(self) -> Actor:
        return self.seeded.actor("principal")

    def actor(self, role: str) -> Actor:
        return self.seeded.actor(role)

    def import_banded(self, folder: Path) -> None:
        """Import the banded test set as the IT coordinator."""
        from app.cds import set_store

        with self.db.uow(actor=self.it) as s:
            set_store.import_set(s, self.it, write_set(folder, banded()))

    @property
    def url(self) -> str:
        return self.db.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def school(seeded: Seeded) -> CdsSchool:
    """The seeded THCS school (current year 2025-2026)."""
    return CdsSchool(seeded)
