"""Reading rendered transcripts back: text per page (poppler's pdftotext), pixels (pdftoppm)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PIL import Image


def pages_text(pdf: bytes, tmp: Path) -> list[str]:
    """The text of each page, as pdftotext reads it."""
    src = tmp / "read.pdf"
    src.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(src), "-"], check=True, capture_output=True, text=True)
    return out.stdout.split("\f")[:-1]


def flat(text: str) -> str:
    """Whitespace runs (line ends of wrapped text included) as one space."""
    return re.sub(r"\s+", " ", text).strip()


def region_text(pdf: bytes, tmp: Path, page: int, box: tuple[float, float, float, float]) -> str:
    """The text inside ``box`` (x1, y1, x2, y2 in PDF points, origin bottom left) of page
    ``page`` (from 0)."""
    src = tmp / "region.pdf"
    src.write_bytes(pdf)
    x1, y1, x2, y2 = box
    height = 297 / 25.4 * 72
    args = ["-f", str(page + 1), "-l", str(page + 1), "-r", "72"]
    args += ["-x", str(int(x1)), "-y", str(int(height - y2))]
    args += ["-W", str(int(x2 - x1)), "-H", str(int(y2 - y1))]
    out = subprocess.run(
        ["pdftotext", *args, str(src), "-"], check=True, capture_output=True, text=True
    )
    return flat(out.stdout)


def page_image(pdf: bytes, tmp: Path, page: int, dpi: int) -> Image.Image:
    """Page ``page`` (from 0) rendered in grey at ``dpi``."""
    src = tmp / "image.pdf"
    src.write_bytes(pdf)
    stem = tmp / f"page-{page}-{dpi}"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page + 1), "-l", str(page + 1), "-gray"]
        + ["-png", "-singlefile", str(src), str(stem)],
        check=True,
    )
    return Image.open(stem.with_suffix(".png")).convert("L")
