"""The visible stamp of a signature: role, name and date in the bundled font.

pyHanko's own text stamps need fontTools and HarfBuzz to embed a TrueType
font; reportlab (already used for every printed page) draws the stamp as a
one-page PDF instead, and pyHanko places that page in the signature's box
(decision 017). Vietnamese text renders because the font is the bundled
Liberation Serif (the file app.printing uses; this layer cannot import it).
"""

from __future__ import annotations

import binascii
import io
import uuid
from functools import cache, lru_cache

from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.stamp import StaticStampStyle
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from app.errors import StorageError
from app.messages.signing import SIGNING_MSG
from app.paths import resource

REGULAR = "TruongSoStamp"
BOLD = "TruongSoStamp-Bold"
_FILES = {REGULAR: "LiberationSerif-Regular.ttf", BOLD: "LiberationSerif-Bold.ttf"}
_INK = Color(0.05, 0.15, 0.55)  # the blue of a signature stamp


@cache
def _register_fonts() -> None:
    for name, file in _FILES.items():
        path = resource("fonts", file)
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (OSError, TTFError) as exc:
            raise StorageError(
                SIGNING_MSG.font_missing.format(path=path), details=str(exc)
            ) from exc


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size ≤ ``size`` at which ``text`` fits ``width``."""
    actual = pdfmetrics.stringWidth(text, font, size)
    return size if actual <= width else max(5.0, size * width / actual)


@lru_cache(maxsize=64)
def stamp_pdf(lines: tuple[str, ...], width: float, height: float, bold: int = 1) -> bytes:
    """A one-page PDF of ``width`` × ``height`` points: a frame, the lines centred, the first
    ``bold`` of them (the role: "KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG") in bold."""
    _register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), pageCompression=1, initialFontName=REGULAR)
    canvas.setStrokeColor(_INK)
    canvas.setFillColor(_INK)
    canvas.setLineWidth(0.8)
    canvas.roundRect(1, 1, width - 2, height - 2, 4)
    margin = 5.0
    size = min(10.0, (height - 2 * margin) / max(1, len(lines)) / 1.25)
    y = (height + len(lines) * size * 1.25) / 2 - size
    for i, line in enumerate(lines):
        font = BOLD if i < bold else REGULAR
        fitted = _fit(line, font, size, width - 2 * margin)
        canvas.setFont(font, fitted)
        canvas.drawCentredString(width / 2, y, line)
        y -= size * 1.25
    canvas.showPage()
    canvas.save()
    return out.getvalue()


class _PdfPageFromBytes(content.PdfContent):
    """The first page of an in-memory PDF as a form XObject (pyHanko's ImportedPdfPage reads files)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
        name = "/Stamp" + binascii.hexlify(uuid.uuid4().bytes).decode("ascii")
        self.resources.xobject[name] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode("ascii") + b" Do"


def stamp_style(
    lines: tuple[str, ...], width: float, height: float, bold: int = 1
) -> StaticStampStyle:
    """The pyHanko stamp style drawing ``lines`` in a box of that size."""
    return StaticStampStyle(
        background=_PdfPageFromBytes(stamp_pdf(lines, width, height, bold)),
        border_width=0,
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(),
            inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
        ),
    )
