"""The set-up probe asks Discord's REST API through discord.py and hands back plain facts.

Against the fake Discord: the login, the application's intent flags, a channel with
its overwrites, a server with its roles and the bot's own roles, the server list;
and every refusal (a bad token, an unknown channel) as one ``ProbeError``.
"""

from __future__ import annotations

import pytest

from tests.bot.harness import GUILD
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.probe import RestProbe
from triagebot.bot.runner import point_at
from triagebot.triage.check_facts import Overwrite, ProbeError
from triagebot.triage.check_permissions import VIEW_CHANNEL

LOCKED = 105


async def test_login_names_the_bot_and_its_message_content_flag(fake: FakeDiscord) -> None:
    point_at(fake.api_base, None)
    probe = RestProbe()
    try:
        bot = await probe.login(fake.token)
    finally:
        await probe.close()
    assert (bot.user_id, bot.name, bot.application_id) == (1000, "triagebot", 1000)
    assert bot.application_flags & (1 << 19)  # GATEWAY_MESSAGE_CONTENT_LIMITED
    assert [r.path for r in fake.requests] == ["/users/@me", "/applications/@me"]


async def test_an_intent_left_off_in_the_portal_is_not_in_the_flags() -> None:
    async with FakeDiscord(enabled_intents=0) as fake:
        point_at(fake.api_base, None)
        probe = RestProbe()
        try:
            bot = await probe.login(fake.token)
        finally:
            await probe.close()
    assert bot.application_flags & ((1 << 18) | (1 << 19)) == 0


async def test_a_wrong_token_is_a_401_probe_error(fake: FakeDiscord) -> None:
    point_at(fake.api_base, None)
    probe = RestProbe()
    try:
        with pytest.raises(ProbeError) as refused:
            await probe.login("not.the.token")
    finally:
        await probe.close()
    assert refused.value.status == 401


async def test_channel_guild_and_server_list_come_back_as_facts(fake: FakeDiscord) -> None:
    deny_view = {"id": str(GUILD), "type": 0, "allow": "0", "deny": str(VIEW_CHANNEL)}
    fake.add_channel(GUILD, LOCKED, "locked", permission_overwrites=[deny_view])
    point_at(fake.api_base, None)
    probe = RestProbe()
    try:
        await probe.login(fake.token)
        channel = await probe.channel(LOCKED)
        guild = await probe.guild(GUILD, 1000)
        servers = await probe.guild_ids()
        with pytest.raises(ProbeError) as unknown:
            await probe.channel(999)
    finally:
        await probe.close()
    assert (channel.guild_id, channel.name, channel.type) == (GUILD, "locked", 0)
    assert channel.overwrites == (Overwrite(GUILD, False, 0, VIEW_CHANNEL),)
    assert guild.name == "Lumen Community" and guild.role_names[GUILD] == "@everyone"
    (bot_role,) = guild.bot_role_ids
    assert guild.role_names[bot_role] == "triagebot" and guild.role_permissions[bot_role]
    assert servers == [GUILD]
    assert unknown.value.status == 404 and "Unknown Channel" in unknown.value.reason
