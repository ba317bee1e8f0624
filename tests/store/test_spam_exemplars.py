"""Verdict examples keep their own vectors: deleting the judged messages, which is what
"Delete all copies" does, cannot take back what the verdict taught."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from sqlalchemy import Engine, select

from tests.conftest import ALICE, BOB, GENERAL, chat, count_rows
from triagebot.core.messages import Author, ChatMessage, MessageDeleted
from triagebot.core.text import content_hash
from triagebot.store.embeddings import save_vectors
from triagebot.store.engine import SessionFactory
from triagebot.store.messages import store_events
from triagebot.store.models import EmbeddingRow, SpamExemplarRow
from triagebot.store.privacy import forget_author, purge_text_before
from triagebot.store.spam_exemplars import add_exemplars, verdict_exemplars

MODEL = "all-MiniLM-L6-v2"
SPAM = ["free nitro for 3 months: dlscord-gift.com/claim", "3 months nitro free, claim it fast"]
HAM = "does lumen serve reload templates too?"


def _store(sessions: SessionFactory, texts: list[str], author: Author = ALICE) -> list[ChatMessage]:
    """Messages with a vector each (the n-th unit vector)."""
    messages = [chat(n, text, author=author) for n, text in enumerate(texts)]
    vectors = {content_hash(t) or "": np.eye(4, dtype=np.float32)[n] for n, t in enumerate(texts)}
    with sessions() as session, session.begin():
        store_events(session, messages)
        save_vectors(session, MODEL, vectors)
    return messages


def _delete(sessions: SessionFactory, messages: list[ChatMessage]) -> None:
    with sessions() as session, session.begin():
        store_events(session, [MessageDeleted(m.id, GENERAL.id) for m in messages])


def _bank(sessions: SessionFactory) -> list[tuple[list[float], str]]:
    with sessions() as session:
        return [(v.tolist(), label) for v, label in verdict_exemplars(session, MODEL)]


def test_a_spam_verdict_keeps_its_vectors_when_the_copies_are_deleted(
    sessions: SessionFactory, engine: Engine
) -> None:
    copies = _store(sessions, SPAM)
    with sessions() as session, session.begin():
        learned = add_exemplars(session, [m.id for m in copies], "spam", BOB.id, MODEL)
    assert len(learned) == 2
    _delete(sessions, copies)
    with sessions() as session:
        cached = session.scalars(select(EmbeddingRow)).all()
    assert cached == []  # the cache let the deleted texts' vectors go ...
    assert count_rows(engine, "spam_exemplars") == 2  # ... the verdict did not
    assert _bank(sessions) == [([1.0, 0.0, 0.0, 0.0], "spam"), ([0.0, 1.0, 0.0, 0.0], "spam")]
    with sessions() as session:
        texts = session.scalars(select(SpamExemplarRow.content_hash)).all()
    assert sorted(texts) == sorted(content_hash(t) for t in SPAM)  # hashes, never the text


def test_a_not_spam_example_goes_when_its_author_deletes_the_message(
    sessions: SessionFactory, engine: Engine
) -> None:
    (message,) = _store(sessions, [HAM])
    with sessions() as session, session.begin():
        add_exemplars(session, [message.id], "ham", BOB.id, MODEL)
    assert _bank(sessions) == [([1.0, 0.0, 0.0, 0.0], "ham")]
    _delete(sessions, [message])
    assert count_rows(engine, "spam_exemplars") == 0


def test_a_message_already_gone_teaches_nothing(sessions: SessionFactory, engine: Engine) -> None:
    copies = _store(sessions, SPAM)
    _delete(sessions, copies[:1])
    with sessions() as session, session.begin():
        learned = add_exemplars(session, [m.id for m in copies], "spam", BOB.id, MODEL)
    assert list(learned) == [content_hash(SPAM[1])]
    assert count_rows(engine, "spam_exemplars") == 1


def test_a_verdict_made_under_another_model_uses_the_cache_of_this_one(
    sessions: SessionFactory,
) -> None:
    copies = _store(sessions, SPAM[:1])
    with sessions() as session, session.begin():
        add_exemplars(session, [copies[0].id], "spam", BOB.id, MODEL)
        save_vectors(session, "other-model", {content_hash(SPAM[0]) or "": np.ones(3)})
        found = verdict_exemplars(session, "other-model")
    assert [(v.tolist(), label) for v, label in found] == [([1.0, 1.0, 1.0], "spam")]


def test_purge_keeps_spam_verdicts_and_forget_erases_them(
    sessions: SessionFactory, engine: Engine
) -> None:
    copies = _store(sessions, [*SPAM, HAM], author=BOB)
    with sessions() as session, session.begin():
        add_exemplars(session, [m.id for m in copies[:2]], "spam", 1, MODEL)
        add_exemplars(session, [copies[2].id], "ham", 1, MODEL)
        purge_text_before(session, copies[-1].created_at + timedelta(days=1))
    assert [label for _, label in _bank(sessions)] == ["spam", "spam"]  # no text, no ham
    with sessions() as session, session.begin():
        forget_author(session, BOB.id)
    assert count_rows(engine, "spam_exemplars") == 0
