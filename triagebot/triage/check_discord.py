"""The Discord half of ``triagebot check``: token, intent, servers, channels, roles.

Channels are judged by what the bot does there: it posts the digest in
DIGEST_CHANNEL_ID, spam flags (embeds) and health warnings in SPAM_MOD_CHANNEL_ID,
replies (in threads too) in MATCH_HINT_CHANNEL_IDS, and reads the history of
DISCORD_CHANNEL_ALLOW. The moderators' buttons act server-wide, so the server
where the moderator channel is must grant Manage Messages and Moderate Members.
"""

from __future__ import annotations

from dataclasses import dataclass

from triagebot.config import Settings
from triagebot.triage import check_permissions as perms
from triagebot.triage.check_facts import (
    BotFacts,
    ChannelFacts,
    CheckLine,
    DiscordView,
    GuildFacts,
    ProbeError,
)

# Application flags: the Message Content intent, switched on for a verified bot
# (1 << 18) or for one in fewer than 100 servers (1 << 19, the developer-portal switch).
MESSAGE_CONTENT_FLAGS = (1 << 18) | (1 << 19)


@dataclass(frozen=True)
class ChannelNeed:
    setting: str
    channel_id: int | None
    needs: int
    unset: str = ""  # why it matters when the setting is empty (empty: optional)


def channel_needs(settings: Settings) -> list[ChannelNeed]:
    """Every configured channel and what it takes; the two required ones even unset."""
    needs = [
        ChannelNeed(
            "DIGEST_CHANNEL_ID",
            settings.digest.channel_id,
            perms.POST,
            "the daily digest is not posted",
        ),
        ChannelNeed(
            "SPAM_MOD_CHANNEL_ID",
            settings.spam.mod_channel_id,
            perms.FLAG,
            "spam flags and health warnings are not posted",
        ),
    ]
    needs += [
        ChannelNeed("MATCH_HINT_CHANNEL_IDS", c, perms.HINT)
        for c in sorted(settings.matching.hint_channel_ids)
    ]
    needs += [
        ChannelNeed("DISCORD_CHANNEL_ALLOW", c, perms.READ)
        for c in sorted(settings.discord.channel_allow)
    ]
    return needs


def role_settings(settings: Settings) -> list[tuple[str, int]]:
    named = (
        ("DISCORD_TRIAGE_ROLE_IDS", settings.discord.triage_role_ids),
        ("DIGEST_ROLE_IDS", settings.digest.role_ids),
        ("SPAM_EXEMPT_ROLE_IDS", settings.spam.exempt_role_ids),
    )
    return [(name, role) for name, ids in named for role in sorted(ids)]


class DiscordChecks:
    """One run of the checks; remembers the servers it fetched and what was missing."""

    def __init__(self, settings: Settings, view: DiscordView) -> None:
        self.settings = settings
        self.view = view
        self.bot: BotFacts | None = None
        self.permissions_missing = False
        self._guilds: dict[int, GuildFacts | ProbeError] = {}

    async def run(self) -> list[CheckLine]:
        lines = [self._token_missing()] if self._token() is None else await self._login()
        if self.bot is None:  # nothing else can be asked; still name the unset settings
            unset = [n for n in channel_needs(self.settings) if n.channel_id is None and n.unset]
            return lines + [self._unset(n) for n in unset]
        lines.append(self._intent())
        lines += await self._servers()
        for need in channel_needs(self.settings):
            lines.append(await self._channel(need))
        if self.settings.spam.mod_channel_id is not None:
            lines.append(await self._moderation(self.settings.spam.mod_channel_id))
        lines += await self._roles()
        return lines

    def _token(self) -> str | None:
        token = self.settings.discord.token
        value = token.get_secret_value().strip() if token is not None else ""
        return value or None

    def _token_missing(self) -> CheckLine:
        return CheckLine(
            False, "DISCORD_TOKEN", "not set: the bot token from the developer portal (Bot page)"
        )

    async def _login(self) -> list[CheckLine]:
        try:
            self.bot = await self.view.login(self._token() or "")
        except ProbeError as exc:
            return [CheckLine(False, "DISCORD_TOKEN", f"login failed: {exc.reason}")]
        bot = self.bot
        return [CheckLine(True, "DISCORD_TOKEN", f"logs in as {bot.name} (id {bot.user_id})")]

    def _intent(self) -> CheckLine:
        assert self.bot is not None
        if self.bot.application_flags & MESSAGE_CONTENT_FLAGS:
            return CheckLine(True, "Message Content intent", "enabled")
        return CheckLine(
            False,
            "Message Content intent",
            "off: enable it in the developer portal (Bot → Privileged Gateway Intents), "
            "or every stored message is empty",
        )

    async def _servers(self) -> list[CheckLine]:
        configured = sorted(self.settings.discord.guild_ids)
        if not configured:
            try:
                count = len(await self.view.guild_ids())
            except ProbeError as exc:
                return [CheckLine(False, "servers", f"cannot list them: {exc.reason}")]
            detail = f"the bot is in {count} server(s)" if count else "the bot is in no server"
            return [CheckLine(count > 0, "servers", detail + ("" if count else ": invite it"))]
        lines = []
        for guild_id in configured:
            guild = await self._guild(guild_id)
            label = f"DISCORD_GUILD_IDS {guild_id}"
            if isinstance(guild, ProbeError):
                lines.append(CheckLine(False, label, f"the bot is not in it: {guild.reason}"))
            else:
                lines.append(CheckLine(True, label, f"{guild.name}: the bot is a member"))
        return lines

    async def _guild(self, guild_id: int) -> GuildFacts | ProbeError:
        if guild_id not in self._guilds:
            assert self.bot is not None
            try:
                self._guilds[guild_id] = await self.view.guild(guild_id, self.bot.user_id)
            except ProbeError as exc:
                self._guilds[guild_id] = exc
        return self._guilds[guild_id]

    def _unset(self, need: ChannelNeed) -> CheckLine:
        return CheckLine(False, need.setting, f"not set: {need.unset}")

    async def _channel(self, need: ChannelNeed) -> CheckLine:
        if need.channel_id is None:
            return self._unset(need)
        label = f"{need.setting} {need.channel_id}"
        try:
            channel = await self.view.channel(need.channel_id)
            if channel.is_thread and channel.parent_id is not None:
                channel = await self.view.channel(channel.parent_id)
        except ProbeError as exc:
            return CheckLine(False, label, f"cannot see the channel: {exc.reason}")
        if channel.guild_id is None:
            return CheckLine(False, label, "not a server channel")
        guild = await self._guild(channel.guild_id)
        if isinstance(guild, ProbeError):
            return CheckLine(False, label, f"cannot read its server: {guild.reason}")
        return self._judge(label, channel, guild, need.needs)

    def _judge(self, label: str, channel: ChannelFacts, guild: GuildFacts, needs: int) -> CheckLine:
        assert self.bot is not None
        have = perms.channel_permissions(guild, channel, self.bot.user_id, guild.bot_role_ids)
        lacking = perms.missing(have, needs)
        where = f"#{channel.name} in {guild.name}"
        if lacking:
            self.permissions_missing = True
            return CheckLine(False, label, f"{where}: the bot lacks " + ", ".join(lacking))
        return CheckLine(True, label, f"{where}: has " + ", ".join(perms.missing(0, needs)))

    async def _moderation(self, channel_id: int) -> CheckLine:
        label = "moderator buttons"
        try:
            channel = await self.view.channel(channel_id)
        except ProbeError as exc:
            return CheckLine(False, label, f"cannot see SPAM_MOD_CHANNEL_ID: {exc.reason}")
        guild = await self._guild(channel.guild_id) if channel.guild_id else None
        if guild is None or isinstance(guild, ProbeError):
            return CheckLine(False, label, "cannot read the moderator channel's server")
        assert self.bot is not None
        have = perms.guild_permissions(guild, self.bot.user_id, guild.bot_role_ids)
        lacking = perms.missing(have, perms.MODERATE)
        if lacking:
            self.permissions_missing = True
            detail = f"{guild.name}: the bot lacks " + ", ".join(lacking) + " server-wide"
            return CheckLine(False, label, detail)
        return CheckLine(True, label, f"{guild.name}: Manage Messages, Moderate Members")

    async def _roles(self) -> list[CheckLine]:
        wanted = role_settings(self.settings)
        if not wanted:
            return []
        ids = set(self.settings.discord.guild_ids) | {
            g for g, v in self._guilds.items() if not isinstance(v, ProbeError)
        }
        if not ids:
            try:
                ids = set(await self.view.guild_ids())
            except ProbeError:
                ids = set()
        fetched = [await self._guild(guild_id) for guild_id in sorted(ids)]
        guilds = [g for g in fetched if isinstance(g, GuildFacts)]
        return [self._role_line(setting, role_id, guilds) for setting, role_id in wanted]

    def _role_line(self, setting: str, role_id: int, guilds: list[GuildFacts]) -> CheckLine:
        label = f"{setting} {role_id}"
        for guild in guilds:
            if role_id in guild.role_names:
                return CheckLine(True, label, f"@{guild.role_names[role_id]} in {guild.name}")
        where = ", ".join(g.name for g in guilds) or "no server the bot can read"
        return CheckLine(False, label, f"no such role in {where}")
