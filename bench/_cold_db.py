"""A SQLite database of N stored messages for the cold-start bench, and what it costs.

The schema is the real one (``alembic upgrade head``); rows are written with plain
``sqlite3`` in the exact formats SQLAlchemy reads back (DATETIME as
``YYYY-MM-DD HH:MM:SS.ffffff`` text, hashes as 16 raw bytes), because a million ORM
upserts would take longer than everything measured. Messages are spread over the last
29 days (all inside the index's 30-day window), across 40 channels (a fifth of them in
threads) and 5,000 authors, a third replying to the message before.

Texts and vectors: message ``i`` carries real text ``i mod T`` of the ~100k real texts
(``bench/_real_vectors.py``), with `` (k)`` appended on its k-th reuse so every message
has its own content hash, and vector ``i`` of the benchmark corpus (the real vectors,
then the documented mixes of two; see ``bench/recent_neighbours.py``). Beyond the real
100k, text and vector therefore do not correspond — irrelevant to start-up and size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench._real_vectors import load_real_vectors, real_texts
from bench.recent_neighbours import SEED, corpus, split
from triagebot.core.snowflake import snowflake_at
from triagebot.core.text import content_hash
from triagebot.embeddings.resolve import model_id_for
from triagebot.store import migrate
from triagebot.store.engine import make_engine

MODEL_ID = model_id_for("sentence-transformers/all-MiniLM-L6-v2")
GUILD = 1_200_000_000_000_000_001
CHANNELS = 40
AUTHORS = 5_000
THREAD_SHARE = 0.2
CHUNK = 50_000


def _when(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def build_database(path: Path, n: int) -> None:
    """Create ``path`` with ``n`` messages and their float16 vectors."""
    path.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    texts, _ = real_texts()
    vectors = _vectors(n)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    now = datetime.now(UTC)
    db.execute("INSERT INTO guilds (id, name) VALUES (?, ?)", (GUILD, "Cold start bench"))
    db.execute("INSERT INTO embedding_models (id, name) VALUES (1, ?)", (MODEL_ID,))
    db.executemany(
        "INSERT INTO channels (id, guild_id, parent_id, name, kind) VALUES (?, ?, ?, ?, ?)",
        list(_channels()),
    )
    db.executemany(
        "INSERT INTO authors (id, name, is_bot, created_at, joined_at) VALUES (?, ?, 0, ?, ?)",
        [(_author(a), f"user{a}", _when(now - timedelta(days=400)), None) for a in range(AUTHORS)],
    )
    for start in range(0, n, CHUNK):
        rows = list(_messages(start, min(n, start + CHUNK), n, texts, now))
        db.executemany(
            "INSERT INTO messages (id, guild_id, channel_id, thread_id, author_id, content, "
            "content_hash, created_at, edited_at, deleted_at, reply_to_id, attachment_count, "
            "user_mention_count, role_mention_count, mentions_everyone, reaction_count) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, 0, 0, 0, 0, ?)",
            rows,
        )
        db.executemany(
            "INSERT INTO embeddings (content_hash, model_id, vector) VALUES (?, 1, ?)",
            [(r[6], vectors[start + k].tobytes()) for k, r in enumerate(rows)],
        )
        db.commit()
        print(f"  stored {min(n, start + CHUNK):,}/{n:,} messages", flush=True)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def _vectors(n: int) -> np.ndarray:
    real = load_real_vectors().vectors.astype(np.float32)
    rng = np.random.default_rng(SEED)
    indexed, held_out = split(real, rng)
    pool = np.concatenate([indexed, held_out])
    return corpus(pool, n, rng).astype(np.float16)


def _channels() -> Iterator[tuple[int, int, int | None, str, str]]:
    for c in range(CHANNELS):
        yield _channel(c), GUILD, None, f"channel-{c}", "text"
        yield _thread(c), GUILD, _channel(c), f"thread-{c}", "thread"


def _channel(c: int) -> int:
    return GUILD + 1000 + c


def _thread(c: int) -> int:
    return GUILD + 2000 + c


def _author(a: int) -> int:
    return 1_100_000_000_000_000_000 + a


def _messages(
    start: int, stop: int, n: int, texts: list[str], now: datetime
) -> Iterator[tuple[Any, ...]]:
    span = timedelta(days=29)
    first = now - span - timedelta(hours=1)
    for i in range(start, stop):
        created = first + span * (i / n)
        message_id = snowflake_at(created) + i % 4096
        base = texts[i % len(texts)]
        content = base if i < len(texts) else f"{base} ({i // len(texts)})"
        channel = i % CHANNELS
        in_thread = (i * 7919) % 100 < THREAD_SHARE * 100
        previous = snowflake_at(first + span * ((i - 1) / n)) + (i - 1) % 4096
        reply = previous if i % 3 == 0 and i else None
        yield (
            message_id,
            GUILD,
            _channel(channel),
            _thread(channel) if in_thread else None,
            _author((i * 104_729) % AUTHORS),
            content,
            bytes.fromhex(content_hash(content) or ""),  # stored as 16 raw bytes
            _when(created),
            reply,
            (i * 31) % 7 // 5,  # a few reactions on some messages
        )


def size_breakdown(path: Path, n: int) -> dict[str, Any]:
    """Bytes on disk per table and index (SQLite's dbstat), in all and per message."""
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT name, SUM(pgsize), SUM(payload), SUM(unused) FROM dbstat GROUP BY name "
        "ORDER BY SUM(pgsize) DESC"
    ).fetchall()
    owners = dict(db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"))
    db.close()
    parts = [
        {
            "name": name,
            "table": owners.get(name, name),
            "bytes": int(size),
            "per_message": round(size / n, 1),
            "payload_per_message": round(payload / n, 1),
            "unused_per_message": round(unused / n, 1),
        }
        for name, size, payload, unused in rows
    ]
    total = path.stat().st_size
    return {"file_bytes": total, "per_message": round(total / n, 1), "parts": parts}
