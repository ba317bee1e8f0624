"""The open-issue index (and the recently closed one), kept in memory and rebuilt
only when the issues change.

Asking the database whether anything changed costs a scan of the issues table (a few
milliseconds at 5,000 issues): per message batch on a busy server, that was the
largest cost of matching. So the question is asked at most once per
``recheck_seconds``, and at once when this process has just stored issues
(``store.issues.issue_writes``). Another process's sync (``triagebot sync``,
``triagebot issues load``) is seen within ``recheck_seconds``.

Recently closed issues (closed within ``closed_days``) are a second, separate index:
they may be named in a hint, but they never count as open demand, so nothing that
counts demand ever sees them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy.orm import Session

from triagebot.core.lexical import LexicalIndex
from triagebot.core.matching import IssueIndex
from triagebot.store.issues import (
    closed_issue_index,
    issue_writes,
    issues_version,
    open_issue_index,
)

_NONE = IssueIndex([], np.zeros((0, 0), dtype=np.float32))


class OpenIssues:
    def __init__(
        self,
        model_id: str,
        *,
        recheck_seconds: float = 1.0,
        closed_days: int = 30,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._model_id = model_id
        self._closed_days = closed_days
        self._today = today
        self._closed: tuple[object, date, IssueIndex] | None = None
        self._closed_lexical = LexicalIndex()
        self._recheck_seconds = recheck_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._index: IssueIndex | None = None
        self._lexical = LexicalIndex()  # updated issue by issue, never rebuilt
        self._version: object = None
        self._writes = -1
        self._checked = float("-inf")

    def index(self, session: Session) -> IssueIndex:
        """The index of open issues as of at most ``recheck_seconds`` ago."""
        with self._lock:
            now, writes = self._clock(), issue_writes()
            fresh = now - self._checked < self._recheck_seconds and writes == self._writes
            if self._index is not None and fresh:
                return self._index
            self._checked, self._writes = now, writes
            version = issues_version(session)
            if self._index is None or version != self._version:
                self._index = open_issue_index(session, self._model_id, lexical=self._lexical)
                self._version = version
            return self._index

    def closed(self, session: Session) -> IssueIndex:
        """The issues closed within ``closed_days`` (none closed as duplicates), as of
        the same moment as ``index``; rebuilt when the issues change or the day turns."""
        self.index(session)
        if self._closed_days <= 0:
            return _NONE
        with self._lock:
            now = self._today()
            if self._closed is not None and self._closed[:2] == (self._version, now.date()):
                return self._closed[2]
            since = now - timedelta(days=self._closed_days)
            index = closed_issue_index(session, self._model_id, since, lexical=self._closed_lexical)
            self._closed = (self._version, now.date(), index)
            return index
