"""The stocktake reconciliation: each category on hand-made cases, then properties."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.equipment.reconcile import (
    ACTIVE,
    DISPOSED,
    ConditionChange,
    Duplicate,
    Reconciliation,
    RegisterItem,
    Scan,
    UnknownReason,
    WrongRoom,
    reconcile,
    unknown_message,
)

T0 = datetime(2026, 12, 7, 8, 0)
GOOD, LIGHT, BROKEN = "tốt", "hỏng nhẹ", "hỏng"


def at(minute: int) -> datetime:
    return T0 + timedelta(minutes=minute)


REGISTER = [
    RegisterItem("TB-001", "Lý", GOOD),
    RegisterItem("TB-002", "Lý", GOOD),
    RegisterItem("TB-003", "Lý", LIGHT),
    RegisterItem("TB-004", "Hóa", GOOD),
    RegisterItem("TB-005", "Hóa", GOOD),
    RegisterItem("TB-006", None, GOOD),
    RegisterItem("TB-007", "Lý", BROKEN, DISPOSED),
]


def test_room_stocktake_found_missing_and_other_rooms_ignored() -> None:
    """A stocktake of the physics room: what was scanned there is found, the rest of that room
    is missing; the chemistry room's items and the item without a room are not expected."""
    r = reconcile(REGISTER, [Scan("TB-001", "Lý", at(0)), Scan("TB-003", "Lý", at(1))], ["Lý"])
    assert r.rooms == ("Lý",)
    assert r.expected == 3
    assert r.found == ("TB-001", "TB-003")
    assert r.missing == ("TB-002",)
    assert not (r.wrong_room or r.unknown or r.disposed or r.condition_changes or r.duplicates)
    assert r.accounted_for == {"TB-001", "TB-003"}
    assert not r.is_clean


def test_whole_school_misses_everything_not_scanned_ordered_by_room() -> None:
    """Whole school: every active item not scanned is missing (the one without a room too),
    listed by room then code; the disposed item is not expected."""
    r = reconcile(REGISTER, [Scan("TB-002", "Lý", at(0))])
    assert r.rooms is None
    assert r.expected == 6
    assert r.missing == ("TB-006", "TB-004", "TB-005", "TB-001", "TB-003")  # "", Hóa, Lý


def test_found_in_the_wrong_room() -> None:
    """An item of the chemistry room scanned in the physics room is misplaced, not missing and
    not found; so is an item with no room yet, wherever it is scanned."""
    scans = [Scan("TB-004", "Lý", at(0)), Scan("TB-006", "Lý", at(1))]
    r = reconcile(REGISTER, scans, ["Lý", "Hóa"])
    assert r.wrong_room == (WrongRoom("TB-004", "Hóa", "Lý"), WrongRoom("TB-006", None, "Lý"))
    assert "TB-004" not in r.missing and "TB-004" not in r.found
    assert r.missing == ("TB-005", "TB-001", "TB-002", "TB-003")
    assert r.accounted_for == {"TB-004"}


def test_unknown_labels_unregistered_and_malformed() -> None:
    """A well-formed code the register lacks is 'not registered'; a web address, a code with a
    space inside, an empty read and a stray symbol are 'malformed'; each once, sorted."""
    scans = [
        Scan("TB-999", "Lý", at(0)),
        Scan("https://example.vn/x", "Lý", at(1)),
        Scan("TB 001", "Lý", at(2)),
        Scan("   ", "Lý", at(3)),
        Scan("TB-001-", "Lý", at(4)),
        Scan("TB-999", "Lý", at(5)),
    ]
    r = reconcile(REGISTER, scans, ["Lý"])
    reasons = {u.code: u.reason for u in r.unknown}
    assert reasons == {
        "TB-999": UnknownReason.NOT_REGISTERED,
        "HTTPS://EXAMPLE.VN/X": UnknownReason.MALFORMED,
        "TB 001": UnknownReason.MALFORMED,
        "": UnknownReason.MALFORMED,
        "TB-001-": UnknownReason.MALFORMED,
    }
    assert [u.code for u in r.unknown] == sorted(reasons)
    assert r.unknown[-1].at == at(0) and r.unknown[-1].room == "Lý"
    assert r.duplicates == (Duplicate("TB-999", 1),)
    assert r.found == ()
    messages = [unknown_message(u) for u in r.unknown]
    assert messages[-1] == "Mã «TB-999» không có trong sổ thiết bị. Để riêng thiết bị này ra."
    assert messages[0].startswith("Nhãn vừa quét không phải mã thiết bị")


def test_codes_match_whatever_the_case_and_spaces() -> None:
    """A scanner with Caps Lock off or a code typed with spaces still matches the register."""
    r = reconcile(REGISTER, [Scan(" tb-001\t", "Lý", at(0))], ["Lý"])
    assert r.found == ("TB-001",)


def test_duplicates_are_counted_and_the_first_scan_decides_the_room() -> None:
    """Three reads of one code: found once, two repeats counted; the earliest read (not the
    first in the list) gives the room."""
    scans = [Scan("TB-004", "Lý", at(5)), Scan("TB-004", "Hóa", at(1)), Scan("TB-004", "Lý", at(9))]
    r = reconcile(REGISTER, scans, ["Hóa"])
    assert r.found == ("TB-004",)
    assert r.wrong_room == ()
    assert r.duplicates == (Duplicate("TB-004", 2),)
    assert r.duplicate_scans == 2 and r.scans == 3


def test_condition_changes_latest_note_wins() -> None:
    """The last noted condition of an item is compared with the register; the same condition
    is no change; an item scanned without a note keeps its condition."""
    scans = [
        Scan("TB-001", "Lý", at(0), BROKEN),
        Scan("TB-001", "Lý", at(3), LIGHT),
        Scan("TB-001", "Lý", at(4)),
        Scan("TB-002", "Lý", at(1), GOOD),
        Scan("TB-003", "Lý", at(2)),
        Scan("TB-004", "Lý", at(2), BROKEN),
    ]
    r = reconcile(REGISTER, scans, ["Lý"])
    assert r.condition_changes == (
        ConditionChange("TB-001", GOOD, LIGHT),
        ConditionChange("TB-004", GOOD, BROKEN),
    )


def test_disposed_item_scanned_is_reported_alone() -> None:
    """A disposed item still on the shelf is reported as such: not found, not expected, and
    its noted condition is not a change."""
    r = reconcile(REGISTER, [Scan("TB-007", "Lý", at(0), GOOD)], ["Lý"])
    assert r.disposed == ("TB-007",)
    assert r.found == () and r.condition_changes == () and r.wrong_room == ()
    assert "TB-007" not in r.missing


def test_everything_in_place_is_clean() -> None:
    """Every item of a room scanned in it, nothing else: nothing to review."""
    items = [i for i in REGISTER if i.room == "Hóa"]
    r = reconcile(items, [Scan(i.code, "Hóa", at(n)) for n, i in enumerate(items)], ["Hóa"])
    assert r.is_clean and r.found == ("TB-004", "TB-005")


def test_same_result_whatever_the_order_of_input() -> None:
    """Shuffled register and scans (distinct times) give the very same result."""
    scans = [Scan(f"TB-{n:03d}", "Lý" if n % 2 else "Hóa", at(n), GOOD) for n in range(12)]
    first = reconcile(REGISTER, scans)
    rng = random.Random(7)
    for _ in range(5):
        items, shuffled = REGISTER[:], scans[:]
        rng.shuffle(items)
        rng.shuffle(shuffled)
        assert reconcile(items, shuffled) == first


# Properties over random registers and scans.
ROOMS = ["P1", "P2", "P3"]
CODES = [f"C{n}" for n in range(25)]
CONDITIONS = [GOOD, LIGHT, BROKEN]

registers = st.dictionaries(
    st.sampled_from(CODES),
    st.tuples(
        st.none() | st.sampled_from(ROOMS),
        st.sampled_from(CONDITIONS),
        st.sampled_from([ACTIVE, ACTIVE, ACTIVE, DISPOSED]),
    ),
    max_size=len(CODES),
).map(lambda d: [RegisterItem(code, *value) for code, value in d.items()])
scan_lists = st.lists(
    st.builds(
        Scan,
        code=st.sampled_from([*CODES, "X-1", "??", "c3 "]),
        room=st.sampled_from(ROOMS),
        at=st.integers(0, 500).map(at),
        condition=st.none() | st.sampled_from(CONDITIONS),
    ),
    max_size=60,
)
scopes = st.none() | st.sets(st.sampled_from(ROOMS), min_size=1)


def expected_codes(items: list[RegisterItem], rooms: set[str] | None) -> set[str]:
    return {i.code for i in items if i.status == ACTIVE and (rooms is None or i.room in rooms)}


@given(registers, scan_lists, scopes)
def test_found_and_missing_cover_the_expected_set(
    items: list[RegisterItem], scans: list[Scan], rooms: set[str] | None
) -> None:
    """Property: the expected items are exactly those missing or scanned (in their room or
    another); scans made inside the scope only ever find expected items."""
    r = reconcile(items, scans, rooms)
    expected = expected_codes(items, rooms)
    seen = set(r.found) | {w.code for w in r.wrong_room}
    assert set(r.missing) | (seen & expected) == expected
    assert set(r.missing) <= expected and not set(r.missing) & seen
    assert r.accounted_for | set(r.missing) == expected and r.expected == len(expected)
    inside = [s for s in scans if rooms is None or s.room in rooms]
    assert set(reconcile(items, inside, rooms).found) <= expected


@given(registers, scan_lists, scopes)
def test_no_code_in_two_exclusive_categories(
    items: list[RegisterItem], scans: list[Scan], rooms: set[str] | None
) -> None:
    """Property: found, missing, wrong room, disposed and unknown never share a code, and every
    distinct scanned code is in exactly one of the four scanned categories."""
    r = reconcile(items, scans, rooms)
    groups = [set(r.found), set(r.missing), {w.code for w in r.wrong_room}, set(r.disposed),
              {u.code for u in r.unknown}]  # fmt: skip
    assert sum(len(g) for g in groups) == len(set().union(*groups))
    scanned = {s.code.strip().upper() for s in scans}
    assert set().union(*groups[:1], *groups[2:]) == scanned


@given(registers, scan_lists, scopes, st.data())
def test_duplicate_scans_never_change_the_result(
    items: list[RegisterItem], scans: list[Scan], rooms: set[str] | None, data: st.DataObject
) -> None:
    """Property: repeating any scans (anywhere in the list) changes only the duplicate tally."""
    r = reconcile(items, scans, rooms)
    repeats = data.draw(st.lists(st.sampled_from(scans), max_size=20)) if scans else []
    noisy = data.draw(st.permutations(scans + repeats)) if scans else []
    # Same time, same data: the order among identical reads cannot matter, but distinct reads
    # at the same minute keep their order so the tie rule (first in the list) is not tested here.
    noisy.sort(key=lambda s: (s.at, scans.index(s)))
    again = reconcile(items, noisy, rooms)
    assert replace(again, duplicates=(), scans=0) == replace(r, duplicates=(), scans=0)
    assert again.duplicate_scans == r.duplicate_scans + len(repeats)


def test_result_is_a_plain_value() -> None:
    """The result compares by value (a saved stocktake can be checked against a new run)."""
    a = reconcile(REGISTER, [Scan("TB-001", "Lý", at(0))], ["Lý"])
    assert isinstance(a, Reconciliation)
    assert a == reconcile(REGISTER, [Scan("TB-001", "Lý", at(0))], ["Lý"])
