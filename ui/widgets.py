"""Small building blocks shared by pages and dialogs: cards, headers, inline errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import icons, style
from ui.table_fit import show_full_text

if TYPE_CHECKING:  # the data layer is imported when a page first uses it, not at start-up
    from app.db import Actor, Database


class Card(QFrame):
    """A white rounded panel with an icon and a title; fill ``body``."""

    def __init__(self, title: str, icon_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title_label = QLabel(title)
        self.title_label.setObjectName("cardTitle")
        head = QHBoxLayout()
        head.setSpacing(8)
        if icon_name:
            mark = QLabel()
            mark.setPixmap(icons.pixmap(icon_name, 20, style.ACCENT))
            head.addWidget(mark)
        head.addWidget(self.title_label, 1)
        self.head = head
        self.body = QVBoxLayout()
        self.body.setSpacing(6)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 14)
        outer.setSpacing(10)
        outer.addLayout(head)
        outer.addLayout(self.body)
        outer.addStretch(1)


def form(grow_all: bool = True) -> QFormLayout:
    """A form layout with muted labels on the left, as cards use it.

    With ``grow_all`` False only expanding fields (line edits) take the full width,
    so spin boxes and buttons keep their natural size.
    """
    layout = QFormLayout()
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    layout.setHorizontalSpacing(18)
    layout.setVerticalSpacing(8)
    layout.setFieldGrowthPolicy(
        QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow
        if grow_all
        else QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow
    )
    return layout


def field_name(text: str) -> QLabel:
    """A muted label naming a value in a card."""
    label = QLabel(text)
    label.setObjectName("fieldName")
    return label


def value_label(text: str = "") -> QLabel:
    """A selectable, wrapping value label."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


class PageHeader(QWidget):
    """The title and one-line description at the top of a page."""

    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("pageTitle")
        self.subtitle_label = QLabel(subtitle)
        self.subtitle_label.setObjectName("pageSubtitle")
        self.subtitle_label.setWordWrap(True)
        self.subtitle_label.setVisible(bool(subtitle))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.subtitle_label)


class ErrorLabel(QLabel):
    """An inline error message, hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorText")
        self.setWordWrap(True)
        self.setVisible(False)

    def show_message(self, text: str) -> None:
        """Show ``text`` (or hide when empty)."""
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        """Hide the message."""
        self.show_message("")


def page_layout(widget: QWidget) -> QVBoxLayout:
    """The standard margins of a page in the main window."""
    widget.setObjectName("page")
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(24, 20, 24, 16)
    layout.setSpacing(12)
    return layout


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        child = item.widget()
        if child is not None:
            child.deleteLater()
        else:
            inner = item.layout()
            if inner is not None:
                clear_layout(inner)


def configure_table(table: QTableView) -> None:
    """Read-only, whole-row selection, no row numbers, the full text of a cut-short header or
    cell in its tooltip: how every list in the app looks."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setHighlightSections(False)
    show_full_text(table)


def ok_cancel_buttons(ok_text: str) -> QDialogButtonBox:
    """An OK / Hủy button box in Vietnamese, OK named ``ok_text`` and marked primary."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName("primary")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
    return buttons


def step_trail(steps: tuple[str, ...], current: int) -> str:
    """«1. … › 2. … › 3. …» for a wizard's header, the current step in the accent colour."""
    parts = []
    for i, name in enumerate(steps):
        color = style.ACCENT if i == current else style.MUTED
        weight = "600" if i == current else "normal"
        parts.append(f"<span style='color:{color}; font-weight:{weight}'>{i + 1}. {name}</span>")
    return "&nbsp;&nbsp;›&nbsp;&nbsp;".join(parts)


def fill_years(
    combo: QComboBox,
    db: Database,
    actor: Actor | None,
    chosen: str = "",
    *,
    extra: tuple[str, str] | None = None,
    quiet: bool = True,
) -> None:
    """The school's years in ``combo`` (each year's name as its text and data; ``extra``, a
    (label, data) pair, after them), ``chosen`` or else the current year selected. ``quiet``:
    the combo says nothing while it fills (the caller loads what the year shows itself)."""
    from app import school

    with db.read(actor) as s:
        years = school.list_years(s)
    target = chosen or next((y.name for y in years if y.is_current), "")
    combo.blockSignals(quiet)
    combo.clear()
    for y in years:
        combo.addItem(y.name, y.name)
    if extra is not None:
        combo.addItem(*extra)
    combo.setCurrentIndex(max(0, combo.findData(target)))
    combo.blockSignals(False)
