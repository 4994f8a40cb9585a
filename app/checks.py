"""``python main.py check``: every consistency check the data can be put through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app import journal
from app.db import Database
from app.disk_space import DiskFull
from app.gradebook import snapshots
from app.messages import MSG
from app.safety.integrity import quick_check
from app.safety.record_history import verify_histories


@dataclass(frozen=True)
class CheckOutcome:
    """One check's name, verdict and explanation (Vietnamese)."""

    name: str
    ok: bool
    message: str


def check_sqlite(db: Database) -> CheckOutcome:
    """SQLite's quick_check on the file (skipped on PostgreSQL)."""
    if db.path is None:
        return CheckOutcome("csdl", True, "PostgreSQL: kiểm tra toàn vẹn do máy chủ đảm nhận.")
    result = quick_check(db.path)
    text = "Tệp CSDL toàn vẹn (quick_check: ok)." if result.ok else f"Tệp CSDL lỗi: {result.detail}"
    return CheckOutcome("csdl", result.ok, text)


def check_journal(db: Database) -> CheckOutcome:
    """The journal's hash chain is unbroken."""
    with db.read() as s:
        result = journal.verify(s)
    return CheckOutcome("nhat_ky", result.ok, result.message)


def check_seals(db: Database) -> CheckOutcome:
    """The journal's keyed seals, its head, this PC's anchor and the accounts' seals."""
    from app.safety.seals import verify_seals

    with db.read() as s:
        result = verify_seals(s, db.school_code)
    return CheckOutcome("niem_phong", result.ok, result.message)


def check_rows(db: Database) -> CheckOutcome:
    """Every journalled row holds what the journal says (a change behind the app's back)."""
    from app.safety.row_match import verify_rows

    with db.read() as s:
        result = verify_rows(s)
    return CheckOutcome("du_lieu", result.ok, result.message)


def check_receipt(db: Database) -> CheckOutcome:
    """The journal still has, at the hub's last receipt, the chain hash the hub signed."""
    from app.sync.receipt_check import verify_against_receipt

    with db.read() as s:
        result = verify_against_receipt(s)
    return CheckOutcome("bien_nhan", result.ok, result.message)


def check_record_histories(db: Database) -> CheckOutcome:
    """Each record's journalled history chains: every old value is the value it replaced."""
    with db.read() as s:
        result = verify_histories(s)
    return CheckOutcome("lich_su", result.ok, result.message)


def check_grade_results(db: Database) -> CheckOutcome:
    """Results stored when a semester was locked equal a recomputation from the recorded scores."""
    result = snapshots.verify(db)
    return CheckOutcome("ket_qua_hoc_tap", result.ok, result.message)


def check_student_index(db: Database) -> CheckOutcome:
    """Student search terms and name sort keys agree with the records."""
    from app.students.integrity import verify_index

    with db.read() as s:
        result = verify_index(s)
    return CheckOutcome("hoc_sinh", result.ok, result.message)


CHECK_NAMES = {
    "check_sqlite": "csdl",
    "check_journal": "nhat_ky",
    "check_seals": "niem_phong",
    "check_record_histories": "lich_su",
    "check_rows": "du_lieu",
    "check_grade_results": "ket_qua_hoc_tap",
    "check_student_index": "hoc_sinh",
    "check_receipt": "bien_nhan",
}
"""The name each check reports under (``--json``), when it could not run."""

CHECKS: list[Callable[[Database], CheckOutcome]] = [
    check_sqlite,
    check_journal,
    check_seals,
    check_record_histories,
    check_rows,
    check_grade_results,
    check_student_index,
    check_receipt,
]


def _run(check: Callable[[Database], CheckOutcome], db: Database) -> CheckOutcome:
    try:
        return check(db)
    except DiskFull as exc:  # could not be checked for want of space: never called damage
        name = CHECK_NAMES.get(check.__name__, check.__name__)
        return CheckOutcome(name, False, MSG.check_no_space.format(message=exc.message))


def run_checks(db: Database) -> list[CheckOutcome]:
    """Run every registered check in order (one that finds no room to run says so)."""
    return [_run(check, db) for check in CHECKS]
