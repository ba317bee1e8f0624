"""heartbeats and leases

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import triagebot.store.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "heartbeats",
        sa.Column("process", sa.String(length=128), nullable=False),
        sa.Column("shards", sa.String(length=64), nullable=False),
        sa.Column("started_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.Column("beat_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.Column("last_event_at", triagebot.store.types.UTCDateTime(), nullable=True),
        sa.Column("last_batch_at", triagebot.store.types.UTCDateTime(), nullable=True),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("queue_depth", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("process", name=op.f("pk_heartbeats")),
    )
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("expires_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.Column("acquired_at", triagebot.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )


def downgrade() -> None:
    op.drop_table("leases")
    op.drop_table("heartbeats")
