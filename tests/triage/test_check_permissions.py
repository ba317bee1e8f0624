"""The bot's permissions in a channel, in Discord's documented order of overwrites.

Server-wide roles first (owner and Administrator: everything), then the channel's
``@everyone`` overwrite, the member's roles' overwrites together, the member's own;
no View Channels means nothing, no Send Messages means no embeds either.
"""

from __future__ import annotations

from triagebot.triage.check_facts import ChannelFacts, GuildFacts, Overwrite
from triagebot.triage.check_permissions import (
    ADMINISTRATOR,
    EMBED_LINKS,
    FLAG,
    INVITE_PERMISSIONS,
    POST,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    channel_permissions,
    invite_url,
    missing,
)

GUILD, BOT, ROLE, OTHER = 1, 50, 10, 11


def guild(everyone: int = VIEW_CHANNEL, role: int = SEND_MESSAGES | EMBED_LINKS) -> GuildFacts:
    return GuildFacts(GUILD, "g", owner_id=2, role_permissions={GUILD: everyone, ROLE: role})


def channel(*overwrites: Overwrite) -> ChannelFacts:
    return ChannelFacts(100, GUILD, "c", 0, overwrites=overwrites)


def test_the_invite_asks_for_exactly_the_seven_permissions_the_bot_uses() -> None:
    bits = [bit for bit in range(53) if INVITE_PERMISSIONS >> bit & 1]
    assert bits == [10, 11, 13, 14, 16, 38, 40]
    assert INVITE_PERMISSIONS == 1374389627904
    assert invite_url(7).endswith(
        "client_id=7&scope=bot%20applications.commands&permissions=1374389627904"
    )


def test_roles_add_up_without_overwrites() -> None:
    assert not missing(channel_permissions(guild(), channel(), BOT, (ROLE,)), FLAG)
    assert missing(channel_permissions(guild(), channel(), BOT, ()), FLAG) == [
        "Send Messages",
        "Embed Links",
    ]


def test_a_role_overwrite_wins_over_everyone_and_the_member_over_both() -> None:
    hidden = Overwrite(GUILD, False, allow=0, deny=VIEW_CHANNEL)
    role_sees = Overwrite(ROLE, False, allow=VIEW_CHANNEL, deny=0)
    member_blind = Overwrite(BOT, True, allow=0, deny=VIEW_CHANNEL)
    assert channel_permissions(guild(), channel(hidden), BOT, (ROLE,)) == 0
    assert not missing(channel_permissions(guild(), channel(hidden, role_sees), BOT, (ROLE,)), POST)
    blind = channel(hidden, role_sees, member_blind)
    assert channel_permissions(guild(), blind, BOT, (ROLE,)) == 0


def test_an_overwrite_for_another_role_changes_nothing() -> None:
    other = Overwrite(OTHER, False, allow=0, deny=SEND_MESSAGES)
    assert not missing(channel_permissions(guild(), channel(other), BOT, (ROLE,)), FLAG)


def test_without_send_messages_embeds_are_off_too() -> None:
    muted = Overwrite(GUILD, False, allow=0, deny=SEND_MESSAGES)
    have = channel_permissions(guild(), channel(muted), BOT, (ROLE,))
    assert missing(have, FLAG) == ["Send Messages", "Embed Links"]


def test_administrators_and_the_owner_pass_every_overwrite() -> None:
    hidden = Overwrite(GUILD, False, allow=0, deny=VIEW_CHANNEL)
    admin = guild(role=ADMINISTRATOR)
    assert not missing(channel_permissions(admin, channel(hidden), BOT, (ROLE,)), FLAG)
    assert not missing(channel_permissions(guild(), channel(hidden), 2, ()), FLAG)
