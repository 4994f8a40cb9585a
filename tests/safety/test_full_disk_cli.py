"""A full disk is a full disk (issue 15 §2), on a real small tmpfs (``tests.safety.small_disk``).

Before: ``grades set`` and ``users add`` ended with exit 3 "Lỗi không mong muốn
(OperationalError)" and screens of "--- Logging error ---"; an import that filled
the disk mid-transaction did the same; with 16 KB free ``check`` called the
database damaged ("disk I/O error"). Now each says the disk is full, where and how
much to free, exits 1, and once space is freed everything is as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.safety.small_disk import run_on_small_disk

pytestmark = pytest.mark.slow

FULL = "Ổ đĩa đã đầy"


def _said_disk_full(result: dict) -> None:
    """Exit 1, the disk-full message once, no traceback, no logging noise, no "damaged"."""
    err = result["err"]
    assert result["rc"] == 1, err
    assert err.count(FULL) == 1 and "để có ít nhất" in err and "MB trống" in err, err
    for noise in ("Traceback", "Logging error", "OperationalError", "không mong muốn", "lỗi"):
        assert noise not in err.replace(FULL, ""), err


def test_writes_on_a_full_disk_say_so_and_lose_nothing(tmp_path: Path) -> None:
    """users add, grades set and an import with no room: a clear message; after freeing
    space the same commands succeed and the earlier data is intact."""
    grade = ["grades", "set", "--student", "{code}", "--subject", "Toán", "--semester", "1"]
    grade += ["--kind", "TX", "--index", "1"]
    user = ["users", "add", "gv.moi", "--name", "Lê Văn Mới", "--role", "teacher"]
    user += ["--password", "matkhau2026"]
    steps = [
        ["demo", "--students", "40"],
        ["code", "7A1"],
        [*grade, "--value", "7"],
        ["xlsx", "ds.xlsx", "300"],
        ["students", "list", "--class", "6A1", "--json"],
        ["fill", "0"],
        [*user],
        [*grade, "--value", "9"],
        ["free"],
        ["fill", "db+400000"],  # room for the restore point, not for the import itself
        ["students", "import", "{mount}/ds.xlsx"],
        ["free"],
        ["check"],
        ["students", "list", "--class", "6A1", "--json"],
        ["grades", "history", "--student", "{code}"],
        [*user],
        [*grade, "--value", "9"],
    ]
    r = run_on_small_disk(steps, tmp_path)
    assert r[0]["rc"] == 0 and r[2]["rc"] == 0, r[0]["err"] + r[2]["err"]
    assert r[5]["free"] < 64 * 1024
    _said_disk_full(r[6])
    _said_disk_full(r[7])
    assert r[9]["free"] < 12 << 20
    _said_disk_full(r[10])
    assert r[12]["rc"] == 0, r[12]["out"] + r[12]["err"]  # intact: file, journal, results
    assert r[13]["out"] == r[4]["out"]  # the import wrote nothing to 6A1
    toan_tx1 = [line for line in r[14]["out"].splitlines() if "Toán · Học kì I · TX1" in line]
    assert any("→ 7 " in f"{line} " for line in toan_tx1), toan_tx1
    assert not any("7 → 9" in line for line in toan_tx1), toan_tx1  # the refused 9 never landed
    assert r[15]["rc"] == 0 and r[16]["rc"] == 0, r[15]["err"] + r[16]["err"]


def test_check_with_16_kb_free_is_not_damage(tmp_path: Path) -> None:
    """SQLite cannot make its shared-memory file: the disk is full, never "damaged" (which
    would lead the window to offer a restore point: losing data for a disk-space problem)."""
    steps = [["demo", "--students", "40"], ["fill", "16384"], ["check"], ["free"], ["check"]]
    r = run_on_small_disk(steps, tmp_path)
    assert r[1]["free"] <= 64 * 1024
    out, err = r[2]["out"], r[2]["err"]
    assert r[2]["rc"] == 1
    assert FULL in out + err and "vẫn an toàn" in out + err, out + err
    for damage in ("Tệp CSDL lỗi", "hỏng", "disk I/O error", "khôi phục"):
        assert damage not in out + err, out + err
    assert "Traceback" not in err and "Logging error" not in err
    assert r[4]["rc"] == 0 and "Tệp CSDL toàn vẹn" in r[4]["out"], r[4]["out"] + r[4]["err"]


def test_an_export_on_a_full_disk_keeps_the_previous_file_whole(tmp_path: Path) -> None:
    """The class list PDF again onto a full USB stick: refused, and the earlier PDF there is
    untouched (it used to be replaced by a truncated one), with no temporary file beside it."""
    out = "{mount}/usb/ds.pdf"
    export = ["students", "export", "--format", "pdf", "--class", "6A1", "--out", out]
    steps = [
        ["demo", "--students", "40"],
        ["usb", "2m"],
        export,
        ["sha", out],
        ["fill", "0", "usb"],
    ]
    steps += [export, ["free", "usb"], ["sha", out]]
    r = run_on_small_disk(steps, tmp_path)
    assert r[2]["rc"] == 0 and r[3]["sha"], r[2]["err"]
    assert r[4]["free"] < 64 * 1024
    _said_disk_full(r[5])
    assert "usb/ds.pdf" in r[5]["err"], r[5]["err"]  # the PDF's write failed, not the database's
    assert r[7]["sha"] == r[3]["sha"]
    assert r[7]["beside"] == r[3]["beside"] == ["ds.pdf"]
