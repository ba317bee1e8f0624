"""spam exemplars keep their own vectors

A moderator's verdict used to refer to the judged message's vector in ``embeddings``;
"Delete all copies" deletes those very messages, their vectors left the cache, and
the verdict taught nothing after a restart. Each example now holds a copy of its
vector and the number of the model that made it. Existing examples get theirs from
the cache where it still has one (the newest model's, when several have).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEY = "fk_spam_exemplars_model_id_embedding_models"
# The cached vector of each example's text, from the newest model that has one.
COPY_VECTORS = """
UPDATE spam_exemplars SET
    model_id = (
        SELECT max(e.model_id) FROM embeddings e
        WHERE e.content_hash = spam_exemplars.content_hash
    ),
    vector = (
        SELECT e.vector FROM embeddings e
        WHERE e.content_hash = spam_exemplars.content_hash
        ORDER BY e.model_id DESC LIMIT 1
    )
"""


def upgrade() -> None:
    # SQLite cannot add a foreign key in place; nothing refers to this table, so the
    # batch rebuilds it there (and alters in place on PostgreSQL).
    with op.batch_alter_table("spam_exemplars") as batch:
        batch.add_column(sa.Column("model_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("vector", sa.LargeBinary(), nullable=True))
        batch.create_foreign_key(FOREIGN_KEY, "embedding_models", ["model_id"], ["id"])
    op.execute(COPY_VECTORS)


def downgrade() -> None:
    # The old shape finds vectors through the cache: examples whose vectors only lived
    # here keep their rows but teach nothing until their text is embedded again.
    with op.batch_alter_table("spam_exemplars") as batch:
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch.drop_column("vector")
        batch.drop_column("model_id")
