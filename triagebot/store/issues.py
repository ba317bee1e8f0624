"""Storing issues and reading the open ones back as a search index."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from triagebot.core.closed import fixed_in, worth_naming
from triagebot.core.fusion import Fusion, shipped_fusion
from triagebot.core.issues import Issue, StateChange, issue_text
from triagebot.core.lexical import LexicalIndex
from triagebot.core.matching import IssueIndex, IssueRef
from triagebot.core.text import content_hash, embedding_text
from triagebot.store.embeddings import load_vectors
from triagebot.store.models import IssueRow
from triagebot.store.upsert import upsert

_last_write = 0
_Columns = tuple[int, str, int, str, str, str | None, str, datetime | None, str | None, str | None]
_Listing = Select[*_Columns]


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
        "state_reason": issue.state_reason or None,
        "milestone": issue.milestone or None,
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
    query = _index_query().where(IssueRow.state == "open")
    return _index(session, query, model, repos, lexical, fusion, body_chars)


def closed_issue_index(
    session: Session,
    model: str,
    since: datetime,
    repos: Sequence[str] = (),
    *,
    lexical: LexicalIndex | None = None,
    fusion: Fusion | None = None,
    body_chars: int = 600,
) -> IssueIndex:
    """The issues closed at or after ``since`` (except those closed as duplicates), as
    a search index whose issues say when and why they were closed."""
    query = _index_query().where(IssueRow.state == "closed", IssueRow.closed_at >= since)
    return _index(session, query, model, repos, lexical, fusion, body_chars)


def issue_refs(session: Session, ids: Collection[int]) -> dict[int, IssueRef]:
    """The stored issues as the matcher knows them (a closed one says when and why)."""
    if not ids:
        return {}
    rows = session.execute(_index_query().where(IssueRow.id.in_(list(ids)))).all()
    return {row[0]: _ref(row) for row in rows}


def _index_query() -> _Listing:
    return select(
        IssueRow.id, IssueRow.repo, IssueRow.number, IssueRow.title, IssueRow.body,
        IssueRow.text_hash, IssueRow.labels, IssueRow.closed_at, IssueRow.state_reason,
        IssueRow.milestone,
    )  # fmt: skip


def _index(
    session: Session,
    query: _Listing,
    model: str,
    repos: Sequence[str],
    lexical: LexicalIndex | None,
    fusion: Fusion | None,
    body_chars: int,
) -> IssueIndex:
    if repos:
        query = query.where(IssueRow.repo.in_(list(repos)))
    rows = [
        r
        for r in session.execute(query.order_by(IssueRow.repo, IssueRow.number))
        if r.text_hash and worth_naming(r.state_reason)
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
        [_ref(r) for r in kept],
        both,
        titles=titles.astype(np.float32),
        lexical=lexical,
        fusion=fusion or shipped_fusion(),
    )


def _ref(row: Row[*_Columns]) -> IssueRef:
    if row.closed_at is None:
        return IssueRef(row.id, row.repo, row.number, row.title)
    labels = json.loads(row.labels or "[]")
    return IssueRef(
        row.id, row.repo, row.number, row.title,
        closed_at=row.closed_at,
        reason=row.state_reason or "",
        fixed_in=fixed_in(row.milestone, labels),
    )  # fmt: skip


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
