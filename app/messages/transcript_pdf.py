"""Messages of the transcript documents (``app.transcripts.pdf_document``, ``print_files``)."""

from __future__ import annotations


class TRANSCRIPT_PDF_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    year_missing = "Học bạ của {name} không có năm học {year}."
    no_years = "Học bạ của {name} chưa có năm học nào để in."
    nothing_to_print = "Không có học bạ nào để in."
    write_failed = "Không ghi được tệp {path}: {detail}"
    not_a_transcript = "Tệp này không phải học bạ do phần mềm tạo ra (không đọc được số trang)."
    drawing = "Tạo tệp học bạ"
    students = "học sinh"
