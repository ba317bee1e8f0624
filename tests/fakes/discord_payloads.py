"""Render the fake world as Discord API v10 JSON, for both REST bodies and gateway events.

Shapes follow the docs' examples (``/work/shared/data/api_discord``) and include every
key discord.py 2.7 indexes directly (``member.flags``, ``thread_metadata``,
``attachment.proxy_url`` ...), so the real client parses them without ``KeyError``.
Snowflakes are strings, as on the wire.
"""

from __future__ import annotations

from tests.fakes.discord_state import (
    Channel,
    Guild,
    Json,
    Member,
    Message,
    Role,
    User,
    World,
    iso,
)


def _sid(value: int | None) -> str | None:
    return None if value is None else str(value)


def user_json(user: User) -> Json:
    data: Json = {
        "id": str(user.id),
        "username": user.username,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": None,
        "avatar_decoration_data": None,
        "banner": None,
        "accent_color": None,
        "public_flags": 0,
        "flags": 0,
        "primary_guild": None,
        "collectibles": None,
    }
    if user.bot:
        data["bot"] = True
    return data


def role_json(role: Role) -> Json:
    data: Json = {
        "id": str(role.id),
        "name": role.name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": role.managed,
        "mentionable": False,
        "flags": 0,
    }
    if role.bot_id is not None:
        data["tags"] = {"bot_id": str(role.bot_id)}
    return data


def member_json(
    world: World, guild: Guild, member: Member, *, with_user: bool = True, permissions: bool = False
) -> Json:
    data: Json = {
        "nick": member.nick,
        "avatar": None,
        "banner": None,
        "roles": [str(r) for r in member.roles],
        "joined_at": iso(member.joined_at),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": member.communication_disabled_until,
    }
    if with_user:
        data["user"] = user_json(world.user(member.user_id))
    if permissions:
        data["permissions"] = str(world.member_permissions(guild, member.user_id))
    return data


def channel_json(world: World, channel: Channel, *, with_guild_id: bool = True) -> Json:
    data: Json = {
        "id": str(channel.id),
        "type": channel.type,
        "name": channel.name,
        "parent_id": _sid(channel.parent_id),
        "flags": 0,
        "rate_limit_per_user": 0,
        "last_message_id": _sid(world.last_message_id(channel.id)),
    }
    if with_guild_id:
        data["guild_id"] = str(channel.guild_id)
    if channel.is_thread:
        data.update(
            owner_id=_sid(channel.owner_id),
            message_count=len(world.messages(channel.id)),
            member_count=1,
            total_message_sent=len(world.messages(channel.id)),
            thread_metadata={
                "archived": channel.archived,
                "auto_archive_duration": 1440,
                "archive_timestamp": iso(channel.archived_at or channel.created_at),
                "locked": False,
                "create_timestamp": iso(channel.created_at),
            },
        )
        return data
    data.update(
        position=channel.position,
        permission_overwrites=channel.permission_overwrites,
        nsfw=False,
        topic=channel.topic,
    )
    if channel.type in (2, 13):
        data.update(bitrate=64000, user_limit=0, rtc_region=None)
    if channel.type in (0, 5, 15, 16):
        data["default_auto_archive_duration"] = 1440
    if channel.type in (15, 16):
        data.update(
            available_tags=[],
            default_reaction_emoji=None,
            default_sort_order=None,
            default_forum_layout=0,
            default_thread_rate_limit_per_user=0,
        )
    return data


def guild_json(world: World, guild: Guild) -> Json:
    """The REST guild object (``GET /guilds/{id}``) - also the base of GUILD_CREATE."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [role_json(r) for r in guild.roles.values()],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "max_members": 500000,
        "vanity_url_code": None,
        "description": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
        "incidents_data": None,
    }


def guild_create_json(world: World, guild: Guild, *, all_members: bool) -> Json:
    """GUILD_CREATE ``d``: the guild plus channels, active threads and members.

    Without the GUILD_MEMBERS intent Discord only includes the bot's own member.
    """
    channels = [world.channels[c] for c in guild.channel_ids]
    members = [m for m in guild.members.values() if all_members or m.user_id == world.bot_user_id]
    data = guild_json(world, guild)
    data.update(
        joined_at=iso(guild.joined_at),
        large=len(guild.members) >= 250,
        unavailable=False,
        member_count=len(guild.members),
        lazy=True,
        voice_states=[],
        presences=[],
        stage_instances=[],
        guild_scheduled_events=[],
        soundboard_sounds=[],
        embedded_activities=[],
        members=[member_json(world, guild, m) for m in members],
        channels=[channel_json(world, c, with_guild_id=False) for c in channels if not c.is_thread],
        threads=[channel_json(world, c) for c in channels if c.is_thread and not c.archived],
    )
    return data


def reactions_json(world: World, message: Message) -> list[Json]:
    return [
        {
            "count": len(r.user_ids),
            "count_details": {"burst": 0, "normal": len(r.user_ids)},
            "me": world.bot_user_id in r.user_ids,
            "me_burst": False,
            "burst_colors": [],
            "emoji": r.emoji,
        }
        for r in message.reactions.values()
        if r.user_ids
    ]


def message_json(
    world: World, message: Message, *, gateway: bool = False, strip_content: bool = False
) -> Json:
    """A message object; ``gateway=True`` adds ``guild_id`` and partial ``member``s as
    MESSAGE_CREATE/UPDATE carry them. ``strip_content`` mimics a missing MESSAGE_CONTENT
    intent (content, embeds, attachments and components come through empty)."""
    guild = world.guilds.get(message.guild_id) if message.guild_id else None
    author = world.user(message.author_id)
    data: Json = {
        "id": str(message.id),
        "channel_id": str(message.channel_id),
        "type": message.type,
        "author": user_json(author),
        "content": "" if strip_content else message.content,
        "timestamp": iso(message.timestamp),
        "edited_timestamp": iso(message.edited_timestamp) if message.edited_timestamp else None,
        "tts": message.tts,
        "mention_everyone": message.mention_everyone,
        "mentions": [],
        "mention_roles": [str(r) for r in message.mention_roles],
        "attachments": [] if strip_content else message.attachments,
        "embeds": [] if strip_content else message.embeds,
        "components": [] if strip_content else message.components,
        "pinned": message.pinned,
        "flags": message.flags,
    }
    for user_id in message.mentions:
        mentioned = user_json(world.user(user_id))
        if gateway and guild and user_id in guild.members:
            mentioned["member"] = member_json(world, guild, guild.members[user_id], with_user=False)
        data["mentions"].append(mentioned)
    reactions = reactions_json(world, message)
    if reactions:
        data["reactions"] = reactions
    if message.nonce is not None:
        data["nonce"] = message.nonce
    if message.webhook_id is not None:
        data["webhook_id"] = str(message.webhook_id)
    if message.application_id is not None:
        data["application_id"] = str(message.application_id)
    if message.interaction_metadata is not None:
        data["interaction_metadata"] = message.interaction_metadata
    if message.reference is not None:
        data["message_reference"] = message.reference
        referenced = (
            world.message(int(message.reference["channel_id"]), message.referenced_id)
            if message.referenced_id
            else None
        )
        if message.type == 19:
            data["referenced_message"] = (
                message_json(world, referenced) if referenced is not None else None
            )
    thread = world.channels.get(message.id)
    if thread is not None and thread.is_thread and thread.parent_id == message.channel_id:
        data["thread"] = channel_json(world, thread)
    if gateway and guild is not None:
        data["guild_id"] = str(guild.id)
        if message.author_id in guild.members and message.webhook_id is None:
            data["member"] = member_json(
                world, guild, guild.members[message.author_id], with_user=False
            )
    return data
