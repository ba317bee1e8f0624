"""spam incidents, audit, exemplars

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import triagebot.store.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "spam_incidents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("wave_key", sa.String(length=64), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("first_seen", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.Column("last_seen", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.Column("flag_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("flag_message_id", sa.BigInteger(), nullable=True),
        sa.Column("resolved_by", sa.BigInteger(), nullable=True),
        sa.Column("resolved_at", triagebot.store.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spam_incidents")),
        sa.UniqueConstraint("wave_key", name=op.f("uq_spam_incidents_wave_key")),
    )
    with op.batch_alter_table("spam_incidents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_spam_incidents_first_seen"), ["first_seen"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_spam_incidents_status"), ["status"], unique=False)

    op.create_table(
        "moderation_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("moderator_id", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["spam_incidents.id"],
            name=op.f("fk_moderation_audit_incident_id_spam_incidents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_audit")),
    )
    with op.batch_alter_table("moderation_audit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_audit_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "spam_copies",
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["spam_incidents.id"],
            name=op.f("fk_spam_copies_incident_id_spam_incidents"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_spam_copies_message_id_messages")
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_spam_copies")),
    )
    with op.batch_alter_table("spam_copies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_spam_copies_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "spam_exemplars",
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("content_hash", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=8), nullable=False),
        sa.Column("moderator_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_spam_exemplars_message_id_messages")
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_spam_exemplars")),
    )


def downgrade() -> None:
    op.drop_table("spam_exemplars")
    with op.batch_alter_table("spam_copies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spam_copies_incident_id"))

    op.drop_table("spam_copies")
    with op.batch_alter_table("moderation_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_audit_incident_id"))

    op.drop_table("moderation_audit")
    with op.batch_alter_table("spam_incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spam_incidents_status"))
        batch_op.drop_index(batch_op.f("ix_spam_incidents_first_seen"))

    op.drop_table("spam_incidents")
