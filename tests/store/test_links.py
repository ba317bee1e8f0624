"""Links, comment and notice claims, and what a thread is about — on both
backends. Each "once" is a claim only one caller can take."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import GUILD, HELP, THREAD, chat
from triagebot.core.issues import Issue, IssueInfo
from triagebot.core.messages import MessageDeleted
from triagebot.store.engine import SessionFactory
from triagebot.store.issues import store_issues
from triagebot.store.links import (
    COMMENT_PENDING,
    add_link,
    claim_comment,
    claim_notice,
    find_issue,
    finish_comment,
    linked_issues,
    pending_notices,
    release_notice,
    remove_links,
    thread_text,
)
from triagebot.store.messages import store_events
from triagebot.store.models import ThreadLinkRow

REPO, OTHER = "lumen-dev/lumen", "lumen-dev/docs"
CRASH = Issue(1001, REPO, 12, "Crash on reload", "", "open", html_url="https://x/12")
LEAK = Issue(1002, REPO, 13, "Memory leak", "", "open")
DOCS = Issue(1003, OTHER, 12, "Docs typo", "", "open")
USER = 42


@pytest.fixture
def stored(sessions: SessionFactory) -> SessionFactory:
    with sessions() as session, session.begin():
        store_issues(session, [CRASH, LEAK, DOCS], body_chars=0)
    return sessions


def info(sessions: SessionFactory, text: str, repos: tuple[str, ...] = ()) -> IssueInfo | None:
    with sessions() as session:
        return find_issue(session, text, repos)


def link(sessions: SessionFactory, issue: Issue, thread: int = THREAD.id) -> bool:
    found = info(sessions, f"{issue.repo}#{issue.number}")
    assert found is not None
    with sessions() as session, session.begin():
        return add_link(session, thread_id=thread, guild_id=GUILD.id, issue=found, user_id=USER)


def test_an_issue_is_found_by_reference_number_or_url(stored: SessionFactory) -> None:
    assert info(stored, "lumen-dev/lumen#12") == IssueInfo(
        1001, REPO, 12, "Crash on reload", "open", "https://x/12"
    )
    assert info(stored, "https://github.com/lumen-dev/docs/issues/12").id == DOCS.id  # type: ignore[union-attr]
    assert info(stored, "#13").id == LEAK.id  # type: ignore[union-attr]
    assert info(stored, " 13 ").id == LEAK.id  # type: ignore[union-attr]
    assert info(stored, "#12") is None  # two repositories have a #12
    assert info(stored, "#12", (REPO,)).id == CRASH.id  # type: ignore[union-attr]
    assert info(stored, "#99") is None
    assert info(stored, "crash") is None


def test_links_are_added_once_listed_and_removed(stored: SessionFactory) -> None:
    assert link(stored, CRASH) is True
    assert link(stored, CRASH) is False
    assert link(stored, LEAK) is True
    assert link(stored, DOCS, thread=HELP.id) is True
    with stored() as session:
        assert [i.id for i in linked_issues(session, THREAD.id)] == [CRASH.id, LEAK.id]
    with stored() as session, session.begin():
        remove_links(session, THREAD.id, CRASH.id)
    with stored() as session:
        assert [i.id for i in linked_issues(session, THREAD.id)] == [LEAK.id]
    with stored() as session, session.begin():
        remove_links(session, THREAD.id)
    with stored() as session:
        assert linked_issues(session, THREAD.id) == []
        assert [i.id for i in linked_issues(session, HELP.id)] == [DOCS.id]


def test_the_comment_claim_is_taken_once_and_released_on_failure(
    stored: SessionFactory,
) -> None:
    link(stored, CRASH)

    def claim() -> bool:
        with stored() as session, session.begin():
            return claim_comment(session, THREAD.id, CRASH.id)

    def finish(url: str | None) -> None:
        with stored() as session, session.begin():
            finish_comment(session, THREAD.id, CRASH.id, url)

    def comment_url() -> str | None:
        with stored() as session:
            row = session.get(ThreadLinkRow, (THREAD.id, CRASH.id))
            assert row is not None
            return row.comment_url

    assert claim() is True
    assert comment_url() == COMMENT_PENDING
    assert claim() is False  # a second /link while the first is posting
    finish(None)  # GitHub failed: the next /link may try again
    assert claim() is True
    finish("https://github.com/c/1")
    assert claim() is False
    assert comment_url() == "https://github.com/c/1"


def test_a_state_change_is_pending_until_claimed(stored: SessionFactory) -> None:
    link(stored, CRASH)
    link(stored, CRASH, thread=HELP.id)
    with stored() as session:
        assert pending_notices(session) == []
    with stored() as session, session.begin():
        store_issues(session, [replace(CRASH, state="closed")], body_chars=0)
    with stored() as session:
        first, second = pending_notices(session)
    assert {first.thread_id, second.thread_id} == {THREAD.id, HELP.id}
    assert (first.issue.state, first.told, first.guild_id) == ("closed", "open", GUILD.id)
    with stored() as session, session.begin():
        assert claim_notice(session, first) is True
        assert claim_notice(session, first) is False
        assert claim_notice(session, second) is True
        release_notice(session, second)  # the message could not be sent
    with stored() as session:
        assert pending_notices(session) == [second]


def test_thread_text_is_the_opening_post_then_the_latest_messages(
    sessions: SessionFactory,
) -> None:
    messages = [chat(n, f"message {n}", channel=THREAD) for n in range(1, 11)]
    gone = messages[8]
    with sessions() as session, session.begin():
        store_events(session, [*messages, MessageDeleted(gone.id, THREAD.id, GUILD.id)])
    with sessions() as session:
        text = thread_text(session, THREAD.id, recent=3)
    assert text == ["message 1", "message 7", "message 8", "message 10"]  # 9 was deleted
