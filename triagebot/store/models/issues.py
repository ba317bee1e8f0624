"""GitHub issues, their matches to messages, links to threads and posted hints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from triagebot.store.models.base import Base
from triagebot.store.types import ContentHash, UTCDateTime


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
    text_hash: Mapped[str | None] = mapped_column(ContentHash)
    # Why it was closed ("completed", "not_planned", "duplicate") and the milestone's
    # title: what a hint about a recently closed issue says.
    state_reason: Mapped[str | None] = mapped_column(String(32))
    milestone: Mapped[str | None] = mapped_column(Text)


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

    The row is the claim, written with the batch that earned the hint.
    ``message_id`` stays empty while the post is owed; ``about_message_id`` and
    ``score`` say what to post, so a restart can finish a claim its predecessor left.
    """

    __tablename__ = "hint_posts"

    place_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("issues.id", ondelete="CASCADE"), primary_key=True
    )
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when claimed
    about_message_id: Mapped[int | None] = mapped_column(BigInteger)
    score: Mapped[float | None] = mapped_column(Float)
