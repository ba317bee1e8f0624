"""GitHub out of reach, said in one line: which host, and why.

requests (under PyGithub) reports a failed connection as an exception chain several
hundred characters long, repeating the URL at each level. What a user needs is the
host and the one reason at the bottom of the chain (the name does not resolve, the
connection was refused, it timed out), so that is what ``GitHubUnreachable`` says.
It is a ``ConnectionError`` (an ``OSError``), as the original is, so callers that
already catch network failures keep catching it.

PyGithub's retries also make urllib3 log a multi-line warning per attempt;
``quiet_retry_warnings`` keeps those for debug logging (``-vv``) only.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ProxyError,
    ReadTimeoutError,
    SSLError,
)


class GitHubUnreachable(ConnectionError):
    """GitHub could not be reached; the message names the host and the reason."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"cannot reach {host}: {reason}")
        self.host = host
        self.reason = reason


def unreachable(exc: requests.RequestException) -> GitHubUnreachable:
    """The short form of a failed request."""
    url = exc.request.url if exc.request is not None and exc.request.url else ""
    host = urlsplit(str(url)).netloc or "GitHub"
    return GitHubUnreachable(host, _reason(exc))


def _reason(exc: requests.RequestException) -> str:
    cause: BaseException | None = exc.args[0] if exc.args else None
    if isinstance(cause, MaxRetryError):
        cause = cause.reason
    if isinstance(cause, NameResolutionError):
        return "the name does not resolve (offline, or a mistyped GITHUB_API_URL?)"
    if isinstance(cause, NewConnectionError):  # before timeouts: urllib3 derives it from one
        bottom = cause.__cause__ or cause.__context__
        if isinstance(bottom, TimeoutError):
            return "timed out connecting"
        return _os_reason(bottom) or "cannot connect"
    if isinstance(cause, ConnectTimeoutError) or isinstance(exc, requests.ConnectTimeout):
        return "timed out connecting"
    if isinstance(cause, ReadTimeoutError) or isinstance(exc, requests.Timeout):
        return "no answer in time (GITHUB_TIMEOUT_SECONDS)"
    if isinstance(cause, ProtocolError):
        return "the connection broke off"
    if isinstance(cause, SSLError):
        return f"the TLS handshake failed ({_short(cause)})"
    if isinstance(cause, ProxyError):
        return f"the proxy failed ({_short(cause)})"
    return _short(cause or exc)


def _os_reason(error: BaseException | None) -> str | None:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return None


def _short(error: BaseException) -> str:
    """The message without urllib3's "HTTPConnectionPool(host=..., port=...): " lead."""
    text = " ".join(str(error).split())
    if text.startswith("HTTP") and "): " in text:
        text = text.split("): ", 1)[1]
    return text[:160] or type(error).__name__


class _DropRetryWarnings(logging.Filter):
    """urllib3's "Retrying (...) after connection broken by ..." lines, kept only when
    logging is at debug level: the one-line failure that follows says it all."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Retrying ("):
            return True
        return logging.getLogger().getEffectiveLevel() <= logging.DEBUG


_FILTER = _DropRetryWarnings()


def quiet_retry_warnings() -> None:
    """Install the filter once on urllib3's pool logger (where the lines come from)."""
    pool_log = logging.getLogger("urllib3.connectionpool")
    if _FILTER not in pool_log.filters:
        pool_log.addFilter(_FILTER)
