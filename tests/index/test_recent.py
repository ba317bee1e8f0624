"""The index kept in step with the database: rebuilt, saved, mapped, reconciled, bounded.

Vectors here are random unit vectors stored as the embedding stage stores them (the
model plays no part in keeping the index); every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ALICE, BOB, T0, chat
from triagebot.core.messages import Author, ChatMessage, MessageDeleted
from triagebot.core.text import content_hash
from triagebot.index.files import index_path, read_meta, write_meta
from triagebot.index.recent import Bounds, RecentMessages
from triagebot.store.embeddings import save_vectors
from triagebot.store.engine import SessionFactory
from triagebot.store.messages import store_events
from triagebot.store.privacy import forget_author
from triagebot.triage.stored_vectors import StoredVectors

DIM = 16
MODEL = "test-model"
BOT = Author(id=800_000_000_000_000_099, name="a bot", bot=True)
EVERYTHING = Bounds(recent_days=3650)


def vector_of(text: str) -> np.ndarray:
    """A stable random unit vector per text."""
    seed = int(content_hash(text) or "0", 16) % 2**32
    vector = np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


def store(sessions: SessionFactory, *events: object) -> None:
    messages = [e for e in events if isinstance(e, ChatMessage)]
    with sessions() as session, session.begin():
        store_events(session, list(events))  # type: ignore[arg-type]
        vectors = {content_hash(m.content): vector_of(m.content) for m in messages}
        save_vectors(session, MODEL, {k: v for k, v in vectors.items() if k})


def opened(
    sessions: SessionFactory, path: Path | None, bounds: Bounds = EVERYTHING
) -> RecentMessages:
    source = StoredVectors(sessions, MODEL)
    recent = RecentMessages(source, MODEL, DIM, path=path, bounds=bounds, width=64)
    recent.open()
    return recent


def ids_of(recent: RecentMessages) -> set[int]:
    return set(recent.index.ids().tolist())


MESSAGES = [chat(n, f"message number {n} about topic {n % 7}") for n in range(1, 41)]


def test_built_from_the_database_then_saved_and_mapped_on_the_next_start(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    store(sessions, *MESSAGES, chat(41, "beep, I am a bot", author=BOT))
    path = tmp_path / "recent.index"
    first = opened(sessions, path)
    assert not first.index.mapped_now  # no file yet
    first.prepare()  # rebuilt, saved, mapped
    assert ids_of(first) == {m.id for m in MESSAGES}  # the bot's message is left out
    hit = first.search(vector_of(MESSAGES[4].content), 1)[0]
    assert hit.message_id == MESSAGES[4].id and hit.score == pytest.approx(1.0, abs=2e-3)
    assert first.index.mapped_now and read_meta(path).count == 40  # type: ignore[union-attr]

    second = opened(sessions, path)
    assert second.index.mapped_now  # searchable before anything else happens
    assert second.search(vector_of(MESSAGES[9].content), 1)[0].message_id == MESSAGES[9].id
    second.prepare()
    assert ids_of(second) == ids_of(first) and second.index.pending == 0


def test_on_start_the_index_catches_up_with_the_database(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    store(sessions, *MESSAGES)
    path = tmp_path / "recent.index"
    first = opened(sessions, path)
    first.prepare()
    # While the bot was down: new messages, a deletion, and a person forgotten.
    later = [chat(n, f"written while the index was saved {n}", author=BOB) for n in (50, 51)]
    store(sessions, *later, MessageDeleted(MESSAGES[0].id, MESSAGES[0].channel.id))
    with sessions() as session, session.begin():
        forget_author(session, ALICE.id)

    second = opened(sessions, path)
    second.prepare()
    assert ids_of(second) == {m.id for m in later}
    assert second.search(vector_of(MESSAGES[3].content), 5)[0].message_id in ids_of(second)


def test_only_the_window_is_kept(sessions: SessionFactory) -> None:
    old = chat(1, "from long ago", minutes=-60 * 24 * 400)
    store(sessions, old, *MESSAGES)
    recent = opened(sessions, None, Bounds(recent_days=365 + 30, max_vectors=10))
    assert T0 - old.created_at > timedelta(days=395)
    recent.prepare()
    assert ids_of(recent) == {m.id for m in MESSAGES[-10:]}  # the newest ten
    recent.add([MESSAGES[0].id], np.stack([vector_of(MESSAGES[0].content)]))
    recent.maintain()  # drops what falls outside the bounds, and matches the database
    assert ids_of(recent) == {m.id for m in MESSAGES[-10:]}


def test_a_saved_index_of_another_model_is_rebuilt(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    store(sessions, *MESSAGES[:5])
    path = tmp_path / "recent.index"
    first = opened(sessions, path)
    first.prepare()
    write_meta(path, "another-model", DIM, 5, MESSAGES[4].id)
    second = opened(sessions, path)
    assert not second.index.mapped_now  # not trusted: it will be rebuilt
    second.prepare()
    assert ids_of(second) == {m.id for m in MESSAGES[:5]}
    assert read_meta(path).model == MODEL  # type: ignore[union-attr]


def test_where_the_index_is_saved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert index_path(None, "sqlite:///data/bot.db") == Path("data/bot.index")
    assert index_path(None, "sqlite://") is None  # in memory: nothing to save
    pg = index_path(None, "postgresql+psycopg://bot:secret@db.example:5433/triage")
    assert pg == tmp_path / "triagebot" / "db.example-5433-triage.index"
    assert index_path("~/idx/recent.index", "sqlite://") == Path.home() / "idx/recent.index"


def test_an_in_memory_database_keeps_the_index_in_memory(sessions: SessionFactory) -> None:
    store(sessions, *MESSAGES[:3])
    recent = opened(sessions, None)
    recent.prepare()
    recent.add([MESSAGES[5].id], np.stack([vector_of(MESSAGES[5].content)]))
    recent.close()
    assert len(recent.index) == 4 and not recent.index.mapped_now and recent.path is None


def test_pending_changes_are_folded_into_the_file(
    sessions: SessionFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(sessions, *MESSAGES[:10])
    path = tmp_path / "recent.index"
    recent = opened(sessions, path)
    recent.prepare()
    monkeypatch.setattr("triagebot.index.recent.MERGE_AT", 3)
    live = MESSAGES[10:12]
    store(sessions, *live)  # what the pipeline stage would add
    recent.add([m.id for m in live], np.stack([vector_of(m.content) for m in live]))
    recent.maintain()  # two pending: below the bar, nothing written
    assert recent.index.pending == 2 and read_meta(path).count == 10  # type: ignore[union-attr]
    store(sessions, *MESSAGES[12:15])
    recent.maintain()  # the database has three more: now five, merged
    assert recent.index.pending == 0 and read_meta(path).count == 15  # type: ignore[union-attr]
    recent.remove([MESSAGES[0].id])
    recent.close()  # a clean stop folds in whatever is pending
    assert read_meta(path).count == 14  # type: ignore[union-attr]
    assert MESSAGES[0].id not in ids_of(opened(sessions, path))


def test_a_round_of_maintenance_retries_a_preparation_that_did_not_finish(
    sessions: SessionFactory,
) -> None:
    store(sessions, *MESSAGES[:4])
    recent = opened(sessions, None)
    recent.maintain()  # never prepared (say the database was down at start)
    assert ids_of(recent) == {m.id for m in MESSAGES[:4]}
