"""Qt's own texts in Vietnamese: text-field menus, standard buttons, the file chooser.

Qt ships no Vietnamese translation of itself, so ``resources/i18n/qt_vi.ts`` holds
one for the Qt contexts the app shows; ``make`` compiles it to ``qt_vi.qm`` with
pyside6-lrelease (committed, so a fresh clone and the bundle both have it).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTranslator

from app import paths

QT_VI = ("i18n", "qt_vi.qm")
log = logging.getLogger(__name__)

_installed: QTranslator | None = None


def install(qapp: QCoreApplication) -> QTranslator | None:
    """Load the Vietnamese Qt texts into ``qapp`` once; None when the file is missing."""
    global _installed
    if _installed is not None:
        return _installed
    translator = QTranslator(qapp)
    path = paths.resource(*QT_VI)
    if not translator.load(str(path)):
        log.warning("Qt's Vietnamese texts not found at %s; Qt's dialogs stay English", path)
        return None
    qapp.installTranslator(translator)
    _installed = translator
    return translator


def uninstall() -> None:
    """Take the Vietnamese Qt texts out again (tests)."""
    global _installed
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
        _installed = None
