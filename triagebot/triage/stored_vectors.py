"""The stored vectors the index of recent messages is built from and kept in step with.

A ``VectorSource`` over the store: one model's vectors of the messages worth finding
again (written by a person, with text, not flagged as spam). Each call opens its own
read-only session; synchronous, like the index work that calls it.
"""

from __future__ import annotations

from collections.abc import Iterator

from triagebot.core.vectors import Vectors
from triagebot.index.ann import Ids
from triagebot.store.engine import SessionFactory
from triagebot.store.recent import indexable_ids, indexable_vectors, vectors_of


class StoredVectors:
    def __init__(self, sessions: SessionFactory, model_id: str) -> None:
        self.sessions = sessions
        self.model_id = model_id

    def indexable_ids(self, *, since_id: int) -> Ids:
        with self.sessions() as session:
            return indexable_ids(session, self.model_id, since_id=since_id)

    def indexable_vectors(self, *, since_id: int) -> Iterator[tuple[Ids, Vectors]]:
        with self.sessions() as session:
            yield from indexable_vectors(session, self.model_id, since_id=since_id)

    def vectors_of(self, ids: list[int]) -> tuple[Ids, Vectors]:
        with self.sessions() as session:
            return vectors_of(session, self.model_id, ids)
