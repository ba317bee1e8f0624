"""Messages and where they were posted: guilds, channels, authors, cursors, vectors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from triagebot.store.models.base import Base
from triagebot.store.types import ContentHash, UTCDateTime


class GuildRow(Base):
    __tablename__ = "guilds"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(100))


class ChannelRow(Base):
    """A channel, thread or forum post. Threads name their parent (not a foreign key:
    a thread can be seen before its parent)."""

    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(ForeignKey("guilds.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))


class AuthorRow(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(100))
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MessageRow(Base):
    """One message. A deleted message keeps its row (a tombstone for counts) but loses
    its content and hash.

    Ids are Discord snowflakes, whose top bits are the time the message was sent: a
    time range is an id range over the primary key (``store.sent``), so no index on
    ``created_at`` is needed. Every byte of an index here is paid once per message.
    """

    __tablename__ = "messages"
    __table_args__ = (
        Index(
            "ix_messages_thread_id",
            "thread_id",
            sqlite_where=text("thread_id IS NOT NULL"),
            postgresql_where=text("thread_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(ForeignKey("guilds.id"))
    channel_id: Mapped[int] = mapped_column(BigInteger)  # the top-level channel
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)
    content: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str | None] = mapped_column(ContentHash, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reply_to_id: Mapped[int | None] = mapped_column(BigInteger)
    attachment_count: Mapped[int] = mapped_column(Integer, default=0)
    user_mention_count: Mapped[int] = mapped_column(Integer, default=0)
    role_mention_count: Mapped[int] = mapped_column(Integer, default=0)
    mentions_everyone: Mapped[bool] = mapped_column(Boolean, default=False)
    reaction_count: Mapped[int] = mapped_column(Integer, default=0)


class DeletionRow(Base):
    """Every deletion the bot has heard of, including of messages it never stored, so a
    later replay, catch-up or import cannot bring deleted content back."""

    __tablename__ = "message_deletions"

    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CursorRow(Base):
    """The newest message id stored for a channel or thread, contiguous from the start
    of what the bot has seen: catch-up fetches history after it."""

    __tablename__ = "channel_cursors"

    channel_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    last_message_id: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EmbeddingModelRow(Base):
    """An embedding model, named once: vectors refer to it by a small number."""

    __tablename__ = "embedding_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)


class EmbeddingRow(Base):
    """One vector per (normalised text, model): the same paste is embedded once.

    Vectors are float16 bytes (768 bytes for 384 dimensions): plenty for cosine. The
    rest of the row is kept small (a 16-byte hash, a model number) so that five rows
    fit a 4 KiB SQLite page where four did with the hex hash and the model's name.
    """

    __tablename__ = "embeddings"

    content_hash: Mapped[str] = mapped_column(ContentHash, primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("embedding_models.id"), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
