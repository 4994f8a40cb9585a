"""The shipped 2024-25 task list is the letter's own words: every quote is found in the text of
CV 4324/BGDĐT-CNTT (tests/fixtures/cds/, a copy of the reference transcription)."""

from __future__ import annotations

import re
from pathlib import Path

from app.cds.prefill_queries import METRIC_IDS
from app.cds.tasks import bundled_list

LETTER = Path(__file__).parent.parent / "fixtures" / "cds" / "cv-4324-BGDDT-CNTT-2024-2025.txt"


def _plain(text: str) -> str:
    """The transcription without its bold marks and footnote numbers, its OCR slip «họcば»
    read as «học bạ», spaces collapsed."""
    text = text.replace("**", "").replace("họcば", "học bạ")
    return re.sub(r"\s+", " ", re.sub(r"\[\d+\]", "", text))


def _section_at(letter: str, at: int) -> str:
    """The section (part, item, point) the letter is in at position ``at``: "mục II.2.c"."""

    def last(pattern: str, since: int) -> re.Match[str] | None:
        found = [m for m in re.finditer(pattern, letter[:at]) if m.start() >= since]
        return found[-1] if found else None

    part = last(r"(?<![\w.])(I{1,3}|IV)\. (?=[A-ZĐỘ]{2})", 0)
    assert part is not None
    item = last(r"(?<![\w./])(\d)\. ", part.start())
    point = last(r"(?<![\w])([a-gđ])\) ", item.start()) if item else None
    return "mục " + ".".join(m.group(1) for m in (part, item, point) if m)


def test_every_quote_is_in_the_letter_under_the_section_it_cites() -> None:
    """Each part of each quote (split at «…») appears word for word in the letter, and the
    first part stands under the section the task cites (part, item, lettered point)."""
    letter = _plain(LETTER.read_text(encoding="utf-8"))
    tasks = bundled_list("2024-2025")
    assert tasks is not None and tasks.source.on.isoformat() == "2024-08-14"
    assert "Số: 4324/BGDDT-CNTT" in letter
    for task in tasks.tasks:
        parts = [" ".join(p.split()) for p in task.quote.split("…")]
        for part in parts:
            assert not part or part in letter, (task.code, part)
        first = next(p for p in parts if p)
        assert _section_at(letter, letter.index(first)) == task.section, task.code
        assert set(task.metrics) <= set(METRIC_IDS)
