"""Spam incidents, their copies, the moderators' audit trail and verdict exemplars."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from triagebot.store.models.base import Base
from triagebot.store.types import ContentHash, UTCDateTime


class SpamIncidentRow(Base):
    """One spam incident: a wave of copies (or a single message) flagged once.

    ``status`` is "open" until a moderator acts ("deleted", "timed_out", "not_spam") or
    the bot deletes it itself ("auto_deleted", only when automatic action is on).
    """

    __tablename__ = "spam_incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wave_key: Mapped[str] = mapped_column(String(64), unique=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text)  # JSON list of phrases
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    flag_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    flag_message_id: Mapped[int | None] = mapped_column(BigInteger)
    resolved_by: Mapped[int | None] = mapped_column(BigInteger)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A copy's text was erased (purge, forget) after the flag was posted: the running
    # bot edits the flag so it no longer quotes it.
    flag_outdated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SpamCopyRow(Base):
    """A message that belongs to an incident."""

    __tablename__ = "spam_copies"

    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("spam_incidents.id"), index=True)
    author_id: Mapped[int] = mapped_column(BigInteger)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    score: Mapped[float] = mapped_column(Float)


class ModActionRow(Base):
    """The audit trail: who did what to which incident, and when."""

    __tablename__ = "moderation_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("spam_incidents.id"), index=True)
    moderator_id: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class SpamExemplarRow(Base):
    """A moderator's verdict on a message, kept as a labelled example for scoring.

    It holds its own copy of the message's vector (float16, as in ``embeddings``):
    "Delete all copies" deletes the very messages it judged, and their vectors leave
    the cache with them, but what moderators taught must stay. A "Not spam" example
    goes when its author deletes the message; a spam example keeps only the vector
    and the hash (never the text) until ``forget --user`` erases its author.
    """

    __tablename__ = "spam_exemplars"

    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), primary_key=True)
    content_hash: Mapped[str] = mapped_column(ContentHash)
    label: Mapped[str] = mapped_column(String(8))  # "spam" or "ham"
    moderator_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # None: judged before vectors were kept here, or with no vector to keep.
    model_id: Mapped[int | None] = mapped_column(ForeignKey("embedding_models.id"))
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
