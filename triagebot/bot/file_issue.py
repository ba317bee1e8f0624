"""Filing a GitHub issue from Discord: the digest's File issue button and the desk
behind it, ``/file`` and the message menu (``file_commands``).

Each opens a form prefilled from what is filed (``triage.filing_drafts``); submitting
it files the issue once (``triage.filing.Filer``). Who may: the triage team, as for
``/link`` (on a digest, the digest's roles too), checked when the form is opened and
again, server-side, when it is submitted. Every answer is private and pings no one.
The button keeps its state in its custom id (``triagebot:digest:file:<item key>``),
so it works after a restart.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import discord

from triagebot.bot import file_wording as say
from triagebot.bot.access import may_triage, member_may_triage
from triagebot.bot.file_form import FileForm
from triagebot.bot.fitting import within
from triagebot.bot.host import services_of
from triagebot.bot.wording import NO_PINGS, REFUSED
from triagebot.core.filing import draft_title
from triagebot.triage.filing import Filer, Form
from triagebot.triage.filing_drafts import Draft
from triagebot.triage.services import Services

FILE_PREFIX = "triagebot:digest:file:"


async def answer(interaction: discord.Interaction[Any], text: str) -> None:
    """Privately, pinging no one, in one message; a followup once deferred."""
    if interaction.response.is_done():
        await interaction.followup.send(within(text), ephemeral=True, allowed_mentions=NO_PINGS)
    else:
        await interaction.response.send_message(
            within(text), ephemeral=True, allowed_mentions=NO_PINGS
        )


def may_file(interaction: discord.Interaction[Any], services: Services, kind: str) -> bool:
    """The triage team (as ``/link``); on a digest item, the digest's people too."""
    if member_may_triage(interaction, services.triage_role_ids):
        return True
    member = interaction.user
    if kind != "digest" or not isinstance(member, discord.Member):
        return False
    perms = interaction.permissions
    return may_triage(
        [role.id for role in member.roles],
        services.feedback.role_ids,
        administrator=perms.administrator,
        manages=perms.manage_messages,
    )


class FilingDesk:
    """Opens the form, and files what is submitted."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def open(
        self, interaction: discord.Interaction[Any], kind: str, make: Callable[[], Draft | None]
    ) -> None:
        """Check the asker, draft (``make``, in a worker thread), show the form; or
        say the issue that was filed already."""
        services, filer = self.services, self.services.filer
        if not may_file(interaction, services, kind):
            await answer(interaction, REFUSED)
            return
        if filer is None or services.drafts is None:
            await answer(interaction, say.FILING_OFF)
            return
        draft = await asyncio.to_thread(make)
        if draft is None:
            await answer(interaction, say.GONE)
            return
        done = await asyncio.to_thread(filer.filed, draft.intent)
        if done is not None:
            await answer(interaction, say.outcome_text(done))
            return
        await interaction.response.send_modal(FileForm(draft, filer.repos, kind, self.submit))

    async def submit(self, interaction: discord.Interaction[Any], form: FileForm) -> None:
        """Checked again here: a form opened by a triager may be submitted after the
        role was taken away, and a submit is the user's own request to Discord."""
        filer = self.services.filer
        if not may_file(interaction, self.services, form.kind):
            await answer(interaction, REFUSED)
            return
        if filer is None:
            await answer(interaction, say.FILING_OFF)
            return
        typed = form.repo.value if form.repo is not None else filer.repos[0]
        repo = filer.repo_named(typed)
        if repo is None:
            await answer(interaction, say.unknown_repo(typed, filer.repos))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self._file(interaction, filer, form, repo)

    @staticmethod
    async def _file(
        interaction: discord.Interaction[Any], filer: Filer, form: FileForm, repo: str
    ) -> None:
        title = draft_title(form.issue_title.value or form.draft.title)
        asked = Form(title, form.description.value, repo, interaction.user.id)
        outcome = await asyncio.to_thread(filer.file, form.draft, asked)
        await answer(interaction, say.outcome_text(outcome, title))


class FileIssueButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"triagebot:digest:file:(?P<key>[a-z_]+:[0-9A-Za-z_.-]+)",
):
    def __init__(self, key: str, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label="File issue",
                style=discord.ButtonStyle.primary,
                custom_id=f"{FILE_PREFIX}{key}",
                row=row,
            )
        )
        self.key = key

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> FileIssueButton:
        return cls(match["key"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        services = services_of(interaction)
        if services is None:
            return
        guild_id, drafts = interaction.guild_id or 0, services.drafts

        def make() -> Draft | None:
            return drafts.for_item(self.key, guild_id) if drafts is not None else None

        await FilingDesk(services).open(interaction, "digest", make)
