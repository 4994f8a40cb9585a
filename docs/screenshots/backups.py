"""Screenshots of Cài đặt → «Sao lưu và khôi phục…» on the demo school, as the admin.

    xvfb-run -a -s '-screen 0 1024x768x24' .venv/bin/python docs/screenshots/backups.py [--out DIR]

The demo school is built in a temporary folder (its own data folder, so its backups and
key stay there); two backups go to the default folder and one to a stand-in USB stick,
beside a file that is not a backup; the first backup is checked. Saved: the admin's
settings page (``cai-dat-sao-luu-1024.png``), the dialog at 1024×768
(``sao-luu-1024.png``) and the warning before a restore (``sao-luu-canh-bao.png``). The
printed key sheet is rendered
from its PDF (``sao-luu-phieu-khoa.png``, needs ``pdftoppm``). Default DIR: docs/screenshots.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize, QTimer  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from docs.screenshots.take import open_runtime, save, settle  # noqa: E402

SIZE = QSize(1024, 768)


def build(folder: Path) -> str:
    """The demo school with its data folder inside ``folder``; its URL."""
    os.environ["TRUONGSO_DATA_DIR"] = str(folder / "data")
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "demo", "--db", url, "--students", "120"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return url


def shoot(url: str, folder: Path, out: Path) -> None:
    from app import accounts
    from app.safety import backup, backup_admin
    from ui.app import make_application
    from ui.backup_dialog import BackupDialog
    from ui.backup_restore import warning_text
    from ui.pages import PageContext
    from ui.settings_widget import SettingsWidget

    qapp = make_application()
    runtime = open_runtime(url)
    with runtime.db.read() as s:
        user = accounts.get_user(s, "admin")
    actor = user.actor()
    first = backup.create_backup(runtime.db, actor)
    usb = folder / "USB (E:)"
    backup.create_backup(runtime.db, actor, usb)
    (usb / "truongso_ban-chep-do.tsbak").write_bytes(b"tep bi cat ngang")
    ctx = PageContext(runtime, user)

    page = SettingsWidget(ctx)
    page.resize(SIZE.width() - 236, SIZE.height() - 80)
    page.show()
    settle(qapp)
    save(page, out / "cai-dat-sao-luu-1024.png")

    dialog = BackupDialog(ctx, page)
    dialog.folders.append(usb)
    dialog.refresh(select=first.path)
    dialog.resize(SIZE.width() - 40, SIZE.height() - 90)
    dialog.show()
    settle(qapp)
    dialog.check_button.click()  # the default folder's backup, checked for real
    settle(qapp)
    save(dialog, out / "sao-luu-1024.png")

    entry = dialog.selected()
    assert entry is not None
    box = QMessageBox(
        QMessageBox.Icon.Warning, "Khôi phục dữ liệu", warning_text(entry), parent=dialog
    )
    box.addButton("Khôi phục", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole))
    box.show()
    settle(qapp)
    save(box, out / "sao-luu-canh-bao.png")
    box.close()

    done = backup_admin.export_key(actor, runtime.db, folder / "khoa")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "70",
            "-png",
            "-singlefile",
            str(done.sheet),
            str(out / "sao-luu-phieu-khoa"),
        ],
        check=True,
    )
    print(out / "sao-luu-phieu-khoa.png")
    dialog.close()
    page.close()
    QTimer.singleShot(0, qapp.quit)
    settle(qapp)
    runtime.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="truongso-sao-luu-") as tmp:
        url = build(Path(tmp))
        shoot(url, Path(tmp), args.out)


if __name__ == "__main__":
    main()
