"""issues filed from Discord, recorded before GitHub is asked

A timed-out POST may have created its issue; the row (with the marker the body
carries) lets a retry find that issue instead of filing a second one, and its
message ids count for the new issue at once.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import triagebot.store.types

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "filed_issues",
        sa.Column("intent", sa.String(length=120), nullable=False),
        sa.Column("marker", sa.String(length=64), nullable=False),
        sa.Column("repo", sa.String(length=140), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("thread_id", sa.BigInteger(), nullable=True),
        sa.Column("message_ids", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.BigInteger(), nullable=False),
        sa.Column("requested_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.Column("attempt_at", triagebot.store.types.UTCDateTime(), nullable=True),
        sa.Column("issue_id", sa.BigInteger(), nullable=True),
        sa.Column("issue_number", sa.Integer(), nullable=True),
        sa.Column("issue_url", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("intent", name=op.f("pk_filed_issues")),
        sa.UniqueConstraint("marker", name=op.f("uq_filed_issues_marker")),
    )
    op.create_index(op.f("ix_filed_issues_issue_id"), "filed_issues", ["issue_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_filed_issues_issue_id"), table_name="filed_issues")
    op.drop_table("filed_issues")
