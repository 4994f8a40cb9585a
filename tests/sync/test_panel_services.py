"""The Đồng bộ panel's services (issue 10 §5): the hub profile is imported and kept only by
those with the setup right and only with its fingerprint; a quarantined package is retried or
exported for the helpdesk (the encrypted file as it is and a text, nothing decrypted); the
schedule packages only when the journal moved and not too often; the same from the CLI."""

from __future__ import annotations

import json
import os
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from app.db import utcnow
from app.errors import Conflict, PermissionDenied, ValidationError
from app.sync import actions, helpdesk, hub_profile, schedule, school_side, setup
from app.sync.outbox import QUARANTINED, WAITING, OutboxPackage
from app.sync.receipt_file import ReceiptStatus
from tests.gradebook.conftest import STUDENT_NAMES, GradeSchool, fill_year
from tests.sync.test_school_side import Hub


def _kept(hub: Hub) -> None:
    profile = hub_profile.read_profile_file(hub.profile)
    hub_profile.save_profile(profile, profile.fingerprint)


def _states(gs: GradeSchool) -> dict[str, str]:
    with gs.db.read() as s:
        return {str(r.id): r.state for r in s.query(OutboxPackage)}


def test_profile_import_needs_the_setup_right_and_the_fingerprint(
    gs: GradeSchool, tmp_path: Path
) -> None:
    """A secretary is refused by the service itself; the IT coordinator sees the profile, a wrong
    fingerprint keeps nothing, the right one (any case, spaces around) keeps it."""
    hub = Hub(tmp_path)
    with pytest.raises(PermissionDenied):
        setup.import_profile(gs.actor("secretary"), hub.profile)
    it = gs.actor("it_coordinator")
    shown = setup.import_profile(it, hub.profile)
    assert shown.name == "Sở GD&ĐT Thanh Hóa" and len(shown.fingerprint) == 19
    with pytest.raises(PermissionDenied):
        setup.keep_profile(gs.actor("secretary"), shown, shown.fingerprint)
    with pytest.raises(ValidationError, match="không khớp"):
        setup.keep_profile(it, shown, "0000-0000-0000-0000")
    assert setup.profile_in_use() is None
    kept = setup.keep_profile(it, shown, f"  {shown.fingerprint.lower()} ")
    assert kept.path.is_file() and setup.profile_in_use() == shown
    assert kept.changes.touches(setup.HUB_PROFILE)


def test_quarantined_package_retried_or_exported_for_the_helpdesk(
    gs: GradeSchool, tmp_path: Path
) -> None:
    """The hub's reason stays with the package; the helpdesk zip holds the encrypted file byte
    for byte and a Vietnamese text with its facts, no student's name; retry puts it back."""
    fill_year(gs, next(iter(gs.students)), {"Toán": "8"})
    hub = Hub(tmp_path)
    _kept(hub)
    secretary = gs.actor("secretary")
    made = actions.make_now(gs.db, secretary)
    assert made.packages and "USB" in made.text
    usb = tmp_path / "usb"
    exported = actions.export_usb(gs.db, secretary, usb)
    assert exported.made == () and len(exported.files) == len(made.packages)
    bad = made.packages[0]
    with gs.db.read() as s:
        epoch = s.get(OutboxPackage, bad).epoch  # type: ignore[union-attr]
    hub.receipt(usb, str(bad), epoch, ReceiptStatus.REJECTED, "Chữ ký của gói không đúng.")
    taken = actions.take_receipts(gs.db, secretary, usb)
    assert taken.applied == {str(bad): "rejected"} and _states(gs)[str(bad)] == QUARANTINED

    dest = tmp_path / "ho-tro" / "goi.zip"
    written = helpdesk.export_for_helpdesk(gs.db, secretary, bad, dest)
    source = school_side.outgoing_folder() / written.package_file
    with zipfile.ZipFile(dest) as z:
        assert sorted(z.namelist()) == sorted([written.package_file, helpdesk.INFO_NAME])
        assert z.read(written.package_file) == source.read_bytes()
        text = z.read(helpdesk.INFO_NAME).decode("utf-8-sig")
    for expected in (str(bad), "THCS0001", "Cần xử lý", "Chữ ký của gói không đúng.", "SHA-256"):
        assert expected in text
    assert not any(name in text for name in STUDENT_NAMES)
    assert not list(dest.parent.glob("*.part"))

    with pytest.raises(PermissionDenied):
        helpdesk.retry(gs.db, gs.teacher, bad)
    helpdesk.retry(gs.db, secretary, bad)
    assert _states(gs)[str(bad)] == WAITING
    with pytest.raises(Conflict):  # only a quarantined package goes to the helpdesk
        helpdesk.export_for_helpdesk(gs.db, secretary, bad, tmp_path / "again.zip")


def test_packaging_due_and_the_scheduled_run(gs: GradeSchool, tmp_path: Path) -> None:
    """Due when the journal moved past the packaged range and nothing was made lately (or the
    clock went back); never without a kept profile."""
    fill_year(gs, next(iter(gs.students)), {"Toán": "8"})
    now = utcnow()
    assert schedule.run_scheduled(gs.db) is None  # no profile: nothing runs
    with gs.db.read() as s:
        assert schedule.packaging_due(s, now)  # entries, no package yet
    _kept(Hub(tmp_path))
    first = schedule.run_scheduled(gs.db)
    assert first is not None and first.packages
    with gs.db.read() as s:
        assert not schedule.packaging_due(s, now + timedelta(hours=2))  # nothing new
    fill_year(gs, list(gs.students)[1], {"Toán": "7"})
    with gs.db.read() as s:
        assert not schedule.packaging_due(s, utcnow())  # new, but a package was just made
        assert schedule.packaging_due(s, utcnow() + timedelta(minutes=31))
        assert not schedule.packaging_due(s, utcnow() + timedelta(minutes=31), timedelta(hours=1))
        assert schedule.packaging_due(s, utcnow() - timedelta(days=1))  # the clock went back
    assert schedule.run_scheduled(gs.db) is None  # not due yet
    later = schedule.run_scheduled(gs.db, now=utcnow() + timedelta(hours=1))
    assert later is not None and later.packages
    expired = hub_profile.current_profile()
    assert expired is not None
    assert schedule.run_scheduled(gs.db, today=expired.valid_until + timedelta(days=1)) is None


def test_retry_and_helpdesk_from_the_command_line(gs: GradeSchool, tmp_path: Path) -> None:
    """``sync retry`` and ``sync helpdesk`` do what the panel's buttons do; a bad id is named."""
    from tests.cli_runner import run_main

    url = gs.db.engine.url.render_as_string(hide_password=False)

    def cli(*args: str):
        return run_main([*args, "--db", url], env=dict(os.environ))

    hub = Hub(tmp_path)
    _kept(hub)
    made = actions.make_now(gs.db, gs.actor("secretary")).packages
    usb = tmp_path / "usb"
    school_side.export_to(gs.db, gs.actor("secretary"), usb)
    with gs.db.read() as s:
        epoch = s.get(OutboxPackage, made[0]).epoch  # type: ignore[union-attr]
    hub.receipt(usb, str(made[0]), epoch, ReceiptStatus.REJECTED, "Thiếu mục trước.")
    school_side.import_receipts(gs.db, gs.actor("secretary"), usb)
    dest = tmp_path / "hotro.zip"
    out = json.loads(cli("sync", "helpdesk", str(made[0]), str(dest), "--json").stdout)
    assert Path(out["file"]) == dest and zipfile.is_zipfile(dest)
    wrong = cli("sync", "retry", "khong-phai-ma-goi")
    assert wrong.returncode == 1 and "không đúng dạng" in wrong.stderr
    done = cli("sync", "retry", str(made[0]))
    assert done.returncode == 0 and "Chờ gửi" in done.stdout
    assert _states(gs)[str(made[0])] == WAITING
