"""Hint claims: one per thread (one per issue in a channel), and the claims a process
left open, with what they were about — on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import HELP, THREAD, chat
from triagebot.core.issues import Issue
from triagebot.core.messages import MessageDeleted
from triagebot.store.engine import SessionFactory
from triagebot.store.hint_claims import claim_hint, finish_hint, open_claims
from triagebot.store.issues import store_issues
from triagebot.store.messages import store_events
from triagebot.store.models import HintPostRow

REPO = "lumen-dev/lumen"
CRASH = Issue(1001, REPO, 12, "Crash on reload", "", "open", html_url="https://x/12")
LEAK = Issue(1002, REPO, 13, "Memory leak", "", "open")


@pytest.fixture
def stored(sessions: SessionFactory) -> SessionFactory:
    with sessions() as session, session.begin():
        store_issues(session, [CRASH, LEAK], body_chars=0)
    return sessions


def claim(
    sessions: SessionFactory, place: int, issue: Issue, *, thread: bool, about: int | None = None
) -> bool:
    with sessions() as session, session.begin():
        return claim_hint(session, place, issue.id, once_per_place=thread, about=about, score=0.8)


def test_a_thread_gets_one_hint_a_channel_one_per_issue(stored: SessionFactory) -> None:
    assert claim(stored, THREAD.id, CRASH, thread=True) is True
    assert claim(stored, THREAD.id, CRASH, thread=True) is False
    assert claim(stored, THREAD.id, LEAK, thread=True) is False
    assert claim(stored, HELP.id, CRASH, thread=False) is True
    assert claim(stored, HELP.id, LEAK, thread=False) is True
    assert claim(stored, HELP.id, LEAK, thread=False) is False
    with stored() as session, session.begin():
        finish_hint(session, THREAD.id, CRASH.id, 555)
        finish_hint(session, HELP.id, LEAK.id, None)  # posting failed: claim dropped
    with stored() as session:
        assert session.get(HintPostRow, (THREAD.id, CRASH.id)).message_id == 555  # type: ignore[union-attr]
        assert session.get(HintPostRow, (HELP.id, LEAK.id)) is None
    assert claim(stored, HELP.id, LEAK, thread=False) is True


def test_open_claims_are_the_unposted_ones_made_before_a_moment(stored: SessionFactory) -> None:
    report, gone = chat(1, "reload crashes", channel=HELP), chat(2, "it leaks", channel=THREAD)
    with stored() as session, session.begin():
        store_events(session, [report, gone])
    assert claim(stored, HELP.id, CRASH, thread=False, about=report.id)
    assert claim(stored, THREAD.id, LEAK, thread=True, about=gone.id)
    assert claim(stored, HELP.id, LEAK, thread=False)  # an old claim: about nothing known
    with stored() as session, session.begin():
        store_events(session, [MessageDeleted(gone.id, THREAD.id, HELP.guild_id)])
    now = datetime.now(UTC) + timedelta(seconds=1)
    with stored() as session:
        found = {(c.place_id, c.issue_id): c for c in open_claims(session, before=now)}
        assert open_claims(session, before=now - timedelta(hours=1)) == []  # all are newer
    assert set(found) == {(HELP.id, CRASH.id), (THREAD.id, LEAK.id), (HELP.id, LEAK.id)}
    kept = found[HELP.id, CRASH.id]
    assert (kept.about, kept.guild_id, kept.thread_id, kept.deleted) == (
        report.id,
        HELP.guild_id,
        None,
        False,
    )
    assert kept.created_at == report.created_at and kept.score == pytest.approx(0.8)
    assert found[THREAD.id, LEAK.id].deleted and found[THREAD.id, LEAK.id].thread_id == THREAD.id
    assert found[HELP.id, LEAK.id].about is None
    with stored() as session, session.begin():
        finish_hint(session, HELP.id, CRASH.id, 777)  # posted: no longer open
    with stored() as session:
        still = {(c.place_id, c.issue_id) for c in open_claims(session, now)}
    assert still == {(THREAD.id, LEAK.id), (HELP.id, LEAK.id)}
