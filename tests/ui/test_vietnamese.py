"""Vietnamese everywhere (issue 17 §2): Qt's own texts, who hears of the key file, wrong wordings.

Qt ships no Vietnamese, so resources/i18n/qt_vi.ts translates the Qt contexts the app
shows. Every page of every role and every dialog is walked here with that translation
loaded as the app loads it: every text a widget shows (buttons, labels, tabs, lists,
headers, menus, titles), the right-click menu of each text field, and Qt's own dialogs
(the file choosers, the About box, message boxes) must hold none of Qt's English words.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QScrollBar,
    QSpinBox,
    QTabBar,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app import paths, settings
from app.journal_read import VerifyResult
from app.numbers import thousands
from app.permissions import Role
from app.runtime import Runtime
from tests.conftest import Seeded
from tests.ui.helpers import user_info
from tests.ui.small_screen import SmallSchool, settle, small_window
from tests.ui.small_screen import _build as build_small_school
from tests.ui.test_small_screen_dialogs import DIALOGS
from tests.ui_gradebook.conftest import build_template, copy_database
from ui import translations
from ui.app import APP_NAME, build_main_window, show_keyring_notice
from ui.confirm import Notice
from ui.file_dialogs import FolderDialog, OpenFileDialog, SaveFileDialog
from ui.gradebook.dialogs import UnsavedDialog
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "qt_vi.ts"

ENGLISH = frozenset(
    {
        # text fields' right-click menus, spin boxes, scroll bars
        "undo", "redo", "cut", "copy", "paste", "delete", "select all", "copy link location",
        "step up", "step down", "scroll here", "top", "bottom", "left edge", "right edge",
        "page up", "page down", "page left", "page right",
        "scroll up", "scroll down", "scroll left", "scroll right",
        # standard buttons, message boxes, wizards, progress
        "ok", "cancel", "open", "save", "save all", "yes", "no", "yes to all", "no to all",
        "close", "apply", "reset", "restore defaults", "help", "discard", "abort", "retry",
        "ignore", "show details", "hide details", "back", "next", "finish", "commit",
        "continue", "done", "close without saving",
        # the file chooser
        "look in", "file name", "files of type", "choose", "save as", "find directory",
        "directory", "directories", "files", "all files (*)", "forward", "parent directory",
        "create new folder", "new folder", "list view", "detail view", "sidebar",
        "show hidden files", "rename", "remove", "recent places", "my computer", "computer",
        "name", "size", "type", "kind", "date modified", "folder", "file folder", "drive",
        "unknown", "shortcut",
    }
)  # fmt: skip
"""Qt's English texts, as ``plain`` leaves them."""


def plain(text: str) -> str:
    """A text as compared with ``ENGLISH``: no accelerator, shortcut, "…", ":" or "< >"."""
    text = text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.strip().strip("<>").strip().rstrip(".:…").strip().lower()


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SmallSchool]:
    """The school of the small-screens test (every level, a locked semester), built once here."""
    return build_template(tmp_path_factory, "vietnamese", build_small_school)


@pytest.fixture
def small(_template: tuple[Path, SmallSchool], tmp_path: Path) -> Iterator[SmallSchool]:
    """A fresh copy of that school for one test."""
    template, built = _template
    db = copy_database(template, tmp_path / "school.sqlite")
    yield replace(built, db=db)
    db.dispose()


@pytest.fixture(scope="module", autouse=True)
def _qt_in_vietnamese(qapp: QApplication) -> Iterator[None]:
    """Qt's texts in Vietnamese, loaded as ``make_application`` loads them."""
    assert translations.install(qapp) is not None
    yield
    translations.uninstall()


# ---------------------------------------------------------------- what a widget shows


def _view_texts(view: QAbstractItemView) -> list[str]:
    """Column headers of tables and trees; the items of short lists (the chooser's places)."""
    model, root = view.model(), view.rootIndex()
    if model is None:
        return []
    header = view.horizontalHeader() if isinstance(view, QTableView) else None
    header = view.header() if isinstance(view, QTreeView) else header
    texts = []
    if header is not None:
        texts += [
            str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(header.count())
        ]
    if isinstance(view, QListView) and model.rowCount(root) < 100:
        column = view.modelColumn()
        texts += [
            str(model.index(r, column, root).data() or "") for r in range(model.rowCount(root))
        ]
    return texts


def widget_texts(w: QWidget) -> list[str]:
    """What ``w`` itself shows: its text, title, items, tabs, headers, actions and tooltip."""
    texts = [w.toolTip(), *(a.text() for a in w.actions())]
    if w.isWindow():
        texts.append(w.windowTitle())
    if isinstance(w, QAbstractButton | QLabel):
        texts.append(w.text())
    if isinstance(w, QLineEdit):
        texts.append(w.placeholderText())
    if isinstance(w, QGroupBox):
        texts.append(w.title())
    if isinstance(w, QTabBar):
        texts += [w.tabText(i) for i in range(w.count())]
    if isinstance(w, QComboBox):
        texts += [w.itemText(i) for i in range(w.count())]
    if isinstance(w, QAbstractItemView):
        texts += _view_texts(w)
    return texts


def menu_texts(field: QWidget) -> list[str]:
    """The right-click menu Qt builds for a line or text field."""
    if isinstance(field, QLineEdit | QPlainTextEdit | QTextEdit):
        menu = field.createStandardContextMenu()
        texts = [a.text() for a in menu.actions()]
        menu.deleteLater()
        return texts
    return []


def english_in(root: QWidget, where: str) -> list[str]:
    """Every known English Qt text ``root`` and its children show, menus of text fields included."""
    found = []
    for w in [root, *root.findChildren(QWidget)]:
        for text in [*widget_texts(w), *menu_texts(w)]:
            if plain(text) in ENGLISH:
                found.append(f"{where}: {type(w).__name__} {w.objectName()!r} shows {text!r}")
    return found


def on_next_modal(inspect: Callable[[QWidget], None]) -> None:
    """Run ``inspect`` on the next modal window or popup menu once it is open, then close it."""

    def check() -> None:
        shown = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        if shown is None:
            QTimer.singleShot(20, check)
            return
        inspect(shown)
        if isinstance(shown, QDialog):
            shown.reject()
        else:
            shown.close()

    QTimer.singleShot(0, check)


def popup_menu_texts(qtbot: QtBot, widget: QWidget) -> list[str]:
    """The menu ``widget`` pops up on a right click (spin boxes block in it, scroll bars do not)."""
    texts: list[str] = []
    on_next_modal(lambda menu: texts.extend(a.text() for a in menu.actions()))
    point = QPoint(2, 2)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)
    qtbot.waitUntil(lambda: bool(texts), timeout=5000)
    return texts


# ---------------------------------------------------------------- the translation


def test_the_committed_qm_is_what_lrelease_makes_of_the_ts(tmp_path: Path) -> None:
    """qt_vi.qm (committed, shipped) is compiled from qt_vi.ts as it is now: run `make` after editing."""
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    made = tmp_path / "qt_vi.qm"
    args = [str(lrelease), "-silent", "-fail-on-invalid", str(TS), "-qm", str(made)]
    subprocess.run(args, check=True, timeout=60)
    committed = paths.resource(*translations.QT_VI)
    assert committed.read_bytes() == made.read_bytes(), "run `make resources/i18n/qt_vi.qm`"


def test_the_app_loads_qt_vietnamese_at_start(tmp_path: Path) -> None:
    """``make_application`` installs the translation: Qt's Cancel and Look in read Vietnamese."""
    code = (
        "from PySide6.QtCore import QCoreApplication as C\n"
        "from ui.app import make_application\n"
        "make_application()\n"
        "print(C.translate('QPlatformTheme', 'Cancel'), C.translate('QFileDialog', '&Look in:'))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    env["TRUONGSO_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["Hủy", "&Tìm", "trong:"], done.stderr


# ---------------------------------------------------------------- pages and dialogs


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_page_reads_vietnamese(qtbot: QtBot, small: SmallSchool, role: str) -> None:
    """Each page of the role, its menus and its text fields' right-click menus: no Qt English."""
    window = small_window(qtbot, small, f"u_{role}")
    for key in window.page_keys():
        window.open_page(key)
        settle(qtbot)
    found = english_in(window, role)
    for menu in window.menuBar().findChildren(QMenu):
        found += [
            f"{role} menu: {a.text()!r}" for a in menu.actions() if plain(a.text()) in ENGLISH
        ]
    assert APP_NAME not in window.windowTitle()  # Qt adds " — Trường Số" itself
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_dialog_reads_vietnamese(qtbot: QtBot, small: SmallSchool, name: str) -> None:
    """Each dialog, its buttons and its text fields' right-click menus: no Qt English."""
    dialog = DIALOGS[name](small)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    found = english_in(dialog, name)
    dialog.reject()
    assert APP_NAME not in dialog.windowTitle(), name  # Qt adds " — Trường Số" itself
    assert not found, "\n".join(found)


@pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)  # popup menus on the offscreen platform
def test_qt_built_widgets_read_vietnamese(qtbot: QtBot) -> None:
    """Standard buttons, spin box and scroll bar menus, progress and details buttons."""
    every = QDialogButtonBox.StandardButton.NoButton
    for button in QDialogButtonBox.StandardButton:
        every |= button
    boxes = QDialogButtonBox(every)
    spin, date_edit, bar = QSpinBox(), QDateEdit(), QScrollBar(Qt.Orientation.Vertical)
    details = QMessageBox(QMessageBox.Icon.Information, "Lỗi", "Lỗi.")
    details.setDetailedText("chi tiết")
    progress = QProgressDialog()
    for w in (boxes, spin, date_edit, bar, details, progress):
        qtbot.addWidget(w)
    bar.resize(20, 200)
    bar.show()
    spin.show()
    found = english_in(boxes, "buttons") + english_in(details, "details")
    found += english_in(progress, "progress")
    assert len(boxes.buttons()) == 18
    for w in (spin, date_edit, bar):
        w.show()
        texts = popup_menu_texts(qtbot, w)
        found += [f"{type(w).__name__} menu: {t!r}" for t in texts if plain(t) in ENGLISH]
    assert isinstance(spin, QAbstractSpinBox)
    assert not found, "\n".join(found)


def test_qt_dialogs_of_the_app_read_vietnamese(
    qtbot: QtBot, small: SmallSchool, tmp_path: Path
) -> None:
    """The About box and the open / save / folder choosers (Qt's own, not the system's)."""
    (tmp_path / "hoc-sinh.xlsx").write_bytes(b"x")
    (tmp_path / "Lớp 6A1").mkdir()
    window = build_main_window(Runtime(small.db), user_info(small.db, "u_secretary"))
    qtbot.addWidget(window)
    found: list[str] = []
    seen: list[str] = []

    def inspect(where: str) -> Callable[[QWidget], None]:
        def check(shown: QWidget) -> None:
            settle(qtbot)
            seen.append(type(shown).__name__)
            if isinstance(shown, QFileDialog):  # Qt's own, translated on every system
                assert shown.testOption(QFileDialog.Option.DontUseNativeDialog)
            found.extend(english_in(shown, where))

        return check

    on_next_modal(inspect("about"))
    window.about_action.trigger()
    for where, ask in (
        ("open", lambda: OpenFileDialog.ask(window, "Chọn tệp", tmp_path, "Excel (*.xlsx)")),
        ("save", lambda: SaveFileDialog.ask(window, "Lưu", tmp_path / "a.xlsx", "Excel (*.xlsx)")),
        ("folder", lambda: FolderDialog.ask(window, "Chọn thư mục", tmp_path)),
    ):
        on_next_modal(inspect(where))
        assert ask() is None  # closed without choosing
    assert seen == ["QMessageBox", "QFileDialog", "QFileDialog", "QFileDialog"]
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- wrong texts


def test_the_unsaved_grades_question_names_no_destination(qtbot: QtBot) -> None:
    """At exit the question asks to save; it no longer says "trước khi chuyển"."""
    texts: list[str] = []
    on_next_modal(lambda box: texts.append(box.text()))  # type: ignore[attr-defined]
    UnsavedDialog.ask(None, 3, "Bảng điểm Toán")
    assert texts == ["Bảng điểm Toán có 3 ô chưa lưu. Lưu lại các thay đổi này?"]


def _subtitle(window: MainWindow) -> str:
    page = window.open_page("students")
    return next(
        label.text() for label in page.findChildren(QLabel) if label.objectName() == "pageSubtitle"
    )


@pytest.mark.parametrize(
    ("username", "subtitle"),
    [
        ("u_principal", "Hồ sơ học sinh toàn trường (chỉ xem)."),
        ("u_teacher", "Học sinh các lớp bạn chủ nhiệm (chỉ xem)."),
        ("u_secretary", "Hồ sơ học sinh toàn trường: tìm kiếm, lọc, xem và cập nhật."),
    ],
)
def test_the_student_page_says_whose_students_it_lists(
    qtbot: QtBot, ui_seeded: Seeded, username: str, subtitle: str
) -> None:
    """The principal sees the whole school read-only, not "các lớp bạn chủ nhiệm"."""
    window = build_main_window(Runtime(ui_seeded.db), user_info(ui_seeded.db, username))
    qtbot.addWidget(window)
    assert _subtitle(window) == subtitle


def test_numbers_are_grouped_the_vietnamese_way() -> None:
    """172900 journal entries read "172.900 mục"."""
    assert [thousands(n) for n in (0, 999, 1000, 172_900, 1_234_567, -3000)] == [
        "0", "999", "1.000", "172.900", "1.234.567", "-3.000",
    ]  # fmt: skip
    assert "172.900 mục" in VerifyResult(count=172_900).message


# ---------------------------------------------------------------- the key file notice


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_the_key_file_notice_goes_to_the_admin_and_it_only(
    qtbot: QtBot, ui_seeded: Seeded, monkeypatch: pytest.MonkeyPatch, role: str
) -> None:
    """Without an OS keyring, only the admin and the IT coordinator are told, once, in plain words."""
    from app import secrets

    monkeypatch.setenv("TRUONGSO_KEYRING", "file")
    secrets.reset_for_tests()
    shown: list[str] = []
    monkeypatch.setattr(
        Notice, "ask", classmethod(lambda cls, p, t, text, **kw: shown.append(text))
    )
    user = user_info(ui_seeded.db, f"u_{role}")
    show_keyring_notice(None, user)
    show_keyring_notice(None, user)  # once per computer
    told = role in (Role.ADMIN, Role.IT_COORDINATOR)
    assert len(shown) == (1 if told else 0)
    assert all("docs/keyring.md" not in text and "Xuất khóa sao lưu" in text for text in shown)
    assert bool(settings.load().extra.get("keyring_warning_shown")) is told
