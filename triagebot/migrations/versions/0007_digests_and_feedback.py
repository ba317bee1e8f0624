"""digests and feedback

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import triagebot.store.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "digest_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_feedback")),
    )
    with op.batch_alter_table("digest_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_digest_feedback_key"), ["key"], unique=False)

    op.create_table(
        "digests",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("generated_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("posted_at", triagebot.store.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_digests")),
    )


def downgrade() -> None:
    op.drop_table("digests")
    with op.batch_alter_table("digest_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digest_feedback_key"))

    op.drop_table("digest_feedback")
