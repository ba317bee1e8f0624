"""posted digests whose text lost erased words are marked for editing

A deletion, ``purge`` or ``forget --user`` takes the erased words out of stored
digests; a digest already posted in Discord still shows them until the bot edits its
post. The flag tells the running bot which posts to edit.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "digests",
        sa.Column("post_outdated", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("digests", "post_outdated")  # in place, SQLite 3.35+ too
