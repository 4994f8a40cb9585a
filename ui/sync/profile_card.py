"""The hub profile in use, on the Đồng bộ page: who receives the school's data, until when,
its fingerprint; and the button to import a new one (for those with the setup right only,
disabled for the others with why)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from app import labels
from app.permissions import GRANTS, Perm, can, role_label
from app.sync.hub_profile import HubProfile
from ui import icons
from ui.pages import PageContext
from ui.sync.profile_dialog import fingerprint_font
from ui.widgets import Card, field_name, value_label


def setup_roles() -> str:
    """The roles that may import a hub profile, as the tooltip names them."""
    roles = [role_label(r) for r, perms in GRANTS.items() if Perm.SYNC_SETUP in perms]
    return ", ".join(roles[:-1]) + " hoặc " + roles[-1] if len(roles) > 1 else "".join(roles)


class ProfileCard(Card):
    """Name, address, valid until (in red with what to do once expired), fingerprint."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Máy chủ nhận dữ liệu"), "database", parent)
        self.import_button = QPushButton(icons.icon("shield"), self.tr("Nhập hồ sơ máy chủ…"))
        allowed = can(ctx.actor, Perm.SYNC_SETUP)
        self.import_button.setEnabled(allowed)
        if not allowed:
            self.import_button.setToolTip(
                self.tr("Chỉ tài khoản {roles} mới được nhập hồ sơ máy chủ nhận.").format(
                    roles=setup_roles()
                )
            )
        self.head.addWidget(self.import_button)
        self.name_label = value_label()
        self.url_label = value_label()
        self.until_label = value_label()
        self.fingerprint_label = value_label()
        self.fingerprint_label.setFont(fingerprint_font(11))
        self.missing_label = QLabel()
        self.missing_label.setObjectName("statusWarn")
        self.missing_label.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.addWidget(field_name(self.tr("Tên")), 0, 0)
        grid.addWidget(self.name_label, 0, 1)
        grid.addWidget(field_name(self.tr("Hiệu lực đến")), 0, 2)
        grid.addWidget(self.until_label, 0, 3)
        grid.addWidget(field_name(self.tr("Địa chỉ")), 1, 0)
        grid.addWidget(self.url_label, 1, 1)
        grid.addWidget(field_name(self.tr("Dấu vân tay")), 1, 2)
        grid.addWidget(self.fingerprint_label, 1, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.details = QWidget()
        self.details.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.details)
        self.body.addWidget(self.missing_label)

    def show_profile(self, profile: HubProfile | None, error: str = "") -> None:
        """Show the kept profile, or say that none is kept (or that the kept one is broken)."""
        self.details.setVisible(profile is not None)
        if profile is None:
            self.missing_label.setText(
                error
                or self.tr(
                    "Máy này chưa có hồ sơ máy chủ nhận, nên chưa lập được gói dữ liệu. "
                    "Hãy nhập tệp hồ sơ do cơ quan quản lý (Sở hoặc Phòng GD&ĐT) gửi."
                )
            )
            self.missing_label.setVisible(True)
            return
        self.name_label.setText(profile.name)
        self.url_label.setText(profile.url)
        self.fingerprint_label.setText(profile.fingerprint)
        until = labels.format_date(profile.valid_until)
        expired = profile.expired(date.today())
        self.until_label.setObjectName("statusBad" if expired else "")
        self.until_label.setText(
            self.tr("{date} (đã hết hạn)").format(date=until) if expired else until
        )
        self.until_label.style().unpolish(self.until_label)
        self.until_label.style().polish(self.until_label)
        self.missing_label.setObjectName("statusBad")
        self.missing_label.setText(
            self.tr(
                "Hồ sơ máy chủ nhận đã hết hạn: chưa lập và gửi được gói mới. Hãy xin tệp hồ sơ "
                "mới từ cơ quan quản lý rồi bấm «Nhập hồ sơ máy chủ…»."
            )
            if expired
            else ""
        )
        self.missing_label.style().unpolish(self.missing_label)
        self.missing_label.style().polish(self.missing_label)
        self.missing_label.setVisible(expired)
