"""What the assessment's buttons do beyond editing: the workflow steps (a comment asked where
the step needs one) and the outputs (phiếu PDF and .xlsx, the submission bundle), through the
same ``app.cds`` services as the ``cds`` commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.cds import bundle, report, workflow
from ui.cds.dialogs import ReasonDialog
from ui.cds.outputs import export
from ui.confirm import Confirm
from ui.pages import PageContext

Runner = Callable[[str, Callable[[Any], Any], Callable[[Any], None]], None]
_COMMENT_ASKED = {"send_back": True, "return": True, "approve": False, "accept": False}


def _tr(text: str) -> str:
    return QCoreApplication.translate("cds", text)


def _question(action: str, year: str) -> str:
    texts = {
        "submit": _tr("Trình phiếu năm học {year} để Ban giám hiệu duyệt? Trong khi chờ duyệt, "
                      "phiếu không sửa được (có thể rút về)."),
        "withdraw": _tr("Rút phiếu năm học {year} về Nháp để sửa tiếp?"),
        "approve": _tr("Duyệt phiếu năm học {year}? Ý kiến của Ban giám hiệu (nếu có):"),
        "send_back": _tr("Trả phiếu năm học {year} về Nháp: hãy ghi ý kiến để người lập sửa."),
        "mark_sent": _tr("Ghi nhận phiếu năm học {year} đã gửi cấp trên (khi đã gửi bằng cách "
                         "khác, không qua «Hồ sơ gửi cấp trên…»)?"),
        "accept": _tr("Ghi nhận cấp trên đã duyệt phiếu năm học {year}? Ý kiến của cấp trên "
                      "(nếu có):"),
        "return": _tr("Ghi nhận cấp trên trả lại phiếu năm học {year}: hãy ghi ý kiến của cấp "
                      "trên."),
        "reopen": _tr("Mở lại phiếu năm học {year} thành Nháp để sửa theo ý kiến cấp trên?"),
    }  # fmt: skip
    return texts.get(action, "{year}").format(year=year)


def run_workflow(parent: QWidget, ctx: PageContext, year: str, action: str, label: str,
                 run: Runner, say: Callable[[str], None]) -> None:  # fmt: skip
    """Ask what ``action`` needs (a comment, or a yes), then take it."""
    comment = ""
    if action in _COMMENT_ASKED:
        asked = ReasonDialog.ask(parent, label, _question(action, year), label,
                                 required=_COMMENT_ASKED[action])  # fmt: skip
        if asked is None:
            return
        comment = asked
    elif not Confirm.ask(parent, label, _question(action, year), label):
        return
    actor = ctx.actor

    def done(_r: Any) -> None:
        say(_tr("Đã thực hiện: {label}.").format(label=label))

    run(_tr("Đang ghi…"), lambda s: workflow.apply(s, actor, year, action, comment), done)


def export_assessment(parent: QWidget, ctx: PageContext, year: str, kind: str,
                      on_done: Callable[[], None] | None = None) -> None:  # fmt: skip
    """Write the phiếu (``pdf``, ``xlsx``) or the submission bundle (``bundle``)."""
    db, actor = ctx.db, ctx.actor

    def in_uow(fn: Callable[[Any, Path], Any]) -> Callable[[Path], Any]:
        def write(path: Path) -> Any:
            with db.uow(actor=actor) as s:
                return fn(s, path)

        return write

    if kind == "pdf":
        export(parent, _tr("Xuất phiếu tự đánh giá (PDF)"), f"phieu-cds-{year}.pdf",
               _tr("Tệp PDF (*.pdf)"), in_uow(lambda s, p: report.write_pdf(s, actor, year, p)),
               lambda _r, p: _tr("Đã xuất phiếu năm học {year}: {path}").format(year=year, path=p))  # fmt: skip
    elif kind == "xlsx":
        export(parent, _tr("Xuất phiếu tự đánh giá (Excel)"), f"phieu-cds-{year}.xlsx",
               _tr("Bảng tính Excel (*.xlsx)"),
               in_uow(lambda s, p: report.write_xlsx(s, actor, year, p)),
               lambda _r, p: _tr("Đã xuất phiếu năm học {year}: {path}").format(year=year, path=p))  # fmt: skip
    else:

        def said(b: bundle.Bundle, p: Path) -> str:
            if on_done is not None:
                on_done()
            return _tr("Đã xuất hồ sơ gửi cấp trên ({n} tệp minh chứng), trạng thái: {state}.\n"
                       "{path}").format(n=b.files, state=b.state_label, path=p)  # fmt: skip

        export(parent, _tr("Xuất hồ sơ gửi cấp trên"), f"ho-so-cds-{year}.zip",
               _tr("Tệp nén (*.zip)"), in_uow(lambda s, p: bundle.export_bundle(s, actor, year, p)),
               said)  # fmt: skip
