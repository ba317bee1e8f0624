"""What health reads besides heartbeats: each repository's last sync, the last digest."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triagebot.core.health import DigestSchedule, Observation, PostedDigest, RepoSync
from triagebot.store.heartbeats import read_heartbeats
from triagebot.store.models import DigestRow, RepoRow


def repo_syncs(session: Session) -> list[RepoSync]:
    rows = session.scalars(select(RepoRow).order_by(RepoRow.full_name))
    return [RepoSync(r.full_name, r.last_sync_at, r.last_error) for r in rows]


def last_posted_digest(session: Session) -> PostedDigest | None:
    row = session.scalars(
        select(DigestRow).where(DigestRow.posted_at.is_not(None)).order_by(DigestRow.day.desc())
    ).first()
    if row is None or row.posted_at is None:
        return None
    return PostedDigest(date.fromisoformat(row.day), row.posted_at)


def observe(session: Session, now: datetime, digest: DigestSchedule | None) -> Observation:
    """Everything ``triagebot status`` judges, read in one session."""
    return Observation(
        now=now,
        heartbeats=read_heartbeats(session),
        repos=repo_syncs(session),
        last_digest=last_posted_digest(session),
        digest=digest,
    )
