"""The wire entities: which table travels as which versioned entity, field by field (decision 022).

A package never names a table or a column. Each table that leaves the school maps to an
entity with a version (``student@1``); each column either has a wire field or is listed with
the reason it stays. A migration that renames a column changes only this map. A new column
must be given a wire field or a reason to stay: ``tests/sync/test_entities.py`` fails until
it is, so nothing is left out of, or sent in, a package unnoticed.

The key, the school code and the row's own timestamps are the envelope (record id, the
package's school), not fields. Values are the journal's canonical form (``_plain``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from app.sync.entity_model import ENVELOPE, Entity
from app.sync.entity_model import same as _same

__all__ = ["ENVELOPE", "ENTITIES", "STAYS", "Entity", "entity_for", "schemas"]

_NOT_NEEDED = "the hub has no use for it; minimal data (Law 91/2025)"
_DERIVED = "derived at the school; the hub rebuilds what it needs"
_LOCAL = "this database's working state"

# fmt: off
ENTITIES: tuple[Entity, ...] = (
    Entity(
        "school",
        1,
        "school",
        _same(
            "code", "name", "levels", "province", "commune", "authority", "principal",
            "address", "phone", "email",
        ),
    ),  # fmt: skip
    Entity("school_year", 1, "school_year", _same("name", "start_date", "end_date", "is_current")),
    Entity("semester", 1, "semester", _same("school_year", "number", "start_date", "end_date")),
    Entity(
        "subject",
        1,
        "subject",
        _same(
            "school_year", "level", "grade", "name", "short_name", "periods_per_year",
            "comment_only", "elective", "position", "active", "provenance",
        ),
    ),  # fmt: skip
    Entity(
        "class", 1, "class_group", _same("school_year", "grade", "name", "homeroom_teacher_id")
    ),  # fmt: skip
    Entity("class_elective", 1, "class_elective", _same("class_id", "subject_id")),
    Entity(
        "teaching_assignment",
        1,
        "teaching_assignment",
        _same("class_id", "subject_id", "teacher_id"),
    ),  # fmt: skip
    Entity(
        "student",
        1,
        "student",
        _same(
            "student_code", "personal_id", "ministry_code", "lifelong_record_number",
            "family_middle_name", "given_name", "full_name", "date_of_birth", "sex",
            "ethnicity_code", "ethnicity_code_system", "religion", "nationality",
            "place_of_birth", "hometown", "address_province", "address_commune",
            "address_detail", "status", "policy_group", "disability", "disability_type",
            "poverty", "height_cm", "weight_kg", "consent_given",
        ),
        stays={
            "phone": _NOT_NEEDED,
            "health_notes": "health notes never leave the school (decision 022 §5)",
            "notes": "free-text notes never leave the school",
            "consent_date": "the consent record stays; whether it was given leaves",
            "consent_by": "the consent record stays; whether it was given leaves",
            "search_text": _DERIVED,
            "sort_key": _DERIVED,
        },
    ),  # fmt: skip
    Entity(
        "guardian",
        1,
        "guardian",
        _same(
            "student_id", "relation", "full_name", "birth_year", "occupation", "personal_id",
        ),
        stays={"phone": _NOT_NEEDED},
    ),  # fmt: skip
    Entity(
        "enrolment",
        1,
        "enrolment",
        _same(
            "student_id", "class_id", "school_year", "start_date", "end_date",
        ),
    ),  # fmt: skip
    Entity(
        "student_event",
        1,
        "student_event",
        _same(
            "student_id", "kind", "event_date", "school_year", "other_school", "reason",
            "details",
        ),
    ),  # fmt: skip
    Entity(
        "assessment",
        1,
        "assessment",
        _same(
            "student_id", "class_id", "subject_id", "school_year", "semester", "kind", "number",
            "value",
        ),
    ),  # fmt: skip
    Entity(
        "conduct",
        1,
        "conduct_record",
        _same(
            "student_id", "class_id", "school_year", "semester", "conduct", "absent_excused",
            "absent_unexcused",
        ),
    ),  # fmt: skip
    Entity(
        "summer_conduct",
        1,
        "summer_conduct",
        _same("student_id", "class_id", "school_year", "conduct"),
    ),  # fmt: skip
    Entity(
        "retest_choice",
        1,
        "retest_choice",
        _same("student_id", "class_id", "subject_id", "school_year"),
    ),  # fmt: skip
    Entity(
        "retest",
        1,
        "retest_result",
        _same("student_id", "class_id", "subject_id", "school_year", "value"),
    ),  # fmt: skip
    Entity(
        "grade_lock",
        1,
        "grade_lock",
        _same("class_id", "semester", "locked", "changed_at", "changed_by"),
    ),  # fmt: skip
    Entity(
        "result",
        1,
        "result_snapshot",
        _same("student_id", "class_id", "school_year", "scope", "data", "taken_at"),
    ),  # fmt: skip
    Entity(
        "primary_rating",
        1,
        "primary_rating",
        _same(
            "student_id", "class_id", "school_year", "semester", "checkpoint", "name", "value",
        ),
    ),  # fmt: skip
    Entity(
        "primary_nomination",
        1,
        "primary_nomination",
        _same("student_id", "class_id", "school_year", "achievement"),
    ),  # fmt: skip
    Entity(
        "transcript",
        1,
        "transcript",
        _same(
            "student_id", "class_id", "school_year", "level", "latest_version", "needs_reissue",
            "reissue_reason",
        ),
    ),  # fmt: skip
    Entity(
        "transcript_version",
        1,
        "transcript_version",
        _same(
            "transcript_id", "number", "state", "data", "data_sha256", "correction_reason",
            "prepared_by", "prepared_at", "issued_by", "issued_at",
        ),
    ),  # fmt: skip
    Entity(
        "transcript_signature",
        1,
        "transcript_signature",
        _same(
            "version_id", "position", "role", "signer_name", "signer_title", "username",
            "signed_at", "certificate_sha256",
        ),
    ),  # fmt: skip
    Entity(
        "transcript_file",
        1,
        "transcript_pdf",
        _same(
            "version_id", "revision", "pdf_sha256", "size",
        ),
        blobs={"pdf": "pdf_sha256"},
    ),  # fmt: skip
    Entity(
        "transcript_copy",
        1,
        "transcript_copy",
        _same(
            "version_id", "kind", "issued_to", "purpose", "copies", "issued_by",
            "issued_by_name", "issued_at",
        ),
    ),  # fmt: skip
    Entity(
        "transcript_extra",
        1,
        "transcript_extra",
        _same(
            "student_id", "school_year", "height_cm", "weight_kg", "days_absent_excused",
            "days_absent_unexcused", "certificates", "competitions", "commendations",
            "homeroom_comment",
        ),
    ),  # fmt: skip
    Entity(
        "transcript_process",
        1,
        "transcript_process",
        _same(
            "student_id", "school_year", "class_name", "school_name", "principal",
        ),
    ),  # fmt: skip
    Entity(
        "room",
        1,
        "room",
        _same("name", "kind", "level", "capacity", "construction", "area_m2", "notes"),
    ),
    Entity("equipment_list", 1, "equipment_list", _same("circular", "level", "version", "source")),
    Entity(
        "equipment_reference_item",
        1,
        "equipment_reference_item",
        _same(
            "list_id", "subject", "grade", "item_no", "name", "purpose", "description", "user",
            "unit", "quantity", "scope", "notes",
        ),
    ),  # fmt: skip
    Entity(
        "equipment_item",
        1,
        "equipment_item",
        _same(
            "code", "name", "reference_id", "category", "room_id", "serial", "quantity", "unit",
            "serial_number", "acquired_on", "funding", "value_vnd", "condition", "is_computer",
            "working", "internet", "notes", "disposed_on", "disposal_reason", "disposed_by",
            "disposed_at",
        ),
    ),  # fmt: skip
    Entity(
        "equipment_stocktake",
        1,
        "equipment_stocktake",
        _same(
            "number", "room_id", "place", "committee", "opened_by", "opened_at", "status",
            "move_wrong_room", "applied_by", "applied_at", "result_sha256", "notes",
        ),
        stays={"result": "the frozen result the record prints; its SHA-256 travels, and what "
                         "it changed travels as equipment_item changes"},
    ),  # fmt: skip
    Entity(
        "equipment_loan",
        1,
        "equipment_loan",
        _same(
            "number", "borrower_id", "kind", "school_year", "week", "weekday", "periods",
            "start_on", "due_on", "class_name", "subject", "lesson", "status", "decided_by",
            "decided_at", "refusal_reason", "handed_out_at", "returned_at", "notes",
        ),
    ),  # fmt: skip
    Entity(
        "equipment_loan_line",
        1,
        "equipment_loan_line",
        _same("slip_id", "item_id", "quantity", "out_condition", "return_condition"),
        stays={"scans": "how many times the label was scanned at the desk: " + _LOCAL},
    ),
    Entity(
        "cds_criteria_set",
        1,
        "cds_criteria_set",
        _same("key", "version", "title", "decision", "decision_date", "verified", "source",
              "content_sha256"),
        blobs={"content": "content_sha256"},
    ),  # fmt: skip
    Entity(
        "cds_assessment",
        1,
        "cds_assessment",
        _same(
            "school_year", "set_id", "state", "principal_comment", "authority_comment",
            "authority_decided_on", "approved_by", "approved_at", "sent_by", "sent_at",
        ),
    ),  # fmt: skip
    Entity(
        "cds_answer",
        1,
        "cds_answer",
        _same(
            "assessment_id", "criterion", "value", "points", "note", "prefill_metric",
            "prefill_value", "prefill_explanation", "overridden", "override_reason",
        ),
    ),  # fmt: skip
    Entity(
        "cds_evidence",
        1,
        "cds_evidence",
        _same(
            "assessment_id", "criterion", "file_name", "file_version", "media_type", "size",
            "sha256", "added_by", "withdrawn", "withdrawn_reason",
        ),
    ),  # fmt: skip
    Entity(
        "cds_evidence_blob",
        1,
        "cds_evidence_blob",
        _same("sha256", "size"),
        blobs={"data": "sha256"},
    ),
    Entity(
        "cds_task_list",
        1,
        "cds_task_list",
        _same("school_year", "document", "content_sha256", "file_name"),
        blobs={"content": "content_sha256"},
    ),
    Entity(
        "cds_task",
        1,
        "cds_task",
        _same("school_year", "code", "state", "responsible", "due_on", "note"),
    ),
    Entity(
        "cds_task_evidence",
        1,
        "cds_task_evidence",
        _same("school_year", "code", "file_name", "media_type", "size", "sha256", "added_by",
              "withdrawn", "withdrawn_reason"),
    ),  # fmt: skip
)
# fmt: on

STAYS: Mapping[str, str] = MappingProxyType({
    "user_account": "accounts and passwords never leave; staff travel later without credentials",
    "access_log": "who signed in and who looked at personal IDs stays at the school",
    "journal_entry": "the journal is the source of packages, not their content",
    "journal_head": "the journal's head travels as the package's range and chain hash",
    "student_search_term": _DERIVED,
    "student_code_sequence": _LOCAL,
    "transcript_online_step": _LOCAL,
    "outbox_package": _LOCAL,
    "equipment_code_sequence": _LOCAL,
    "equipment_stocktake_scan": "each read of a label while counting: " + _LOCAL,
})  # fmt: skip
"""Tables that never leave the school, and why."""

_BY_TABLE: Mapping[str, Entity] = MappingProxyType({e.table: e for e in ENTITIES})


def entity_for(table: str) -> Entity | None:
    """The entity ``table`` travels as, or None when it stays at the school."""
    return _BY_TABLE.get(table)


def schemas() -> dict[str, list[str]]:
    """Every entity's tag and wire fields, for ``docs/package-format.md`` and the hub."""
    return {e.tag: sorted({*e.fields.values(), *e.blobs.values()}) for e in ENTITIES}
