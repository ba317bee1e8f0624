"""Migration 0011: verdict examples get their own copy of the vector, and give it back."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Engine, MetaData, insert, inspect, text

from triagebot.core.text import content_hash
from triagebot.store import migrate
from triagebot.store.engine import SessionFactory
from triagebot.store.spam_exemplars import verdict_exemplars

WHEN = datetime(2026, 11, 1, tzinfo=UTC)
JUDGED, UNCACHED = content_hash("free nitro"), content_hash("gone already")


def _examples_at_0010(engine: Engine) -> None:
    """Two examples as the previous schema kept them: one whose text still has vectors
    (from two models), one whose vector the cache no longer has."""
    migrate.downgrade(engine, "0010")
    tables = MetaData()
    tables.reflect(engine)
    t = tables.tables
    with engine.begin() as conn:
        conn.execute(insert(t["guilds"]), [{"id": 1, "name": "g"}])
        conn.execute(
            insert(t["authors"]), [{"id": 2, "name": "ann", "is_bot": False, "created_at": WHEN}]
        )
        conn.execute(
            insert(t["messages"]),
            [
                {
                    "id": 10 + n,
                    "guild_id": 1,
                    "channel_id": 3,
                    "author_id": 2,
                    "content": "x",
                    "content_hash": bytes.fromhex(h or ""),
                    "created_at": WHEN,
                    "attachment_count": 0,
                    "user_mention_count": 0,
                    "role_mention_count": 0,
                    "mentions_everyone": False,
                    "reaction_count": 0,
                }
                for n, h in enumerate([JUDGED, UNCACHED])
            ],
        )
        conn.execute(insert(t["embedding_models"]), [{"name": "old"}, {"name": "new"}])
        conn.execute(
            insert(t["embeddings"]),
            [
                {"content_hash": bytes.fromhex(JUDGED or ""), "model_id": m, "vector": _blob(m)}
                for m in (1, 2)
            ],
        )
        conn.execute(
            insert(t["spam_exemplars"]),
            [
                {
                    "message_id": 10 + n,
                    "content_hash": bytes.fromhex(h or ""),
                    "label": "spam",
                    "moderator_id": 5,
                    "created_at": WHEN,
                }
                for n, h in enumerate([JUDGED, UNCACHED])
            ],
        )


def _blob(model: int) -> bytes:
    return np.full(4, model, dtype=np.float16).tobytes()


def test_upgrading_copies_the_newest_models_vector_into_each_example(
    engine: Engine, sessions: SessionFactory
) -> None:
    _examples_at_0010(engine)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM embeddings"))  # the copies no longer need the cache
    with sessions() as session:
        kept = verdict_exemplars(session, "new")
    assert [(v.tolist(), label) for v, label in kept] == [([2.0, 2.0, 2.0, 2.0], "spam")]
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT message_id, model_id FROM spam_exemplars")).all()
    assert sorted(rows) == [(10, 2), (11, None)]


def test_downgrading_drops_the_copies_and_keeps_the_examples(engine: Engine) -> None:
    _examples_at_0010(engine)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "0010")
    columns = {c["name"] for c in inspect(engine).get_columns("spam_exemplars")}
    assert columns == {"message_id", "content_hash", "label", "moderator_id", "created_at"}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM spam_exemplars")).scalar() == 2
