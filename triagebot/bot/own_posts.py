"""The bot's own posts, found again in a channel's history by their buttons.

A process killed after posting and before recording the post leaves a message the
database does not know about; its successor finds it here instead of posting again.
Every button the bot posts carries its subject in its ``custom_id``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import discord
from discord.utils import time_snowflake

# Discord's clock and ours may differ a little: a post "after" a moment is looked for
# from a little before it.
CLOCK_SLACK = timedelta(minutes=5)


def custom_ids(message: discord.Message) -> set[str]:
    """The custom ids of the message's buttons and menus."""
    found = set()
    for row in message.components:
        for child in getattr(row, "children", ()):
            custom_id = getattr(child, "custom_id", None)
            if custom_id:
                found.add(str(custom_id))
    return found


async def own_posts(
    bot: discord.Client,
    channel: discord.abc.Messageable,
    *,
    limit: int,
    after: datetime | None = None,
) -> AsyncIterator[tuple[int, set[str]]]:
    """(message id, custom ids) of the bot's posts among ``limit`` messages: the
    newest ones, or, given ``after``, the first ones from that moment on."""
    me = bot.user
    if me is None:
        return
    since = discord.Object(time_snowflake(after - CLOCK_SLACK)) if after is not None else None
    async for message in channel.history(limit=limit, after=since, oldest_first=since is not None):
        if message.author.id == me.id:
            yield message.id, custom_ids(message)
