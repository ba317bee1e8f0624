"""Slash commands for the triage team: /link, /unlink, /similar, "Find similar issues".

Thin handlers: each checks who is asking (in the handler, see ``access``), hands the
work to ``Linker``, ``SimilarIssues`` or ``EarlierDiscussions`` in a worker thread,
and answers with text from ``wording`` that can ping no one.
"""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from triagebot.bot import wording
from triagebot.bot.access import member_may_triage, refuse
from triagebot.bot.fitting import CHOICE_CHARS, within
from triagebot.bot.wording import NO_PINGS
from triagebot.core.issue_search import narrow
from triagebot.core.matching import Candidate
from triagebot.core.neutral import clip, neutralise
from triagebot.core.vectors import Vectors
from triagebot.triage.discussions import Discussion
from triagebot.triage.services import Services

log = logging.getLogger(__name__)


async def _say(interaction: discord.Interaction, text: str, *, private: bool = True) -> None:
    """Every answer here: pings no one, and fits in one message (Discord refuses a
    longer one whole, and the triager would see "The application did not respond")."""
    await interaction.response.send_message(
        within(text), ephemeral=private, allowed_mentions=NO_PINGS
    )


class TriageCommands(commands.Cog):
    def __init__(self, bot: commands.AutoShardedBot, services: Services) -> None:
        """``services.shown``: how many issues /similar and the context menu list
        (MATCH_TOP_K); ``services.discussions``: where they find earlier discussions
        (None: they list none); ``services.similar`` None: no embedder, no ranking."""
        self.bot = bot
        self.shown = services.shown
        self.discussions = services.discussions
        self.linker = services.linker
        self.similar = services.similar
        self.triage_roles = services.triage_role_ids
        # Context menus cannot be declared inside a cog; built here, added on load.
        self.menu = app_commands.ContextMenu(
            name="Find similar issues", callback=self.similar_to_message
        )
        self.menu.guild_only = True

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def _thread(self, interaction: discord.Interaction) -> discord.Thread | None:
        """The thread the command runs in, after the access check; else answered."""
        if not member_may_triage(interaction, self.triage_roles):
            await refuse(interaction)
            return None
        if not isinstance(interaction.channel, discord.Thread):
            await _say(interaction, wording.NOT_IN_THREAD)
            return None
        return interaction.channel

    # -- /link ---------------------------------------------------------------------

    @app_commands.command(name="link", description="Link this thread to a GitHub issue")
    @app_commands.describe(issue="The issue: pick one of the suggestions, or type #123")
    @app_commands.guild_only()
    async def link(self, interaction: discord.Interaction, issue: str) -> None:
        thread = await self._thread(interaction)
        if thread is None:
            return
        found = await asyncio.to_thread(self.linker.resolve, issue)
        if found is None:
            unknown = neutralise(clip(issue, 60))
            await _say(interaction, f"I don't know the issue {unknown}: pick one from the list.")
            return
        created = await asyncio.to_thread(
            self.linker.link,
            thread_id=thread.id,
            guild_id=thread.guild.id,
            user_id=interaction.user.id,
            issue=found,
        )
        if created:
            await _say(interaction, wording.linked(found), private=False)
        else:
            label = wording.issue_label(found.number, found.title)
            await _say(interaction, f"This thread is already linked to {label}.")
        # After answering: GitHub may take longer than an interaction may wait.
        await asyncio.to_thread(
            self.linker.comment_once, guild_id=thread.guild.id, thread_id=thread.id, issue=found
        )

    @link.autocomplete("issue")
    async def link_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """The open issues most like this thread first, narrowed by what is typed."""
        thread = interaction.channel
        if (
            self.similar is None
            or not isinstance(thread, discord.Thread)
            or not member_may_triage(interaction, self.triage_roles)
        ):
            return []
        ranked = await asyncio.to_thread(
            self.similar.for_thread, thread.id, thread.name, k=0, skip_rejected=False
        )
        return [_choice(c) for c in narrow(ranked, current)]

    # -- /unlink -------------------------------------------------------------------

    @app_commands.command(name="unlink", description="Remove this thread's link to an issue")
    @app_commands.describe(issue="The linked issue to remove (all links when left empty)")
    @app_commands.guild_only()
    async def unlink(self, interaction: discord.Interaction, issue: str | None = None) -> None:
        thread = await self._thread(interaction)
        if thread is None:
            return
        removed = await asyncio.to_thread(self.linker.unlink, thread.id, issue)
        if removed:
            await _say(interaction, wording.unlinked(removed), private=False)
        else:
            await _say(interaction, "This thread has no such link.")

    @unlink.autocomplete("issue")
    async def unlink_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.channel_id is None or not member_may_triage(interaction, self.triage_roles):
            return []
        issues = await asyncio.to_thread(self.linker.linked, interaction.channel_id)
        typed = current.strip().lstrip("#").lower()
        return [
            app_commands.Choice(
                name=clip(f"#{i.number} {i.title}", CHOICE_CHARS),
                value=wording.choice_value(i.repo, i.number),
            )
            for i in issues
            if typed in f"{i.number} {i.title.lower()}"
        ][:25]

    # -- /similar and the context menu ----------------------------------------------

    @app_commands.command(name="similar", description="The open issues most like this thread")
    @app_commands.guild_only()
    async def similar_issues(self, interaction: discord.Interaction) -> None:
        thread = await self._thread(interaction)
        if thread is None:
            return
        if self.similar is None:
            await _say(interaction, wording.NO_EMBEDDER)
            return
        similar, title = self.similar, thread.name
        vector = await asyncio.to_thread(similar.thread_vector, thread.id, title)
        ranked = await asyncio.to_thread(similar.for_thread, thread.id, title, k=self.shown)
        earlier = await self._earlier(vector, thread.guild.id, thread.id)
        await self._show(interaction, ranked, "this thread", earlier)

    async def similar_to_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        if not member_may_triage(interaction, self.triage_roles):
            await refuse(interaction)
            return
        if self.similar is None:
            await _say(interaction, wording.NO_EMBEDDER)
            return
        if not message.content.strip():
            await _say(interaction, wording.NO_TEXT)
            return
        place = message.channel.id
        vector = await asyncio.to_thread(self.similar.text_vector, message.content)
        ranked = await asyncio.to_thread(
            self.similar.for_vector, vector, place, k=self.shown, text=message.content
        )
        guild_id = interaction.guild_id or 0
        earlier = await self._earlier(vector, guild_id, place, exclude=message.id)
        await self._show(interaction, ranked, "this message", earlier)

    async def _earlier(
        self, vector: Vectors, guild_id: int, place: int, *, exclude: int = 0
    ) -> list[Discussion]:
        """Earlier messages like ``vector`` in other threads and channels."""
        if self.discussions is None:
            return []
        return await asyncio.to_thread(
            self.discussions.near,
            vector,
            guild_id=guild_id,
            place_ids=frozenset({place}),
            exclude_ids=frozenset({exclude}),
        )

    async def _show(
        self,
        interaction: discord.Interaction,
        ranked: list[Candidate],
        about: str,
        earlier: list[Discussion],
    ) -> None:
        infos = await asyncio.to_thread(self.linker.infos, [c.issue.key for c in ranked])
        urls = {key: info.url for key, info in infos.items()}
        await _say(interaction, wording.similar_reply(ranked, urls, about, earlier))


def _choice(candidate: Candidate) -> app_commands.Choice[str]:
    issue = candidate.issue
    return app_commands.Choice(
        name=wording.choice_name(candidate), value=wording.choice_value(issue.repo, issue.number)
    )
