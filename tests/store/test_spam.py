"""Spam incidents: one per wave, audited actions (verdict examples: test_spam_exemplars)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from tests.conftest import BOB, GENERAL, HELP, T0, chat, count_rows
from triagebot.core.spam.incidents import Copy
from triagebot.store.engine import SessionFactory
from triagebot.store.messages import store_events
from triagebot.store.spam import incident_view, record_flag, resolve, spam_report

SPAM = "free nitro for 3 months: dlscord-gift.com/claim"


def _copies(sessions: SessionFactory, n: int) -> list[Copy]:
    messages = [chat(i, SPAM, channel=GENERAL if i % 2 else HELP) for i in range(n)]
    with sessions() as session, session.begin():
        store_events(session, messages)
    return [Copy(m.id, m.author.id, m.channel.id, 0.9) for m in messages]


def test_a_wave_is_one_incident_that_grows(sessions: SessionFactory) -> None:
    copies = _copies(sessions, 12)
    with sessions() as session, session.begin():
        first, new = record_flag(
            session,
            wave_key="w1",
            guild_id=1,
            copies=copies[:3],
            score=0.8,
            reasons=["same text in 2 channels"],
            at=T0,
        )
        again, still_new = record_flag(
            session,
            wave_key="w1",
            guild_id=1,
            copies=copies[3:],
            score=0.95,
            reasons=["look-alike domain"],
            at=T0,
        )
    assert new and not still_new and first == again
    with sessions() as session:
        view = incident_view(session, first)
    assert view is not None and len(view.copies) == 12 and view.score == 0.95
    assert view.reasons == ["same text in 2 channels", "look-alike domain"]
    assert view.channels == sorted({GENERAL.id, HELP.id}) and view.text == SPAM


def test_actions_are_audited_and_reported(sessions: SessionFactory, engine: Engine) -> None:
    copies = _copies(sessions, 3)
    with sessions() as session, session.begin():
        a, _ = record_flag(
            session, wave_key="a", guild_id=1, copies=copies[:1], score=0.97, reasons=[], at=T0
        )
        b, _ = record_flag(
            session, wave_key="b", guild_id=1, copies=copies[1:2], score=0.96, reasons=[], at=T0
        )
        record_flag(
            session, wave_key="c", guild_id=1, copies=copies[2:], score=0.7, reasons=[], at=T0
        )
        resolve(session, a, status="deleted", moderator_id=BOB.id)
        resolve(session, b, status="not_spam", moderator_id=BOB.id)
    assert count_rows(engine, "moderation_audit") == 2
    with sessions() as session:
        report = spam_report(session, T0 - timedelta(days=1), T0 + timedelta(days=1), 0.95)
    assert (report.raised, report.confirmed, report.dismissed, report.still_open) == (3, 1, 1, 1)
    assert report.auto_would_delete == 2 and report.agreement == 0.5
