"""The look of the app: Fusion, a readable font with Vietnamese glyphs, one stylesheet."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

ACCENT = "#1d5fa8"
ACCENT_DARK = "#174c87"
NAV_BG = "#17324d"
NAV_TEXT = "#d6e1ee"
WINDOW_BG = "#f3f5f8"
TEXT = "#1f2933"
MUTED = "#5f6b7a"
BORDER = "#d9dfe6"
OK = "#1e7b45"
WARN = "#a35a00"
BAD = "#b3261e"
DISABLED_TEXT = "#8d97a5"
DISABLED_BG = "#eef1f5"

_PREFERRED_FONTS = ("Segoe UI", "Noto Sans", "Inter", "Roboto", "DejaVu Sans")

STYLESHEET = f"""
QMainWindow, QDialog, QWizard {{ background: {WINDOW_BG}; }}
QWidget#page {{ background: {WINDOW_BG}; }}
QListWidget#nav {{
    background: {NAV_BG}; color: {NAV_TEXT}; border: none; outline: 0;
    padding-top: 6px;
}}
QListWidget#nav::item {{ padding: 6px 12px; border-left: 3px solid transparent; }}
QListWidget#nav::item:hover {{ background: #1f4063; }}
QListWidget#nav::item:selected {{
    background: #25507c; color: white; border-left: 3px solid #5aa9ff;
}}
QWidget#navPanel {{ background: {NAV_BG}; }}
QLabel#navTitle {{ color: white; font-size: 13pt; font-weight: 600; }}
QLabel#navSubtitle {{ color: #9fb3c8; }}
QFrame#card {{
    background: white; border: 1px solid {BORDER}; border-radius: 8px;
}}
QFrame#card QLabel {{ background: transparent; }}
QLabel#cardTitle {{ color: {NAV_BG}; font-size: 11pt; font-weight: 600; }}
QLabel#pageTitle {{ color: {TEXT}; font-size: 15pt; font-weight: 600; }}
QLabel#pageSubtitle, QLabel#muted {{ color: {MUTED}; }}
QLabel#fieldName {{ color: {MUTED}; }}
QLabel#bigValue {{ color: {TEXT}; font-size: 13pt; font-weight: 600; }}
QLabel#statusOk {{ color: {OK}; font-weight: 600; }}
QLabel#statusWarn {{ color: {WARN}; font-weight: 600; }}
QLabel#statusBad {{ color: {BAD}; font-weight: 600; }}
QLabel#errorText {{
    color: {BAD}; background: #fdecea; border: 1px solid #f5c2bd;
    border-radius: 4px; padding: 6px 8px;
}}
QLabel#warningBanner {{
    color: #6b3d00; background: #fff4e0; border: 1px solid #f3d19c;
    border-radius: 6px; padding: 8px 10px;
}}
QLineEdit:read-only, QPlainTextEdit:read-only {{ background: {DISABLED_BG}; color: {MUTED}; }}
QPushButton {{ padding: 5px 14px; }}
QPushButton#primary {{
    background: {ACCENT}; color: white; border: 1px solid {ACCENT_DARK};
    border-radius: 4px; padding: 6px 16px; font-weight: 600;
}}
QPushButton#primary:hover {{ background: {ACCENT_DARK}; }}
QPushButton#primary:disabled {{ background: #8fb0d6; border-color: #8fb0d6; }}
QTableView {{
    background: white; alternate-background-color: #f7f9fb; gridline-color: #e6eaef;
    border: 1px solid {BORDER}; selection-background-color: #d4e5f8;
    selection-color: {TEXT};
}}
QHeaderView::section {{
    background: #eef1f5; color: {TEXT}; padding: 5px 6px; border: none;
    border-right: 1px solid {BORDER}; border-bottom: 1px solid {BORDER}; font-weight: 600;
}}
QStatusBar {{ background: #e9edf2; color: {MUTED}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


def pick_font() -> QFont:
    """The first installed font from a list that covers Vietnamese well, at 10 pt."""
    families = set(QFontDatabase.families())
    font = QApplication.font()
    for family in _PREFERRED_FONTS:
        if family in families:
            font = QFont(family)
            break
    font.setPointSize(10)
    return font


def _palette() -> QPalette:
    palette = QStyleFactory.create("Fusion").standardPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW_BG))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f9fb"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor("#f8f9fb"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffe8"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(TEXT))
    # The calls above set every colour group; a disabled input must not look like one in use.
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(disabled, role, QColor(DISABLED_TEXT))
    palette.setColor(disabled, QPalette.ColorRole.Base, QColor(DISABLED_BG))
    palette.setColor(disabled, QPalette.ColorRole.Button, QColor(DISABLED_BG))
    return palette


def apply(app: QApplication) -> None:
    """Fusion with a light palette, the chosen font and the stylesheet."""
    app.setStyle("Fusion")
    app.setPalette(_palette())
    if sys.platform != "darwin":
        app.setFont(pick_font())
    app.setStyleSheet(STYLESHEET)
