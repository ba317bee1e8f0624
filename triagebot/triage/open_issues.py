"""The open-issue index, kept in memory and rebuilt only when the issues change.

Asking the database whether anything changed costs a scan of the issues table (a few
milliseconds at 5,000 issues): per message batch on a busy server, that was the
largest cost of matching. So the question is asked at most once per
``recheck_seconds``, and at once when this process has just stored issues
(``store.issues.issue_writes``). Another process's sync (``triagebot sync``,
``triagebot issues load``) is seen within ``recheck_seconds``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy.orm import Session

from triagebot.core.lexical import LexicalIndex
from triagebot.core.matching import IssueIndex
from triagebot.store.issues import issue_writes, issues_version, open_issue_index


class OpenIssues:
    def __init__(
        self,
        model_id: str,
        *,
        recheck_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._model_id = model_id
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
