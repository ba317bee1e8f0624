"""The soak bench's checks: the database against what the server sent."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench._soak_probe import Probe
from bench._soak_traffic import Ledger
from triagebot.store.models import MessageRow, SpamCopyRow, SpamIncidentRow
from triagebot.triage.compose import App

Check = tuple[bool, str]


def verify(app: App, ledger: Ledger, probe: Probe) -> tuple[list[Check], list[dict[str, str]]]:
    """Every sent message stored once, edits applied, deletions erased, waves flagged;
    also the chat messages flagged as spam (a sample of them, for reading)."""
    with app.sessions() as session:
        rows = {
            r.id: (r.content, r.deleted_at)
            for r in session.execute(
                select(MessageRow.id, MessageRow.content, MessageRow.deleted_at)
            )
        }
        spam_check, flagged_chat = waves_flagged(session, ledger)
    sent = set(ledger.sent_at)
    missing, twice = sent - rows.keys(), [i for i, n in probe.inserted.items() if n > 1]
    wrong_edit = [i for i, text in ledger.last_text.items() if rows.get(i, ("", None))[0] != text]

    def erased(message_id: int) -> bool:
        content, deleted_at = rows.get(message_id, ("?", None))
        return content == "" and deleted_at is not None

    kept = [i for i in ledger.deleted if not erased(i)]
    checks = [
        (
            not missing and not twice,
            f"stored exactly once: {len(sent)} sent, {len(sent & rows.keys())} stored, "
            f"{len(missing)} missing, {len(twice)} stored twice, {len(rows.keys() - sent)} others",
        ),
        (
            not wrong_edit,
            f"edits applied: {len(ledger.last_text)} edited messages hold their "
            f"last text ({ledger.edits} edits), {len(wrong_edit)} do not",
        ),
        (not kept, f"deletions erased: {len(ledger.deleted)} deleted, {len(kept)} still hold text"),
        spam_check,
    ]
    return checks, flagged_chat


def waves_flagged(session: Session, ledger: Ledger) -> tuple[Check, list[dict[str, str]]]:
    """Each wave's three copies flagged, in one incident; and which chat was flagged."""
    found = session.execute(
        select(SpamCopyRow.message_id, SpamCopyRow.incident_id, SpamIncidentRow.reasons).join(
            SpamIncidentRow, SpamIncidentRow.id == SpamCopyRow.incident_id
        )
    ).all()
    incident_of = {r.message_id: r.incident_id for r in found}
    waves = [ledger.spam[n : n + 3] for n in range(0, len(ledger.spam), 3)]
    caught = sum(1 for wave in waves if all(i in incident_of for i in wave))
    whole = sum(1 for wave in waves if len({incident_of.get(i) for i in wave}) == 1)
    spam = set(ledger.spam)
    chat = [r for r in found if r.message_id not in spam]
    sample = [
        {"content": text[:120], "reasons": "; ".join(json.loads(r.reasons))}
        for r in chat[:8]
        if (text := _content(session, r.message_id)) is not None
    ]
    ok = caught == whole == len(waves)
    line = (
        f"spam waves flagged: {caught}/{len(waves)} waves with every copy flagged, "
        f"{whole} in one incident each; {len(chat)} of "
        f"{len(ledger.sent_at) - len(spam)} chat messages flagged too"
    )
    return (ok, line), sample


def _content(session: Session, message_id: int) -> str | None:
    return session.scalar(select(MessageRow.content).where(MessageRow.id == message_id))
