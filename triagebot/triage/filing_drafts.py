"""The form a triager sees when filing an issue from Discord, prefilled.

From a digest item (its title, summary, counts and reports), a thread (its name and
messages) or one message. Excerpts come only from channels the bot may read
(``DISCORD_CHANNEL_ALLOW``/``DENY`` as now configured): a message stored before its
channel was denied is never quoted. Channels are never named, only linked.

Synchronous (SQL): the bot calls these in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from triagebot.core.filing import Excerpt, FilingFacts, draft_body, draft_title
from triagebot.core.readable import headline
from triagebot.store.engine import SessionFactory
from triagebot.store.filing_sources import (
    StoredMessage,
    live_messages,
    recent_item,
    thread_messages,
)

# (channel or thread id, its parent channel) → may the bot read and quote it?
ChannelPolicy = Callable[[int, int | None], bool]


def everywhere(_channel: int, _parent: int | None) -> bool:
    return True


@dataclass(frozen=True)
class Draft:
    """One thing to file: what the form shows, and what the filing will link.

    ``intent`` names the thing, so a second press files nothing new;
    ``message_ids`` count for the new issue at once; ``thread_id``: linked to it."""

    intent: str
    title: str
    body: str
    guild_id: int
    thread_id: int | None = None
    message_ids: tuple[int, ...] = ()


class Drafts:
    def __init__(
        self, sessions: SessionFactory, *, excerpts: int = 5, allowed: ChannelPolicy = everywhere
    ) -> None:
        self._sessions = sessions
        self._excerpts = excerpts
        self._allowed = allowed

    def _readable(self, messages: Sequence[StoredMessage]) -> list[StoredMessage]:
        return [m for m in messages if self._allowed(m.thread_id or m.channel_id, m.channel_id)]

    def _excerpts_of(self, messages: Sequence[StoredMessage]) -> list[Excerpt]:
        return [Excerpt(m.text, m.link) for m in self._readable(messages) if m.text.strip()]

    def for_item(self, key: str, guild_id: int) -> Draft | None:
        """The digest item ``key`` as a draft; None when no recent digest holds it."""
        with self._sessions() as session:
            item = recent_item(session, key)
            if item is None:
                return None
            messages = live_messages(session, item.message_ids)
        facts = FilingFacts(
            title=item.title,
            summary=item.summary,
            people=item.people,
            messages=item.messages,
            excerpts=self._excerpts_of(messages),
        )
        return Draft(
            intent=f"digest:{key}",
            title=draft_title(item.title),
            body=draft_body(facts, self._excerpts),
            guild_id=guild_id,
            message_ids=tuple(item.message_ids),
        )

    def for_thread(self, thread_id: int, name: str, guild_id: int) -> Draft:
        """The thread as a draft: its name, a link to it, its messages quoted."""
        with self._sessions() as session:
            messages = self._readable(thread_messages(session, thread_id))
        where = f"https://discord.com/channels/{guild_id}/{thread_id}"
        facts = FilingFacts(
            title=name,
            summary=f"Discussed in a Discord thread: {where}",
            people=len({m.author_id for m in messages}),
            messages=len(messages),
            excerpts=self._excerpts_of(messages),
        )
        return Draft(
            intent=f"thread:{thread_id}",
            title=draft_title(name),
            body=draft_body(facts, self._excerpts),
            guild_id=guild_id,
            thread_id=thread_id,
            message_ids=tuple(m.id for m in messages),
        )

    def for_message(
        self, message_id: int, text: str, guild_id: int, place: int, parent: int | None
    ) -> Draft:
        """One message as a draft (``text`` as Discord gave it, when it is not stored;
        ``place``: its channel or thread, ``parent``: the thread's channel)."""
        with self._sessions() as session:
            stored = live_messages(session, [message_id])
        channel, thread = (parent, place) if parent else (place, None)
        seen = StoredMessage(message_id, guild_id, channel, thread, 0, text)
        found = stored[0] if stored else seen
        facts = FilingFacts(
            title=found.text,
            summary="",
            people=1,
            messages=1,
            excerpts=self._excerpts_of([found]),
        )
        return Draft(
            intent=f"message:{found.id}",
            title=draft_title(headline(found.text or "Reported on Discord", limit=200)),
            body=draft_body(facts, self._excerpts),
            guild_id=found.guild_id,
            message_ids=(found.id,),
        )

    def may_quote(self, channel_id: int, parent_id: int | None) -> bool:
        """Whether a thread or channel may be filed from at all (a denied one's
        name and messages never go to GitHub)."""
        return self._allowed(channel_id, parent_id)
