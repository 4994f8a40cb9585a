"""The new school year wizard (chuyển năm học, decision 030), opened from the Lớp học page."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from app.permissions import Perm, can
from ui import icons
from ui.pages import PageContext


def rollover_button(ctx: PageContext, parent: QWidget) -> QPushButton:
    """«Chuyển năm học…»: opens the wizard; disabled with the reason for other roles."""
    button = QPushButton(icons.icon("calendar"), parent.tr("Chuyển năm học…"))
    allowed = can(ctx.actor, Perm.EDIT_SCHOOL)
    button.setEnabled(allowed)
    button.setToolTip(
        parent.tr("Tạo năm học mới, lên lớp và xếp lớp cho học sinh theo kết quả cuối năm")
        if allowed
        else parent.tr("Chỉ Ban giám hiệu hoặc quản trị hệ thống được chuyển năm học")
    )

    def open_wizard() -> None:
        from ui.rollover.wizard import RolloverWizard

        RolloverWizard.ask(parent, ctx)

    button.clicked.connect(open_wizard)
    return button
