"""Shared pieces of the printed and spreadsheet outputs: the NĐ 30 header, landscape pages,
titled .xlsx tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import school
from app.accounts import User
from app.errors import StorageError
from app.excel import writer
from app.messages.excel import EXCEL_MSG
from app.printing import nd30
from app.printing.fonts import SERIF
from app.students.models import ClassGroup

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_PLACE_PREFIXES = ("Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


def doc_header(session: Session, on: date | None) -> tuple[nd30.DocHeader, str]:
    """The school's NĐ 30 header (parent body, school, place and date) and the principal's name."""
    prof = school.require_profile(session)
    authority = prof.authority or (
        f"Sở Giáo dục và Đào tạo {prof.province}" if prof.province else ""
    )
    place = prof.commune
    for prefix in _PLACE_PREFIXES:
        place = place.removeprefix(prefix)
    return nd30.DocHeader(authority, prof.name, place or prof.province, on), prof.principal


def homeroom_name(session: Session, group: ClassGroup) -> str:
    """Full name of a class's homeroom teacher, or "" (signed by hand)."""
    if group.homeroom_teacher_id is None:
        return ""
    return session.scalar(select(User.full_name).where(User.id == group.homeroom_teacher_id)) or ""


def unwrap(flowable: Flowable) -> list[Flowable]:
    """The parts of a ``KeepTogether``, to keep them together with more.

    A ``KeepTogether`` inside another reports an unbounded height, which makes
    reportlab start a new page every time; so blocks are merged, never nested.
    """
    if isinstance(flowable, KeepTogether):
        return list(getattr(flowable, "_content", [flowable]))
    return [flowable]


def closing(last: list[Flowable], signatures: Flowable) -> Flowable:
    """The last block of a document kept on the page of the signatures (never a page of signatures alone)."""
    return KeepTogether([part for f in [*last, signatures] for part in unwrap(f)])


class LandscapeDocument(nd30.Nd30Document):
    """The NĐ 30 layout on A4 landscape, for tables too wide for a portrait page.

    NĐ 30/2020/NĐ-CP, Phụ lục I, Phần I, mục 3 (Kiểu trình bày): documents are laid
    out along the length of the A4 page, but "trường hợp nội dung văn bản có các
    bảng, biểu nhưng không được làm thành các phụ lục riêng thì văn bản có thể được
    trình bày theo chiều rộng". A class result table (STT, name, 12–13 subjects,
    learning, conduct, absences, outcome, commendation) needs about 250 mm, which
    only the landscape page gives at a readable 9 pt. The margins stay those of
    NĐ 30 (left 30 mm for binding, right 15, top and bottom 20).
    """

    @property
    def width(self) -> float:
        """Usable text width in points on the landscape page."""
        return float(landscape(A4)[0] - (self.margins.left + self.margins.right) * mm)

    def build(
        self,
        title: str,
        body: Sequence[Flowable],
        *,
        subtitle: str = "",
        signers: Sequence[nd30.Signer] = (),
    ) -> Path:
        """Lay out header, title, ``body`` and signatures on landscape pages and write the PDF."""
        story: list[Flowable] = [nd30.header_block(self.header, self.width), Spacer(1, 6 * mm)]
        story.append(
            nd30.para(title, nd30.style(14, font=nd30.SERIF_BOLD, align="center", leading=18))
        )
        if subtitle:
            story.append(nd30.para(subtitle, nd30.style(nd30.BODY_SIZE, align="center")))
        story.append(Spacer(1, 4 * mm))
        rest = list(body)
        last = [rest.pop()] if rest and signers else []
        story.extend(rest)
        if signers:
            story.append(closing(last, nd30.signature_block(signers, self.width)))
        m = self.margins
        doc = SimpleDocTemplate(
            str(self.path),
            pagesize=landscape(A4),
            topMargin=m.top * mm,
            bottomMargin=m.bottom * mm,
            leftMargin=m.left * mm,
            rightMargin=m.right * mm,
            title=title,
            author=self.header.organisation,
            creator="Trường Số",
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            doc.build(
                story,
                onLaterPages=self._page_number,
                canvasmaker=partial(Canvas, initialFontName=SERIF, lang="vi"),
            )
        except OSError as exc:
            raise StorageError(EXCEL_MSG.write_failed.format(path=self.path, detail=exc)) from exc
        return self.path

    def _page_number(self, canvas: Any, doc: Any) -> None:
        """Page number centred in the top margin of the landscape page (none on page 1)."""
        canvas.saveState()
        canvas.setFont(SERIF, nd30.BODY_SIZE)
        x = doc.leftMargin + doc.width / 2
        y = landscape(A4)[1] - self.margins.top * mm / 2 - 2
        canvas.drawCentredString(x, y, str(doc.page))
        canvas.restoreState()


def title_rows(ws: Any, lines: Sequence[tuple[str, bool, int]], width: int) -> None:
    """Title lines merged across ``width`` columns: (text, bold, size), centred except the first."""
    last = get_column_letter(max(width, 1))
    for i, (text, bold, size) in enumerate(lines):
        c = writer.cell(ws, text)
        ws.append([c])
        c.font = Font(name=writer.FONT_NAME, size=size, bold=bold)
        c.alignment = Alignment(horizontal="left" if i == 0 else "center", vertical="center")
        ws.merge_cells(f"A{ws.max_row}:{last}{ws.max_row}")
    ws.append([])


def header_cells(ws: Any, labels: Sequence[str]) -> None:
    """A bold, bordered, shaded header row."""
    cells = [writer.cell(ws, text, bold=True) for text in labels]
    ws.append(cells)
    for c in cells:
        c.fill, c.border = HEAD_FILL, BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def body_row(
    ws: Any, values: Sequence[Any], kinds: Sequence[writer.Kind], number_format: str = "0.0"
) -> None:
    """A bordered data row: numbers keep ``number_format`` (Excel shows 8,5 in Vietnamese)."""
    cells = [writer.cell(ws, v, k) for v, k in zip(values, kinds, strict=True)]
    ws.append(cells)
    for c, v in zip(cells, values, strict=True):
        c.border = BORDER
        if v is None or v == "":
            c.font = Font(name=writer.FONT_NAME, size=12)
        if isinstance(v, float):
            c.number_format = number_format
            c.alignment = Alignment(horizontal="center")
        elif isinstance(v, int):
            c.alignment = Alignment(horizontal="center")


def widths(ws: Any, values: Sequence[float]) -> None:
    """Column widths in characters."""
    for j, w in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w


def page_setup(ws: Any, *, landscape_page: bool, header_rows: tuple[int, int]) -> None:
    """A4, fitted to the page width, the header rows (first, last) repeated on every printed page."""
    ws.page_setup.orientation = "landscape" if landscape_page else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
