"""Walk the new school year on a fresh year-end demo, as the principal, and grab each step.

    xvfb-run -a -s '-screen 0 1366x768x24' .venv/bin/python docs/screenshots/rollover_walk.py \
        [--levels thcs,thpt|tieu_hoc] [--students N] [--out DIR]

Builds ``python main.py demo --year-end`` in a temporary folder, signs in as ``hieutruong``
through the login dialog (password truongso2025), opens the main window at 1366×768, then Cài đặt → «Chuyển năm học…»: choose the year,
Xem trước, Chuyển năm học (confirmed), Đặt … làm năm học hiện tại (confirmed), and the
Học sinh and home pages of the new year. Under Xvfb the whole screen is grabbed (dialogs over the
window); offscreen, the active window. Prints the path of each PNG.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
if os.environ.get("DISPLAY"):  # under Xvfb: the real screen, dialogs at their own size
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtCore import QSize, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

from app.demo import DEMO_PASSWORD  # noqa: E402
from docs.screenshots.take import open_runtime, open_window  # noqa: E402


def build(folder: Path, levels: str, students: int | None) -> str:
    """The year-end demo in ``folder`` through the CLI; its database URL."""
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    cmd = [sys.executable, str(ROOT / "main.py"), "demo", "--db", url, "--year-end"]
    cmd += ["--levels", levels] + (["--students", str(students)] if students else [])
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    print(f"demo --year-end ({levels}): {time.perf_counter() - started:.1f} s")
    return url


class Walk:
    """Grabs the screen into ``out`` as numbered PNGs."""

    def __init__(self, qapp: QApplication, out: Path) -> None:
        self.qapp, self.out, self.n = qapp, out, 0
        out.mkdir(parents=True, exist_ok=True)

    def wait(self, done: Callable[[], bool], timeout: float = 120.0) -> None:
        """Process events until ``done`` (or fail after ``timeout`` seconds)."""
        end = time.monotonic() + timeout
        while not done():
            if time.monotonic() > end:
                raise TimeoutError("the step did not finish")
            self.qapp.processEvents()
            time.sleep(0.02)
        for _ in range(5):
            self.qapp.processEvents()

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        self.n += 1
        path = self.out / f"{self.n:02d}-{name}.png"
        for _ in range(10):  # what was just typed is painted on the screen
            self.qapp.processEvents()
            time.sleep(0.03)
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            target = widget or self.qapp.activeModalWidget() or self.qapp.activeWindow()
            assert target is not None
            target.grab().save(str(path))
        else:
            screen = self.qapp.primaryScreen()
            screen.grabWindow(0).save(str(path))
        print(path)

    def answer_next_question(self, name: str) -> None:
        """When the next question box opens: grab it, then click its default (yes) button."""

        def answer() -> None:
            box = self.qapp.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(100, answer)
                return
            self.shot(name, box)
            box.defaultButton().click()

        QTimer.singleShot(200, answer)


def drive_wizard(walk: Walk) -> None:
    """Every step of the wizard opened by the button (runs inside its modal loop)."""
    from ui.rollover.wizard import RolloverWizard

    wizard = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, RolloverWizard) and w.isVisible()
    )
    walk.wait(lambda: wizard.isVisible())
    walk.shot("wizard-choose", wizard)
    wizard.next_button.click()
    walk.wait(lambda: wizard.step == 1 and not wizard.busy)
    walk.shot("wizard-preview", wizard)
    walk.answer_next_question("wizard-confirm-apply")
    wizard.next_button.click()
    walk.wait(lambda: wizard.applied is not None and not wizard.busy, timeout=600)
    walk.shot("wizard-applied", wizard)
    walk.answer_next_question("wizard-confirm-switch")
    wizard.switch_button.click()
    walk.wait(lambda: wizard.switched and not wizard.busy, timeout=600)
    walk.shot("wizard-switched", wizard)
    wizard.close_button.click()


def sign_in(walk: Walk, db: Any) -> Any:
    """The login dialog, typed into as the principal would; the account it signs in."""
    from ui.login_dialog import LoginDialog

    dialog = LoginDialog(None, db)
    dialog.show()
    walk.wait(dialog.isVisible)
    dialog.username_edit.setText("hieutruong")
    dialog.password_edit.setText(DEMO_PASSWORD)
    walk.shot("login", dialog)
    dialog.login_button.click()
    walk.wait(lambda: dialog.user is not None)
    return dialog.user


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="thcs,thpt")
    parser.add_argument("--students", type=int)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "rollover-walk")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TRUONGSO_DATA_DIR", str(Path(tmp) / "data"))
        url = build(Path(tmp), args.levels, args.students)
        from ui import ops
        from ui.app import make_application

        qapp = make_application()
        walk = Walk(qapp, args.out / args.levels.replace(",", "-"))
        runtime = open_runtime(url)
        user = sign_in(walk, runtime.db)
        window: Any = open_window(runtime, user, QSize(1366, 768))
        page: Any = window.open_page("settings")
        walk.wait(lambda: ops.running() == 0)
        walk.shot("settings", window)
        QTimer.singleShot(300, lambda: drive_wizard(walk))
        page.rollover_button.click()  # the wizard's modal loop runs drive_wizard
        walk.wait(lambda: ops.running() == 0)
        for key in ("students", "home"):
            window.open_page(key)
            walk.wait(lambda: ops.running() == 0)
            walk.shot(f"after-{key}", window)
        window.close()
        runtime.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
