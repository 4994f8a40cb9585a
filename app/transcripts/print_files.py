"""Transcript files on disk: one per student (all years or one), and a class's print file.

Both are background jobs (STYLE rule 11): they report each student to the job's
``Progress`` ("Tạo tệp học bạ: 12/40 học sinh") and stop on Hủy. No file ever stands
under its final name half-written: each is laid out in memory, written beside its name
and renamed when whole (``app.atomic_file.written_beside``). Stopped half-way, the
per-student job leaves the students already done, each file whole; the print file is
not written at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.atomic_file import written_beside
from app.disk_space import DiskFull
from app.errors import StorageError
from app.messages.transcript_pdf import TRANSCRIPT_PDF_MSG as M
from app.progress import NullProgress, Progress, check_cancel
from app.transcripts.layout import DEFAULT_LAYOUT, TranscriptLayout
from app.transcripts.pdf_document import Options, chosen_years, render_many
from app.transcripts.record import TranscriptRecord


@dataclass(frozen=True)
class PrintItem:
    """One transcript to draw: the record, its data's SHA-256, which years, who signs."""

    record: TranscriptRecord
    data_hash: str
    options: Options = field(default_factory=Options)


def slug(text: str) -> str:
    """ "K' Brơi Ha Nguyên" → "k-broi-ha-nguyen": a file-name part without diacritics."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def file_name(item: PrintItem) -> str:
    """ "hoc-ba_HS2023000417_k-broi-ha-nguyen_2023-2026_v1.pdf": code, name, years, version."""
    record = item.record
    pages = chosen_years(record, item.options.years)
    first, last = pages[0].school_year, pages[-1].school_year
    years = first if first == last else f"{first[:4]}-{last[-4:]}"
    parts = ["hoc-ba", slug(record.identity.student_code), slug(record.identity.full_name)]
    return "_".join(p for p in [*parts, slug(years), f"v{record.version}"] if p) + ".pdf"


def write_pdf(data: bytes, dest: Path) -> Path:
    """Write ``data`` to ``dest`` whole or not at all; a Vietnamese error if the disk refuses."""
    try:
        with written_beside(dest, 0o644) as tmp:
            tmp.write_bytes(data)
    except DiskFull:
        raise
    except OSError as exc:
        raise StorageError(M.write_failed.format(path=dest, detail=exc)) from exc
    return dest


def write_student_pdf(
    item: PrintItem, dest: Path, layout: TranscriptLayout = DEFAULT_LAYOUT
) -> Path:
    """One student's transcript (all years, or the years of ``item.options``) at ``dest``."""
    return write_pdf(render_many([(item.record, item.data_hash, item.options)], layout), dest)


def write_student_files(
    items: Sequence[PrintItem],
    folder: Path,
    *,
    progress: Progress | None = None,
    layout: TranscriptLayout = DEFAULT_LAYOUT,
) -> list[Path]:
    """Each student's transcript in its own file in ``folder`` (named by ``file_name``)."""
    progress = progress or NullProgress()
    written: list[Path] = []
    used: set[str] = set()
    for done, item in enumerate(items):
        check_cancel(progress)
        progress.update(done, len(items), M.drawing, M.students)
        name = file_name(item)
        if name in used:  # two students without a code and with one name
            name = name.removesuffix(".pdf") + f"_{done + 1}.pdf"
        used.add(name)
        written.append(write_student_pdf(item, folder / name, layout))
    progress.update(len(items), len(items), M.drawing, M.students)
    return written


def write_print_file(
    items: Sequence[PrintItem],
    dest: Path,
    *,
    progress: Progress | None = None,
    layout: TranscriptLayout = DEFAULT_LAYOUT,
) -> Path:
    """A class's (or the school's) transcripts in one file to print, each from a new page and
    numbered "Trang x/y" on its own; nothing is written if the job is stopped."""
    progress = progress or NullProgress()
    check_cancel(progress)
    data = render_many(
        [(i.record, i.data_hash, i.options) for i in items], layout, progress=progress
    )
    check_cancel(progress)
    return write_pdf(data, dest)
