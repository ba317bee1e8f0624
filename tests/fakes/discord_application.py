"""The application's side of the fake Discord: its flags and the bot's server list.

Discord reports the privileged intents switched on in the developer portal as
application flags (``GET /applications/@me``): presence 1 << 13, guild members
1 << 15 and message content 1 << 19 for a bot in fewer than 100 servers (the
"limited" flags; a verified bot has 1 << 12, 1 << 14 and 1 << 18 instead).
"""

from __future__ import annotations

from tests.fakes.discord_payloads import guild_json
from tests.fakes.discord_state import (
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_PRESENCES,
    INTENT_MESSAGE_CONTENT,
    Json,
    World,
)

_LIMITED_FLAGS = {
    INTENT_GUILD_PRESENCES: 1 << 13,
    INTENT_GUILD_MEMBERS: 1 << 15,
    INTENT_MESSAGE_CONTENT: 1 << 19,
}


def application_flags(enabled_intents: int) -> int:
    """The flags of an unverified bot with these privileged intents switched on."""
    return sum(flag for intent, flag in _LIMITED_FLAGS.items() if enabled_intents & intent)


def my_guilds(world: World) -> list[Json]:
    """``GET /users/@me/guilds``: partial guilds, the bot's own permissions in each."""
    listed = []
    for guild in world.guilds.values():
        full = guild_json(world, guild)
        perms = world.member_permissions(guild, world.bot_user_id)
        owner = guild.owner_id == world.bot_user_id
        listed.append(
            {
                "id": full["id"],
                "name": full["name"],
                "icon": None,
                "owner": owner,
                "permissions": str(perms),
                "features": [],
            }
        )
    return listed
