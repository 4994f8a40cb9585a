"""The stocktake reconciliation (kiểm kê, issue 11 §4): the register against the scans.

A pure function over plain records, so the register's models, a paused session's saved
scans or a test's hand-made lists all feed it the same way. Nothing here touches the
database; applying the result (moving items, recording conditions) is the caller's.

Codes are compared after ``normalise_code`` (spaces around removed, upper case): a
keyboard-wedge scanner with Caps Lock on, or a code typed by hand, still matches.

Every scanned code lands in exactly one of ``found``, ``wrong_room``, ``disposed`` and
``unknown``; every expected item that was not scanned is ``missing``. The expected items
are the active items of the rooms in scope (``rooms``), or every active item of the school
when ``rooms`` is None. So ``found`` ∪ ``missing`` ∪ (``wrong_room`` items registered in
those rooms) is the expected set, and ``accounted_for`` is that union minus ``missing``.

A code scanned more than once counts once: its first scan (earliest time, then first in
the list) decides the room, its latest scan that noted a condition decides the condition;
the repeats are tallied in ``duplicates``, never an error (DOMAIN: scanning is tolerant).
Every list is sorted by code (``missing`` by register room, then code), so the same input
always gives the same result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.messages.equipment_labels import RECONCILE_MSG

ACTIVE = "active"
DISPOSED = "disposed"

CODE_PATTERN = re.compile(r"[A-Z0-9](?:[A-Z0-9.\-/]{0,38}[A-Z0-9])?")
"""What a label code may look like (after ``normalise_code``): letters, digits, and ``.-/``
inside, at most 40 characters. Anything else read by the scanner is a malformed label."""


def normalise_code(text: str) -> str:
    """The code as compared: spaces around removed, upper case."""
    return text.strip().upper()


def is_well_formed(code: str) -> bool:
    """Whether a normalised code has the shape of a label code (``CODE_PATTERN``)."""
    return CODE_PATTERN.fullmatch(code) is not None


@dataclass(frozen=True, slots=True)
class RegisterItem:
    """One item of the register as the stocktake needs it."""

    code: str
    room: str | None
    condition: str
    status: str = ACTIVE  # ACTIVE or DISPOSED


@dataclass(frozen=True, slots=True)
class Scan:
    """One read of a label: the code as read, the room of the session, when, and the
    condition the officer noted (None when none was)."""

    code: str
    room: str
    at: datetime
    condition: str | None = None


class UnknownReason(StrEnum):
    """Why a scanned label matches no item."""

    MALFORMED = "malformed"  # not the shape of a code (a misread, another barcode)
    NOT_REGISTERED = "not_registered"  # a well-formed code the register does not hold


@dataclass(frozen=True, slots=True)
class WrongRoom:
    """An active item scanned in a room other than its register room (None: no room yet)."""

    code: str
    register_room: str | None
    scanned_room: str


@dataclass(frozen=True, slots=True)
class UnknownLabel:
    """A scanned code that matches no item, with where and when it was first read."""

    code: str
    reason: UnknownReason
    room: str
    at: datetime


def unknown_message(label: UnknownLabel) -> str:
    """What the stocktake screen says (without stopping the scanning) for an unknown label."""
    if label.reason is UnknownReason.MALFORMED:
        return RECONCILE_MSG.scanned_malformed.format(code=label.code)
    return RECONCILE_MSG.scanned_not_registered.format(code=label.code)


@dataclass(frozen=True, slots=True)
class ConditionChange:
    """An active item whose noted condition differs from the register's."""

    code: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A code read more than once: ``extra`` reads beyond the first."""

    code: str
    extra: int


@dataclass(frozen=True)
class Reconciliation:
    """The result of one stocktake; codes are normalised."""

    rooms: tuple[str, ...] | None  # the scope, sorted; None for the whole school
    expected: int
    found: tuple[str, ...]
    missing: tuple[str, ...]
    wrong_room: tuple[WrongRoom, ...]
    unknown: tuple[UnknownLabel, ...]
    disposed: tuple[str, ...]
    condition_changes: tuple[ConditionChange, ...]
    duplicates: tuple[Duplicate, ...]
    scans: int
    expected_codes: frozenset[str] = field(repr=False, default=frozenset())

    @property
    def duplicate_scans(self) -> int:
        """How many reads repeated a code already read."""
        return sum(d.extra for d in self.duplicates)

    @property
    def accounted_for(self) -> frozenset[str]:
        """The expected items that were scanned, in their room or another."""
        return self.expected_codes.difference(self.missing)

    @property
    def is_clean(self) -> bool:
        """Nothing to review: no missing, misplaced, unknown or disposed item, no change."""
        worth_a_look = (self.missing, self.wrong_room, self.unknown, self.disposed)
        return not any(worth_a_look) and not self.condition_changes


def reconcile(
    items: Iterable[RegisterItem],
    scans: Iterable[Scan],
    rooms: Collection[str] | None = None,
    *,
    well_formed: Callable[[str], bool] = is_well_formed,
) -> Reconciliation:
    """Reconcile the register's ``items`` with the ``scans`` of a stocktake of ``rooms``
    (None: the whole school). ``well_formed`` tells a malformed label from an unknown code."""
    register = {normalise_code(item.code): item for item in items}
    first: dict[str, Scan] = {}
    noted: dict[str, Scan] = {}
    extra: dict[str, int] = {}
    total = 0
    for scan in scans:
        total += 1
        code = scan.code.strip().upper()  # normalise_code, inlined: 20,000 reads
        seen = first.get(code)
        if seen is None:
            first[code] = scan
        else:
            extra[code] = extra.get(code, 0) + 1
            if scan.at < seen.at:
                first[code] = scan
        if scan.condition is not None:
            last = noted.get(code)
            if last is None or scan.at >= last.at:
                noted[code] = scan

    scope = None if rooms is None else frozenset(rooms)
    found: list[str] = []
    wrong: list[WrongRoom] = []
    unknown: list[UnknownLabel] = []
    disposed: list[str] = []
    changes: list[ConditionChange] = []
    for code, scan in first.items():
        item = register.get(code)
        if item is None:
            reason = UnknownReason.NOT_REGISTERED if well_formed(code) else UnknownReason.MALFORMED
            unknown.append(UnknownLabel(code, reason, scan.room, scan.at))
            continue
        if item.status != ACTIVE:
            disposed.append(code)
            continue
        if item.room == scan.room:
            found.append(code)
        else:
            wrong.append(WrongRoom(code, item.room, scan.room))
        note = noted.get(code)
        if note is not None and note.condition != item.condition:
            changes.append(ConditionChange(code, item.condition, note.condition or ""))

    expected = {
        code: item.room or ""
        for code, item in register.items()
        if item.status == ACTIVE and (scope is None or item.room in scope)
    }
    missing = [code for code in expected if code not in first]
    missing.sort(key=lambda code: (expected[code], code))
    found.sort()
    disposed.sort()
    return Reconciliation(
        rooms=None if scope is None else tuple(sorted(scope)),
        expected=len(expected),
        found=tuple(found),
        missing=tuple(missing),
        wrong_room=tuple(sorted(wrong, key=lambda w: w.code)),
        unknown=tuple(sorted(unknown, key=lambda u: u.code)),
        disposed=tuple(disposed),
        condition_changes=tuple(sorted(changes, key=lambda c: c.code)),
        duplicates=tuple(Duplicate(c, n) for c, n in sorted(extra.items())),
        scans=total,
        expected_codes=frozenset(expected),
    )
