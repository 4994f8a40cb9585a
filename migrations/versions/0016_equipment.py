"""equipment: rooms, minimum lists, the register and its code counter

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-07 21:18:47.814943
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "equipment_code_sequence",
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_code", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment_code_sequence")),
        sa.UniqueConstraint("school_code", name=op.f("uq_equipment_code_sequence_school_code")),
    )
    with op.batch_alter_table("equipment_code_sequence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_equipment_code_sequence_school_code"), ["school_code"], unique=False
        )

    op.create_table(
        "equipment_list",
        sa.Column("circular", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_code", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment_list")),
        sa.UniqueConstraint(
            "school_code",
            "circular",
            "level",
            "version",
            name=op.f("uq_equipment_list_school_code"),
        ),
    )
    with op.batch_alter_table("equipment_list", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_equipment_list_school_code"), ["school_code"], unique=False
        )

    op.create_table(
        "room",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("construction", sa.String(length=12), nullable=False),
        sa.Column("area_m2", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_code", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room")),
        sa.UniqueConstraint("school_code", "name", name=op.f("uq_room_school_code")),
    )
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_school_code"), ["school_code"], unique=False)

    op.create_table(
        "equipment_reference_item",
        sa.Column("list_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("item_no", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("user", sa.String(length=10), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_code", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["equipment_list.id"],
            name=op.f("fk_equipment_reference_item_list_id_equipment_list"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment_reference_item")),
        sa.UniqueConstraint(
            "list_id",
            "subject",
            "grade",
            "item_no",
            name=op.f("uq_equipment_reference_item_list_id"),
        ),
    )
    with op.batch_alter_table("equipment_reference_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_equipment_reference_item_list_id"), ["list_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_equipment_reference_item_school_code"), ["school_code"], unique=False
        )

    op.create_table(
        "equipment_item",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("reference_id", sa.Uuid(), nullable=True),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("room_id", sa.Uuid(), nullable=True),
        sa.Column("serial", sa.Boolean(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=False),
        sa.Column("serial_number", sa.String(length=80), nullable=False),
        sa.Column("acquired_on", sa.Date(), nullable=True),
        sa.Column("funding", sa.String(length=12), nullable=False),
        sa.Column("value_vnd", sa.Numeric(precision=15, scale=0), nullable=False),
        sa.Column("condition", sa.String(length=14), nullable=False),
        sa.Column("is_computer", sa.Boolean(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("internet", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("disposed_on", sa.Date(), nullable=True),
        sa.Column("disposal_reason", sa.Text(), nullable=False),
        sa.Column("disposed_by", sa.String(length=64), nullable=False),
        sa.Column("disposed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_code", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reference_id"],
            ["equipment_reference_item.id"],
            name=op.f("fk_equipment_item_reference_id_equipment_reference_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["room.id"],
            name=op.f("fk_equipment_item_room_id_room"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment_item")),
        sa.UniqueConstraint("school_code", "code", name=op.f("uq_equipment_item_school_code")),
    )
    with op.batch_alter_table("equipment_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_equipment_item_condition"), ["condition"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_equipment_item_disposed_on"), ["disposed_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_equipment_item_reference_id"), ["reference_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_equipment_item_room_id"), ["room_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_equipment_item_school_code"), ["school_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("equipment_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equipment_item_school_code"))
        batch_op.drop_index(batch_op.f("ix_equipment_item_room_id"))
        batch_op.drop_index(batch_op.f("ix_equipment_item_reference_id"))
        batch_op.drop_index(batch_op.f("ix_equipment_item_disposed_on"))
        batch_op.drop_index(batch_op.f("ix_equipment_item_condition"))

    op.drop_table("equipment_item")
    with op.batch_alter_table("equipment_reference_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equipment_reference_item_school_code"))
        batch_op.drop_index(batch_op.f("ix_equipment_reference_item_list_id"))

    op.drop_table("equipment_reference_item")
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_school_code"))

    op.drop_table("room")
    with op.batch_alter_table("equipment_list", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equipment_list_school_code"))

    op.drop_table("equipment_list")
    with op.batch_alter_table("equipment_code_sequence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equipment_code_sequence_school_code"))

    op.drop_table("equipment_code_sequence")
