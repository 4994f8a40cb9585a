"""Transcript files: per student and a class's print file, with progress, cancel, no partial file."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.errors import Cancelled
from app.transcripts.pdf_document import Options, render_transcript, signature_boxes
from app.transcripts.print_files import (
    PrintItem,
    file_name,
    slug,
    write_print_file,
    write_student_files,
    write_student_pdf,
)
from tests.transcripts_pdf.pdf_tools import flat, pages_text
from tests.transcripts_pdf.samples import digest, primary_record, secondary_record


class Recorder:
    """A progress that records each update and asks to stop after ``stop_after`` of them."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.updates: list[tuple[int, int, str, str]] = []
        self.stop_after = stop_after

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None:
        self.updates.append((done, total, label, unit))

    @property
    def cancelled(self) -> bool:
        return self.stop_after is not None and len(self.updates) >= self.stop_after


def _class(n: int) -> list[PrintItem]:
    base = secondary_record(1)
    items = []
    for i in range(n):
        identity = replace(
            base.identity, full_name=f"Nguyễn Văn Đức {i + 1}", student_code=f"HS{i + 1:04d}"
        )
        record = replace(base, identity=identity)
        items.append(PrintItem(record, digest(record)))
    return items


def test_file_names_are_plain_and_say_whose_and_which_years() -> None:
    """Code, name without diacritics, the years and the version."""
    assert slug("K' Brơi Ha Nguyên") == "k-broi-ha-nguyen"
    assert slug("Đặng Thị Ánh") == "dang-thi-anh"
    record = secondary_record()
    item = PrintItem(record, digest(record))
    assert file_name(item) == "hoc-ba_hs2023000417_k-broi-ha-nguyen_2023-2026_v1.pdf"
    one = PrintItem(record, digest(record), Options(("2024-2025",)))
    assert file_name(one) == "hoc-ba_hs2023000417_k-broi-ha-nguyen_2024-2025_v1.pdf"


def test_student_file_is_written_whole(tmp_path: Path) -> None:
    """One student's one-year file: the bytes render_transcript gives, no .part left."""
    record = primary_record()
    item = PrintItem(record, digest(record), Options(("2025-2026",)))
    dest = write_student_pdf(item, tmp_path / "out" / "hb.pdf")
    assert dest.read_bytes() == render_transcript(record, digest(record), years=["2025-2026"])
    assert sorted(p.name for p in dest.parent.iterdir()) == ["hb.pdf"]


def test_class_files_report_progress(tmp_path: Path) -> None:
    """Each student gets a file; the job reports every student, then the end."""
    progress = Recorder()
    paths = write_student_files(_class(4), tmp_path, progress=progress)
    assert [p.name for p in paths] == sorted(p.name for p in tmp_path.iterdir())
    assert len(paths) == 4
    assert [u[0] for u in progress.updates] == [0, 1, 2, 3, 4]
    assert progress.updates[-1] == (4, 4, "Tạo tệp học bạ", "học sinh")
    for path in paths:
        assert len(PdfReader(path).pages) == 3


def test_stopping_class_files_leaves_only_whole_files(tmp_path: Path) -> None:
    """Hủy after two students: two whole files, nothing half-written, no .part."""
    with pytest.raises(Cancelled):
        write_student_files(_class(5), tmp_path, progress=Recorder(stop_after=2))
    files = sorted(tmp_path.iterdir())
    assert len(files) == 2 and all(f.suffix == ".pdf" for f in files)
    for f in files:
        assert len(PdfReader(f).pages) == 3


def test_print_file_numbers_each_transcript_on_its_own(tmp_path: Path) -> None:
    """A class print file: every transcript from a new page, "Trang 1/3"… each, its own QR."""
    items = _class(3)
    progress = Recorder()
    dest = write_print_file(items, tmp_path / "lop-7A1.pdf", progress=progress)
    pages = pages_text(dest.read_bytes(), tmp_path)
    assert len(pages) == 9
    for k, item in enumerate(items):
        for n in range(3):
            text = flat(pages[3 * k + n])
            assert f"Trang {n + 1}/3" in text
            assert item.data_hash in text
            assert item.record.identity.student_code in text
    assert [u[0] for u in progress.updates] == [0, 1, 2, 3]
    one = render_transcript(items[0].record, items[0].data_hash)
    assert signature_boxes(one)["seal"].page == 2  # the first transcript's stamp page
    alone = PdfReader(io.BytesIO(one)).pages[2].extract_text()
    assert alone == PdfReader(dest).pages[2].extract_text()


def test_stopping_the_print_file_writes_nothing(tmp_path: Path) -> None:
    """Hủy while the pages are laid out: no file under its name, no .part beside it."""
    dest = tmp_path / "lop-7A1.pdf"
    with pytest.raises(Cancelled):
        write_print_file(_class(4), dest, progress=Recorder(stop_after=2))
    assert list(tmp_path.iterdir()) == []
