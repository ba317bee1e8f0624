"""World changes that Discord announces on the gateway, in one place.

Test helpers (``FakeDiscord.send_message``) and REST handlers (the bot's own
``POST /channels/{id}/messages``) both go through here, so a change is stored and
dispatched identically whoever made it - including the intent rules Discord applies
(GUILD_MESSAGES for message events, MESSAGE_CONTENT for message bodies, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from tests.fakes.discord_gateway import Gateway, GatewaySession
from tests.fakes.discord_payloads import channel_json, member_json, message_json, role_json
from tests.fakes.discord_state import (
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGE_REACTIONS,
    INTENT_GUILD_MESSAGES,
    INTENT_GUILDS,
    INTENT_MESSAGE_CONTENT,
    TEXT_CHANNEL_TYPES,
    Channel,
    Guild,
    Json,
    Member,
    Message,
    Reaction,
    Role,
    World,
    emoji_key,
    snowflake_time,
    utcnow,
)


class Events:
    """Mutate the world and dispatch the matching gateway event."""

    def __init__(self, world: World, gateway: Gateway) -> None:
        self.world = world
        self.gateway = gateway

    # messages -----------------------------------------------------------------

    def build_message(
        self,
        channel_id: int,
        author_id: int,
        content: str,
        *,
        message_id: int | None = None,
        timestamp: datetime | None = None,
        reply_to: int | None = None,
        attachments: int | Sequence[Json] = 0,
        mention_everyone: bool = False,
        mentions: Sequence[int] = (),
        mention_roles: Sequence[int] = (),
        embeds: Sequence[Json] = (),
        components: Sequence[Json] = (),
        type: int = 0,
        flags: int = 0,
        nonce: str | int | None = None,
    ) -> Message:
        """A new message object for ``channel_id`` (not stored yet)."""
        channel = self.world.channels.get(channel_id)
        if channel is None:
            raise KeyError(f"fake discord: unknown channel {channel_id}; add_channel() it first")
        if timestamp is None:
            timestamp = snowflake_time(message_id) if message_id is not None else utcnow()
        if message_id is None:
            message_id = self.world.snowflakes.make(timestamp)
        self.world.user(author_id)
        message = Message(
            id=message_id,
            channel_id=channel_id,
            guild_id=channel.guild_id,
            author_id=author_id,
            content=content,
            timestamp=timestamp,
            type=type,
            mention_everyone=mention_everyone,
            mentions=list(mentions),
            mention_roles=list(mention_roles),
            embeds=list(embeds),
            components=list(components),
            flags=flags,
            nonce=nonce,
        )
        if isinstance(attachments, int):
            message.attachments = [self._attachment(channel_id, i) for i in range(attachments)]
        else:
            message.attachments = list(attachments)
        if reply_to is not None:
            message.type = 19
            message.referenced_id = reply_to
            message.reference = {
                "type": 0,
                "message_id": str(reply_to),
                "channel_id": str(channel_id),
                "guild_id": str(channel.guild_id),
            }
        return message

    def _attachment(self, channel_id: int, index: int) -> Json:
        attachment_id = self.world.snowflakes.make()
        url = f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/file{index}.png"
        return {
            "id": str(attachment_id),
            "filename": f"file{index}.png",
            "size": 1024,
            "url": url,
            "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
            "content_type": "image/png",
            "width": 64,
            "height": 64,
        }

    def _message_payload(self, message: Message) -> Callable[[GatewaySession], Json]:
        def build(session: GatewaySession) -> Json:
            sees_content = (
                session.intents & INTENT_MESSAGE_CONTENT
                or message.author_id == self.world.bot_user_id
                or self.world.bot_user_id in message.mentions
            )
            return message_json(self.world, message, gateway=True, strip_content=not sees_content)

        return build

    def message_create(self, message: Message) -> Message:
        self.world.store(message)
        self._dispatch_message("MESSAGE_CREATE", message)
        return message

    def message_update(self, message: Message) -> None:
        self._dispatch_message("MESSAGE_UPDATE", message)

    def _dispatch_message(self, event: str, message: Message) -> None:
        if message.flags & 64:  # ephemeral: only the interaction user ever sees it
            return
        build = self._message_payload(message)
        self.gateway.dispatch(event, build, guild_id=message.guild_id, intent=INTENT_GUILD_MESSAGES)

    def message_delete(self, channel_id: int, message_id: int) -> Message | None:
        message = self.world.remove(channel_id, message_id)
        guild = self.world.guild_of(channel_id)
        data = {"id": str(message_id), "channel_id": str(channel_id)}
        if guild is not None:
            data["guild_id"] = str(guild.id)
        self.gateway.dispatch(
            "MESSAGE_DELETE",
            lambda _s: data,
            guild_id=guild.id if guild else None,
            intent=INTENT_GUILD_MESSAGES,
        )
        return message

    def message_delete_bulk(self, channel_id: int, message_ids: Sequence[int]) -> None:
        for message_id in message_ids:
            self.world.remove(channel_id, message_id)
        guild = self.world.guild_of(channel_id)
        data = {"ids": [str(m) for m in message_ids], "channel_id": str(channel_id)}
        if guild is not None:
            data["guild_id"] = str(guild.id)
        self.gateway.dispatch(
            "MESSAGE_DELETE_BULK",
            lambda _s: data,
            guild_id=guild.id if guild else None,
            intent=INTENT_GUILD_MESSAGES,
        )

    # reactions ----------------------------------------------------------------

    def reaction(self, message: Message, user_id: int, emoji: str, *, add: bool) -> bool:
        """Add/remove a reaction; returns False (and dispatches nothing) if it was a no-op."""
        key, emoji_data = emoji_key(emoji)
        reaction = message.reactions.setdefault(key, Reaction(emoji_data))
        if add == (user_id in reaction.user_ids):
            return False
        if add:
            reaction.user_ids.append(user_id)
        else:
            reaction.user_ids.remove(user_id)
        data: Json = {
            "user_id": str(user_id),
            "channel_id": str(message.channel_id),
            "message_id": str(message.id),
            "emoji": emoji_data,
            "burst": False,
            "type": 0,
        }
        guild = self.world.guilds.get(message.guild_id) if message.guild_id else None
        if guild is not None:
            data["guild_id"] = str(guild.id)
        if add:
            data.update(message_author_id=str(message.author_id), burst_colors=[])
            if guild is not None and user_id in guild.members:
                data["member"] = member_json(self.world, guild, guild.members[user_id])
        self.gateway.dispatch(
            "MESSAGE_REACTION_ADD" if add else "MESSAGE_REACTION_REMOVE",
            lambda _s: data,
            guild_id=message.guild_id,
            intent=INTENT_GUILD_MESSAGE_REACTIONS,
        )
        return True

    # guild structure ------------------------------------------------------------

    def thread_create(self, thread: Channel) -> None:
        data = channel_json(self.world, thread)
        data["newly_created"] = True
        self.gateway.dispatch(
            "THREAD_CREATE", lambda _s: data, guild_id=thread.guild_id, intent=INTENT_GUILDS
        )

    def thread_update(self, thread: Channel) -> None:
        data = channel_json(self.world, thread)
        self.gateway.dispatch(
            "THREAD_UPDATE", lambda _s: data, guild_id=thread.guild_id, intent=INTENT_GUILDS
        )

    def channel_create(self, channel: Channel) -> None:
        data = channel_json(self.world, channel)
        self.gateway.dispatch(
            "CHANNEL_CREATE", lambda _s: data, guild_id=channel.guild_id, intent=INTENT_GUILDS
        )

    def role_create(self, guild: Guild, role: Role) -> None:
        data = {"guild_id": str(guild.id), "role": role_json(role)}
        self.gateway.dispatch(
            "GUILD_ROLE_CREATE", lambda _s: data, guild_id=guild.id, intent=INTENT_GUILDS
        )

    def member_add(self, guild: Guild, member: Member, *, update: bool = False) -> None:
        data = member_json(self.world, guild, member)
        data["guild_id"] = str(guild.id)
        self.gateway.dispatch(
            "GUILD_MEMBER_UPDATE" if update else "GUILD_MEMBER_ADD",
            lambda _s: data,
            guild_id=guild.id,
            intent=INTENT_GUILD_MEMBERS,
        )

    def guild_join(self, guild: Guild) -> None:
        """GUILD_CREATE for a guild added while connected (discord.py: on_guild_join)."""

        def build(session: GatewaySession) -> Json:
            data = self.gateway.guild_create(session, guild.id)
            data.pop("unavailable", None)
            return data

        self.gateway.dispatch("GUILD_CREATE", build, guild_id=guild.id, intent=INTENT_GUILDS)

    def create_thread(
        self,
        parent_id: int,
        thread_id: int | None,
        name: str,
        owner_id: int,
        *,
        starter: Callable[[Channel], Message] | None = None,
        type: int = 11,
    ) -> tuple[Channel, Message | None]:
        """Create a thread and dispatch THREAD_CREATE, then the starter's MESSAGE_CREATE.

        ``starter`` builds the first message once the thread exists (in a forum it lives
        in the thread and shares the thread's id, as on Discord).
        """
        parent = self.world.channels.get(parent_id)
        if parent is None:
            raise KeyError(f"fake discord: unknown parent channel {parent_id}")
        if thread_id is None:
            thread_id = self.world.snowflakes.make()
        thread = Channel(
            id=thread_id,
            guild_id=parent.guild_id,
            name=name,
            type=type,
            parent_id=parent_id,
            owner_id=owner_id,
            created_at=snowflake_time(thread_id),
        )
        self.world.channels[thread_id] = thread
        self.world.guilds[parent.guild_id].channel_ids.append(thread_id)
        self.thread_create(thread)
        first = self.message_create(starter(thread)) if starter is not None else None
        return thread, first

    def is_text(self, channel_id: int) -> bool:
        channel = self.world.channels.get(channel_id)
        return channel is not None and channel.type in TEXT_CHANNEL_TYPES
