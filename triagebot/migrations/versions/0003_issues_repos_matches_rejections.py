"""issues, repos, matches, rejections

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import triagebot.store.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issues",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("repo", sa.String(length=140), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("labels", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.Column("reactions", sa.Integer(), nullable=False),
        sa.Column("html_url", sa.Text(), nullable=False),
        sa.Column("created_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.Column("closed_at", triagebot.store.types.UTCDateTime(), nullable=True),
        sa.Column("text_hash", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issues")),
        sa.UniqueConstraint("repo", "number", name=op.f("uq_issues_repo")),
    )
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issues_repo"), ["repo"], unique=False)
        batch_op.create_index(batch_op.f("ix_issues_state"), ["state"], unique=False)

    op.create_table(
        "repos",
        sa.Column("full_name", sa.String(length=140), nullable=False),
        sa.Column("since", triagebot.store.types.UTCDateTime(), nullable=True),
        sa.Column("etag", sa.String(length=200), nullable=True),
        sa.Column("last_sync_at", triagebot.store.types.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("full_name", name=op.f("pk_repos")),
    )
    op.create_table(
        "hint_rejections",
        sa.Column("place_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("issue_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issues.id"],
            name=op.f("fk_hint_rejections_issue_id_issues"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("place_id", "issue_id", name=op.f("pk_hint_rejections")),
    )
    op.create_table(
        "issue_matches",
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("issue_id", sa.BigInteger(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("matched_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issues.id"],
            name=op.f("fk_issue_matches_issue_id_issues"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name=op.f("fk_issue_matches_message_id_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_issue_matches")),
    )
    with op.batch_alter_table("issue_matches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_matches_issue_id"), ["issue_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("issue_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_matches_issue_id"))

    op.drop_table("issue_matches")
    op.drop_table("hint_rejections")
    op.drop_table("repos")
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issues_state"))
        batch_op.drop_index(batch_op.f("ix_issues_repo"))

    op.drop_table("issues")
