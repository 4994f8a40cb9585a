"""Combo-box helpers: item data are Python objects (UUIDs), compared by value, not by identity."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def find_data(combo: QComboBox, value: object) -> int:
    """The index of the item whose data equals ``value`` (-1 when none does)."""
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)
