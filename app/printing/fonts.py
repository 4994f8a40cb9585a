"""The bundled serif font (Liberation Serif, metric-compatible with Times New Roman)."""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.errors import StorageError
from app.messages.excel import EXCEL_MSG
from app.paths import resource

SERIF = "LiberationSerif"
SERIF_BOLD = "LiberationSerif-Bold"
SERIF_ITALIC = "LiberationSerif-Italic"
SERIF_BOLD_ITALIC = "LiberationSerif-BoldItalic"
_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}


@cache
def register_fonts() -> str:
    """Register the four faces once (so <b> and <i> work in paragraphs); returns the family name."""
    for name, file in _FILES.items():
        path = resource("fonts", file)
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (OSError, TTFError) as exc:
            raise StorageError(EXCEL_MSG.font_missing.format(path=path), details=str(exc)) from exc
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
    return SERIF


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points in a registered font."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))
