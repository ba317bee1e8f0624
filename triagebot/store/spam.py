"""Spam incidents, their copies, moderators' actions and verdict exemplars."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from triagebot.core.spam.incidents import Copy, IncidentView, SpamReport
from triagebot.store.models import (
    MessageRow,
    ModActionRow,
    SpamCopyRow,
    SpamIncidentRow,
)
from triagebot.store.upsert import upsert

CONFIRMED = ("deleted", "timed_out")
DISMISSED = ("not_spam",)


def record_flag(
    session: Session,
    *,
    wave_key: str,
    guild_id: int,
    copies: Sequence[Copy],
    score: float,
    reasons: Sequence[str],
    at: datetime,
) -> tuple[int, bool]:
    """Add copies to the incident of ``wave_key`` (created on first sight).

    Returns the incident id and whether it is new: a wave of 12 copies is one
    incident, flagged once and updated as copies arrive.
    """
    incident, created = _incident_of(session, wave_key, guild_id, score, reasons, at)
    rows = [
        {
            "message_id": c.message_id,
            "incident_id": incident.id,
            "author_id": c.author_id,
            "channel_id": c.channel_id,
            "score": c.score,
        }
        for c in copies
    ]
    upsert(session, SpamCopyRow, rows, key=["message_id"])
    return incident.id, created


def _incident_of(
    session: Session,
    wave_key: str,
    guild_id: int,
    score: float,
    reasons: Sequence[str],
    at: datetime,
) -> tuple[SpamIncidentRow, bool]:
    """The incident of ``wave_key``, opened now or grown by this flag; and whether new."""
    incident = session.scalars(
        select(SpamIncidentRow).where(SpamIncidentRow.wave_key == wave_key)
    ).one_or_none()
    created = incident is None
    if incident is None:
        incident = SpamIncidentRow(
            wave_key=wave_key,
            guild_id=guild_id,
            score=score,
            reasons=json.dumps(list(reasons)),
            status="open",
            first_seen=at,
            last_seen=at,
        )
        session.add(incident)
        session.flush()
    else:
        incident.score = max(incident.score, score)
        incident.last_seen = max(incident.last_seen, at)
        known = json.loads(incident.reasons)
        incident.reasons = json.dumps(known + [r for r in reasons if r not in known])
    return incident, created


def incident_key(session: Session, message_ids: Sequence[int]) -> str | None:
    """The key of the incident any of these messages already belongs to."""
    if not message_ids:
        return None
    return session.scalar(
        select(SpamIncidentRow.wave_key)
        .join(SpamCopyRow, SpamCopyRow.incident_id == SpamIncidentRow.id)
        .where(SpamCopyRow.message_id.in_(list(message_ids)))
        .order_by(SpamIncidentRow.id)
        .limit(1)
    )


def recent_incident_of(session: Session, author_id: int, since: datetime) -> str | None:
    """The key of an open incident this author added copies to since ``since``.

    A compromised account posting five different scam texts in a minute is one
    incident for the moderators, even when the texts are too different to be copies.
    """
    return session.scalar(
        select(SpamIncidentRow.wave_key)
        .join(SpamCopyRow, SpamCopyRow.incident_id == SpamIncidentRow.id)
        .where(
            SpamCopyRow.author_id == author_id,
            SpamIncidentRow.status == "open",
            SpamIncidentRow.last_seen >= since,
        )
        .order_by(SpamIncidentRow.last_seen.desc())
        .limit(1)
    )


def incident_view(session: Session, incident_id: int) -> IncidentView | None:
    row = session.get(SpamIncidentRow, incident_id)
    if row is None:
        return None
    copies = session.execute(
        select(
            SpamCopyRow.message_id, SpamCopyRow.author_id, SpamCopyRow.channel_id, SpamCopyRow.score
        )
        .where(SpamCopyRow.incident_id == incident_id)
        .order_by(SpamCopyRow.message_id)
    ).all()
    first_text = (
        session.scalar(
            select(MessageRow.content)
            .where(MessageRow.id.in_([c[0] for c in copies]))
            .order_by(MessageRow.id)
            .limit(1)
        )
        if copies
        else ""
    )
    return IncidentView(
        id=row.id,
        status=row.status,
        score=row.score,
        reasons=json.loads(row.reasons),
        first_seen=row.first_seen,
        flag_channel_id=row.flag_channel_id,
        flag_message_id=row.flag_message_id,
        copies=[Copy(*c) for c in copies],
        text=first_text or "",
    )


def set_flag_message(session: Session, incident_id: int, channel_id: int, message_id: int) -> None:
    row = session.get(SpamIncidentRow, incident_id)
    if row is not None:
        row.flag_channel_id, row.flag_message_id = channel_id, message_id


def resolve(
    session: Session, incident_id: int, *, status: str, moderator_id: int, detail: str = ""
) -> None:
    """Record a moderator's (or the bot's own) action on an incident, with its audit row."""
    row = session.get(SpamIncidentRow, incident_id)
    if row is None:
        return
    now = datetime.now(UTC)
    row.status, row.resolved_by, row.resolved_at = status, moderator_id, now
    session.add(
        ModActionRow(
            incident_id=incident_id, moderator_id=moderator_id, action=status, detail=detail, at=now
        )
    )


def spam_report(
    session: Session, since: datetime, until: datetime, auto_threshold: float
) -> SpamReport:
    period = (SpamIncidentRow.first_seen >= since, SpamIncidentRow.first_seen < until)
    rows = session.execute(
        select(SpamIncidentRow.status, SpamIncidentRow.score).where(*period)
    ).all()
    counts: dict[tuple[str, bool], int] = {}
    for status, score in rows:
        key = (str(status), float(score) >= auto_threshold)
        counts[key] = counts.get(key, 0) + 1

    def total(statuses: tuple[str, ...] | None = None, auto: bool | None = None) -> int:
        return sum(
            n
            for (s, a), n in counts.items()
            if (statuses is None or s in statuses) and (auto is None or a == auto)
        )

    return SpamReport(
        raised=total(),
        confirmed=total((*CONFIRMED, "auto_deleted")),
        dismissed=total(DISMISSED),
        still_open=total(("open",)),
        auto_would_delete=total(auto=True),
        auto_agreed=total(CONFIRMED, auto=True),
        auto_disagreed=total(DISMISSED, auto=True),
    )


def live_copies(session: Session, ids: Sequence[int]) -> list[Copy]:
    """The wave's earlier copies, as stored (they may predate the flag); deleted ones
    are left out."""
    if not ids:
        return []
    rows = session.execute(
        select(
            MessageRow.id, MessageRow.author_id, MessageRow.thread_id, MessageRow.channel_id
        ).where(MessageRow.id.in_(list(ids)), MessageRow.deleted_at.is_(None))
    ).all()
    return [Copy(int(i), int(a), int(t or c), 0.0) for i, a, t, c in rows]


def newest_incident_ids(session: Session, limit: int) -> list[int]:
    """The first ``limit`` incidents by when they were first seen."""
    query = select(SpamIncidentRow.id).order_by(SpamIncidentRow.first_seen).limit(limit)
    return list(session.scalars(query).all())


def incidents_per_day(session: Session, since: date) -> dict[date, int]:
    """Incidents first seen on each day since ``since`` (days without one are absent)."""
    day = func.date(SpamIncidentRow.first_seen)
    rows = session.execute(
        select(day, func.count())
        .where(SpamIncidentRow.first_seen >= datetime.combine(since, time(0), UTC))
        .group_by(day)
    ).all()
    return {date.fromisoformat(str(d)): int(n) for d, n in rows}


def flagged_incidents_of(session: Session, message_ids: Sequence[int]) -> list[int]:
    """Incidents with a posted flag that list any of these messages as a copy."""
    if not message_ids:
        return []
    rows = session.scalars(
        select(SpamIncidentRow.id)
        .join(SpamCopyRow, SpamCopyRow.incident_id == SpamIncidentRow.id)
        .where(SpamCopyRow.message_id.in_(list(message_ids)))
        .where(SpamIncidentRow.flag_message_id.is_not(None))
        .distinct()
    )
    return sorted(int(i) for i in rows)


def mark_flags_outdated(session: Session, message_ids: Sequence[int]) -> None:
    """Flags quoting any of these messages, whose text is being erased, need an edit."""
    copies = select(SpamCopyRow.incident_id).where(SpamCopyRow.message_id.in_(list(message_ids)))
    session.execute(
        update(SpamIncidentRow)
        .where(SpamIncidentRow.id.in_(copies), SpamIncidentRow.flag_message_id.is_not(None))
        .values(flag_outdated=True)
    )


def unposted_flags(session: Session, guild_ids: Sequence[int], since: datetime) -> list[int]:
    """Open incidents in these guilds, seen since ``since``, whose flag is not recorded."""
    rows = session.scalars(
        select(SpamIncidentRow.id).where(
            SpamIncidentRow.status == "open",
            SpamIncidentRow.flag_message_id.is_(None),
            SpamIncidentRow.guild_id.in_(list(guild_ids)),
            SpamIncidentRow.last_seen >= since,
        )
    )
    return sorted(int(i) for i in rows)


def outdated_flags(session: Session) -> list[int]:
    rows = session.scalars(
        select(SpamIncidentRow.id).where(SpamIncidentRow.flag_outdated.is_(True))
    )
    return sorted(int(i) for i in rows)


def flag_current(session: Session, incident_id: int) -> None:
    session.execute(
        update(SpamIncidentRow)
        .where(SpamIncidentRow.id == incident_id)
        .values(flag_outdated=False)
    )
