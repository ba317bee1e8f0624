"""``triagebot index status`` and ``triagebot index rebuild``, as a person types them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import chat
from triagebot.cli import cli
from triagebot.core.text import content_hash
from triagebot.embeddings.resolve import DEFAULT_MODEL, model_id_for
from triagebot.index.editing import saved_index
from triagebot.index.files import index_path
from triagebot.store.embeddings import save_vectors
from triagebot.store.engine import SessionFactory
from triagebot.store.messages import store_events


def seed(sessions: SessionFactory, count: int) -> list[int]:
    now = datetime.now(UTC)
    messages = [
        chat(n, f"recent message {n}", created_at=now - timedelta(hours=count - n))
        for n in range(count)
    ]
    rng = np.random.default_rng(3)
    with sessions() as session, session.begin():
        store_events(session, messages)
        vectors = {content_hash(m.content) or "": rng.normal(size=384) for m in messages}
        save_vectors(session, model_id_for(DEFAULT_MODEL), vectors)
    return [m.id for m in messages]


def test_rebuild_then_status(
    sessions: SessionFactory, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    ids = seed(sessions, 30)
    runner = CliRunner()
    before = runner.invoke(cli, ["--db", database_url, "index", "status"])
    assert before.exit_code == 0, before.output
    assert "saved: no" in before.output and "indexable now: 30 messages" in before.output

    rebuilt = runner.invoke(cli, ["--db", database_url, "index", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "indexed 30 messages" in rebuilt.output
    with saved_index(index_path(None, database_url)) as saved:
        assert saved is not None and sorted(saved.ids().tolist()) == sorted(ids)

    after = runner.invoke(cli, ["--db", database_url, "index", "status"])
    assert "vectors: 30 of all-MiniLM-L6-v2" in after.output, after.output


def test_rebuild_with_nothing_to_index_says_so(database_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", database_url, "index", "rebuild"])
    assert result.exit_code != 0 and "no stored vectors" in result.output
