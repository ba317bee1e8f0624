"""Matching texts against open issues: exact cosine search and the hint decision.

Brute force is the right index here: 10,000 issues × 384 dimensions is one
matrix-vector product (~0.3 ms per message), exact, and needs no tuning. The vectors
arrive L2-normalised, so cosine similarity is a dot product.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from triagebot.core.fusion import DENSE_ONLY, Fusion
from triagebot.core.lexical import LexicalIndex
from triagebot.core.references import references
from triagebot.core.vectors import Vectors, top_columns_of_rows

SMALL_BATCH = 4  # up to this many queries, one matrix-vector product each
LARGE_BATCH = 128  # from this many, queries × issuesᵀ (see ``IssueIndex.scores``)


@dataclass(frozen=True, slots=True)
class IssueRef:
    """An issue as the matcher knows it; ``key`` is the issue's stored row id.

    A recently closed issue carries when and why it was closed, and the release that
    fixed it when the issue says (see ``core.closed``); an open one carries none.
    """

    key: int
    repo: str
    number: int
    title: str
    closed_at: datetime | None = None
    reason: str = ""  # GitHub's state_reason: "completed", "not_planned", …
    fixed_in: str = ""

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True, slots=True)
class Candidate:
    issue: IssueRef
    score: float


class IssueIndex:
    """Exact top-k search over a fixed set of issues: dense and, given the queries'
    texts, lexical likeness in one calibrated score (see ``core.fusion``).

    ``vectors``: each issue's title + body; ``titles``: its title alone (the closer of
    the two counts: a short report matches a title better than a long body);
    ``lexical``: BM25 postings of the same issues.
    """

    def __init__(
        self,
        issues: Sequence[IssueRef],
        vectors: Vectors,
        *,
        titles: Vectors | None = None,
        lexical: LexicalIndex | None = None,
        fusion: Fusion = DENSE_ONLY,
    ) -> None:
        if len(issues) != len(vectors) or (titles is not None and len(titles) != len(issues)):
            raise ValueError("one vector per issue")
        self.issues = list(issues)
        dim = vectors.shape[1] if vectors.ndim == 2 else 0
        self._matrix = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(issues), dim)
        self._titles = None
        if titles is not None:
            self._titles = np.ascontiguousarray(titles, dtype=np.float32).reshape(-1, dim)
        self._lexical = lexical
        self._keys = [ref.key for ref in self.issues]
        self._by_number = {(ref.repo.lower(), ref.number): ref for ref in self.issues}
        self._repos = {ref.repo for ref in self.issues}
        self.fusion = fusion if lexical is not None else DENSE_ONLY

    def __len__(self) -> int:
        return len(self.issues)

    def named(self, text: str) -> IssueRef | None:
        """The one issue of this index that ``text`` names exactly (a link,
        ``owner/repo#123``, or ``#123`` when all issues are of one repository)."""
        found = {self._by_number.get(r) for r in references(text, self._repos)} - {None}
        return found.pop() if len(found) == 1 else None

    def scores(self, queries: Vectors, texts: Sequence[str] | None = None) -> Vectors:
        """The likeness of every query row (rows) to every issue (columns): the cosine
        to the closer of title + body and title, fused with the lexical score of the
        query's text when ``texts`` are given (a query without one counts no shared
        words, which the calibration prices in)."""
        dense = self._dense(queries, self._matrix)
        if self._titles is not None:
            np.maximum(dense, self._dense(queries, self._titles), out=dense)
        if self.fusion is DENSE_ONLY or self._lexical is None:
            return dense
        none = texts is None
        lexical = np.zeros_like(dense) if none else self._lexical.scores(texts or [], self._keys)
        return self.fusion(dense, lexical)

    def _dense(self, queries: Vectors, matrix: Vectors) -> Vectors:
        """Cosine of every query row (rows) to every issue (columns).

        The fastest layout depends on the number of queries (measured with 5,000
        issues, one BLAS thread): a few are matrix-vector products (2 queries: 0.25
        ms, against 0.39 as one product); a live batch is issues × queriesᵀ (16: 0.85
        ms against 1.52 the other way round); an import batch is queries × issuesᵀ,
        which also needs no transposed copy (1,024: 37 ms against 81).
        """
        if len(queries) <= SMALL_BATCH:
            return np.stack([matrix @ q for q in queries])
        if len(queries) < LARGE_BATCH:
            return np.ascontiguousarray((matrix @ queries.T).T)
        return queries @ matrix.T

    def search(
        self,
        queries: Vectors,
        k: int = 5,
        floor: float | None = None,
        texts: Sequence[str] | None = None,
    ) -> list[list[Candidate]]:
        """The ``k`` most similar issues for each query row, best first; with a
        ``floor``, only those scoring at least that (most chat is near no issue, and
        skipping it is most of the cost of a large batch); ``texts``: the queries'
        texts, for the lexical part of the score."""
        results: list[list[Candidate]] = [[] for _ in range(len(queries))]
        if not self.issues or len(queries) == 0:
            return results
        scores = self.scores(np.asarray(queries, dtype=np.float32), texts)
        rows = np.arange(len(scores))
        if floor is not None:
            rows = np.flatnonzero(scores.max(axis=1) >= floor)
        k = min(k, len(self.issues))
        top = top_columns_of_rows(scores[rows], k)
        for r, ordered in zip(rows.tolist(), top, strict=True):
            row = scores[r]
            results[r] = [
                Candidate(self.issues[i], float(row[i]))
                for i in ordered
                if floor is None or row[i] >= floor
            ]
        return results


def best_match(
    candidates: Sequence[Candidate],
    threshold: float,
    rejected: Collection[int] = (),
) -> Candidate | None:
    """The best candidate at or above ``threshold`` that no one said is unrelated.

    ``rejected`` holds issue keys a person marked "not related" for this place: that
    pair is never suggested again, but the next-best issue still may be.
    """
    for candidate in candidates:
        if candidate.score < threshold:
            return None
        if candidate.issue.key not in rejected:
            return candidate
    return None
