"""Tests for the fake GitHub server, driven by the real, unmodified PyGithub client.

Notes for the bot's issue-sync code (verified against PyGithub 2.10 / urllib3 2.x)
===================================================================================

**(a) Conditional first page – the simplest robust way.** ``PaginatedList`` cannot tell a
304 from an empty page and does not expose the response ETag, so do the first page
through the public requester and only hand PyGithub what it is good at::

    headers = {"If-None-Match": etag} if etag else None      # fresh dict: PyGithub mutates it
    resp_headers, data = gh.requester.requestJsonAndCheck(
        "GET", f"/repos/{owner}/{repo}/issues",
        parameters={"state": "all", "sort": "updated", "direction": "asc",
                    "per_page": 100, "since": cursor_iso},
        headers=headers)
    if data is None:            # 304: empty body -> PyGithub returns (headers, None)
        ...nothing changed, 0 rate-limit units spent...
    # 200: data is a list of issue dicts; follow resp_headers["link"] rel="next" with
    # requestJsonAndCheck("GET", next_url); keep resp_headers["etag"] only if there was
    # no rel="next" (otherwise page 1 can stay identical while later pages change).

``requestJsonAndCheck`` still raises ``GithubException`` subclasses for >= 400 and goes
through the configured retry. ``fetch_updated_issues`` below is that recipe.
``Github.requester`` exists from PyGithub 2.5 (absent in 2.4.0; there use any
object's ``_requester``), so the project's floor should be ``PyGithub>=2.5``. Work on the
raw dicts: on an ``Issue`` built from a list page, reading ``.pull_request`` on a plain
issue (the key is absent) or ``.raw_data`` makes PyGithub *complete* the object with one
extra ``GET /issues/{n}`` per issue (see ``test_lazy_completion_trap``). Skip PRs with
``"pull_request" in item``. ``since`` is inclusive at 1 s resolution, so the cursor issue
comes back on every sync (dedupe by number + updated_at), which is also why, without an
ETag, an idle sync is never free.

**Idle sync cost:** the recipe makes exactly **1 request (304), 0 rate-limit units**. The
naive ``Github(...).get_repo(name).get_issues(since=...)`` makes 2 requests
(``GET /repos/{o}/{r}`` unless ``Github(lazy=True)``, plus page 1 that returns the cursor
issue) and costs 2 units, plus 1 per plain issue if ``.pull_request`` is touched.
Also pass ``seconds_between_requests=None`` or accept PyGithub's default 0.25 s throttle
between requests (1 s between writes).

**(b) Retries.** Pass ``retry=GithubRetry(total=5, backoff_factor=0.5, raise_on_status=
False, secondary_rate_wait=60, max_rate_limit_wait=900)`` to ``Github(...)``:

* 500–599 are retried (``status_forcelist``), with exponential backoff; urllib3 2.x makes
  the first retry immediate and ``backoff_factor`` defaults to 0 (all immediate).
* ``raise_on_status=False`` matters: with the default ``True`` an exhausted retry raises
  ``requests.exceptions.RetryError`` (not a ``GithubException``); with ``False`` the last
  response is returned and PyGithub raises ``GithubException(502)`` etc.
* **Retry-After is honoured** (urllib3 ``Retry.sleep``) for every retried response: 403
  secondary limits, 5xx, and 429. Whole seconds or an HTTP date only – a fractional value
  makes urllib3 raise ``InvalidHeader``. ``max_rate_limit_wait`` does not cap it.
* 403 is retried only when it has ``Retry-After`` or a rate-limit message. Primary limit
  ("API rate limit exceeded…"): **X-RateLimit-Reset is honoured** – it sleeps until reset
  + 1 s, or raises ``RateLimitExceededExceedsMaxWait`` if that exceeds
  ``max_rate_limit_wait``. Secondary limit without ``Retry-After``: sleeps the fixed
  ``secondary_rate_wait`` (default 60 s), not the reset time. (``max_rate_limit_wait`` and
  ``RateLimitExceededExceedsMaxWait`` are new in 2.10; older versions always wait.)
* **429 is not in GithubRetry's status list**: it is retried only if ``Retry-After`` is
  present (urllib3's 413/429/503 rule), and never gets the rate-limit logic. Add it
  explicitly (``status_forcelist=[*range(500, 600), 429]``; 403 is appended anyway) if
  bare 429s should back off; PyGithub maps a final 429 to a plain ``GithubException``.
* Read timeouts (``Github(timeout=...)``, an ``int``) are retried for GET *and POST*
  (GithubRetry adds POST to ``allowed_methods``), so a timed-out comment POST can be
  sent twice; use a separate client with ``allowed_methods=Retry.DEFAULT_ALLOWED_METHODS``
  for writes if duplicates matter.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from github import Auth, Github, GithubException, GithubRetry
from github.GithubException import (
    BadCredentialsException,
    RateLimitExceededExceedsMaxWait,
    UnknownObjectException,
)

from .github_server import FakeGitHub, running_fake_github

REPO = "acme/widgets"
FIXTURES = Path("/work/shared/data/api_github_fixtures")
T0 = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with running_fake_github() as server:
        server.add_repo(REPO)
        yield server


def client(fake: FakeGitHub, *, token: str | None = None, **kwargs: Any) -> Github:
    """A Github client against the fake with no client-side throttling."""
    kwargs.setdefault("retry", GithubRetry(total=3, raise_on_status=False))
    kwargs.setdefault("lazy", True)
    auth = Auth.Token(token if token is not None else fake.token)
    return Github(
        base_url=fake.base_url,
        auth=auth,
        per_page=100,
        seconds_between_requests=None,
        seconds_between_writes=None,
        **kwargs,
    )


def whoami(gh: Github) -> str:
    """One authenticated request (``GET /user``)."""
    login: str = gh.get_user().login
    return login


def statuses(fake: FakeGitHub) -> list[int]:
    return [r.status for r in fake.requests]


# ---------------------------------------------------------------------- the sync recipe
@dataclass
class IssueBatch:
    not_modified: bool
    etag: str | None  # only set when the whole window fitted on page 1
    issues: list[dict[str, Any]]  # pull requests already dropped


def _next_link(headers: dict[str, Any]) -> str | None:
    for part in str(headers.get("link", "")).split(","):
        url, _, rel = part.partition(";")
        if rel.strip() == 'rel="next"':
            return url.strip()[1:-1]
    return None


def fetch_updated_issues(
    gh: Github, full_name: str, since: datetime | None, etag: str | None
) -> IssueBatch:
    """Reference implementation of note (a): conditional page 1, then follow Link."""
    params: dict[str, Any] = {
        "state": "all",
        "sort": "updated",
        "direction": "asc",
        "per_page": 100,
    }
    if since is not None:
        params["since"] = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    headers = {"If-None-Match": etag} if etag else None
    resp_headers, data = gh.requester.requestJsonAndCheck(
        "GET", f"/repos/{full_name}/issues", parameters=params, headers=headers
    )
    if data is None:
        return IssueBatch(True, etag, [])
    items: list[dict[str, Any]] = list(data)
    first_etag = resp_headers.get("etag")
    next_url = _next_link(resp_headers)
    single_page = next_url is None
    while next_url:
        resp_headers, data = gh.requester.requestJsonAndCheck("GET", next_url)
        items.extend(data)
        next_url = _next_link(resp_headers)
    return IssueBatch(
        False,
        first_etag if single_page else None,
        [item for item in items if "pull_request" not in item],
    )


# ---------------------------------------------------------------------- listing
def test_250_issues_paginate_in_three_requests_with_prs_marked(fake: FakeGitHub) -> None:
    for n in range(1, 251):
        fake.add_issue(REPO, n, f"Issue {n}", pull_request=n % 10 == 0)
    gh = client(fake)

    items = list(gh.get_repo(REPO).get_issues(state="all"))

    assert len(items) == 250
    pages = fake.requests_to(r"/issues$")
    # Page 1 is PyGithub's URL; pages 2-3 are the Link targets (GitHub-style /repositories/id).
    assert [(r.path, r.query.get("page"), r.query["per_page"]) for r in pages] == [
        (f"/repos/{REPO}/issues", None, "100"),
        ("/repositories/1000/issues", "2", "100"),
        ("/repositories/1000/issues", "3", "100"),
    ]
    # _rawData avoids PyGithub's lazy completion (see test_lazy_completion_trap).
    prs = [i.number for i in items if "pull_request" in i._rawData]
    assert prs == [n for n in range(250, 0, -1) if n % 10 == 0]  # default: created desc
    assert len(fake.requests) == 3


def test_link_header_is_github_shaped(fake: FakeGitHub) -> None:
    for n in range(1, 8):
        fake.add_issue(REPO, n, f"Issue {n}")
    gh = client(fake)
    headers, data = gh.requester.requestJsonAndCheck(
        "GET", f"/repos/{REPO}/issues", parameters={"per_page": 3, "page": 2}
    )
    base = f"{fake.base_url}/repositories/1000/issues?per_page=3&page="
    assert headers["link"] == (
        f'<{base}1>; rel="prev", <{base}3>; rel="next", '
        f'<{base}3>; rel="last", <{base}1>; rel="first"'
    )
    assert [i["number"] for i in data] == [4, 3, 2]
    headers, _ = gh.requester.requestJsonAndCheck(
        "GET", f"/repos/{REPO}/issues", parameters={"per_page": 100}
    )
    assert "link" not in headers  # a single page has no Link header, as on GitHub


def test_since_filters_inclusively_and_sorts(fake: FakeGitHub) -> None:
    for n in range(1, 6):
        stamp = T0 + timedelta(hours=n)
        fake.add_issue(
            REPO,
            n,
            f"Issue {n}",
            created_at=stamp,
            updated_at=stamp,
            state="closed" if n == 4 else "open",
        )
    gh = client(fake)
    repo = gh.get_repo(REPO)

    since = T0 + timedelta(hours=3)
    got = repo.get_issues(state="all", sort="updated", direction="asc", since=since)
    assert [i.number for i in got] == [3, 4, 5]
    assert fake.requests[-1].query["since"] == "2024-05-01T15:00:00Z"
    open_only = repo.get_issues(state="open", sort="updated", direction="desc", since=since)
    assert [i.number for i in open_only] == [5, 3]


def test_lazy_completion_trap(fake: FakeGitHub) -> None:
    """Documents why the sync should use raw dicts: attribute access can cost requests."""
    for n in range(1, 6):
        fake.add_issue(REPO, n, f"Issue {n}", pull_request=n == 5)
    gh = client(fake)
    items = list(gh.get_repo(REPO).get_issues(state="all"))
    fake.reset_requests()

    assert [i.number for i in items if i.pull_request is not None] == [5]
    assert len(fake.requests) == 4  # one completion GET per plain issue
    assert {r.path for r in fake.requests} == {f"/repos/{REPO}/issues/{n}" for n in range(1, 5)}


# ---------------------------------------------------------------------- conditional requests
def test_conditional_request_gets_304_and_costs_no_rate_limit(fake: FakeGitHub) -> None:
    fake.add_issue(REPO, 1, "Crash on start", created_at=T0, updated_at=T0)
    fake.add_issue(REPO, 2, "Add dark mode", created_at=T0, updated_at=T0 + timedelta(hours=1))
    fake.add_issue(REPO, 3, "Fix typo", created_at=T0, pull_request=True)
    gh = client(fake)

    first = fetch_updated_issues(gh, REPO, None, None)
    assert not first.not_modified
    assert first.etag
    assert [i["number"] for i in first.issues] == [1, 2]
    remaining = fake.rate_limit_remaining

    again = fetch_updated_issues(gh, REPO, None, first.etag)
    assert again.not_modified
    assert again.issues == []
    last = fake.requests[-1]
    assert last.status == 304
    assert not last.counted
    assert last.header("If-None-Match") == first.etag
    assert last.header("Authorization") == f"token {fake.token}"
    assert fake.rate_limit_remaining == remaining
    assert gh.rate_limiting[0] == remaining  # PyGithub saw the unchanged header on the 304

    fake.update_issue(REPO, 1, title="Crash on start (macOS)")
    changed = fetch_updated_issues(gh, REPO, None, first.etag)
    assert not changed.not_modified
    assert changed.etag != first.etag
    assert changed.issues[-1]["title"] == "Crash on start (macOS)"
    assert fake.rate_limit_remaining == remaining - 1


def test_pygithub_object_update_uses_etag(fake: FakeGitHub) -> None:
    fake.add_issue(REPO, 7, "Flaky test")
    gh = client(fake, lazy=False)
    issue = gh.get_repo(REPO).get_issue(7)
    assert issue.etag
    assert issue.last_modified
    assert issue.update() is False  # sends If-None-Match + If-Modified-Since -> 304
    assert fake.requests[-1].status == 304
    fake.update_issue(REPO, 7, state="closed")
    assert issue.update() is True
    assert issue.state == "closed"
    assert issue.closed_at is not None


def test_idle_sync_request_count(fake: FakeGitHub) -> None:
    for n in range(1, 6):
        fake.add_issue(REPO, n, f"Issue {n}", created_at=T0, updated_at=T0 + timedelta(minutes=n))
    fake.add_issue(REPO, 6, "A PR", created_at=T0, pull_request=True)
    gh = client(fake)
    batch = fetch_updated_issues(gh, REPO, None, None)
    cursor = max(datetime.fromisoformat(i["updated_at"]) for i in batch.issues)
    batch = fetch_updated_issues(gh, REPO, cursor, None)  # cursor issue comes back (inclusive)
    assert [i["number"] for i in batch.issues] == [5]
    fake.reset_requests()
    remaining = fake.rate_limit_remaining

    idle = fetch_updated_issues(gh, REPO, cursor, batch.etag)
    assert idle.not_modified
    assert statuses(fake) == [304]
    assert fake.rate_limit_remaining == remaining

    fake.reset_requests()
    naive = Github(
        base_url=fake.base_url,
        auth=Auth.Token(fake.token),
        per_page=100,
        seconds_between_requests=None,
    )
    list(
        naive.get_repo(REPO).get_issues(state="all", sort="updated", direction="asc", since=cursor)
    )
    assert [r.path for r in fake.requests] == [f"/repos/{REPO}", f"/repos/{REPO}/issues"]
    assert fake.rate_limit_remaining == remaining - 2


# ---------------------------------------------------------------------- writes and state
def test_comment_post_is_recorded_and_bumps_issue(fake: FakeGitHub) -> None:
    before = fake.add_issue(REPO, 3, "Crash", created_at=T0, comments=2)
    gh = client(fake)
    comment = gh.get_repo(REPO).get_issue(3).create_comment("Thanks, triaged as bug.")

    assert comment.body == "Thanks, triaged as bug."
    assert comment.user.login == fake.login
    post = fake.requests[-1]
    assert (post.method, post.path) == ("POST", f"/repos/{REPO}/issues/3/comments")
    assert post.status == 201
    assert fake.comments_posted == [
        {"repo": REPO, "number": 3, "body": "Thanks, triaged as bug.", "id": comment.id}
    ]
    _, issue = gh.requester.requestJsonAndCheck("GET", f"/repos/{REPO}/issues/3")
    assert issue["comments"] == 3
    assert issue["updated_at"] > before["updated_at"]
    listed = list(gh.get_repo(REPO).get_issue(3).get_comments())
    assert [c.body for c in listed] == ["Thanks, triaged as bug."]


def test_update_issue_bumps_updated_at_strictly_and_closes(fake: FakeGitHub) -> None:
    first = fake.add_issue(REPO, 1, "Bug")
    second = fake.update_issue(REPO, 1, labels=["bug"])
    third = fake.update_issue(REPO, 1, state="closed")
    assert first["updated_at"] < second["updated_at"] < third["updated_at"]
    assert third["closed_at"] == third["updated_at"]
    assert third["state_reason"] == "completed"
    assert [label["name"] for label in third["labels"]] == ["bug"]
    reopened = fake.update_issue(REPO, 1, state="open")
    assert reopened["closed_at"] is None
    assert reopened["state_reason"] == "reopened"
    with pytest.raises(TypeError):
        fake.update_issue(REPO, 1, priority=3)


def test_rate_limit_headers_and_endpoint(fake: FakeGitHub) -> None:
    fake.add_issue(REPO, 1, "Bug")
    gh = client(fake)
    headers, _ = gh.requester.requestJsonAndCheck("GET", f"/repos/{REPO}")
    assert headers["x-ratelimit-limit"] == "5000"
    assert headers["x-ratelimit-remaining"] == "4999"
    assert headers["x-ratelimit-used"] == "1"
    assert headers["x-ratelimit-resource"] == "core"
    assert int(headers["x-ratelimit-reset"]) > time.time()
    assert headers["etag"].startswith('"')
    assert "last-modified" in headers
    overview = gh.get_rate_limit()
    assert overview.resources.core.remaining == 4999  # /rate_limit itself is free
    assert fake.rate_limit_remaining == 4999

    fake.set_rate_limit(0, reset_in=3600)
    with pytest.raises(GithubException) as caught:  # exhausted bucket -> primary-limit 403
        whoami(client(fake, retry=0))
    assert caught.value.status == 403


# ---------------------------------------------------------------------- faults and retries
def test_500_then_success_is_retried(fake: FakeGitHub) -> None:
    fake.add_issue(REPO, 1, "Bug")
    fake.fail_next(500, times=2, path_regex=r"/issues/1$")
    issue = client(fake, lazy=False).get_repo(REPO).get_issue(1)
    assert issue.title == "Bug"
    assert statuses(fake) == [200, 500, 500, 200]
    assert fake.requests[1].path == f"/repos/{REPO}/issues/1"


def test_exhausted_retries_raise(fake: FakeGitHub) -> None:
    fake.fail_next(502, times=10)
    with pytest.raises(GithubException) as caught:
        whoami(client(fake, retry=GithubRetry(total=2, raise_on_status=False)))
    assert caught.value.status == 502
    assert statuses(fake) == [502, 502, 502]
    with pytest.raises(requests.exceptions.RetryError):  # urllib3's default raise_on_status
        whoami(client(fake, retry=GithubRetry(total=1)))


def test_secondary_rate_limit_403_honours_retry_after(fake: FakeGitHub) -> None:
    fake.fail_next(403, retry_after=1)
    started = time.monotonic()
    assert client(fake).get_user().login == fake.login
    assert time.monotonic() - started >= 0.9
    failed = fake.requests[0]
    assert failed.status == 403
    # Without Retry-After, GithubRetry waits secondary_rate_wait instead.
    fake.fail_next(403)
    retry = GithubRetry(total=2, raise_on_status=False, secondary_rate_wait=0.1)
    assert client(fake, retry=retry).get_user().login == fake.login
    assert statuses(fake) == [403, 200, 403, 200]


def test_secondary_rate_limit_message_and_headers(fake: FakeGitHub) -> None:
    fake.fail_next(403, retry_after=30)
    with pytest.raises(GithubException) as caught:
        whoami(client(fake, retry=0))
    assert caught.value.status == 403
    assert caught.value.data["message"].startswith("You have exceeded a secondary rate limit")
    assert caught.value.headers is not None
    assert caught.value.headers["retry-after"] == "30"


def test_429_is_retried_only_with_retry_after(fake: FakeGitHub) -> None:
    fake.fail_next(429, retry_after=0)
    assert client(fake).get_user().login == fake.login
    assert statuses(fake) == [429, 200]

    fake.reset_requests()
    fake.fail_next(429)
    with pytest.raises(GithubException) as caught:
        whoami(client(fake))
    assert caught.value.status == 429
    assert statuses(fake) == [429]

    fake.reset_requests()
    fake.fail_next(429)
    retry = GithubRetry(total=2, raise_on_status=False, status_forcelist=[*range(500, 600), 429])
    assert client(fake, retry=retry).get_user().login == fake.login
    assert statuses(fake) == [429, 200]


def test_primary_rate_limit_waits_for_reset(fake: FakeGitHub) -> None:
    fake.fail_next(403, rate_limit_reset_in=0)
    started = time.monotonic()
    assert client(fake).get_user().login == fake.login
    assert time.monotonic() - started >= 0.5  # reset (whole seconds) + 1 s
    assert statuses(fake) == [403, 200]

    fake.fail_next(403, rate_limit_reset_in=3600)
    retry = GithubRetry(total=2, raise_on_status=False, max_rate_limit_wait=5)
    with pytest.raises(RateLimitExceededExceedsMaxWait):
        whoami(client(fake, retry=retry))


def test_hang_times_out_and_is_retried(fake: FakeGitHub) -> None:
    fake.fail_next(200, hang_seconds=1.5)
    assert client(fake, timeout=1).get_user().login == fake.login
    assert statuses(fake) == [0, 200]  # 0: the hung request never got an answer
    fake.fail_next(200, hang_seconds=1.5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        whoami(client(fake, timeout=1, retry=0))


def test_bad_or_missing_credentials(fake: FakeGitHub) -> None:
    with pytest.raises(BadCredentialsException) as caught:
        whoami(client(fake, token="ghp_wrong"))
    assert caught.value.data["message"] == "Bad credentials"
    assert "documentation_url" in caught.value.data
    anonymous = Github(base_url=fake.base_url, retry=0, lazy=False)
    with pytest.raises(GithubException) as refused:
        anonymous.get_user().login  # noqa: B018 - "the authenticated user" needs a token
    assert (refused.value.status, refused.value.data["message"]) == (401, "Requires authentication")
    assert not any(r.counted for r in fake.requests)


def test_public_repositories_are_read_without_a_token_at_60_an_hour(fake: FakeGitHub) -> None:
    fake.add_issue(REPO, 1, "Bug")
    anonymous = Github(base_url=fake.base_url, retry=0, lazy=False)
    assert anonymous.get_repo(REPO).get_issue(1).title == "Bug"
    limit, left = anonymous.rate_limiting[1], anonymous.rate_limiting[0]
    assert (limit, left) == (60, 58)  # the repo, then the issue
    assert fake.rate_limit_remaining == 5000  # the token's own window is untouched
    with pytest.raises(GithubException) as refused:
        anonymous.get_repo(REPO).get_issue(1).create_comment("no token, no writing")
    assert refused.value.status == 401


def test_unknown_routes_and_objects_are_404(fake: FakeGitHub) -> None:
    gh = client(fake, lazy=False)
    with pytest.raises(UnknownObjectException):
        gh.get_repo("acme/missing")
    with pytest.raises(UnknownObjectException) as caught:
        gh.requester.requestJsonAndCheck("GET", "/orgs/acme/teams")
    assert caught.value.data["message"] == "Not Found"
    with pytest.raises(UnknownObjectException):
        gh.requester.requestJsonAndCheck("DELETE", f"/repos/{REPO}")


# ---------------------------------------------------------------------- fidelity to fixtures
def _fixture(name: str) -> list[dict[str, Any]]:
    path = FIXTURES / "octokit-fixtures" / f"{name}.normalized-fixture.json"
    if not path.exists():
        pytest.skip(f"fixture {path} not available")
    data: list[dict[str, Any]] = json.loads(path.read_text())
    return data


def _webhook(event: str, action: str) -> dict[str, Any]:
    path = FIXTURES / "octokit-webhooks" / event / f"{action}.payload.json"
    if not path.exists():
        pytest.skip(f"fixture {path} not available")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def test_payload_shapes_match_recorded_fixtures(fake: FakeGitHub) -> None:
    fake.add_issue(REPO, 1, "Bug", labels=["bug"], reactions=2)
    fake.add_issue(REPO, 2, "PR", pull_request=True)
    gh = client(fake)
    _, issues = gh.requester.requestJsonAndCheck("GET", f"/repos/{REPO}/issues")
    pr, issue = issues
    _, repo = gh.requester.requestJsonAndCheck("GET", f"/repos/{REPO}")
    comment = gh.get_repo(REPO).get_issue(1).create_comment("hi").raw_data

    recorded_issue = _fixture("paginate-issues")[0]["response"][0]
    assert set(recorded_issue) <= set(issue)
    assert set(recorded_issue["user"]) <= set(issue["user"])
    assert set(recorded_issue["reactions"]) == set(issue["reactions"])
    assert issue["reactions"]["total_count"] == 2
    assert "pull_request" not in issue
    recorded_label = _fixture("add-labels-to-issue")[1]["response"][0]
    assert set(recorded_label) == set(issue["labels"][0])
    recorded_pr = _webhook("issues", "milestoned")["issue"]["pull_request"]
    assert set(recorded_pr) <= set(pr["pull_request"])
    recorded_repo = _fixture("get-repository")[0]["response"]
    assert set(recorded_repo) - {"organization"} <= set(repo)
    assert set(_webhook("issue_comment", "created")["comment"]) <= set(comment)
    recorded_error = _fixture("branch-protection")[0]["response"]
    with pytest.raises(UnknownObjectException) as caught:
        gh.requester.requestJsonAndCheck("GET", "/nope")
    assert set(recorded_error) == set(caught.value.data)
    assert issue["url"].startswith(fake.base_url)  # API URLs stay on the fake


# ---------------------------------------------------------------------- async usage
async def test_async_context_manager_with_worker_thread() -> None:
    async with FakeGitHub(token="ghp_async") as server:
        server.add_issue(REPO, 1, "Bug")
        gh = Github(
            base_url=server.base_url,
            auth=Auth.Token("ghp_async"),
            retry=0,
            seconds_between_requests=None,
            lazy=True,
        )
        title = await asyncio.to_thread(lambda: gh.get_repo(REPO).get_issue(1).title)
    assert title == "Bug"
