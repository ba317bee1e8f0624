"""Where the bot may hint: hint channels, recent messages, sure matches, and news only."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import HELP, T0, chat
from triagebot.core.matching import Candidate, IssueRef
from triagebot.store.engine import SessionFactory
from triagebot.triage.hints import Hints

ISSUE = IssueRef(1, "lumen-dev/lumen", 412, "Live reload crashes on Windows")


def test_a_message_that_names_the_issue_itself_gets_no_hint(sessions: SessionFactory) -> None:
    hints = Hints(sessions, {HELP.id}, threshold=0.7)
    now = T0 + timedelta(minutes=5)
    plain = chat(1, "live reload crashes on windows since 0.9.2", channel=HELP)
    named = chat(2, "live reload crashes on windows, is that #412?", channel=HELP)
    assert hints.wanted(plain, Candidate(ISSUE, 0.9), now)
    assert not hints.wanted(named, Candidate(ISSUE, 1.0), now)
    assert not hints.wanted(plain, Candidate(ISSUE, 0.5), now)  # not sure enough
    assert not hints.wanted(plain, Candidate(ISSUE, 0.9), T0 + timedelta(days=3))  # too old
