"""Ký số: who signs as what, with which key (a .p12 file or a USB token), and the PIN.

``SignDialog.ask`` returns a ``SignSetup`` (no secret in it); ``SecretDialog.ask`` asks the
PIN or passphrase once per batch, in a password field. The secret is handed straight to the
signer of that batch and never kept: not in the setup, not in settings, not in a log.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.signing.signers import Pkcs11Signer, Pkcs12Signer, SecretSource, Signer, TokenKey
from app.transcripts.models import SIGNER_LABELS, SignerRole
from app.transcripts.signing import SignAs
from ui.file_dialogs import OpenFileDialog
from ui.widgets import ErrorLabel, PageHeader


@dataclass(frozen=True)
class SignSetup:
    """The choices of the dialog: the role and stamp, and where the key is."""

    who: SignAs
    p12: Path | None = None
    token: TokenKey | None = None

    @property
    def secret_prompt(self) -> str:
        """What the password dialog asks for."""
        return "Mật khẩu của tệp chứng thư số" if self.p12 else "Mã PIN của USB token"

    def signer(self, secret: SecretSource) -> Signer:
        """The signer of this setup (opens the file or the token: may raise ``SignerError``)."""
        if self.p12 is not None:
            return Pkcs12Signer(self.p12, secret)
        assert self.token is not None
        signer = Pkcs11Signer(self.token, secret)
        signer.open()
        return signer


class SignDialog(QDialog):
    """Role, name on the stamp, deputy, and the key: a certificate file or a USB token."""

    def __init__(
        self, parent: QWidget | None, roles: dict[str, str], name: str, school_name: str = ""
    ) -> None:
        super().__init__(parent)
        self._names = {SignerRole.SEAL: school_name or name}
        self._person = name
        self.setWindowTitle(self.tr("Ký số học bạ"))
        self.setMinimumWidth(520)
        self._build(roles, name)
        self._connect()
        self._on_role_changed()

    def _build(self, roles: dict[str, str], name: str) -> None:
        self.role_combo = QComboBox()
        for role, why in roles.items():
            self.role_combo.addItem(self.tr(SIGNER_LABELS[role]), role)
            if why:  # a role this account cannot sign as: shown, not chosen
                item = self.role_combo.model().item(self.role_combo.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
                item.setToolTip(why)
        allowed = [i for i, why in enumerate(roles.values()) if not why]
        self.role_combo.setCurrentIndex(allowed[0] if allowed else 0)
        self.name_edit = QLineEdit(name)
        self.name_edit.setPlaceholderText(self.tr("Họ tên (hoặc tên trường) in trên dấu chữ ký"))
        self.deputy_check = QCheckBox(self.tr("Phó hiệu trưởng ký thay (KT. HIỆU TRƯỞNG)"))
        self.p12_radio = QRadioButton(self.tr("Tệp chứng thư số (.p12, .pfx)"))
        self.token_radio = QRadioButton(self.tr("USB token"))
        self.p12_radio.setChecked(True)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.p12_radio)
        self.kind_group.addButton(self.token_radio)
        self.p12_edit = QLineEdit()
        self.p12_button = QPushButton(self.tr("Chọn tệp…"))
        p12_row = QHBoxLayout()
        p12_row.setContentsMargins(0, 0, 0, 0)
        p12_row.addWidget(self.p12_edit, 1)
        p12_row.addWidget(self.p12_button)
        self.p12_page = QWidget()
        self.p12_page.setLayout(p12_row)
        self.module_edit = QLineEdit()
        self.module_edit.setPlaceholderText(self.tr("Thư viện của token, ví dụ eps2003csp11.dll"))
        self.token_edit = QLineEdit()
        self.key_edit = QLineEdit()
        self.token_page = QWidget()
        token_form = QFormLayout(self.token_page)
        token_form.setContentsMargins(0, 0, 0, 0)
        token_form.addRow(self.tr("Thư viện PKCS#11:"), self.module_edit)
        token_form.addRow(self.tr("Nhãn token:"), self.token_edit)
        token_form.addRow(self.tr("Nhãn khóa:"), self.key_edit)
        self.token_page.setVisible(False)  # one of the two, as chosen above
        form = QFormLayout()
        form.addRow(self.tr("Ký với tư cách:"), self.role_combo)
        form.addRow(self.tr("Tên trên dấu chữ ký:"), self.name_edit)
        form.addRow("", self.deputy_check)
        kinds = QHBoxLayout()
        kinds.addWidget(self.p12_radio)
        kinds.addWidget(self.token_radio)
        kinds.addStretch(1)
        form.addRow(self.tr("Chứng thư số:"), kinds)
        form.addRow("", self.p12_page)
        form.addRow("", self.token_page)
        hint = QLabel(
            self.tr("Mã PIN hoặc mật khẩu được hỏi một lần cho cả đợt ký và không được lưu lại.")
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Ký"))
        self.ok_button.setObjectName("primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(PageHeader(self.tr("Ký số học bạ")))
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.role_combo.currentIndexChanged.connect(self._on_role_changed)
        self.p12_radio.toggled.connect(self._on_kind_toggled)
        self.p12_button.clicked.connect(self._on_p12_clicked)
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def _on_role_changed(self) -> None:
        role = self.role_combo.currentData()
        shown = self.name_edit.text()
        if shown in (self._person, *self._names.values()):  # not typed by hand: follow the role
            self.name_edit.setText(self._names.get(role, self._person))
        principal = role == SignerRole.PRINCIPAL
        self.deputy_check.setEnabled(principal)
        if not principal:
            self.deputy_check.setChecked(False)

    def _on_kind_toggled(self) -> None:
        self.p12_page.setVisible(self.p12_radio.isChecked())
        self.token_page.setVisible(self.token_radio.isChecked())
        self.adjustSize()

    def _on_p12_clicked(self) -> None:
        start = Path(self.p12_edit.text()).parent if self.p12_edit.text() else Path.home()
        chosen = OpenFileDialog.ask(
            self, self.tr("Chọn tệp chứng thư số"), start,
            self.tr("Chứng thư số (*.p12 *.pfx);;Mọi tệp (*)"),
        )  # fmt: skip
        if chosen is not None:
            self.p12_edit.setText(str(chosen))

    def setup(self) -> SignSetup | None:
        """The choices, or None with the message shown when something is missing."""
        name = self.name_edit.text().strip()
        if not name:
            self.error_label.show_message(self.tr("Hãy nhập tên in trên dấu chữ ký."))
            return None
        who = SignAs(self.role_combo.currentData(), name, self.deputy_check.isChecked())
        if self.p12_radio.isChecked():
            path = self.p12_edit.text().strip()
            if not path or not Path(path).is_file():
                self.error_label.show_message(self.tr("Hãy chọn tệp chứng thư số (.p12, .pfx)."))
                return None
            return SignSetup(who, p12=Path(path))
        module, token, key = (e.text().strip() for e in (self.module_edit, self.token_edit,
                                                          self.key_edit))  # fmt: skip
        if not (module and token and key):
            self.error_label.show_message(
                self.tr("Hãy nhập thư viện PKCS#11, nhãn token và nhãn khóa.")
            )
            return None
        return SignSetup(who, token=TokenKey(module, token, key_label=key))

    def _on_ok_clicked(self) -> None:
        if self.setup() is not None:
            self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, roles: dict[str, str], name: str, school_name: str = ""
    ) -> SignSetup | None:
        """The choices, or None when cancelled. ``roles``: role → "" or why it is refused;
        ``name`` goes on a person's stamp, ``school_name`` on the school's seal."""
        dialog = cls(parent, roles, name, school_name)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.setup()


class SecretDialog(QDialog):
    """A PIN or passphrase, typed into a password field, once for a whole batch."""

    def __init__(self, parent: QWidget | None, prompt: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nhập mã bảo vệ"))
        self.secret_edit = QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setMinimumWidth(260)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Tiếp tục"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(prompt) + ":"))
        layout.addWidget(self.secret_edit)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, prompt: str) -> str | None:
        """The secret, or None when cancelled."""
        dialog = cls(parent, prompt)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.secret_edit.text()
