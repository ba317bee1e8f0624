"""The schema, as typed SQLAlchemy 2.0 models.

Discord snowflakes are the primary keys, so every source (gateway, history, export)
agrees on identity and storing is an idempotent upsert. Changes to this file need a
migration in ``triagebot/migrations/versions``; a test fails when the two drift.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from triagebot.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


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
    its content and hash."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_channel_created", "channel_id", "created_at"),
        Index("ix_messages_author_created", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(ForeignKey("guilds.id"))
    channel_id: Mapped[int] = mapped_column(BigInteger)  # the top-level channel
    thread_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    content: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
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


class EmbeddingRow(Base):
    """One vector per (normalised text, model): the same paste is embedded once.

    Vectors are float16 bytes (768 bytes for 384 dimensions): plenty for cosine.
    """

    __tablename__ = "embeddings"

    content_hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    model: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class RepoRow(Base):
    """A tracked GitHub repository and its incremental-sync cursor."""

    __tablename__ = "repos"

    full_name: Mapped[str] = mapped_column(String(140), primary_key=True)
    since: Mapped[datetime | None] = mapped_column(UTCDateTime)  # newest updated_at seen
    etag: Mapped[str | None] = mapped_column(String(200))
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class IssueRow(Base):
    """A GitHub issue (never a pull request), with the hash of the text that is embedded."""

    __tablename__ = "issues"
    __table_args__ = (UniqueConstraint("repo", "number"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    repo: Mapped[str] = mapped_column(String(140), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    labels: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of label names
    state: Mapped[str] = mapped_column(String(16), index=True)
    author: Mapped[str] = mapped_column(String(100), default="")
    comments: Mapped[int] = mapped_column(Integer, default=0)
    reactions: Mapped[int] = mapped_column(Integer, default=0)
    html_url: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    text_hash: Mapped[str | None] = mapped_column(String(32))


class IssueMatchRow(Base):
    """A message found to be about an open issue: one count of that issue's demand."""

    __tablename__ = "issue_matches"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    matched_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HintRejectionRow(Base):
    """Someone said "not related": this issue is never suggested in this place again."""

    __tablename__ = "hint_rejections"

    place_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("issues.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ThreadLinkRow(Base):
    """A Discord thread linked to a GitHub issue with ``/link``.

    ``comment_url`` is set once the back-link comment is on GitHub, so a second
    ``/link`` of the same pair never comments again. ``notified_state`` is the issue
    state the thread was last told about: a restart never repeats "was closed".
    """

    __tablename__ = "thread_links"

    thread_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("issues.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    guild_id: Mapped[int] = mapped_column(BigInteger)
    linked_by: Mapped[int] = mapped_column(BigInteger)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    comment_url: Mapped[str | None] = mapped_column(Text)
    notified_state: Mapped[str] = mapped_column(String(16))


class HintPostRow(Base):
    """A duplicate hint the bot posted: at most one per thread (per issue in a channel).

    ``message_id`` stays empty while the post is on its way; the row is the claim.
    """

    __tablename__ = "hint_posts"

    place_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("issues.id", ondelete="CASCADE"), primary_key=True
    )
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
