"""Duplicate hints, evaluated: which issue would the bot name for each query?

Queries are matched as the bot matches messages against open issues: the same text
preparation, exact index and hint decision (``best_match`` at a threshold). Scored over
the queries that carry ``expected`` (the others are predicted, not scored):

- recall@k: the share of queries with expected issues that have one in their top k;
- MRR: the mean of 1/rank of the first expected issue in the top 10 (0 when absent);
- flag precision: of the flagged queries, the share whose flagged issue is expected
  (a flag on a query whose ``expected`` is [] is a false one);
- flag recall: of the queries with expected issues, the share flagged correctly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from triagebot.core.fusion import shipped_fusion
from triagebot.core.lexical import LexicalIndex
from triagebot.core.matching import Candidate, IssueIndex, IssueRef, best_match
from triagebot.core.text import embedding_text
from triagebot.core.vectors import Vectors
from triagebot.embeddings.model import Embedder
from triagebot.evaluation import (
    EvalDataError,
    RecordId,
    read_jsonl,
    record_id,
    required_id,
    required_text,
)

TOP_K = 10
RECALL_AT = (1, 5, 10)
ENCODE_CHUNK = 64  # texts per encoder call: small enough for a smooth progress bar
SEARCH_CHUNK = 1024  # query rows per matrix product, to bound memory

# Called with what is being encoded ("issues" or "queries") and how many texts were done.
ProgressHook = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class Issue:
    id: RecordId
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Query:
    id: RecordId
    text: str
    expected: tuple[RecordId, ...] | None = None  # None: unlabelled, not scored

    @property
    def is_duplicate(self) -> bool:
        return bool(self.expected)


@dataclass(frozen=True, slots=True)
class Prediction:
    """A query's best candidates; ``IssueRef.key`` indexes ``issue_ids``."""

    query: Query
    candidates: tuple[Candidate, ...]
    issue_ids: Sequence[RecordId] = field(repr=False, compare=False)

    def ranked(self) -> list[tuple[RecordId, float]]:
        return [(self.issue_ids[c.issue.key], c.score) for c in self.candidates]

    def flagged(self, threshold: float) -> RecordId | None:
        """The issue the bot would hint at ``threshold``, if any."""
        hit = best_match(self.candidates, threshold)
        return None if hit is None else self.issue_ids[hit.issue.key]


# -- reading ----------------------------------------------------------------------------


def read_issues(path: Path) -> list[Issue]:
    """Issues from JSONL (``id``, ``title``, ``body``); ids must be unique."""
    issues: list[Issue] = []
    first_line: dict[RecordId, int] = {}
    for number, record in read_jsonl(path):
        issue_id = required_id(path, number, record)
        if issue_id in first_line:
            raise EvalDataError(
                path, f"id {issue_id!r} already used on line {first_line[issue_id]}", number
            )
        first_line[issue_id] = number
        title = required_text(path, number, record, "title")
        body = record.get("body")
        if body is not None and not isinstance(body, str):
            raise EvalDataError(path, "'body' must be a string", number)
        issues.append(Issue(issue_id, title, body or ""))
    if not issues:
        raise EvalDataError(path, "no issues in the file")
    return issues


def read_queries(path: Path) -> list[Query]:
    """Queries from JSONL (``id``, ``text``, optional ``expected`` list of issue ids)."""
    queries: list[Query] = []
    for number, record in read_jsonl(path):
        query_id = required_id(path, number, record)
        text = required_text(path, number, record, "text")
        queries.append(Query(query_id, text, _expected(path, number, record.get("expected"))))
    if not queries:
        raise EvalDataError(path, "no queries in the file")
    return queries


def _expected(path: Path, number: int, value: Any) -> tuple[RecordId, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise EvalDataError(path, "'expected' must be a list of issue ids", number)
    return tuple(record_id(path, number, item) for item in value)


# -- predicting -------------------------------------------------------------------------


def issue_text(issue: Issue, body_chars: int) -> str:
    """What the encoder sees of an issue: its title and the start of its body."""
    return embedding_text(issue.title + "\n" + issue.body[:body_chars])


def encode(
    embedder: Embedder, texts: Sequence[str], label: str, on_progress: ProgressHook | None
) -> Vectors:
    """All texts' vectors, encoded in chunks so progress can be shown."""
    parts = [np.zeros((0, embedder.dim), dtype=np.float32)]
    for start in range(0, len(texts), ENCODE_CHUNK):
        chunk = texts[start : start + ENCODE_CHUNK]
        parts.append(embedder.encode(chunk))
        if on_progress is not None:
            on_progress(label, len(chunk))
    vectors: Vectors = np.concatenate(parts).astype(np.float32, copy=False)
    return vectors


def predict(
    issues: Sequence[Issue],
    queries: Sequence[Query],
    embedder: Embedder,
    *,
    body_chars: int,
    k: int = TOP_K,
    on_progress: ProgressHook | None = None,
) -> list[Prediction]:
    """Each query's top ``k`` issues, in input order, as the bot matches (fused)."""
    both = predict_both(
        issues, queries, embedder, body_chars=body_chars, k=k, on_progress=on_progress
    )
    return both["fused"]


def predict_both(
    issues: Sequence[Issue],
    queries: Sequence[Query],
    embedder: Embedder,
    *,
    body_chars: int,
    k: int = TOP_K,
    on_progress: ProgressHook | None = None,
) -> dict[str, list[Prediction]]:
    """The predictions of the bot's fused matching and of the dense cosine alone
    (``"fused"``, ``"dense"``), from one encoding, so a user sees what each part buys."""
    texts = [issue_text(i, body_chars) for i in issues]
    titles = [embedding_text(i.title) for i in issues]
    vectors = encode(embedder, texts + titles, "issues", on_progress)
    refs = [IssueRef(key=n, repo="", number=n, title=i.title) for n, i in enumerate(issues)]
    lexical = LexicalIndex()
    for n, issue in enumerate(issues):
        lexical.add(n, issue.title, issue.body[:body_chars])
    both, alone = vectors[: len(issues)], vectors[len(issues) :]
    indexes = {
        "fused": IssueIndex(refs, both, titles=alone, lexical=lexical, fusion=shipped_fusion()),
        "dense": IssueIndex(refs, both),
    }
    query_texts = [embedding_text(q.text) for q in queries]
    query_vectors = encode(embedder, query_texts, "queries", on_progress)
    ids = [issue.id for issue in issues]
    out: dict[str, list[Prediction]] = {}
    for name, index in indexes.items():
        out[name] = []
        for start in range(0, len(queries), SEARCH_CHUNK):
            chunk = slice(start, start + SEARCH_CHUNK)
            found = index.search(query_vectors[chunk], k=k, texts=query_texts[chunk])
            for query, candidates in zip(queries[chunk], found, strict=True):
                out[name].append(Prediction(query, tuple(candidates), ids))
    return out


def prediction_record(prediction: Prediction, threshold: float) -> dict[str, Any]:
    """One output line: the query id, its top candidates and the flagged issue (or None)."""
    return {
        "id": prediction.query.id,
        "candidates": [
            {"issue": issue_id, "score": round(score, 4)} for issue_id, score in prediction.ranked()
        ],
        "flagged": prediction.flagged(threshold),
    }


def write_predictions(path: Path, predictions: Iterable[Prediction], threshold: float) -> None:
    try:
        with path.open("w", encoding="utf-8") as out:
            for prediction in predictions:
                record = prediction_record(prediction, threshold)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise EvalDataError(path, exc.strerror or "cannot be written") from None
