"""The Discord permissions the bot needs, and what it has in one channel.

Bit values are Discord's documented permission flags. ``channel_permissions`` follows
Discord's documented order: the server-wide permissions of ``@everyone`` and the
member's roles (all of them for the owner or an Administrator), then the channel's
overwrites for ``@everyone``, for the member's roles together, and for the member,
each removing its denials before adding its grants. A thread takes its parent's.
"""

from __future__ import annotations

from triagebot.triage.check_facts import ChannelFacts, GuildFacts

VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
SEND_MESSAGES_IN_THREADS = 1 << 38
MODERATE_MEMBERS = 1 << 40
ADMINISTRATOR = 1 << 3
ALL = (1 << 53) - 1

NAMES = {
    VIEW_CHANNEL: "View Channels",
    SEND_MESSAGES: "Send Messages",
    MANAGE_MESSAGES: "Manage Messages",
    EMBED_LINKS: "Embed Links",
    READ_MESSAGE_HISTORY: "Read Message History",
    SEND_MESSAGES_IN_THREADS: "Send Messages in Threads",
    MODERATE_MEMBERS: "Moderate Members",
}

# Everything the bot uses, for the invite link (1374389627904; README, step 1).
INVITE_PERMISSIONS = sum(NAMES)

# What each configured channel is for, and what that takes there.
READ = VIEW_CHANNEL | READ_MESSAGE_HISTORY  # catch-up reads the history
POST = VIEW_CHANNEL | SEND_MESSAGES  # the digest
FLAG = POST | EMBED_LINKS  # spam flags are embeds; health warnings go there too
HINT = POST | READ_MESSAGE_HISTORY | SEND_MESSAGES_IN_THREADS  # a reply, maybe in a thread
# Server-wide, for the moderators' buttons: delete every copy, time the author out.
MODERATE = MANAGE_MESSAGES | MODERATE_MEMBERS

# Without Send Messages in a text channel, these are off whatever the roles say.
_NEEDS_SEND = EMBED_LINKS | (1 << 12) | (1 << 15) | (1 << 17)


def invite_url(application_id: int | str) -> str:
    """The link that adds the bot with its commands and every permission it uses."""
    return (
        f"https://discord.com/oauth2/authorize?client_id={application_id}"
        f"&scope=bot%20applications.commands&permissions={INVITE_PERMISSIONS}"
    )


def guild_permissions(guild: GuildFacts, member_id: int, role_ids: tuple[int, ...]) -> int:
    if member_id == guild.owner_id:
        return ALL
    perms = guild.role_permissions.get(guild.id, 0)
    for role_id in role_ids:
        perms |= guild.role_permissions.get(role_id, 0)
    return ALL if perms & ADMINISTRATOR else perms


def channel_permissions(
    guild: GuildFacts, channel: ChannelFacts, member_id: int, role_ids: tuple[int, ...]
) -> int:
    """The member's permissions in ``channel`` (for a thread: pass its parent)."""
    perms = guild_permissions(guild, member_id, role_ids)
    if perms == ALL:
        return ALL
    by_target = {(o.target_id, o.member): o for o in channel.overwrites}
    everyone = by_target.get((guild.id, False))
    if everyone is not None:
        perms = (perms & ~everyone.deny) | everyone.allow
    deny = allow = 0
    for role_id in role_ids:
        role = by_target.get((role_id, False))
        if role is not None:
            deny, allow = deny | role.deny, allow | role.allow
    perms = (perms & ~deny) | allow
    member = by_target.get((member_id, True))
    if member is not None:
        perms = (perms & ~member.deny) | member.allow
    if not perms & VIEW_CHANNEL:
        return 0
    if not perms & SEND_MESSAGES:
        perms &= ~_NEEDS_SEND
    return perms


def missing(perms: int, needed: int) -> list[str]:
    """The names of the permissions in ``needed`` that ``perms`` lacks, in bit order."""
    return [name for bit, name in sorted(NAMES.items()) if needed & bit and not perms & bit]
