"""From a normalised ``StudentInput`` to column values, and the derived search columns (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.students import text
from app.students.inputs import StudentInput
from app.students.validation import ETHNICITY_CODE_SYSTEM

TERM_MAX = 80
# A personal ID is indexed behind this mark: a typed query folds to letters, digits and
# spaces, so only a search made for an actor who may see IDs ever reaches these terms.
ID_TERM = "#"

# Input field → Student column, for fields copied as they are.
_DIRECT = {
    "student_code": "student_code",
    "date_of_birth": "date_of_birth",
    "sex": "sex",
    "place_of_birth": "place_of_birth",
    "hometown": "hometown",
    "address": "address_detail",
    "notes": "notes",
    "ministry_code": "ministry_code",
    "lifelong_record_number": "lifelong_record_number",
    "religion": "religion",
    "nationality": "nationality",
    "address_province": "address_province",
    "address_commune": "address_commune",
    "phone": "phone",
    "policy_group": "policy_group",
    "disability": "disability",
    "disability_type": "disability_type",
    "poverty": "poverty",
    "height_cm": "height_cm",
    "weight_kg": "weight_kg",
    "health_notes": "health_notes",
    "consent_given": "consent_given",
    "consent_date": "consent_date",
    "consent_by": "consent_by",
}
# Student column → input field, for identity-change detection and messages.
COLUMN_FIELD = {col: f for f, col in _DIRECT.items()} | {
    "full_name": "full_name",
    "personal_id": "personal_id",
    "ethnicity_code": "ethnicity",
}


def given_columns(value: StudentInput) -> dict[str, Any]:
    """Column values for the fields the input gives (None fields are left out)."""
    fields = vars(value)
    out: dict[str, Any] = {col: fields[f] for f, col in _DIRECT.items() if fields[f] is not None}
    if value.full_name:
        family, given = text.split_full_name(value.full_name)
        out.update(full_name=value.full_name, family_middle_name=family, given_name=given)
    if value.personal_id is not None:
        out["personal_id"] = value.personal_id or None
    if value.ethnicity is not None:
        out["ethnicity_code"] = value.ethnicity
        out["ethnicity_code_system"] = ETHNICITY_CODE_SYSTEM if value.ethnicity else ""
    return out


def input_phones(value: StudentInput) -> list[str]:
    """The student's and guardians' phones given in an input."""
    names = ("phone", "father_phone", "mother_phone", "guardian_phone")
    return [p for p in (getattr(value, n) for n in names) if p]


def query_term(query: str) -> str:
    """The folded search term of what the user typed: phrases keep spaces, codes and numbers lose them."""
    folded = text.fold(query)
    if " " not in folded or folded.replace(" ", "").isdigit():
        folded = folded.replace(" ", "")
    return folded[:TERM_MAX]


def search_terms(
    full_name: str,
    student_code: str,
    personal_id: str | None,
    phones: Iterable[str],
    ministry_code: str = "",
) -> set[str]:
    """Index terms: every word-suffix of the folded name, the codes, the ID and each phone.

    The personal ID's term carries ``ID_TERM`` so that searching it needs the right to see it.

    "Nguyễn Thị Ánh" gives "nguyen thi anh", "thi anh" and "anh", so a prefix
    match finds "nguyen thi a", "thi a" or "anh" with one index range.
    """
    words = text.fold(full_name).split(" ")
    terms = {" ".join(words[i:])[:TERM_MAX] for i in range(len(words)) if words[i]}
    if personal_id:
        terms.add(ID_TERM + personal_id.lower())
    for extra in (student_code, ministry_code, *phones):
        # Codes, IDs and phones are plain ASCII letters and digits: folding only lowers them.
        plain = extra.isascii() and extra.isalnum()
        folded = extra.lower() if plain else text.fold(extra).replace(" ", "")
        if folded:
            terms.add(folded[:TERM_MAX])
    return terms


def search_text(full_name: str, student_code: str, personal_id: str | None) -> str:
    """Haystack of the exact (accented) search: lower-case name, code and ID.

    Phones are digits, the same with or without accents, so they live only in
    the search terms; guardian edits then never touch the student row.
    """
    parts = [full_name, student_code, personal_id or ""]
    return " ".join(text.exact_form(p) for p in parts if p)


DERIVED_COLUMNS = frozenset({"sort_key", "search_text"})


def derived(values: Mapping[str, Any]) -> dict[str, Any]:
    """The derived columns (sort key, exact search text) from a student's merged values.

    They appear in journal diffs next to the name change that caused them;
    history views hide ``DERIVED_COLUMNS``.
    """
    return {
        "sort_key": text.name_sort_key(values["family_middle_name"], values["given_name"]),
        "search_text": search_text(
            values["full_name"], values["student_code"], values.get("personal_id")
        ),
    }
