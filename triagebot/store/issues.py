"""Storing issues and reading the open ones back as a search index."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triagebot.core.fusion import Fusion, shipped_fusion
from triagebot.core.issues import Issue, StateChange, issue_text
from triagebot.core.lexical import LexicalIndex
from triagebot.core.matching import IssueIndex, IssueRef
from triagebot.core.text import content_hash, embedding_text
from triagebot.store.embeddings import load_vectors
from triagebot.store.models import IssueRow
from triagebot.store.upsert import upsert

_last_write = 0


def issue_writes() -> int:
    """How many times this process has stored issues: a cheap "anything new?" for the
    in-memory issue indexes (other processes' writes show in ``issues_version``)."""
    return _last_write


def store_issues(
    session: Session, issues: Sequence[Issue], body_chars: int
) -> tuple[dict[str, str], list[StateChange]]:
    """Upsert issues; return the texts to embed (by hash) and the state changes."""
    global _last_write
    if not issues:
        return {}, []
    _last_write += 1  # only ever needs to differ from what a reader saw
    before = dict(
        session.execute(
            select(IssueRow.id, IssueRow.state).where(IssueRow.id.in_([i.id for i in issues]))
        ).all()
    )
    texts: dict[str, str] = {}
    rows = []
    for issue in issues:
        text = issue_text(issue.title, issue.body, body_chars)
        key = content_hash(text)
        if key is not None:
            texts[key] = text
        rows.append(_row(issue, key))
    columns = [c for c in rows[0] if c != "id"]
    upsert(
        session,
        IssueRow,
        rows,
        key=["id"],
        update={c: (lambda name: lambda ex: getattr(ex, name))(c) for c in columns},
    )
    changes = [
        StateChange(i.id, i.repo, i.number, i.title, before[i.id], i.state)
        for i in issues
        if i.id in before and before[i.id] != i.state
    ]
    return texts, changes


def _row(issue: Issue, text_hash: str | None) -> dict[str, object]:
    now = datetime.now(UTC)
    return {
        "id": issue.id,
        "repo": issue.repo,
        "number": issue.number,
        "title": issue.title,
        "body": issue.body,
        "labels": json.dumps(list(issue.labels)),
        "state": issue.state,
        "author": issue.author[:100],
        "comments": issue.comments,
        "reactions": issue.reactions,
        "html_url": issue.html_url,
        "created_at": issue.created_at or now,
        "updated_at": issue.updated_at or issue.created_at or now,
        "closed_at": issue.closed_at,
        "text_hash": text_hash,
    }


def open_issue_index(
    session: Session,
    model: str,
    repos: Sequence[str] = (),
    *,
    lexical: LexicalIndex | None = None,
    fusion: Fusion | None = None,
    body_chars: int = 600,
) -> IssueIndex:
    """Every open issue that has a vector, as an exact search index: title + body and
    title vectors, and BM25 postings (``lexical``, when given, is brought up to date
    issue by issue rather than rebuilt)."""
    query = select(
        IssueRow.id, IssueRow.repo, IssueRow.number, IssueRow.title, IssueRow.body,
        IssueRow.text_hash,
    ).where(IssueRow.state == "open")  # fmt: skip
    if repos:
        query = query.where(IssueRow.repo.in_(list(repos)))
    rows = [
        r for r in session.execute(query.order_by(IssueRow.repo, IssueRow.number)) if r.text_hash
    ]
    title_hash = {r.id: content_hash(embedding_text(r.title)) for r in rows}
    wanted = {r.text_hash for r in rows} | {h for h in title_hash.values() if h}
    vectors = load_vectors(session, wanted, model)
    kept = [r for r in rows if r.text_hash in vectors]
    if not kept:
        return IssueIndex([], np.zeros((0, 0), dtype=np.float32))
    both = np.stack([vectors[r.text_hash] for r in kept]).astype(np.float32)
    titles = np.stack([vectors.get(title_hash[r.id] or "", vectors[r.text_hash]) for r in kept])
    lexical = lexical if lexical is not None else LexicalIndex()
    lexical.sync({r.id: (str(r.text_hash), r.title, (r.body or "")[:body_chars]) for r in kept})
    return IssueIndex(
        [IssueRef(r.id, r.repo, r.number, r.title) for r in kept],
        both,
        titles=titles.astype(np.float32),
        lexical=lexical,
        fusion=fusion or shipped_fusion(),
    )


def issues_version(session: Session) -> tuple[int, int, datetime | None]:
    """Changes whenever an issue is added, updated, closed or reopened: tells the
    matcher when to rebuild its index (one cheap aggregate per batch)."""
    total, still_open, newest = session.execute(
        select(
            func.count(IssueRow.id),
            func.count(IssueRow.id).filter(IssueRow.state == "open"),
            func.max(IssueRow.updated_at),
        )
    ).one()
    return int(total), int(still_open), newest
