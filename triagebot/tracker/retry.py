"""Waiting out GitHub's rate limits the way GitHub documents them.

PyGithub's ``GithubRetry`` waits out a 403 by its message: a primary limit until
``X-RateLimit-Reset``, a secondary one ``secondary_rate_wait``. A 429 it leaves to
urllib3, which without a ``Retry-After`` backs off by the factor alone — five tries in
fifteen seconds, each one more strike against the limit. GitHub's rule for both: wait
``Retry-After`` seconds when it is sent; else, when ``X-RateLimit-Remaining`` is 0,
until ``X-RateLimit-Reset``; else at least a minute. ``PatientRetry`` applies it to
429s too, and sleeps through one injectable function so tests keep the clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

from github import GithubRetry
from github.GithubException import RateLimitExceededExceedsMaxWait
from urllib3.connectionpool import ConnectionPool
from urllib3.response import BaseHTTPResponse, HTTPResponse
from urllib3.util.retry import Retry

Sleeper = Callable[[float], None]
AT_LEAST = 60.0  # seconds, for a limit that names no time


def documented_wait(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds to wait before asking again after a rate-limited answer, or None when
    the answer says (``Retry-After``, which urllib3 honours itself)."""
    if "Retry-After" in headers:
        return None
    if headers.get("X-RateLimit-Remaining") == "0":
        reset = headers.get("X-RateLimit-Reset", "")
        if reset.isdigit():
            return max(float(reset) - now, 0.0) + 1.0  # within that second, somewhere
    return AT_LEAST


class PatientRetry(GithubRetry):
    def __init__(self, *, sleeper: Sleeper = time.sleep, **kwargs: Any) -> None:
        self.sleeper = sleeper
        super().__init__(**kwargs)

    def new(self, **kw: Any) -> PatientRetry:
        kw["sleeper"] = self.sleeper
        return super().new(**kw)

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: HTTPResponse | None = None,  # type: ignore[override]
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Retry:
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if response is None or response.status != 429:
            return retry
        wait = documented_wait(response.headers, time.time())
        if wait is None:
            return retry
        if self.max_rate_limit_wait is not None and wait > self.max_rate_limit_wait:
            raise RateLimitExceededExceedsMaxWait(429, None, dict(response.headers), wait=wait)
        backoff = max(wait, retry.get_backoff_time())
        retry.get_backoff_time = lambda: backoff  # type: ignore[method-assign]
        return retry

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        """urllib3's sleep (``Retry-After`` first, then the backoff), on ``sleeper``."""
        seconds = self.get_retry_after(response) if response is not None else None
        if seconds is None or not self.respect_retry_after_header:
            seconds = self.get_backoff_time()
        if seconds > 0:
            self.sleeper(seconds)
