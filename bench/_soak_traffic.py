"""The soak bench's traffic: chat lines, spam waves, edits and deletions on a fixed
schedule, sent by the fake Discord's own event loop (see bench/soak.py).

Everything the server sent is written down in a :class:`Ledger`, which the bench
checks the database against at the end. The ledger is written on the fake's loop
and only read (by id, or by length) from the bot's.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tests.bot.harness import GENERAL, GUILD, HELP, NITRO_WAVE
from tests.fakes.discord_server import FakeDiscord

OFFTOPIC = 106
CHANNELS = (GENERAL, HELP, OFFTOPIC)
READERS = [800_000_000_000_000_100 + n for n in range(40)]
DISCORD_EPOCH_MS = 1_420_070_400_000
KEEP_ON_SERVER = 6_000  # messages the fake keeps; older ones leave its memory
EDITABLE = 2_000  # edits and deletions pick among this many recent chat messages
WAVE_SPREAD_SECONDS = 1.5  # between the copies of one wave

# Scams as they arrive in waves: one text per family, reworded per copy.
SCAMS: list[list[str]] = [
    NITRO_WAVE[:3],
    [
        "I made $4,800 in 3 days trading crypto with Mr. Adams, DM him on telegram @adams_fx",
        "made 4800$ in three days with mr adams crypto signals!! telegram @adams_fx",
        "Mr Adams got me $4.8k in 3 days of crypto trading, message him: t.me/adams_fx",
    ],
    [
        "Selling my old Steam account with 200 games, cheap, first to DM gets it "
        "https://steamcommunity-trade.ru/offer",
        "cheap steam account 200 games for sale, dm me first https://steamcommunity-trade.ru/offer",
        "Steam acc w/ 200 games going cheap!! DM now https://steamcommunity-trade.ru/offer",
    ],
]


Line = tuple[str, int]  # a chat line and who said it (a number per IRC nick)


def snowflake_now() -> int:
    """An id minted now, as Discord would for an account created today."""
    return (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22


@dataclass
class Ledger:
    """What the server sent, for the checks at the end."""

    sent_at: dict[int, float] = field(default_factory=dict)  # message id → perf_counter
    last_text: dict[int, str] = field(default_factory=dict)  # edited → its final text
    deleted: set[int] = field(default_factory=set)
    spam: list[int] = field(default_factory=list)
    edits: int = 0
    late_seconds: float = 0.0  # how far the sender fell behind its schedule, at most
    finished_at: float = 0.0


@dataclass
class Plan:
    rate: float
    seconds: float
    wave_seconds: float
    edit_share: float
    delete_share: float
    seed: int = 7

    @property
    def count(self) -> int:
        return int(self.rate * self.seconds)

    def wave_times(self) -> list[float]:
        """A wave a minute in (sooner in a short run), then every ``wave_seconds``."""
        first = min(60.0, self.seconds / 3)
        times, at = [], first
        while at < self.seconds - 10:
            times.append(at)
            at += self.wave_seconds
        return times


def add_spammers(fake: FakeDiscord, waves: int) -> list[list[int]]:
    """Three accounts per wave, created today and joined an hour ago."""
    joined = datetime.now(UTC) - timedelta(hours=1)
    accounts = []
    base = snowflake_now()
    for wave in range(waves):
        ids = [base + (wave * 3 + n + 1) * 4096 for n in range(3)]
        for n, user_id in enumerate(ids):
            fake.add_member(GUILD, user_id, f"promo{wave}_{n}", joined_at=joined)
        accounts.append(ids)
    return accounts


class Traffic:
    """Sends the plan; run on the fake's loop with ``await traffic.run()``."""

    def __init__(
        self, fake: FakeDiscord, plan: Plan, lines: list[Line], spammers: list[list[int]]
    ) -> None:
        """``lines``: (text, speaker) in the order spoken; a speaker keeps one author
        and one channel, so someone repeating a question does not pose as a ring."""
        self.fake, self.plan, self.lines = fake, plan, lines
        self.ledger = Ledger()
        self._rng = random.Random(plan.seed)
        self._held: deque[tuple[int, int]] = deque()  # (channel, id) the fake still holds
        self._editable: deque[tuple[int, int]] = deque(maxlen=EDITABLE)
        self._spam = self._spam_schedule(spammers)

    def _spam_schedule(self, spammers: list[list[int]]) -> deque[tuple[float, int, int, str]]:
        """(second, author, channel, text): three reworded copies in three channels."""
        due: list[tuple[float, int, int, str]] = []
        for wave, at in enumerate(self.plan.wave_times()):
            texts = SCAMS[wave % len(SCAMS)]
            for n, author in enumerate(spammers[wave]):
                channel = CHANNELS[(wave + n) % len(CHANNELS)]
                due.append((at + n * WAVE_SPREAD_SECONDS, author, channel, texts[n]))
        return deque(due)

    async def run(self) -> Ledger:
        start = time.perf_counter() + 0.2
        for n in range(self.plan.count):
            offset = n / self.plan.rate
            delay = start + offset - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                self.ledger.late_seconds = max(self.ledger.late_seconds, -delay)
            while self._spam and self._spam[0][0] <= offset:
                _, author, channel, text = self._spam.popleft()
                self.ledger.spam.append(await self._send(channel, author, text, editable=False))
            text, speaker = self.lines[n % len(self.lines)]
            reader = speaker % len(READERS)
            await self._send(CHANNELS[reader % len(CHANNELS)], READERS[reader], text)
            await self._maybe_change()
            self._forget_old()
        self.ledger.finished_at = time.perf_counter()
        return self.ledger

    async def _send(self, channel: int, author: int, text: str, *, editable: bool = True) -> int:
        at = time.perf_counter()
        message = await self.fake.send_message(channel, author, text)
        message_id = int(message["id"])
        self.ledger.sent_at[message_id] = at
        self._held.append((channel, message_id))
        if editable:
            self._editable.append((channel, message_id))
        return message_id

    async def _maybe_change(self) -> None:
        """Edit or delete one of the recent chat messages, now and then."""
        roll = self._rng.random()
        if roll >= self.plan.edit_share + self.plan.delete_share or not self._editable:
            return
        pick = self._rng.randrange(len(self._editable))
        channel, message_id = self._editable[pick]
        if roll < self.plan.edit_share:
            words = self.lines[self._rng.randrange(len(self.lines))][0]
            text = f"{words} (edit {self.ledger.edits})"
            await self.fake.edit_message(channel, message_id, text)
            self.ledger.last_text[message_id] = text
            self.ledger.edits += 1
            return
        del self._editable[pick]
        await self.fake.delete_message(channel, message_id)
        self.ledger.deleted.add(message_id)
        self.ledger.last_text.pop(message_id, None)

    def _forget_old(self) -> None:
        """The fake stands in for Discord's servers: what it holds is not the bot's
        memory, so it keeps only the newest messages and frames (silently, no event),
        as Discord keeps a bounded replay buffer."""
        while len(self._held) > KEEP_ON_SERVER:
            channel, message_id = self._held.popleft()
            self.fake.world.remove(channel, message_id)
        for session in self.fake._gateway.sessions.values():  # its log for RESUME, too
            if len(session.log) > 2 * KEEP_ON_SERVER:
                del session.log[:-KEEP_ON_SERVER]
