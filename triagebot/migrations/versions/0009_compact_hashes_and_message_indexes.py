"""compact hashes, numbered models, fewer message indexes

Content hashes become 16 raw bytes instead of 32 hex characters (messages, vectors,
issues, spam examples); vectors name their model by a number from
``embedding_models``; messages lose the indexes no query needs (time ranges are id
ranges) and index ``thread_id`` only where there is one. About 0.4 KB less per stored
message. SQLite gets the space back after a ``VACUUM``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, nullable): every content hash the schema stores.
HASH_COLUMNS = [
    ("messages", "content_hash", True),
    ("issues", "text_hash", True),
    ("spam_exemplars", "content_hash", False),
]
OLD_MESSAGE_INDEXES = {
    "ix_messages_author_created": ["author_id", "created_at"],
    "ix_messages_channel_created": ["channel_id", "created_at"],
    "ix_messages_created_at": ["created_at"],
    "ix_messages_thread_id": ["thread_id"],
}
HEX = sa.String(length=32)
BYTES = sa.LargeBinary(length=16)


def _sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def upgrade() -> None:
    if _sqlite():
        # SQLite before 3.41 has no unhex(); the conversion runs in Python.
        driver = op.get_bind().connection.driver_connection
        driver.create_function("triagebot_unhex", 1, _unhex, deterministic=True)  # type: ignore[union-attr]
    for name in OLD_MESSAGE_INDEXES:
        op.drop_index(name, table_name="messages")
    op.drop_index("ix_messages_content_hash", table_name="messages")
    for table, column, nullable in HASH_COLUMNS:
        _convert(table, column, nullable, BYTES, "triagebot_unhex({})", "decode({}, 'hex')")
    op.create_index("ix_messages_content_hash", "messages", ["content_hash"])
    op.create_index("ix_messages_author_id", "messages", ["author_id"])
    op.create_index(
        "ix_messages_thread_id",
        "messages",
        ["thread_id"],
        sqlite_where=sa.text("thread_id IS NOT NULL"),
        postgresql_where=sa.text("thread_id IS NOT NULL"),
    )
    _number_the_models()


def downgrade() -> None:
    _name_the_models()
    op.drop_index("ix_messages_thread_id", table_name="messages")
    op.drop_index("ix_messages_author_id", table_name="messages")
    op.drop_index("ix_messages_content_hash", table_name="messages")
    for table, column, nullable in HASH_COLUMNS:
        _convert(table, column, nullable, HEX, "nullif(lower(hex({})), '')", "encode({}, 'hex')")
    op.create_index("ix_messages_content_hash", "messages", ["content_hash"])
    for name, columns in OLD_MESSAGE_INDEXES.items():
        op.create_index(name, "messages", columns)


def _unhex(value: str | None) -> bytes | None:
    return None if value is None else bytes.fromhex(value)


def _convert(
    table: str, column: str, nullable: bool, to: sa.types.TypeEngine[Any], lite: str, pg: str
) -> None:
    """Rewrite ``table.column`` as type ``to``, each value through ``lite`` on SQLite or
    ``pg`` on PostgreSQL (``{}`` stands for the column)."""
    if not _sqlite():
        op.alter_column(table, column, type_=to, postgresql_using=pg.format(column))
        return
    if nullable:
        # In place: a new column, filled, then renamed. Rebuilding the table instead
        # would cascade-delete the rows that refer to it (issue matches, hints).
        fresh = f"{column}_0009"
        op.add_column(table, sa.Column(fresh, to, nullable=True))
        op.execute(f"UPDATE {table} SET {fresh} = {lite.format(column)}")
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        op.execute(f"ALTER TABLE {table} RENAME COLUMN {fresh} TO {column}")
        return
    # NOT NULL cannot be added in place; nothing refers to this table, so rebuild it.
    op.execute(f"UPDATE {table} SET {column} = {lite.format(column)}")
    with op.batch_alter_table(table, recreate="always") as batch:
        batch.alter_column(column, type_=to, existing_nullable=False)


def _number_the_models() -> None:
    op.create_table(
        "embedding_models",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_embedding_models")),
        sa.UniqueConstraint("name", name=op.f("uq_embedding_models_name")),
    )
    op.execute("INSERT INTO embedding_models (name) SELECT DISTINCT model FROM embeddings")
    if _sqlite():
        _rebuild_embeddings(
            [
                sa.Column("content_hash", BYTES, nullable=False),
                sa.Column("model_id", sa.Integer(), nullable=False),
                sa.Column("vector", sa.LargeBinary(), nullable=False),
                sa.ForeignKeyConstraint(
                    ["model_id"],
                    ["embedding_models.id"],
                    name=op.f("fk_embeddings_model_id_embedding_models"),
                ),
                sa.PrimaryKeyConstraint("content_hash", "model_id", name=op.f("pk_embeddings")),
            ],
            "SELECT triagebot_unhex(e.content_hash), m.id, e.vector FROM embeddings e "
            "JOIN embedding_models m ON m.name = e.model ORDER BY e.rowid",
        )
        return
    op.add_column("embeddings", sa.Column("model_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE embeddings SET model_id = m.id FROM embedding_models m "
        "WHERE m.name = embeddings.model"
    )
    op.drop_constraint("pk_embeddings", "embeddings", type_="primary")
    op.drop_column("embeddings", "model")
    op.alter_column("embeddings", "model_id", nullable=False)
    op.alter_column(
        "embeddings", "content_hash", type_=BYTES, postgresql_using="decode(content_hash, 'hex')"
    )
    op.create_primary_key("pk_embeddings", "embeddings", ["content_hash", "model_id"])
    op.create_foreign_key(
        "fk_embeddings_model_id_embedding_models",
        "embeddings",
        "embedding_models",
        ["model_id"],
        ["id"],
    )


def _name_the_models() -> None:
    if _sqlite():
        _rebuild_embeddings(
            [
                sa.Column("content_hash", HEX, nullable=False),
                sa.Column("model", sa.String(length=64), nullable=False),
                sa.Column("vector", sa.LargeBinary(), nullable=False),
                sa.PrimaryKeyConstraint("content_hash", "model", name=op.f("pk_embeddings")),
            ],
            "SELECT lower(hex(e.content_hash)), m.name, e.vector FROM embeddings e "
            "JOIN embedding_models m ON m.id = e.model_id ORDER BY e.rowid",
        )
    else:
        op.drop_constraint(
            "fk_embeddings_model_id_embedding_models", "embeddings", type_="foreignkey"
        )
        op.drop_constraint("pk_embeddings", "embeddings", type_="primary")
        op.add_column("embeddings", sa.Column("model", sa.String(length=64), nullable=True))
        op.execute(
            "UPDATE embeddings SET model = m.name FROM embedding_models m "
            "WHERE m.id = embeddings.model_id"
        )
        op.drop_column("embeddings", "model_id")
        op.alter_column("embeddings", "model", nullable=False)
        op.alter_column(
            "embeddings", "content_hash", type_=HEX, postgresql_using="encode(content_hash, 'hex')"
        )
        op.create_primary_key("pk_embeddings", "embeddings", ["content_hash", "model"])
    op.drop_table("embedding_models")


def _rebuild_embeddings(columns: list[sa.schema.SchemaItem], select: str) -> None:
    """SQLite: the vectors copied into a table of the new shape, in their old order."""
    op.create_table("embeddings_0009", *columns)
    op.execute(f"INSERT INTO embeddings_0009 {select}")
    op.drop_table("embeddings")
    op.rename_table("embeddings_0009", "embeddings")
