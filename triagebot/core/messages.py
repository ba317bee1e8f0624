"""The plain values every intake source turns into.

The live gateway, channel history, DiscordChatExporter files and the demo all produce
these, so the pipeline has exactly one path to test. They carry no discord.py types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from triagebot.core.snowflake import snowflake_time
from triagebot.core.text import well_formed


class ChannelKind(StrEnum):
    """What a channel is, as far as triage cares."""

    TEXT = "text"
    FORUM = "forum"
    THREAD = "thread"  # a thread under a text channel
    FORUM_POST = "forum_post"  # a thread that is a post in a forum channel
    CATEGORY = "category"
    VOICE = "voice"
    OTHER = "other"

    @property
    def is_thread(self) -> bool:
        return self in (ChannelKind.THREAD, ChannelKind.FORUM_POST)


class Source(StrEnum):
    """Where a message came from; decides whether its counts are absolute."""

    GATEWAY = "gateway"
    HISTORY = "history"
    IMPORT = "import"


@dataclass(frozen=True, slots=True)
class Guild:
    id: int
    name: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", well_formed(self.name))


@dataclass(frozen=True, slots=True)
class Channel:
    """A channel or thread; threads and forum posts name their parent channel."""

    id: int
    guild_id: int
    name: str
    kind: ChannelKind = ChannelKind.TEXT
    parent_id: int | None = None

    def __post_init__(self) -> None:
        # Thread titles are typed by anyone; a lone surrogate must not cost the thread.
        object.__setattr__(self, "name", well_formed(self.name))

    @property
    def top_level_id(self) -> int:
        """The channel a message "belongs to" for per-channel counts."""
        return self.parent_id if self.kind.is_thread and self.parent_id else self.id


@dataclass(frozen=True, slots=True)
class Author:
    id: int
    name: str
    bot: bool = False
    joined_at: datetime | None = None
    roles: tuple[int, ...] = ()  # role ids, when the source knows them (the gateway does)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", well_formed(self.name))

    @property
    def created_at(self) -> datetime:
        """Account creation time, read from the user id itself."""
        return snowflake_time(self.id)


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message as the bot stores it, whatever the source.

    ``reactions`` is None when the source does not know the absolute count (a live
    create event); storing then keeps whatever count is already known.

    ``contiguous`` is True when every earlier message of the channel is stored or on
    its way (a history page, a live event in a channel that has caught up): only such
    a message may advance the channel's catch-up cursor, so a gap is never skipped.
    """

    id: int
    guild: Guild
    channel: Channel
    author: Author
    content: str
    created_at: datetime
    edited_at: datetime | None = None
    reply_to: int | None = None
    attachments: int = 0
    user_mentions: int = 0
    role_mentions: int = 0
    mentions_everyone: bool = False
    reactions: int | None = None
    source: Source = Source.GATEWAY
    contiguous: bool = False

    def __post_init__(self) -> None:
        # Whatever the source, the text is storable, hashable and embeddable.
        object.__setattr__(self, "content", well_formed(self.content))

    @property
    def thread_id(self) -> int | None:
        return self.channel.id if self.channel.kind.is_thread else None


@dataclass(frozen=True, slots=True)
class MessageDeleted:
    """The author or a moderator deleted a message: its content must go."""

    id: int
    channel_id: int
    guild_id: int | None = None


@dataclass(frozen=True, slots=True)
class ReactionChanged:
    """A reaction was added (+1) or removed (-1); only counts are kept."""

    message_id: int
    channel_id: int
    delta: int


@dataclass(frozen=True, slots=True)
class ChannelSeen:
    """A channel or thread was created or renamed (no message needed to know it)."""

    guild: Guild
    channel: Channel


ChatEvent = ChatMessage | MessageDeleted | ReactionChanged | ChannelSeen
