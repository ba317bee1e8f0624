"""GitHub out of reach: one short line naming the host and the reason, after a
short back-off, and none of urllib3's per-retry warnings unless logging is at debug."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest

from triagebot.config import GitHubSettings
from triagebot.tracker.client import github_client
from triagebot.tracker.issue_pages import Reading, issue_pages
from triagebot.tracker.unreachable import GitHubUnreachable

REPO = "lumen-dev/lumen"


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 that is bound but not listening: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def read_all(api_url: str) -> None:
    client = github_client(GitHubSettings(api_url=api_url), backoff=0.01)
    list(issue_pages(client, REPO, None, None, Reading()))


def test_a_refused_connection_names_the_host_in_one_line(closed_port: int) -> None:
    with pytest.raises(GitHubUnreachable) as failed:
        read_all(f"http://127.0.0.1:{closed_port}")
    message = str(failed.value)
    assert message == f"cannot reach 127.0.0.1:{closed_port}: connection refused"
    assert isinstance(failed.value, OSError)  # still caught as a network failure


def test_a_name_that_does_not_resolve_says_so() -> None:
    with pytest.raises(GitHubUnreachable) as failed:
        read_all("https://no-such-host.invalid")
    assert failed.value.host == "no-such-host.invalid:443"
    assert "does not resolve" in failed.value.reason and "GITHUB_API_URL" in failed.value.reason


def retry_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("Retrying (")]


def test_urllib3_retry_warnings_are_left_out_at_the_usual_level(
    closed_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    with pytest.raises(GitHubUnreachable):
        read_all(f"http://127.0.0.1:{closed_port}")
    assert retry_lines(caplog) == []


def test_urllib3_retry_warnings_stay_for_debugging(
    closed_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(GitHubUnreachable):
        read_all(f"http://127.0.0.1:{closed_port}")
    assert len(retry_lines(caplog)) == 2  # the connection is retried twice, then given up
