"""Building the PyGithub client: retries, back-off and rate limits configured once."""

from __future__ import annotations

import time

from github import Auth, Github
from urllib3.util.retry import Retry

from triagebot.config import GitHubSettings
from triagebot.tracker.retry import PatientRetry, Sleeper
from triagebot.tracker.unreachable import quiet_retry_warnings

# Writes (comments) at most one a second, as GitHub asks of integrations.
WRITE_GAP_SECONDS = 1.0


def github_client(
    settings: GitHubSettings,
    *,
    retries: int = 5,
    backoff: float = 0.5,
    connect_retries: int = 2,
    sleeper: Sleeper = time.sleep,
) -> Github:
    """A client that backs off on 5xx, waits out primary and secondary rate limits
    (``Retry-After``, ``X-RateLimit-Reset``) and then raises instead of hanging.

    429 is not in PyGithub's retry list by default; it is added here, waited out as
    GitHub documents (``tracker.retry``; ``sleeper`` does the waiting). A request that
    still fails after the retries raises ``GithubException``; the sync keeps its cursor
    and tries again on its next run.

    A connection that cannot be made is tried ``connect_retries`` more times only
    (about a second): a host that does not resolve or refuses three times in a row is
    down or the machine is offline, and a one-shot ``sync`` should say so now rather
    than after the whole back-off. urllib3's per-retry warnings are kept for ``-vv``.
    """
    quiet_retry_warnings()
    token = settings.token_value()
    retry = _retry(retries, backoff, connect_retries, sleeper)
    return Github(
        base_url=settings.api_url.rstrip("/"),
        auth=Auth.Token(token) if token else None,
        per_page=100,
        timeout=settings.timeout_seconds,
        retry=retry,
        lazy=True,
        seconds_between_requests=None,
        seconds_between_writes=WRITE_GAP_SECONDS,
    )


def _retry(retries: int, backoff: float, connect_retries: int, sleeper: Sleeper) -> PatientRetry:
    return PatientRetry(
        sleeper=sleeper,
        total=retries,
        connect=connect_retries,
        backoff_factor=backoff,
        raise_on_status=False,
        secondary_rate_wait=60,
        max_rate_limit_wait=900,
        status_forcelist=[429, *range(500, 600)],
        # Never a blind second POST: one whose answer was lost may have created its
        # comment; the writer looks before it tries again (``tracker.comments``).
        allowed_methods=Retry.DEFAULT_ALLOWED_METHODS - {"POST"},
    )
