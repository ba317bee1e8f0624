"""The daily digest inside the running bot: posted once a day, and ``/digest``.

At ``DIGEST_TIME`` in ``DIGEST_TIMEZONE`` the digest of the previous local day is
computed (SQL, numpy and the language model, in a worker thread), saved, posted to
``DIGEST_CHANNEL_ID`` and marked posted. The ``digests`` table makes it restart-safe:
a day whose row has ``posted_at`` is never posted again, and on start, when today's
time has already passed and yesterday's digest is not posted, it is posted now — a
restart neither skips a day nor posts one twice. A process stopped between sending and
marking finds its own post among the channel's recent messages before sending again.

With several processes on one database, posting is done under the ``digest`` lease
(see ``triage.leases``): claimed before the day's row is checked and claimed again right
before sending, so processes racing for the same day post it once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands, tasks

from triagebot.bot.digest_buttons import REFUSED, digest_view, may_use_digest
from triagebot.bot.digest_text import MAX_MESSAGE, is_digest_of, render
from triagebot.bot.wording import NO_PINGS
from triagebot.core.digest import Digest
from triagebot.triage.digests import Digests
from triagebot.triage.leases import JobLease

log = logging.getLogger(__name__)

# How long stopping waits for a digest on its way out to be posted and marked.
FINISH_SECONDS = 15.0
# How far back in the digest channel a restart looks for a digest it already sent.
RECENT_POSTS = 50
# How often posted digests are checked for erased words to take out.
REFRESH_MINUTES = 5.0


def utcnow() -> datetime:
    return datetime.now(UTC)


class DigestTask(commands.Cog):
    def __init__(
        self,
        bot: commands.AutoShardedBot,
        digests: Digests,
        *,
        clock: Callable[[], datetime] = utcnow,
        lease: JobLease | None = None,
    ) -> None:
        self.bot = bot
        self.lease = lease  # None: the only process; it always posts
        self.digests = digests
        self.features = features = digests.features
        self.zone = ZoneInfo(features.timezone)
        self.clock = clock
        self.posted = 0
        self._lock = asyncio.Lock()
        scheduled = features.at.replace(tzinfo=self.zone)
        # Built per instance: the time is a setting, not a class constant.
        self.loop = tasks.loop(time=scheduled)(self._tick)
        self.loop.before_loop(self._before_loop)
        self.refresh = tasks.loop(minutes=REFRESH_MINUTES)(self.refresh_posts)
        self.refresh.before_loop(self.bot.wait_until_ready)

    async def cog_load(self) -> None:
        if self.features.channel_id is not None:
            self.loop.start()
            self.refresh.start()

    async def cog_unload(self) -> None:
        # A post on its way out finishes first: cancelled between sending and marking,
        # the day would be posted again after the restart.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(FINISH_SECONDS), self._lock:
                self.loop.cancel()
        self.loop.cancel()
        self.refresh.cancel()
        if self.lease is not None:
            await self.lease.release()

    # -- schedule ----------------------------------------------------------------------

    def today(self) -> date:
        return self.clock().astimezone(self.zone).date()

    def missed_day(self) -> date | None:
        """Yesterday, when today's time has passed (its digest is due by now)."""
        now = self.clock().astimezone(self.zone)
        due = datetime.combine(now.date(), self.features.at, self.zone)
        return now.date() - timedelta(days=1) if now >= due else None

    async def _before_loop(self) -> None:
        await self.bot.wait_until_ready()
        day = self.missed_day()
        if day is not None:
            await self._post_logged(day)

    async def _tick(self) -> None:
        await self._post_logged(self.today() - timedelta(days=1))

    async def _post_logged(self, day: date) -> None:
        # An exception escaping a tasks.loop ends the loop for good: log and go on.
        try:
            await self.post_day(day)
        except Exception:
            log.exception("the digest of %s failed", day)

    async def post_day(self, day: date) -> bool:
        """Compute, save, post and mark the digest of ``day``; False if it already was
        posted (or there is no channel, or Discord refused it)."""
        channel_id = self.features.channel_id
        if channel_id is None:
            return False
        async with self._lock:  # a catch-up and a tick must not both post
            if not await self._ours(day):
                return False
            if await asyncio.to_thread(self._posted, day):
                return False
            digest = await asyncio.to_thread(self._compute_and_save, day)
            if not await self._ours(day):  # lost while computing: the new holder posts
                return False
            channel = self.bot.get_partial_messageable(channel_id)
            earlier = await self._sent_before(channel, day)
            if earlier is not None:  # sent, then stopped before marking it: mark it now
                await asyncio.to_thread(self._mark, day, channel_id, earlier)
                log.info("the digest of %s was already posted (message %d)", day, earlier)
                return False
            sent = await self._send(channel, digest)
            if sent is None:
                return False
            await asyncio.to_thread(self._mark, day, channel_id, sent)
            self.posted += 1
            log.info("posted the digest of %s (%d items)", day, len(digest.items))
            return True

    async def _send(self, channel: discord.PartialMessageable, digest: Digest) -> int | None:
        """Post the digest; its id, or None if Discord refused it.

        The nonce (enforced) makes Discord answer a repeat within its few minutes'
        memory with the message already sent, should a retry follow a lost answer."""
        options: dict[str, Any] = {"allowed_mentions": NO_PINGS, "nonce": _nonce(digest.day)}
        view = digest_view(digest)
        if view is not None:
            options["view"] = view
        try:
            sent = await channel.send(render(digest, max_chars=MAX_MESSAGE), **options)
        except discord.HTTPException as exc:
            log.warning("could not post the digest of %s: %s", digest.day, exc)
            return None
        return sent.id

    async def _sent_before(self, channel: discord.PartialMessageable, day: date) -> int | None:
        """The id of the bot's own post of ``day``'s digest among the channel's recent
        messages: a process stopped (or killed) between sending it and marking it
        posted finds it here instead of posting the day twice. Unreadable history
        (no Read Message History) finds nothing; the post goes ahead."""
        me = self.bot.user.id if self.bot.user is not None else None
        since = datetime.combine(day, time(0), self.zone)
        try:
            async for message in channel.history(limit=RECENT_POSTS):
                if message.created_at < since:
                    break
                if message.author.id == me and is_digest_of(message.content, day):
                    return message.id
        except discord.HTTPException as exc:
            log.warning("could not read the digest channel's recent messages: %s", exc)
        return None

    async def _ours(self, day: date) -> bool:
        if self.lease is None or await self.lease.claim():
            return True
        log.info("the digest of %s is left to the process holding the digest lease", day)
        return False

    # -- posts that lost erased words ---------------------------------------------------

    async def refresh_posts(self) -> int:
        """Edit the posted digests whose stored text lost erased words (a deletion,
        ``purge``, ``forget --user``), so the post says "[removed]" too; returns how
        many were brought up to date. A post that is gone needs nothing; one Discord
        refuses to edit now is tried again on the next round."""
        try:
            outdated = await asyncio.to_thread(self.digests.outdated_posts)
        except Exception:  # an exception would end the loop for good
            log.exception("could not read the digests to edit")
            return 0
        done = 0
        for channel_id, message_id, digest in outdated:
            post = self.bot.get_partial_messageable(channel_id).get_partial_message(message_id)
            try:
                await post.edit(content=render(digest, max_chars=MAX_MESSAGE))
            except discord.NotFound:
                pass
            except discord.HTTPException as exc:
                log.warning("could not edit the digest of %s: %s", digest.day, exc)
                continue
            await asyncio.to_thread(self.digests.post_current, digest.day)
            done += 1
        if done:
            log.info("edited %d posted digests to take out erased words", done)
        return done

    # -- /digest -----------------------------------------------------------------------

    @app_commands.command(name="digest", description="Today's digest so far (only you see it).")
    @app_commands.guild_only()
    async def digest_command(self, interaction: discord.Interaction[Any]) -> None:
        if not may_use_digest(interaction, self.features.role_ids):
            await interaction.response.send_message(
                REFUSED, ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        digest = await asyncio.to_thread(self.compute, self.today())
        await interaction.followup.send(
            render(digest, max_chars=MAX_MESSAGE), ephemeral=True, allowed_mentions=NO_PINGS
        )

    # -- database and model work, in a worker thread -----------------------------------

    def compute(self, day: date) -> Digest:
        return self.digests.compute(day, self.clock())

    def _compute_and_save(self, day: date) -> Digest:
        return self.digests.compute_and_save(day, self.clock())

    def _posted(self, day: date) -> bool:
        return self.digests.posted(day)

    def _mark(self, day: date, channel_id: int, message_id: int) -> None:
        self.digests.mark_posted(day, channel_id, message_id, self.clock())


def _nonce(day: date) -> str:
    """One per day (Discord takes at most 25 characters)."""
    return f"digest:{day.isoformat()}"
