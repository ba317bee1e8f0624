"""A scheduled job that runs in one process at a time, whatever the number of processes.

Several bot processes may share one database (each running some of the Discord
shards); the issue sync and the daily digest must still run once, not once per
process. Before each run a job claims its lease (``triagebot.store.leases``): the
process that gets it runs, the others skip the round.

Once held, the lease is renewed every third of its time to live, between runs as well
as during a long one. So the job stays with one process for as long as that process
lives: runs neither alternate between processes (which, with ticks out of phase,
would run the job once per process per interval) nor overlap when one run outlasts
the lease. When the holder dies, the lease expires and the next process to tick
takes it; a clean stop releases it for the others at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from triagebot.process import process_name
from triagebot.store import leases
from triagebot.store.engine import SessionFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LeasePolicy:
    """Who this process is among its peers, and how long it may hold a job silently."""

    holder: str
    ttl: timedelta = timedelta(seconds=60)

    @classmethod
    def for_this_process(cls, ttl_seconds: float) -> LeasePolicy:
        return cls(holder=process_name(), ttl=timedelta(seconds=ttl_seconds))


class JobLease:
    def __init__(self, sessions: SessionFactory, name: str, policy: LeasePolicy) -> None:
        self.name = name
        self.policy = policy
        self._sessions = sessions
        self._held = False
        self._keeper: asyncio.Task[None] | None = None
        # A renewal cancelled at its await still runs in its worker thread: the lock
        # makes the release wait for it, and ``_released`` keeps any later one (or a
        # claim still queued) from taking the lease back after a clean stop.
        self._db = threading.Lock()
        self._released = False

    @property
    def held(self) -> bool:
        """Whether this process held the lease at its last claim or renewal."""
        return self._held

    async def claim(self) -> bool:
        """Take or renew the lease; True when this process may run the job now."""
        got = await asyncio.to_thread(self._acquire)
        self._note(got)
        if got and (self._keeper is None or self._keeper.done()):
            self._keeper = asyncio.create_task(self._keep(), name=f"lease:{self.name}")
        return got

    async def release(self) -> None:
        """Stop renewing and hand the job to the other processes now, for good (a clean
        stop): later claims are refused."""
        self._released = True
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
        self._held = False
        # Even when not held as far as this task knows: a claim may be in flight.
        try:
            await asyncio.to_thread(self._release)
        except SQLAlchemyError as exc:  # it expires by itself
            log.warning("could not release the %s lease: %s", self.name, exc)

    def _note(self, got: bool) -> None:
        if got and not self._held:
            log.info("this process (%s) now runs the %s job", self.policy.holder, self.name)
        elif self._held and not got and not self._released:
            log.warning("the %s job passed to another process", self.name)
        self._held = got

    async def _keep(self) -> None:
        """Renew while held; a failed renewal is retried until the lease is lost."""
        interval = self.policy.ttl.total_seconds() / 3
        while self._held:
            await asyncio.sleep(interval)
            try:
                got = await asyncio.to_thread(self._acquire)
            except SQLAlchemyError as exc:
                log.warning("could not renew the %s lease (%s); retrying", self.name, exc)
                continue
            self._note(got)

    def _acquire(self) -> bool:
        with self._db:
            if self._released:
                return False
            with self._sessions() as session, session.begin():
                return leases.acquire(session, self.name, self.policy.holder, self.policy.ttl)

    def _release(self) -> None:
        with self._db, self._sessions() as session, session.begin():
            leases.release(session, self.name, self.policy.holder)


class Leases:
    """This process's leases: one ``JobLease`` per scheduled job, under one policy."""

    def __init__(self, sessions: SessionFactory, policy: LeasePolicy) -> None:
        self._sessions = sessions
        self.policy = policy

    @property
    def holder(self) -> str:
        return self.policy.holder

    def job(self, name: str) -> JobLease:
        return JobLease(self._sessions, name, self.policy)
