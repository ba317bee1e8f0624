"""Erased words leave stored digests: deletion events, purge and forget alike."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from tests.conftest import ALICE, BOB, GENERAL, T0, chat
from triagebot.core.messages import MessageDeleted
from triagebot.store.digests import digest_of
from triagebot.store.engine import SessionFactory
from triagebot.store.messages import store_events
from triagebot.store.models import DigestRow
from triagebot.store.privacy import forget_author, purge_text_before

SECRET = chat(1, "my license key AAAA-BBBB leaks when the updater crashes on start")
OTHER = chat(2, "the sidebar flickers whenever I resize the window quickly", author=BOB)


def item(rank: int, title: str, summary: str, links: list[str], **more: Any) -> dict[str, Any]:
    return {"rank": rank, "title": title, "summary": summary, "links": links, "issue": None, **more}


def link(message_id: int) -> str:
    return f"https://discord.com/channels/1/{GENERAL.id}/{message_id}"


def seed(sessions: SessionFactory) -> None:
    items = [
        item(1, "My license key AAAA-BBBB leaks when the…", '"My license key AAAA-BBBB leaks', [
            link(SECRET.id), link(OTHER.id)]),
        item(2, "#7 Updater crashes on start", "the updater crashes on start for many", [
            link(SECRET.id)], issue=7),
        item(3, "The sidebar flickers", '"the sidebar flickers whenever I resize"', [
            link(OTHER.id)]),
    ]  # fmt: skip
    day = T0.date()
    with sessions() as session, session.begin():
        store_events(session, [SECRET, OTHER])
        session.add(
            DigestRow(day=day.isoformat(), generated_at=T0, items=json.dumps({"items": items}))
        )


def stored(sessions: SessionFactory) -> list[dict[str, Any]]:
    with sessions() as session:
        row = digest_of(session, T0.date())
        assert row is not None
        return list(json.loads(row.items)["items"])


def assert_only_the_secret_went(items: list[dict[str, Any]]) -> None:
    first, issue, other = items
    assert first["title"] == first["summary"] == "[removed]"
    assert first["links"] == [link(OTHER.id)]
    assert issue["title"] == "#7 Updater crashes on start"  # the issue's words, not hers
    assert issue["links"] == []
    assert other == item(3, "The sidebar flickers", '"the sidebar flickers whenever I resize"',
                         [link(OTHER.id)])  # fmt: skip


def test_a_deleted_message_leaves_the_digests_that_quoted_it(sessions: SessionFactory) -> None:
    seed(sessions)
    with sessions() as session, session.begin():
        store_events(session, [MessageDeleted(id=SECRET.id, channel_id=GENERAL.id)])
    assert_only_the_secret_went(stored(sessions))


def test_forgetting_a_person_scrubs_the_digests_too(sessions: SessionFactory) -> None:
    seed(sessions)
    with sessions() as session, session.begin():
        forget_author(session, ALICE.id)
    assert_only_the_secret_went(stored(sessions))


def test_purging_old_text_scrubs_the_digests_too(sessions: SessionFactory) -> None:
    seed(sessions)
    with sessions() as session, session.begin():
        purge_text_before(session, SECRET.created_at + timedelta(seconds=1))
    assert_only_the_secret_went(stored(sessions))
