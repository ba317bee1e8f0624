"""Retention and forgetting: the words go, the counts stay."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from click.testing import CliRunner
from sqlalchemy import Engine, select

from tests.conftest import ALICE, BOB, T0, chat, count_rows
from triagebot.core.text import content_hash
from triagebot.store.embeddings import save_vectors
from triagebot.store.engine import SessionFactory
from triagebot.store.messages import store_events
from triagebot.store.models import AuthorRow, LLMCacheRow, MessageRow
from triagebot.store.privacy import forget_author, purge_text_before
from triagebot.store.spam_exemplars import add_exemplars


def seed(sessions: SessionFactory) -> None:
    messages = [
        chat(1, "my old secret", minutes=0),
        chat(2, "shared words", author=BOB, minutes=1),
        chat(3, "shared words", minutes=60 * 24 * 10),  # ten days later
        chat(4, "alice again, recently", minutes=60 * 24 * 10 + 1),
    ]
    with sessions() as session, session.begin():
        store_events(session, messages)
        vectors = {content_hash(m.content): np.ones(4, dtype=np.float32) for m in messages}
        save_vectors(session, "m", {k: v for k, v in vectors.items() if k})
        add_exemplars(session, [messages[0].id], "ham", 1)
        session.add(LLMCacheRow(packet_hash="h", model="x", summaries="{}", created_at=T0))


def texts(sessions: SessionFactory) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(MessageRow.content).order_by(MessageRow.id)))


def test_retention_erases_old_text_and_what_derives_from_it(
    sessions: SessionFactory, engine: Engine
) -> None:
    seed(sessions)
    with sessions() as session, session.begin():
        erased = purge_text_before(session, T0 + timedelta(days=5))
    assert erased.messages == 2
    assert texts(sessions) == ["", "", "shared words", "alice again, recently"]
    assert count_rows(engine, "messages") == 4  # counts stay
    assert count_rows(engine, "spam_exemplars") == 0
    assert count_rows(engine, "llm_cache") == 0
    assert count_rows(engine, "embeddings") == 2  # "shared words" is still used by message 3


def test_forgetting_a_person_erases_their_words_and_name(
    sessions: SessionFactory, engine: Engine
) -> None:
    seed(sessions)
    with sessions() as session, session.begin():
        erased = forget_author(session, ALICE.id)
    assert erased.messages == 3
    assert texts(sessions) == ["", "shared words", "", ""]
    with sessions() as session:
        assert session.get(AuthorRow, ALICE.id).name == "(forgotten)"  # type: ignore[union-attr]
    assert count_rows(engine, "embeddings") == 1


def test_forget_from_the_command_line(sessions: SessionFactory, database_url: str) -> None:
    from triagebot.cli import cli

    seed(sessions)
    result = CliRunner().invoke(cli, ["--db", database_url, "forget", "--user", str(BOB.id)])
    assert result.exit_code == 0, result.output
    assert "erased the text of 1 messages" in result.output
