"""thread links and hint posts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import triagebot.store.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hint_posts",
        sa.Column("place_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("issue_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("posted_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issues.id"],
            name=op.f("fk_hint_posts_issue_id_issues"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("place_id", "issue_id", name=op.f("pk_hint_posts")),
    )
    op.create_table(
        "thread_links",
        sa.Column("thread_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("issue_id", sa.BigInteger(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("linked_by", sa.BigInteger(), nullable=False),
        sa.Column("linked_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.Column("comment_url", sa.Text(), nullable=True),
        sa.Column("notified_state", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issues.id"],
            name=op.f("fk_thread_links_issue_id_issues"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", "issue_id", name=op.f("pk_thread_links")),
    )
    with op.batch_alter_table("thread_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thread_links_issue_id"), ["issue_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("thread_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_links_issue_id"))

    op.drop_table("thread_links")
    op.drop_table("hint_posts")
