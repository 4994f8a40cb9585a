"""The school's side end to end (issue 10 §1–§3): packages made from the whole journal, copied to
a USB folder, opened by the hub's reader with its key, receipts taken back; a package written
but never queued is made again, never twice; a forged receipt is refused."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app import journal
from app.sync import hub_profile, school_side
from app.sync.outbox import CONFIRMED, QUARANTINED, SENT, OutboxPackage
from app.sync.package_file import read_package
from app.sync.receipt_file import Receipt, ReceiptStatus, write_receipt
from app.sync.school_key import school_key
from tests.gradebook.conftest import GradeSchool, fill_year


class Hub:
    """A hub's two keys and the profile file it gives schools."""

    def __init__(self, folder: Path) -> None:
        self.crypt, self.sign = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()
        raw = lambda k: base64.b64encode(k.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()  # noqa: E731
        self.profile = folder / "ho-so-may-chu.json"
        self.profile.write_text(json.dumps({
            "format": "truongso-hub-profile", "version": 1, "name": "Sở GD&ĐT Thanh Hóa",
            "url": "https://truongso.thanhhoa.edu.vn/nhan", "valid_until": "2030-12-31",
            "encryption_key": raw(self.crypt.public_key()),
            "signing_key": raw(self.sign.public_key()),
        }), encoding="utf-8")  # fmt: skip

    def receipt(self, usb: Path, package_id: str, epoch: str, status: ReceiptStatus,
                reason: str = "", key: Ed25519PrivateKey | None = None) -> None:  # fmt: skip
        folder = usb / "TruongSo" / "bienNhan"
        folder.mkdir(parents=True, exist_ok=True)
        write_receipt(folder / f"{package_id}.json",
                      Receipt(package_id, "THCS0001", epoch, status, "2026-12-07T08:00:00Z", reason),
                      key or self.sign)  # fmt: skip


def _outbox(gs: GradeSchool) -> dict[str, str]:
    with gs.db.read() as s:
        return {str(r.id): r.state for r in s.query(OutboxPackage)}


def test_school_to_usb_to_hub_reader_and_receipts_back(gs: GradeSchool, tmp_path: Path) -> None:
    fill_year(gs, next(iter(gs.students)), {"Toán": "8"})
    hub = Hub(tmp_path)
    profile = hub_profile.read_profile_file(hub.profile)
    hub_profile.save_profile(profile, profile.fingerprint)
    orphan = school_side.outgoing_folder() / "THCS0001_x_000000001-000000009_x.tspkg"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"written, then the PC died before it was queued")

    made = school_side.make_packages(gs.db, gs.admin, cap=60_000)
    assert len(made) > 1 and not orphan.exists()
    assert school_side.make_packages(gs.db, gs.admin) == []  # nothing new: nothing made twice
    usb = tmp_path / "usb"
    written = school_side.export_to(gs.db, gs.admin, usb)
    assert written.folder == usb / "TruongSo" / "guidi" / "THCS0001"
    assert set(_outbox(gs).values()) == {SENT}

    public = school_key("THCS0001").public_bytes
    seen = 0
    packages = [read_package(written.folder / name, school_public_key=public,
                             hub_private_key=hub.crypt) for name in written.files]  # fmt: skip
    ranges = sorted((p.header.seq_from, p.header.seq_to) for p in packages)
    with gs.db.read() as s:
        head = journal.head_seq(s)
    assert ranges[0][0] == 1 and ranges[-1][1] == head
    assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    for p in packages:
        seen += p.manifest["changes"] + p.manifest["skipped"]
        assert len(p.entries.splitlines()) == p.manifest["changes"]
    assert seen == head

    first, second, *rest = [str(p.header.package_id) for p in packages]
    epoch = packages[0].header.epoch
    hub.receipt(usb, first, epoch, ReceiptStatus.ACCEPTED)
    hub.receipt(usb, second, epoch, ReceiptStatus.REJECTED, "Lược đồ student@1 không đọc được.")
    forger = Ed25519PrivateKey.generate()
    for pid in rest:
        hub.receipt(usb, pid, epoch, ReceiptStatus.ACCEPTED, key=forger)
    taken = school_side.import_receipts(gs.db, gs.admin, usb)
    assert taken.applied == {first: "accepted", second: "rejected"}
    assert len(taken.refused) == len(rest)
    states = _outbox(gs)
    assert states[first] == CONFIRMED and states[second] == QUARANTINED
    assert all(states[pid] == SENT for pid in rest)  # a forged receipt confirms nothing


def test_the_same_from_the_command_line(gs: GradeSchool, tmp_path: Path) -> None:
    """Import the hub profile (fingerprint shown, then confirmed), export to a folder, read the
    receipts back, see the queue."""
    import os

    from tests.cli_runner import run_main

    url = gs.db.engine.url.render_as_string(hide_password=False)

    def cli(*args: str):
        return run_main([*args, "--db", url], env=dict(os.environ))

    hub = Hub(tmp_path)
    shown = json.loads(cli("sync", "profile", str(hub.profile), "--json").stdout)
    assert len(shown["fingerprint"]) == 19
    wrong = cli("sync", "profile", str(hub.profile), "--confirm", "0000-0000-0000-0000")
    assert wrong.returncode == 1 and hub_profile.current_profile() is None
    assert (
        cli("sync", "profile", str(hub.profile), "--confirm", shown["fingerprint"]).returncode == 0
    )
    usb = tmp_path / "usb"
    out = json.loads(cli("sync", "export", "--to", str(usb), "--json").stdout)
    assert out["files"] and Path(out["folder"]).is_dir()
    first = read_package(Path(out["folder"]) / out["files"][0],
                         school_public_key=school_key("THCS0001").public_bytes,
                         hub_private_key=hub.crypt)  # fmt: skip
    hub.receipt(usb, first.header.package_id, first.header.epoch, ReceiptStatus.ACCEPTED)
    taken = cli("sync", "receipts", "--from", str(usb))
    assert taken.returncode == 0 and "Đã nhận 1 biên nhận." in taken.stdout
    status = json.loads(cli("sync", "status", "--json").stdout)
    assert status[0]["state"] == CONFIRMED and status[0]["from"] == 1
    assert "Đã xác nhận" in cli("sync", "status").stdout


class _Counting:
    """A runner's progress: records each step, asks to stop after ``stop_after`` updates."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.steps: list[tuple[int, int, str]] = []
        self.stop_after = stop_after

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None:
        self.steps.append((done, total, label))

    @property
    def cancelled(self) -> bool:
        return self.stop_after is not None and len(self.steps) >= self.stop_after


def test_making_and_copying_count_and_stop_on_cancel(gs: GradeSchool, tmp_path: Path) -> None:
    from app.errors import Cancelled

    fill_year(gs, next(iter(gs.students)), {"Toán": "8"})
    profile = hub_profile.read_profile_file(Hub(tmp_path).profile)
    hub_profile.save_profile(profile, profile.fingerprint)
    stop = _Counting(stop_after=1)
    with pytest.raises(Cancelled):  # stopped while reading: nothing written, nothing queued
        school_side.make_packages(gs.db, gs.admin, cap=20_000, progress=stop)
    assert _outbox(gs) == {} and not list(school_side.outgoing_folder().glob("*.tspkg"))

    counted = _Counting()
    made = school_side.make_packages(gs.db, gs.admin, cap=20_000, progress=counted)
    labels = [label for _, _, label in counted.steps]
    assert "Đọc nhật ký thay đổi" in labels and "Ghi gói dữ liệu" in labels
    assert (len(made) - 1, len(made), "Ghi gói dữ liệu") in counted.steps

    assert len(made) >= 3
    copying = _Counting(stop_after=2)  # Hủy pressed while the second package is copied
    with pytest.raises(Cancelled):
        school_side.export_to(gs.db, gs.admin, tmp_path / "usb", progress=copying)
    copied = list((tmp_path / "usb" / "TruongSo" / "guidi" / "THCS0001").glob("*.tspkg"))
    assert len(copied) == 2 and not list(copied[0].parent.glob("*.part"))
