"""a hint's claim says what it is about, so a restart can finish it

The claim is written with the batch that earned the hint; until the hint's message
is recorded, the row names the message the hint is about and the score it shows, so
a process killed before posting leaves a hint that its successor still owes.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("hint_posts", sa.Column("about_message_id", sa.BigInteger(), nullable=True))
    op.add_column("hint_posts", sa.Column("score", sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column("hint_posts", "score")  # in place, SQLite 3.35+ too
    op.drop_column("hint_posts", "about_message_id")
