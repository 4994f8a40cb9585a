"""Small input widgets of the student screens: dd/mm/yyyy dates, optional numbers, read-only mode."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.students import Issue, coerce_date, format_date


class DateEdit(QLineEdit):
    """A date typed as dd/mm/yyyy (d/m/yyyy and yyyy-mm-dd are understood too)."""

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.setMaximumWidth(150)

    def set_date(self, value: date | None) -> None:
        """Show ``value`` as dd/mm/yyyy (empty for None)."""
        self.setText(format_date(value))

    def date_value(self) -> tuple[date | None, Issue | None]:
        """The date typed, or an issue naming the field when it cannot be read."""
        return coerce_date(self.text().strip() or None, self.field)


class OptionalNumber(QDoubleSpinBox):
    """A number that may be left empty: the minimum shows as "—" and means None."""

    def __init__(self, low: float, high: float, suffix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(1)
        self.setRange(low - 1, high)
        self.setSpecialValueText("—")
        self.setSuffix(suffix)
        self.setValue(self.minimum())
        self.setMaximumWidth(150)

    def number(self) -> float | None:
        """The value, or None when left at "—"."""
        return None if self.value() <= self.minimum() else round(self.value(), 1)

    def set_number(self, value: float | None) -> None:
        """Show ``value`` (None → "—")."""
        self.setValue(self.minimum() if value is None else value)


class OptionalYear(QSpinBox):
    """A birth year that may be left empty ("—")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(1899, date.today().year)
        self.setSpecialValueText("—")
        self.setValue(self.minimum())
        self.setMaximumWidth(110)

    def year(self) -> int | None:
        """The year, or None."""
        return None if self.value() <= self.minimum() else self.value()

    def set_year(self, value: int | None) -> None:
        """Show ``value`` (None → "—")."""
        self.setValue(self.minimum() if value is None else value)


def set_read_only(widgets: list[QWidget], read_only: bool) -> None:
    """Make inputs read-only (text stays selectable) or editable again."""
    for w in widgets:
        if isinstance(w, QLineEdit | QPlainTextEdit):
            w.setReadOnly(read_only)
        elif isinstance(w, QAbstractSpinBox):
            w.setReadOnly(read_only)
            w.setButtonSymbols(
                QAbstractSpinBox.ButtonSymbols.NoButtons
                if read_only
                else QAbstractSpinBox.ButtonSymbols.UpDownArrows
            )
        elif isinstance(w, QComboBox | QAbstractButton):
            w.setEnabled(not read_only)


def combo_text(combo: QComboBox) -> str:
    """The text of an editable or fixed combo box, trimmed."""
    return combo.currentText().strip()


def select_text(combo: QComboBox, text: str) -> None:
    """Select the item showing ``text``; editable boxes take any text."""
    index = combo.findText(text)
    if index >= 0:
        combo.setCurrentIndex(index)
    elif combo.isEditable():
        combo.setEditText(text)
    else:
        combo.setCurrentIndex(-1)
