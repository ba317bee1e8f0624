"""spam flags whose copies' text was erased are marked for editing

``purge`` and ``forget --user`` run outside the bot; a flag already posted in the
moderator channel would go on quoting the erased text. The flag tells the running
bot which flags to edit.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "spam_incidents",
        sa.Column("flag_outdated", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("spam_incidents", "flag_outdated")  # in place, SQLite 3.35+ too
