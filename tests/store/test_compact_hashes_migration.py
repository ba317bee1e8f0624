"""Migration 0009 (binary hashes, numbered models) keeps every row and every value."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Engine, MetaData, insert, select, text

from triagebot.core.text import content_hash
from triagebot.store import migrate
from triagebot.store.embeddings import load_vectors
from triagebot.store.engine import SessionFactory
from triagebot.store.models import IssueMatchRow, IssueRow, MessageRow, SpamExemplarRow

WHEN = datetime(2026, 11, 1, tzinfo=UTC)
HASHES = [content_hash(t) for t in ("pip fails", "uv hangs", "free nitro")]
MODELS = ["all-MiniLM-L6-v2", "bge-small-en-v1.5"]


def _rows_at_0008(engine: Engine) -> None:
    """A community written by the previous schema: hex hashes, model names."""
    migrate.downgrade(engine, "0008")
    tables = MetaData()
    tables.reflect(engine)
    t = tables.tables
    vector = np.arange(4, dtype=np.float16).tobytes()
    with engine.begin() as conn:
        conn.execute(insert(t["guilds"]), [{"id": 1, "name": "g"}])
        conn.execute(
            insert(t["authors"]),
            [{"id": 2, "name": "ann", "is_bot": False, "created_at": WHEN}],
        )
        conn.execute(
            insert(t["messages"]),
            [
                {
                    "id": 10 + n,
                    "guild_id": 1,
                    "channel_id": 3,
                    "thread_id": 4 if n == 0 else None,
                    "author_id": 2,
                    "content": "x",
                    "content_hash": h,
                    "created_at": WHEN,
                    "attachment_count": 0,
                    "user_mention_count": 0,
                    "role_mention_count": 0,
                    "mentions_everyone": False,
                    "reaction_count": 0,
                }
                for n, h in enumerate([*HASHES, None])
            ],
        )
        conn.execute(
            insert(t["embeddings"]),
            [{"content_hash": h, "model": m, "vector": vector} for h in HASHES for m in MODELS],
        )
        conn.execute(
            insert(t["issues"]),
            [
                {
                    "id": 7,
                    "repo": "o/r",
                    "number": 1,
                    "title": "pip fails",
                    "body": "",
                    "labels": "[]",
                    "state": "open",
                    "author": "",
                    "comments": 0,
                    "reactions": 0,
                    "html_url": "",
                    "created_at": WHEN,
                    "updated_at": WHEN,
                    "text_hash": HASHES[0],
                }
            ],
        )
        conn.execute(
            insert(t["issue_matches"]),
            [{"message_id": 10, "issue_id": 7, "score": 0.9, "matched_at": WHEN}],
        )
        conn.execute(
            insert(t["spam_exemplars"]),
            [
                {
                    "message_id": 12,
                    "content_hash": HASHES[2],
                    "label": "spam",
                    "moderator_id": 5,
                    "created_at": WHEN,
                }
            ],
        )


def test_upgrading_keeps_hashes_vectors_matches_and_examples(
    engine: Engine, sessions: SessionFactory
) -> None:
    _rows_at_0008(engine)
    migrate.upgrade(engine)
    with sessions() as session:
        stored = session.execute(select(MessageRow.id, MessageRow.content_hash)).all()
        assert sorted(stored) == [(10, HASHES[0]), (11, HASHES[1]), (12, HASHES[2]), (13, None)]
        for model in MODELS:
            vectors = load_vectors(session, set(HASHES), model)  # type: ignore[arg-type]
            assert sorted(vectors) == sorted(HASHES)  # type: ignore[type-var]
            assert vectors[HASHES[0]].tolist() == [0.0, 1.0, 2.0, 3.0]  # type: ignore[index]
        assert session.scalar(select(IssueRow.text_hash)) == HASHES[0]
        assert session.scalar(select(SpamExemplarRow.content_hash)) == HASHES[2]
        assert session.scalar(select(IssueMatchRow.issue_id)) == 7  # no cascade on the way
    with engine.connect() as conn:
        raw = conn.execute(text("SELECT content_hash FROM embeddings")).scalars().all()
    assert {bytes(h) for h in raw} == {bytes.fromhex(h) for h in HASHES}  # type: ignore[arg-type]


def test_downgrading_gives_the_hex_and_the_names_back(engine: Engine) -> None:
    _rows_at_0008(engine)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "0008")
    with engine.connect() as conn:
        messages = conn.execute(text("SELECT content_hash FROM messages ORDER BY id")).all()
        vectors = conn.execute(text("SELECT content_hash, model FROM embeddings")).all()
        matches = conn.execute(text("SELECT count(*) FROM issue_matches")).scalar()
    assert [h for (h,) in messages] == [*HASHES, None]
    assert sorted(vectors) == sorted((h, m) for h in HASHES for m in MODELS)  # type: ignore[type-var]
    assert matches == 1
