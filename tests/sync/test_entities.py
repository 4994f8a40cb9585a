"""Every table either travels as a versioned entity, column by column, or stays at the school
with a reason (decision 022): a new table or column cannot be forgotten silently."""

from __future__ import annotations

from app.db import Base
from app.journal_schema import Tracked
from app.sync import entities
from app.sync.entities import ENVELOPE, STAYS, entity_for


def _tables() -> dict[str, object]:
    return {str(m.local_table.name): m for m in Base.registry.mappers}


def test_every_table_travels_or_stays_with_a_reason() -> None:
    """Each model's table is mapped to an entity or listed as staying; never both."""
    tables = set(_tables())
    mapped = {e.table for e in entities.ENTITIES}
    assert tables - mapped - set(STAYS) == set(), "tables neither mapped nor staying"
    assert mapped & set(STAYS) == set()
    assert mapped <= tables and set(STAYS) <= tables


def test_every_column_of_a_travelling_table_has_a_fate() -> None:
    """Each column is a wire field, a blob, a reason to stay, or the envelope; nothing else."""
    for name, mapper in _tables().items():
        entity = entity_for(name)
        if entity is None:
            continue
        columns = {c.key for c in mapper.local_table.columns}  # type: ignore[attr-defined]
        fates = set(entity.fields) | set(entity.stays) | set(entity.blobs) | ENVELOPE
        assert columns - fates == set(), f"{name}: columns with no fate"
        assert fates - ENVELOPE <= columns, f"{name}: the map names columns the table lacks"
        assert not set(entity.fields) & set(entity.stays), name


def test_what_never_leaves_is_never_sent() -> None:
    """Health notes, notes, phones, the consent record, passwords: dropped from a change."""
    student = entity_for("student")
    assert student is not None and student.tag == "student@1"
    snapshot = {"full_name": "K' Brơi", "health_notes": "hen suyễn", "phone": "0912345678",
                "personal_id": "038113000001", "search_text": "k broi", "consent_given": True}  # fmt: skip
    assert student.to_wire(snapshot) == {
        "full_name": "K' Brơi", "personal_id": "038113000001", "consent_given": True,
    }  # fmt: skip
    update = {"health_notes": ["", "dị ứng"], "given_name": ["Brơi", "Brol"]}
    assert student.to_wire(update) == {"given_name": ["Brơi", "Brol"]}
    guardian = entity_for("guardian")
    assert guardian is not None and "phone" not in guardian.to_wire(
        {"phone": "09", "relation": "me"}
    )
    assert entity_for("user_account") is None and "password" in STAYS["user_account"]


def test_signed_files_travel_as_blobs_named_by_their_hash() -> None:
    """A kept PDF's bytes are a blob; the record carries its SHA-256 and size."""
    files = entity_for("transcript_pdf")
    assert files is not None and files.blobs == {"pdf": "pdf_sha256"}
    assert "pdf" not in files.fields
    assert entities.schemas()["transcript_file@1"] == [
        "pdf_sha256",
        "revision",
        "size",
        "version_id",
    ]


def test_the_only_journalled_tables_that_stay_are_accounts_and_local_work() -> None:
    """Whatever the journal records about the school's data a package carries; of the
    journalled tables only the accounts and this PC's own queue stay."""
    staying = {
        name
        for name, mapper in _tables().items()
        if issubclass(mapper.class_, Tracked) and entity_for(name) is None  # type: ignore[attr-defined]
    }
    assert staying == {"user_account", "transcript_online_step"}
