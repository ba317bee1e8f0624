"""Issues into the store, embedded: one path for the live sync and ``issues load``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from triagebot.core.issues import Issue, StateChange
from triagebot.embeddings.model import Embedder
from triagebot.store.issues import store_issues
from triagebot.triage.vectors import ensure_vectors


def store_and_embed(
    session: Session, issues: Sequence[Issue], embedder: Embedder | None, body_chars: int
) -> list[StateChange]:
    """Store the issues (an unchanged one costs nothing) and embed their new texts."""
    texts, changes = store_issues(session, issues, body_chars)
    if embedder is not None:
        ensure_vectors(session, embedder, texts)
    return changes
