"""digest feedback keeps the judged item's reports

"Done" or "Not relevant" on an item without an issue was keyed by the topic's first
report, a key that changes when that report leaves the window or an issue claims
the topic. A verdict now keeps the item's message ids and holds for any later topic
sharing them. Earlier verdicts keep working by key alone.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("digest_feedback", sa.Column("message_ids", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("digest_feedback", "message_ids")  # in place, SQLite 3.35+ too
