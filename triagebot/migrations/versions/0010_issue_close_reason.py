"""why an issue was closed, and its milestone

Recently closed issues are named in hints ("closed 3 days ago as fixed in v0.9.3"):
that needs GitHub's ``state_reason`` and the milestone's title, which were not kept.
Existing rows get them at the next sync that sees the issue change.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("issues", sa.Column("state_reason", sa.String(length=32), nullable=True))
    op.add_column("issues", sa.Column("milestone", sa.Text(), nullable=True))


def downgrade() -> None:
    # In place (SQLite has DROP COLUMN since 3.35): rebuilding ``issues`` instead would
    # cascade-delete the matches and hints that refer to it.
    op.drop_column("issues", "milestone")
    op.drop_column("issues", "state_reason")
