"""Issues into the store, embedded: one path for the live sync and ``issues load``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from triagebot.core.issues import Issue, StateChange
from triagebot.core.text import content_hash, embedding_text
from triagebot.embeddings.model import Embedder
from triagebot.store.issues import store_issues
from triagebot.triage.vectors import ensure_vectors


def store_and_embed(
    session: Session, issues: Sequence[Issue], embedder: Embedder | None, body_chars: int
) -> list[StateChange]:
    """Store the issues (an unchanged one costs nothing) and embed their new texts:
    title + body, and the title alone."""
    texts, changes = store_issues(session, issues, body_chars)
    if embedder is not None:
        # The title alone too: a short report is often closer to a title than to a body.
        titles = {content_hash(t) or "": t for t in (embedding_text(i.title) for i in issues)}
        ensure_vectors(session, embedder, {**texts, **{k: v for k, v in titles.items() if k}})
    return changes
