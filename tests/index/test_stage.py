"""Every stored message reaches the index, and every erased one leaves it.

The pipeline runs the real embedder; ``forget`` and ``purge`` run as the commands a
person types, against a saved index next to the database.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ALICE, BOB, GENERAL, chat
from triagebot.config import PipelineSettings
from triagebot.core.messages import Author, MessageDeleted
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.index.editing import saved_index
from triagebot.index.files import index_path
from triagebot.index.recent import Bounds, RecentMessages
from triagebot.store.engine import SessionFactory
from triagebot.triage.pipeline import Pipeline
from triagebot.triage.stages.embed import EmbedStage
from triagebot.triage.stages.index import IndexStage
from triagebot.triage.stored_vectors import StoredVectors

BOT = Author(id=800_000_000_000_000_099, name="a bot", bot=True)
CRASH = "the reload server crashes with EADDRINUSE after every save"


def indexed(sessions: SessionFactory, embedder: SentenceEmbedder, path: Path | None = None):  # type: ignore[no-untyped-def]
    source = StoredVectors(sessions, embedder.model_id)
    recent = RecentMessages(
        source, embedder.model_id, embedder.dim, path=path, bounds=Bounds(3650), width=64
    )
    recent.open()
    recent.prepare()
    stages = [EmbedStage(embedder), IndexStage(recent)]
    return recent, Pipeline(sessions, PipelineSettings(batch_size=50), stages)


def ids_of(recent: RecentMessages) -> set[int]:
    return set(recent.index.ids().tolist())


def test_stored_messages_are_added_edits_replace_deletions_remove(
    sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    recent, pipeline = indexed(sessions, embedder)
    first, second = chat(1, CRASH), chat(2, "does dark mode work on linux?", author=BOB)
    pipeline.process_all([first, second, chat(3, "deploy finished", author=BOT)])
    assert ids_of(recent) == {first.id, second.id}  # not the bot's
    [hit] = recent.search(embedder.encode([CRASH])[0], 1)
    assert hit.message_id == first.id and hit.score > 0.99

    edited = chat(2, "my exported pdf has no pictures in it", author=BOB)
    pipeline.process_all([edited])
    [hit] = recent.search(embedder.encode([edited.content])[0], 1)
    assert hit.message_id == second.id and hit.score > 0.99

    pipeline.process_all([MessageDeleted(first.id, GENERAL.id), chat(2, "", author=BOB)])
    assert ids_of(recent) == set()  # deleted, and edited down to nothing


def test_a_failing_index_never_costs_the_batch(
    sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    recent, pipeline = indexed(sessions, embedder)
    stage = IndexStage(recent)

    def broken(*_args: object) -> None:
        raise RuntimeError("index broke")

    recent.add = broken  # type: ignore[method-assign]
    pipeline = Pipeline(sessions, PipelineSettings(), [EmbedStage(embedder), stage])
    stored = pipeline.process_all([chat(1, CRASH)])
    assert stored.inserted == [chat(1, CRASH).id] and stage.failures == 1


@pytest.mark.parametrize("command", ["forget", "purge"])
def test_forget_and_purge_remove_vectors_from_the_saved_index(
    sessions: SessionFactory,
    embedder: SentenceEmbedder,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    from triagebot.cli import cli

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # where a PostgreSQL index goes
    path = index_path(None, database_url)
    recent, pipeline = indexed(sessions, embedder, path)
    now = datetime.now(UTC)
    old = chat(1, CRASH, created_at=now - timedelta(days=40))
    alice = chat(2, "alice's recent words", created_at=now - timedelta(days=1))
    bob = chat(3, "bob's recent words", author=BOB, created_at=now - timedelta(days=1))
    pipeline.process_all([old, alice, bob])
    recent.close()  # folds what the pipeline added into the saved file

    args = ["forget", "--user", str(ALICE.id)] if command == "forget" else ["purge", "--days", "30"]
    result = CliRunner().invoke(cli, ["--db", database_url, *args])
    assert result.exit_code == 0, result.output
    with saved_index(path) as saved:
        assert saved is not None
        kept = set(saved.ids().tolist())
    assert kept == ({bob.id} if command == "forget" else {alice.id, bob.id})
