"""The school's NĐ 30 header (parent body, school, place and date) read from its profile."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app import school
from app.printing import nd30

_PLACE_PREFIXES = ("Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


def doc_header(session: Session, on: date | None) -> tuple[nd30.DocHeader, str]:
    """The header of a document the school issues, and the principal's name for signing."""
    prof = school.require_profile(session)
    authority = prof.authority or (
        f"Sở Giáo dục và Đào tạo {prof.province}" if prof.province else ""
    )
    place = prof.commune
    for prefix in _PLACE_PREFIXES:
        place = place.removeprefix(prefix)
    return nd30.DocHeader(authority, prof.name, place or prof.province, on), prof.principal
