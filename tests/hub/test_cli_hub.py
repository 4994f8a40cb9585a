"""The whole trip at the command line, as the authority's operator and the school's secretary
type it (issue 10 §3, §4): ``hub keys``, ``hub profile``, ``sync profile --confirm``,
``sync export --to``, ``hub ingest``, ``hub schools --approve``, ``hub packages``,
``sync receipts --from``, ``sync status``, ``sync retry``; the printed Vietnamese checked, and
the hub's copy equal to the school's at the end. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db import sqlite_url
from app.hub.ingest import Hub
from app.hub.keys import load_keys
from app.sync.school_key import school_key
from tests.cli_runner import run_main
from tests.conftest import _pg_database
from tests.gradebook.conftest import GradeSchool, fill_year
from tests.hub.conftest import SCHOOL, hub_state, school_state

HUB_NAME = "Sở GD&ĐT Thanh Hóa"
FP = re.compile(r"[0-9A-F]{4}(?:-[0-9A-F]{4}){3}")


@pytest.fixture
def hub_url(gs: GradeSchool, tmp_path: Path) -> Iterator[str]:
    """An empty database for the hub on the school's backend."""
    if gs.db.engine.dialect.name == "sqlite":
        yield sqlite_url(tmp_path / "hub.sqlite")
    else:
        yield from _pg_database()


def run(*args: str | Path, code: int = 0) -> str:
    done: subprocess.CompletedProcess[str] = run_main([str(a) for a in args])
    assert done.returncode == code, (done.stdout, done.stderr)
    return done.stdout + done.stderr


def test_the_whole_trip_at_the_command_line(gs: GradeSchool, hub_url: str, tmp_path: Path) -> None:
    school_db = gs.db.engine.url.render_as_string(hide_password=False)
    hub_db = ("--db", hub_url)
    usb, profile = tmp_path / "usb", tmp_path / "ho-so-may-chu.json"

    # The authority: keys, then the profile file for its schools.
    out = run("hub", "keys")
    assert "Khóa máy chủ nhận đã sẵn sàng (cất trong keyring)." in out
    assert "Dấu vân tay hồ sơ máy chủ (đọc cho các trường khi họ nhập hồ sơ):" in out
    fingerprint = FP.findall(out)[0]
    out = run("hub", "profile", profile, "--name", HUB_NAME, "--url",
              "https://truongso.thanhhoa.edu.vn/nhan", "--valid-until", "2030-08-31")  # fmt: skip
    assert f"Đã ghi hồ sơ máy chủ {profile}.\nDấu vân tay: {fingerprint}" in out

    # The school: sees the fingerprint, confirms it (a wrong one is refused), keeps it.
    out = run("sync", "profile", profile)
    assert f"Máy chủ: {HUB_NAME}\nDấu vân tay: {fingerprint}\n" in out
    assert "rồi chạy lại với --confirm <dấu vân tay>" in out
    out = run("sync", "profile", profile, "--confirm", "0000-0000-0000-0000", code=1)
    assert f"Dấu vân tay đã xác nhận (0000-0000-0000-0000) không khớp với hồ sơ máy chủ nhận ({fingerprint})" in out  # fmt: skip
    out = run("sync", "profile", profile, "--confirm", fingerprint.lower())
    assert f"Đã lưu hồ sơ máy chủ {HUB_NAME}" in out

    for name in gs.students:
        fill_year(gs, name, {"Toán": "8", "Ngữ văn": "6.5"})
    out = run("sync", "export", "--to", usb, "--db", school_db)
    count = int(re.search(r"Đã chép (\d+) gói vào ", out).group(1))  # type: ignore[union-attr]
    assert count >= 1 and str(usb / "TruongSo" / "guidi" / SCHOOL) in out

    # The hub: an unknown school's packages are held until the operator approves its key.
    out = run("hub", "ingest", usb, *hub_db)
    assert f"Đã xử lý {count} gói: {count} giữ lại." in out
    assert out.count(f"  {SCHOOL}   giữ lại") == count
    school_fp = school_key(SCHOOL).fingerprint
    assert f"Máy chủ chưa duyệt trường {SCHOOL} (dấu vân tay khóa {school_fp})" in out
    assert f"Biên nhận ghi vào {usb / 'TruongSo' / 'bienNhan'}." in out
    out = run("hub", "schools", *hub_db)
    assert f"{SCHOOL}   CHƯA DUYỆT  {school_fp}  đã nhận đến số 0, chờ {count}, từ chối 0" in out
    out = run("hub", "schools", "--approve", SCHOOL, "0000-0000-0000-0000", *hub_db, code=1)
    assert "Dấu vân tay 0000-0000-0000-0000 không khớp với khóa trong các gói" in out
    out = run("hub", "schools", "--approve", SCHOOL, school_fp, "--receipts", usb, *hub_db)
    assert f"Đã duyệt trường {SCHOOL}; {count}/{count} gói đang chờ đã được xử lý." in out
    out = run("hub", "packages", *hub_db)
    assert out.count("đã nhận") == count and "giữ lại" not in out
    assert run("hub", "packages", "--status", "held", *hub_db).strip() == "Không có gói nào."

    # The school takes the receipts back: every package confirmed.
    out = run("sync", "receipts", "--from", usb, "--db", school_db)
    assert f"Đã nhận {count} biên nhận." in out  # the held ones were overwritten by accepted
    out = run("sync", "status", "--db", school_db)
    assert out.count("Đã xác nhận") == count
    with _hub(hub_url) as hub:
        assert hub_state(hub, SCHOOL) == school_state(gs.db)


def test_a_damaged_package_at_the_command_line(
    gs: GradeSchool, hub_url: str, tmp_path: Path
) -> None:
    """``hub ingest`` exits 1 and names the damage; the school's queue shows "Cần xử lý" with the
    hub's reason; ``sync retry`` and a new export bring the good copy, then all agree."""
    school_db = gs.db.engine.url.render_as_string(hide_password=False)
    hub_db = ("--db", hub_url)
    usb, profile = tmp_path / "usb", tmp_path / "ho-so.json"
    fingerprint = FP.findall(run("hub", "keys"))[0]
    run("hub", "profile", profile, "--name", HUB_NAME, "--url", "https://hub.example.vn",
        "--valid-until", "2030-08-31")  # fmt: skip
    run("sync", "profile", profile, "--confirm", fingerprint)
    run("sync", "export", "--to", usb, "--db", school_db)
    run("hub", "ingest", usb, *hub_db)
    approve = ("--approve", SCHOOL, school_key(SCHOOL).fingerprint, "--receipts", usb)
    run("hub", "schools", *approve, *hub_db)
    run("sync", "receipts", "--from", usb, "--db", school_db)

    fill_year(gs, next(iter(gs.students)), {"Toán": "9"})
    stick = tmp_path / "usb2"
    run("sync", "export", "--to", stick, "--db", school_db)
    [path] = (stick / "TruongSo" / "guidi" / SCHOOL).glob("*.tspkg")
    good = path.read_bytes()
    at = len(good) - 100  # in the ciphertext, before the signature
    path.write_bytes(good[:at] + bytes([good[at] ^ 0xFF]) + good[at + 1 :])
    out = run("hub", "ingest", stick, *hub_db, code=1)
    assert "Đã xử lý 1 gói: 1 từ chối." in out
    assert "Máy chủ không nhận gói: Chữ ký của gói" in out
    out = run("hub", "packages", "--status", "rejected", *hub_db)
    assert "từ chối" in out and "Chữ ký của gói" in out
    assert "Đã nhận 1 biên nhận." in run("sync", "receipts", "--from", stick, "--db", school_db)
    out = run("sync", "status", "--db", school_db)
    waiting = [line for line in out.splitlines() if "Cần xử lý" in line]
    assert len(waiting) == 1 and "Máy chủ không nhận gói: Chữ ký của gói" in waiting[0]

    package = path.name.rsplit("_", 1)[1].removesuffix(".tspkg")
    out = run("sync", "retry", package, "--db", school_db)
    assert f"Gói {package} đã trở lại hàng đợi (Chờ gửi)." in out
    run("sync", "export", "--to", stick, "--db", school_db)
    assert path.read_bytes() == good
    assert "Đã xử lý 1 gói: 1 đã nhận." in run("hub", "ingest", stick, *hub_db)
    run("sync", "receipts", "--from", stick, "--db", school_db)
    assert "Cần xử lý" not in run("sync", "status", "--db", school_db)
    with _hub(hub_url) as hub:
        assert hub_state(hub, SCHOOL) == school_state(gs.db)


class _hub:
    """The hub's database opened by the test to compare (keys from the shared keyring)."""

    def __init__(self, url: str) -> None:
        self.hub = Hub.open(url, load_keys())

    def __enter__(self) -> Hub:
        return self.hub

    def __exit__(self, *exc: object) -> None:
        self.hub.dispose()


def test_a_file_with_a_damaged_header_is_listed_for_the_operator(
    gs: GradeSchool, hub_url: str, tmp_path: Path
) -> None:
    """§6: a package that fails a check is kept in quarantine with the reason and the operator
    sees it. A damaged header leaves no package id to answer, but ``hub packages`` (the
    quarantine list) still shows the file and why; the next export heals it."""
    school_db = gs.db.engine.url.render_as_string(hide_password=False)
    hub_db = ("--db", hub_url)
    usb, profile = tmp_path / "usb", tmp_path / "ho-so.json"
    fingerprint = FP.findall(run("hub", "keys"))[0]
    run("hub", "profile", profile, "--name", HUB_NAME, "--url", "https://hub.example.vn",
        "--valid-until", "2030-08-31")  # fmt: skip
    run("sync", "profile", profile, "--confirm", fingerprint)
    run("sync", "export", "--to", usb, "--db", school_db)
    paths = sorted((usb / "TruongSo" / "guidi" / SCHOOL).glob("*.tspkg"))
    good = paths[0].read_bytes()
    paths[0].write_bytes(good[:14] + b"[" + good[15:])  # the header's JSON no longer opens
    out = run("hub", "ingest", usb, *hub_db, code=1)
    assert f"{paths[0].name} không đọc được như một gói dữ liệu" in out
    out = run("hub", "packages", *hub_db)
    assert paths[0].name in out and "không đọc được như một gói dữ liệu" in out

    run("sync", "export", "--to", usb, "--db", school_db)  # not confirmed: written again
    assert paths[0].read_bytes() == good
    assert "1 giữ lại" in run("hub", "ingest", usb, *hub_db)  # held until approved
    approve = ("--approve", SCHOOL, school_key(SCHOOL).fingerprint, "--receipts", usb)
    assert "1/1 gói đang chờ đã được xử lý" in run("hub", "schools", *approve, *hub_db)
    assert "Đã nhận 1 biên nhận." in run("sync", "receipts", "--from", usb, "--db", school_db)
    with _hub(hub_url) as hub:
        assert hub_state(hub, SCHOOL) == school_state(gs.db)
