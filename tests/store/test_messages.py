"""Storing intake events: idempotent, edits win, deletions are final — on both backends."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine, select

from tests.conftest import BOB, GENERAL, GUILD, HELP, T0, THREAD, chat, count_rows
from triagebot.core.messages import (
    Channel,
    ChannelKind,
    ChannelSeen,
    MessageDeleted,
    ReactionChanged,
)
from triagebot.core.text import content_hash
from triagebot.store.engine import SessionFactory
from triagebot.store.messages import store_events
from triagebot.store.models import ChannelRow, CursorRow, MessageRow


def _store(sessions: SessionFactory, *events: object) -> object:
    with sessions() as session, session.begin():
        return store_events(session, list(events))  # type: ignore[arg-type]


def _message(sessions: SessionFactory, message_id: int) -> MessageRow | None:
    with sessions() as session:
        return session.get(MessageRow, message_id)


def test_the_same_message_stored_twice_is_one_row(sessions: SessionFactory, engine: Engine) -> None:
    first = _store(sessions, chat(1), chat(2))
    again = _store(sessions, chat(1), chat(2))
    assert count_rows(engine, "messages") == 2
    assert len(first.inserted) == 2 and not first.updated  # type: ignore[attr-defined]
    assert len(again.updated) == 2 and not again.inserted  # type: ignore[attr-defined]


def test_a_message_keeps_its_place_author_and_counts(sessions: SessionFactory) -> None:
    m = chat(
        1,
        "see <@&5> and <@7>",
        channel=THREAD,
        author=BOB,
        attachments=2,
        user_mentions=1,
        role_mentions=1,
        reactions=3,
        reply_to=123,
    )
    _store(sessions, m)
    row = _message(sessions, m.id)
    assert row is not None
    assert (row.channel_id, row.thread_id) == (HELP.id, THREAD.id)
    assert row.author_id == BOB.id and row.created_at == m.created_at
    assert (row.attachment_count, row.user_mention_count, row.role_mention_count) == (2, 1, 1)
    assert row.reaction_count == 3 and row.reply_to_id == 123
    assert row.content_hash == content_hash(m.content)


def test_an_edit_updates_content_and_hash(sessions: SessionFactory) -> None:
    _store(sessions, chat(1, "it crashes"))
    edited = chat(1, "it crashes on Windows", edited_at=T0.replace(hour=13))
    _store(sessions, edited)
    row = _message(sessions, edited.id)
    assert row is not None
    assert row.content == "it crashes on Windows"
    assert row.edited_at == edited.edited_at
    assert row.content_hash == content_hash("it crashes on Windows")


def test_a_delete_erases_content_but_keeps_a_tombstone(
    sessions: SessionFactory, engine: Engine
) -> None:
    m = chat(1, "my email is alice@example.com")
    _store(sessions, m)
    _store(sessions, MessageDeleted(m.id, GENERAL.id, GUILD.id))
    row = _message(sessions, m.id)
    assert row is not None and row.deleted_at is not None
    assert row.content == "" and row.content_hash is None
    assert count_rows(engine, "messages") == 1  # still counted


def test_a_deleted_message_never_comes_back(sessions: SessionFactory) -> None:
    m = chat(1, "secret")
    _store(sessions, MessageDeleted(m.id, GENERAL.id))  # deletion heard before the message
    outcome = _store(sessions, m)  # e.g. an old export imported later
    assert _message(sessions, m.id) is None
    assert outcome.ignored_deleted == 1  # type: ignore[attr-defined]
    _store(sessions, replace(m, id=m.id + 1))
    _store(sessions, MessageDeleted(m.id + 1, GENERAL.id), replace(m, id=m.id + 1))
    row = _message(sessions, m.id + 1)
    assert row is not None and row.content == ""


def test_create_and_delete_in_one_batch_ends_deleted(sessions: SessionFactory) -> None:
    m = chat(1, "oops")
    _store(sessions, m, MessageDeleted(m.id, GENERAL.id))
    row = _message(sessions, m.id)
    assert row is not None and row.content == "" and row.deleted_at is not None


def test_reactions_count_up_and_down_but_never_below_zero(sessions: SessionFactory) -> None:
    m = chat(1)
    _store(sessions, m)
    _store(sessions, *(ReactionChanged(m.id, GENERAL.id, +1) for _ in range(3)))
    _store(sessions, ReactionChanged(m.id, GENERAL.id, -1))
    assert _message(sessions, m.id).reaction_count == 2  # type: ignore[union-attr]
    _store(sessions, *(ReactionChanged(m.id, GENERAL.id, -1) for _ in range(5)))
    assert _message(sessions, m.id).reaction_count == 0  # type: ignore[union-attr]


def test_a_live_replay_keeps_known_reaction_counts(sessions: SessionFactory) -> None:
    _store(sessions, chat(1, reactions=4))
    _store(sessions, chat(1, reactions=None))  # a gateway create replayed after resume
    assert _message(sessions, chat(1).id).reaction_count == 4  # type: ignore[union-attr]


def test_cursors_advance_only_on_contiguous_messages(sessions: SessionFactory) -> None:
    _store(sessions, chat(1, contiguous=True), chat(2, contiguous=True))
    _store(sessions, chat(5, contiguous=False))  # live, channel not caught up yet
    _store(sessions, chat(1, contiguous=True))  # an older replay never moves it back
    with sessions() as session:
        cursor = session.get(CursorRow, GENERAL.id)
    assert cursor is not None and cursor.last_message_id == chat(2).id


def test_thread_messages_move_the_thread_cursor(sessions: SessionFactory) -> None:
    _store(sessions, chat(1, channel=THREAD, contiguous=True))
    with sessions() as session:
        assert session.get(CursorRow, THREAD.id) is not None
        assert session.get(CursorRow, HELP.id) is None


def test_threads_under_a_forum_become_forum_posts(sessions: SessionFactory) -> None:
    forum = Channel(id=42, guild_id=GUILD.id, name="help-forum", kind=ChannelKind.FORUM)
    post = Channel(
        id=43,
        guild_id=GUILD.id,
        name="build --clean ate my files",
        kind=ChannelKind.THREAD,
        parent_id=42,
    )
    _store(sessions, chat(1, channel=post))  # the post is seen before its forum
    _store(sessions, ChannelSeen(GUILD, forum))
    with sessions() as session:
        kinds = dict(session.execute(select(ChannelRow.id, ChannelRow.kind)).all())
    assert kinds[43] == ChannelKind.FORUM_POST.value
    assert kinds[42] == ChannelKind.FORUM.value


def test_hostile_text_is_stored_exactly(sessions: SessionFactory) -> None:
    hostile = ("@everyone <@&1> \u200b\u202e" * 120 + "'); DROP TABLE messages; --")[:4000]
    m = chat(1, hostile, mentions_everyone=True)
    _store(sessions, m)
    row = _message(sessions, m.id)
    assert row is not None and row.content == hostile and row.mentions_everyone


def test_nul_characters_are_stored_as_replacement_on_every_backend(
    sessions: SessionFactory,
) -> None:
    m = chat(1, "before\x00after", author=replace(BOB, name="b\x00b"))
    _store(sessions, m)
    row = _message(sessions, m.id)
    assert row is not None and row.content == "before\ufffdafter"
