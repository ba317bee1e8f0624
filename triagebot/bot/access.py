"""Who may use the triage commands, decided in the handler itself.

``default_member_permissions`` only hides a command in the client, and a server's
admins can override it per channel or role; the bot checks every invocation again.
"""

from __future__ import annotations

from collections.abc import Collection

import discord

from triagebot.bot.wording import NO_PINGS, REFUSED


def may_triage(
    role_ids: Collection[int],
    allowed_roles: Collection[int],
    *,
    administrator: bool,
    manages: bool,
) -> bool:
    """With triage roles configured, holding one of them; without, being able to
    manage threads or messages. Administrators always may."""
    if administrator:
        return True
    if allowed_roles:
        return any(role in allowed_roles for role in role_ids)
    return manages


def member_may_triage(interaction: discord.Interaction, allowed_roles: Collection[int]) -> bool:
    member = interaction.user
    if interaction.guild is None or not isinstance(member, discord.Member):
        return False
    perms = interaction.permissions  # resolved in this channel, overwrites included
    return may_triage(
        [role.id for role in member.roles],
        allowed_roles,
        administrator=perms.administrator,
        manages=perms.manage_threads or perms.manage_messages,
    )


async def refuse(interaction: discord.Interaction) -> None:
    """A polite, private no (autocomplete requests get no choices instead)."""
    if interaction.type is discord.InteractionType.autocomplete:
        await interaction.response.autocomplete([])
        return
    await interaction.response.send_message(REFUSED, ephemeral=True, allowed_mentions=NO_PINGS)
