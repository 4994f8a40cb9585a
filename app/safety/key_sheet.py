"""The printed recovery sheet of a backup key: one A4 page in the NĐ 30 frame.

It carries what the key file carries (school code, fingerprint, the key in
groups of four) in large print, how to keep it, and the three lines to type
back into a text file on a new PC (``app.safety.keys.read_key_file`` reads
them). The sheet is as secret as the key: written with mode 0600, like the
key file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.printing import nd30
from app.printing.fonts import SERIF, SERIF_BOLD
from app.safety.keys import KeyRecord

TITLE = "PHIẾU KHÓA SAO LƯU DỮ LIỆU"
KEY_SIZE = 17
GUIDANCE = (
    "Khóa này mở được MỌI bản sao lưu của trường. Ai có phiếu này và một bản sao lưu là đọc "
    "được toàn bộ dữ liệu học sinh, điểm số, tài khoản.",
    "Cho phiếu vào phong bì dán kín, ghi ngoài bì «Khóa sao lưu Trường Số — {code}», cất trong "
    "tủ hoặc két của Hiệu trưởng. Không để chung với USB chứa bản sao lưu.",
    "Không chụp ảnh, không gửi qua Zalo, thư điện tử hay mạng xã hội. In xong thì xóa tệp PDF "
    "và tệp khóa khỏi máy tính.",
    "Mất khóa này thì các bản sao lưu KHÔNG THỂ khôi phục trên máy khác.",
)
RETYPE = (
    "Khi máy hỏng hoặc chuyển sang máy mới: cài Trường Số, mở Cài đặt → Sao lưu và khôi "
    "phục → «Nhập khóa sao lưu…» rồi chọn tệp khóa. Nếu chỉ còn phiếu giấy, gõ lại đúng ba "
    "dòng dưới đây vào một tệp văn bản (.txt), khóa viết trên một dòng, rồi nhập tệp đó:"
)


def key_groups(key: bytes) -> list[str]:
    """The key as 16 groups of four hexadecimal digits, upper case (easier to read aloud)."""
    text = key.hex().upper()
    return [text[i : i + 4] for i in range(0, len(text), 4)]


def _facts(record: KeyRecord, exported: datetime) -> Table:
    label = nd30.style(nd30.BODY_SIZE, font=SERIF_BOLD)
    value = nd30.style(nd30.BODY_SIZE)
    groups = key_groups(record.key)
    key_style = nd30.style(KEY_SIZE, font=SERIF_BOLD, leading=KEY_SIZE * 1.6)
    key_lines = "<br/>".join("   ".join(groups[i : i + 8]) for i in range(0, len(groups), 8))
    rows = [
        [nd30.para("Mã trường", label), nd30.para(record.school_code, value)],
        [nd30.para("Dấu vân tay", label), nd30.para(record.fingerprint, value)],
        [nd30.para("Ngày xuất", label), nd30.para(f"{exported:%d/%m/%Y %H:%M}", value)],
        [nd30.para("Khóa", label), Paragraph(key_lines, key_style)],
    ]
    table = Table(rows, colWidths=[32 * mm, (nd30.TEXT_WIDTH_MM - 32) * mm])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, "#000000"),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, "#000000"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _retype_lines(record: KeyRecord) -> list[Flowable]:
    mono = nd30.style(9.5, font=SERIF, leading=13)  # the key on one line, as it is typed
    lines = (
        f"Mã trường (school code): {record.school_code}",
        f"Dấu vân tay (fingerprint): {record.fingerprint}",
        "Khóa (key): " + " ".join(key_groups(record.key)),
    )
    return [nd30.para(line, mono) for line in lines]


def write_key_sheet(
    path: Path,
    header: nd30.DocHeader,
    record: KeyRecord,
    exported: datetime,
    principal: str = "",
) -> Path:
    """Write the recovery sheet of ``record`` to ``path`` (a PDF, mode 0600)."""
    body_style = nd30.style(nd30.BODY_SIZE, align="justify", space_after=3)
    body: list[Flowable] = [_facts(record, exported), Spacer(1, 5 * mm)]
    body.append(nd30.para("Cất giữ — đọc kỹ:", nd30.style(nd30.BODY_SIZE, font=SERIF_BOLD)))
    body.extend(
        nd30.para(f"– {line.format(code=record.school_code)}", body_style) for line in GUIDANCE
    )
    body.append(Spacer(1, 3 * mm))
    body.append(nd30.para(RETYPE, body_style))
    body.extend(_retype_lines(record))
    signers = [
        nd30.Signer("NGƯỜI XUẤT KHÓA", note="(Ký, ghi rõ họ tên)"),
        nd30.Signer("HIỆU TRƯỞNG", principal, note="(Người cất giữ, ký và ghi rõ họ tên)"),
    ]
    return nd30.Nd30Document(path, header).build(
        TITLE, body, subtitle=f"Trường Số — mã trường {record.school_code}", signers=signers
    )
