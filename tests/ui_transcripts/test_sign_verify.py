"""Signing from the page with a .p12 file and a USB token (SoftHSM2) through the real dialogs,
the PIN typed into the password dialog; the file check says OK for the signed file and not
OK for a changed one; a root certificate is trusted from the check dialog."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from PySide6.QtCore import QItemSelectionModel
from pytestqt.qtbot import QtBot

from app.runtime import Runtime
from app.transcripts import queries, service
from app.transcripts.models import State
from tests.signing.pki import PASSPHRASE, USER_PIN, SigningPki
from tests.transcripts.conftest import DemoSchool
from tests.ui.helpers import user_info
from tests.ui_transcripts.answer import answer_next
from tests.ui_transcripts.conftest import open_page
from ui.confirm import Notice
from ui.pages import PageContext
from ui.transcripts.sign_dialog import SecretDialog, SignDialog
from ui.transcripts.transcripts_model import Col
from ui.transcripts.transcripts_widget import TranscriptsWidget
from ui.transcripts.verify_dialog import BAD_STYLE, OK_STYLE, VerifyDialog

SIGNED = 2


def _awaiting(d: DemoSchool) -> list[uuid.UUID]:
    """Last year's 6A1 prepared and sent for signing (by its homeroom teacher)."""
    teacher = d.actor("gv.toan")
    with d.db.uow(actor=teacher) as s:
        service.prepare_class(s, teacher, d.class_id)
    with d.db.read() as s:
        ids = [r.version.id for r in queries.class_transcripts(s, teacher, d.class_id) if r.version]
    with d.db.uow(actor=teacher) as s:
        for vid in ids:
            service.submit(s, teacher, vid)
    return ids


def _select_first(page: TranscriptsWidget, count: int) -> None:
    selection = page.table.selectionModel()
    selection.clearSelection()
    for row in range(count):
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        selection.select(page.model.index(row, 0), flags)


def _states(page: TranscriptsWidget) -> list[str]:
    return [page.model.index(r, Col.STATE).data() for r in range(page.model.rowCount())]


def _sign_through_dialogs(
    qtbot: QtBot, page: TranscriptsWidget, fill_key: Any, secret: str, seen: list[str]
) -> None:
    """Click Ký số, answer the signing dialog with ``fill_key`` and the PIN dialog with ``secret``."""

    def fill_sign(dialog: SignDialog) -> None:
        fill_key(dialog)
        dialog.ok_button.click()
        answer_next(SecretDialog, fill_secret, seen)

    def fill_secret(dialog: SecretDialog) -> None:
        dialog.secret_edit.setText(secret)
        dialog.accept()

    answer_next(SignDialog, fill_sign, seen)
    page.sign_button.click()


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the notices the page shows (answered at once)."""
    shown: list[str] = []
    monkeypatch.setattr(
        Notice,
        "ask",
        classmethod(lambda cls, parent, title, text, warning=False: shown.append(text)),
    )
    return shown


def test_three_parties_sign_from_the_page_and_the_file_checks(
    qtbot: QtBot, school: DemoSchool, pki: SigningPki, tmp_path: Path, notices: list[str]
) -> None:
    """The teacher signs two transcripts with a .p12, the principal as deputy with a .p12, the
    school's seal from the SoftHSM2 token: the states move 1/3 → 2/3 → 3/3 and the PIN is asked
    once per batch; the check dialog says OK for the signed file, not OK for a changed byte."""
    ids = _awaiting(school)
    seen: list[str] = []
    teacher = open_page(qtbot, school, "gv.toan")
    _select_first(teacher, SIGNED)

    def teacher_key(dialog: SignDialog) -> None:
        assert dialog.role_combo.currentText() == "Giáo viên chủ nhiệm"
        dialog.name_edit.setText("Nguyễn Thị Lan")
        dialog.p12_edit.setText(str(pki.teacher_p12))

    _sign_through_dialogs(qtbot, teacher, teacher_key, PASSPHRASE, seen)
    qtbot.waitUntil(lambda: _states(teacher)[:SIGNED] == ["Đã ký (1/3)"] * SIGNED, timeout=60_000)
    assert _states(teacher)[SIGNED] == "Chờ ký"
    assert seen == ["Ký số học bạ", "Nhập mã bảo vệ"]  # one PIN for the batch
    assert notices[-1] == "Đã ký 2/2 học bạ."

    principal = open_page(qtbot, school, "hieutruong")
    _select_first(principal, SIGNED)

    def deputy_key(dialog: SignDialog) -> None:
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("principal"))
        dialog.deputy_check.setChecked(True)
        dialog.name_edit.setText("Trần Văn Hùng")
        dialog.p12_edit.setText(str(pki.principal_p12))

    _sign_through_dialogs(qtbot, principal, deputy_key, PASSPHRASE, seen)
    qtbot.waitUntil(lambda: _states(principal)[:SIGNED] == ["Đã ký (2/3)"] * SIGNED, timeout=60_000)

    def token_key(dialog: SignDialog) -> None:
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("seal"))
        seal_names.append(dialog.name_edit.text())  # the school's name, not the principal's
        dialog.name_edit.setText("Trường THCS Lê Lợi")
        dialog.token_radio.setChecked(True)
        dialog.module_edit.setText(pki.hsm.module)
        dialog.token_edit.setText(pki.token)
        dialog.key_edit.setText("seal-rsa")

    seal_names: list[str] = []
    _select_first(principal, SIGNED)
    _sign_through_dialogs(qtbot, principal, token_key, USER_PIN, seen)
    qtbot.waitUntil(lambda: _states(principal)[:SIGNED] == ["Đã ký (3/3)"] * SIGNED, timeout=60_000)
    assert seal_names == ["Trường THCS và THPT Nguyễn Trãi"]
    with school.db.read() as s:
        assert service.get_version(s, ids[0])[1].state == State.SIGNED
        signed = service.stored_pdf(s, ids[0])
    assert signed is not None

    root = tmp_path / "goc.pem"
    root.write_bytes(pki.root.cert.public_bytes(Encoding.PEM))
    good, bad = tmp_path / "hoc-ba.pdf", tmp_path / "hoc-ba-sua.pdf"
    good.write_bytes(signed)
    bad.write_bytes(signed.replace(b"/Producer", b"/Produker", 1))
    ctx = PageContext(Runtime(school.db), user_info(school.db, "giaovu"))
    check = VerifyDialog(None, ctx)
    qtbot.addWidget(check)
    check.add_root(root)
    assert check.roots_label.text() == "Chứng thư gốc tin cậy: 1"
    check.check_path(good)
    qtbot.waitUntil(lambda: check.check is not None, timeout=60_000)
    assert check.check is not None and check.check.ok
    assert check.verdict_label.styleSheet() == OK_STYLE
    assert "Tệp trùng từng byte với bản đã lưu khi ký." in check.report_text.toPlainText()
    check.check = None
    check.check_path(bad)
    qtbot.waitUntil(lambda: check.check is not None, timeout=60_000)
    assert check.check is not None and not check.check.ok
    assert check.verdict_label.styleSheet() == BAD_STYLE
    assert check.verdict_label.text() == check.check.lines()[-1]


def test_a_wrong_passphrase_signs_nothing_and_says_why(
    qtbot: QtBot, school: DemoSchool, pki: SigningPki, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong .p12 passphrase: nothing is signed, the error names the file."""
    _awaiting(school)
    errors: list[str] = []
    monkeypatch.setattr(
        "ui.errors.show_error", lambda parent, exc, *a, **k: errors.append(str(exc))
    )
    page = open_page(qtbot, school, "gv.toan")
    _select_first(page, 1)

    def key(dialog: SignDialog) -> None:
        dialog.p12_edit.setText(str(pki.teacher_p12))

    _sign_through_dialogs(qtbot, page, key, "sai-mat-khau", [])
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert pki.teacher_p12.name in errors[0]
    assert _states(page)[0] == "Chờ ký"
