"""discord.py objects → core values. The only place that knows both vocabularies."""

from __future__ import annotations

import discord

from triagebot.core.messages import (
    Author,
    Channel,
    ChannelKind,
    ChatMessage,
    Guild,
    Source,
)

_REPLY_TYPES = (discord.MessageType.reply,)


def guild_of(guild: discord.Guild) -> Guild:
    return Guild(id=guild.id, name=guild.name or str(guild.id))


def channel_of(channel: object, guild_id: int) -> Channel:
    """Any messageable guild channel or thread, with its kind and parent."""
    channel_id = int(getattr(channel, "id", 0))
    name = str(getattr(channel, "name", None) or channel_id)
    if isinstance(channel, discord.Thread):
        parent_forum = isinstance(channel.parent, discord.ForumChannel)
        kind = ChannelKind.FORUM_POST if parent_forum else ChannelKind.THREAD
        return Channel(channel_id, guild_id, name, kind, channel.parent_id)
    if isinstance(channel, discord.ForumChannel):
        kind = ChannelKind.FORUM
    elif isinstance(channel, discord.TextChannel):
        kind = ChannelKind.TEXT
    elif isinstance(channel, discord.CategoryChannel):
        kind = ChannelKind.CATEGORY
    elif isinstance(channel, discord.VoiceChannel | discord.StageChannel):
        kind = ChannelKind.VOICE
    else:
        kind = ChannelKind.OTHER
    parent_id = getattr(channel, "category_id", None)
    return Channel(channel_id, guild_id, name, kind, parent_id)


def author_of(user: discord.User | discord.Member) -> Author:
    if isinstance(user, discord.Member):
        roles = tuple(role.id for role in user.roles if role.id != user.guild.id)
        return Author(user.id, user.display_name, user.bot, user.joined_at, roles)
    return Author(id=user.id, name=user.display_name, bot=user.bot)


def chat_message(
    message: discord.Message,
    *,
    source: Source,
    contiguous: bool,
    absolute_reactions: bool,
) -> ChatMessage | None:
    """The core value for a guild message, or None for DMs.

    ``absolute_reactions``: history pages carry real reaction counts; live create and
    edit events do not, so their count is left unknown rather than reset to zero.
    """
    if message.guild is None:
        return None
    guild = guild_of(message.guild)
    reference = message.reference
    reply_to = reference.message_id if reference and message.type in _REPLY_TYPES else None
    reactions = sum(r.count for r in message.reactions) if absolute_reactions else None
    return ChatMessage(
        id=message.id,
        guild=guild,
        channel=channel_of(message.channel, guild.id),
        author=author_of(message.author),
        content=message.content,
        created_at=message.created_at,
        edited_at=message.edited_at,
        reply_to=reply_to,
        attachments=len(message.attachments),
        user_mentions=len(message.mentions),  # Discord's own, de-duplicated list
        role_mentions=len(set(message.raw_role_mentions)),
        mentions_everyone=message.mention_everyone,
        reactions=reactions,
        source=source,
        contiguous=contiguous,
    )
