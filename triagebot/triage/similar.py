"""Issues ranked by similarity to a thread or a message, on demand: the open ones and
the recently closed ones (which say so when shown).

Serves ``/similar``, the ``/link`` autocomplete and the "Find similar issues" menu.
Autocomplete asks on every keystroke, so the issue index is rebuilt only when the
issues changed, and a thread's vector is kept for a minute: typing "cra", "cras",
"crash" embeds the thread once. Every method is synchronous (SQL and the encoder):
call it from a worker thread, never on the event loop.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from triagebot.core.matching import Candidate, IssueIndex
from triagebot.core.text import embedding_text
from triagebot.core.vectors import Vectors
from triagebot.embeddings.model import Embedder
from triagebot.store.engine import SessionFactory
from triagebot.store.links import thread_text
from triagebot.store.matches import rejections
from triagebot.triage.open_issues import OpenIssues

_CACHED_THREADS = 256


class SimilarIssues:
    def __init__(
        self,
        sessions: SessionFactory,
        embedder: Embedder,
        *,
        cache_seconds: float = 60.0,
        closed_days: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._embedder = embedder
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._lock = threading.Lock()  # autocomplete calls overlap in worker threads
        self._issues = OpenIssues(embedder.model_id, closed_days=closed_days)
        self._threads: OrderedDict[tuple[int, str], tuple[float, Vectors, str]] = OrderedDict()

    def for_thread(
        self, thread_id: int, title: str, *, k: int, skip_rejected: bool = True
    ) -> list[Candidate]:
        """The ``k`` issues most like the thread (title, opening post, latest
        messages), best first; ``k=0`` ranks every one."""
        vector, text = self._thread(thread_id, title)
        return self._rank(vector, text, thread_id, k, skip_rejected)

    def for_text(self, text: str, place_id: int, *, k: int) -> list[Candidate]:
        """The ``k`` open issues most like one message's text."""
        return self.for_vector(self.text_vector(text), place_id, k=k, text=text)

    def for_vector(
        self, vector: Vectors, place_id: int, *, k: int, text: str = ""
    ) -> list[Candidate]:
        """The ``k`` open issues most like ``vector`` (of ``text``, asked about in
        ``place_id``)."""
        return self._rank(vector, embedding_text(text), place_id, k, skip_rejected=True)

    def text_vector(self, text: str) -> Vectors:
        vector: Vectors = self._embedder.encode([embedding_text(text)])[0]
        return vector

    def _rank(
        self, vector: Vectors, text: str, place_id: int, k: int, skip_rejected: bool
    ) -> list[Candidate]:
        indexes = self._current_indexes()
        if not any(len(index) for index in indexes):
            return []
        rejected: set[int] = set()
        if skip_rejected:
            with self._sessions() as session:
                rejected = rejections(session, {place_id}).get(place_id, set())
        ranked: list[Candidate] = []
        for index in indexes:
            wanted = len(index) if k <= 0 else min(len(index), k + len(rejected))
            if wanted:
                ranked += index.search(vector.reshape(1, -1), k=wanted, texts=[text])[0]
        ranked.sort(key=lambda c: -c.score)
        kept = [c for c in ranked if c.issue.key not in rejected]
        return kept if k <= 0 else kept[:k]

    def _thread_text(self, thread_id: int, title: str) -> str:
        """The thread as one text: its title, opening post and latest messages."""
        with self._sessions() as session:
            parts = [title, *thread_text(session, thread_id)]
        return embedding_text("\n".join(parts))

    def _current_indexes(self) -> tuple[IssueIndex, IssueIndex]:
        """The open issues and the recently closed ones, as of the same moment."""
        with self._sessions() as session:
            return self._issues.index(session), self._issues.closed(session)

    def thread_vector(self, thread_id: int, title: str) -> Vectors:
        """The thread as one vector (title, opening post, latest messages)."""
        return self._thread(thread_id, title)[0]

    def _thread(self, thread_id: int, title: str) -> tuple[Vectors, str]:
        """The thread's vector and text, kept for a minute: autocomplete and /similar
        ask for them again and again."""
        key = (thread_id, title)
        now = self._clock()
        with self._lock:
            cached = self._threads.get(key)
            if cached is not None and cached[0] > now:
                return cached[1], cached[2]
        text = self._thread_text(thread_id, title)
        vector: Vectors = self._embedder.encode([text])[0]
        with self._lock:
            self._threads[key] = (now + self._cache_seconds, vector, text)
            self._threads.move_to_end(key)
            while len(self._threads) > _CACHED_THREADS:
                self._threads.popitem(last=False)
        return vector, text
