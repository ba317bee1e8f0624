"""The form (a Discord modal) in which a triager checks an issue before it is filed.

Classic modal: up to five action rows, each one text input (title, description and,
when several repositories are configured, the repository as text: a select is not
allowed in one), within Discord's limits (title 45, labels 45, values 4,000,
placeholders 100). What the form was opened for is kept with it; who submits is
checked again on submit (``FilingDesk.submit``).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord

from triagebot.bot.file_wording import FORM_TITLE
from triagebot.core.filing import FORM_CHARS, TITLE_CHARS
from triagebot.core.neutral import clip
from triagebot.triage.filing_drafts import Draft

log = logging.getLogger(__name__)

FORM_MINUTES = 15  # an open form is forgotten after this (and on restart): press again
Submit = Callable[[discord.Interaction[Any], "FileForm"], Awaitable[None]]


class FileForm(discord.ui.Modal):
    def __init__(self, draft: Draft, repos: Sequence[str], kind: str, submit: Submit) -> None:
        """``kind``: where it was opened ("digest", "thread", "message"), for the
        access check on submit; ``submit``: what handles it."""
        super().__init__(
            title=FORM_TITLE,
            timeout=FORM_MINUTES * 60,
            custom_id=f"triagebot:file:{secrets.token_hex(8)}",
        )
        self.draft, self.kind, self._submit = draft, kind, submit
        self.issue_title: discord.ui.TextInput[FileForm] = discord.ui.TextInput(
            label="Title", default=draft.title[:TITLE_CHARS], max_length=TITLE_CHARS
        )
        self.description: discord.ui.TextInput[FileForm] = discord.ui.TextInput(
            label="Description",
            style=discord.TextStyle.paragraph,
            default=draft.body[:FORM_CHARS] or None,
            max_length=FORM_CHARS,
            required=False,
        )
        self.add_item(self.issue_title)
        self.add_item(self.description)
        self.repo: discord.ui.TextInput[FileForm] | None = None
        if len(repos) > 1:
            self.repo = discord.ui.TextInput(
                label="Repository (owner/name)",
                default=repos[0],
                placeholder=clip("One of " + ", ".join(repos), 100),
                max_length=140,
            )
            self.add_item(self.repo)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        await self._submit(interaction, self)

    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        """Logged with the form's name; the asker sees "did not respond" at worst,
        and pressing again never files twice."""
        log.error("filing an issue failed", exc_info=error)
