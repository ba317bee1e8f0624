"""HTTP layer of the fake GitHub REST server (aiohttp).

Why one catch-all handler instead of aiohttp's router: GitHub applies the same pipeline to
every request – authentication, primary/secondary rate limits, ``X-RateLimit-*`` headers,
strong ETags with ``If-None-Match`` → ``304``, and answers unknown routes (and wrong
methods) with a JSON ``404``. Doing routing ourselves keeps that pipeline in one place
and lets injected faults hit any path, including ones that do not exist.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from .github_state import (
    DOCS_URL,
    JSON,
    PRIMARY_LIMIT_MESSAGE,
    SECONDARY_LIMIT_MESSAGE,
    Fault,
    GitHubState,
    RecordedRequest,
    RepoRecord,
    parse_iso,
)

STATE_KEY: web.AppKey[GitHubState] = web.AppKey("github_state", GitHubState)
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30


@dataclass
class Reply:
    """What a route wants to answer, before the shared pipeline adds HTTP semantics."""

    status: int
    data: Any = None  # JSON-serialisable; None means an empty body
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None
    honour_if_modified_since: bool = False  # only safe for single resources, see _conditional
    counted: bool = True  # consumes one unit of the core rate limit


@dataclass
class Call:
    """The parts of a request a route needs: ordered query items (for Link URLs) and JSON."""

    query: list[tuple[str, str]]
    json: Any

    def arg(self, name: str, default: str | None = None) -> str | None:
        return next((v for k, v in reversed(self.query) if k == name), default)


Route = Callable[[GitHubState, re.Match[str], Call], Reply]


def error(status: int, message: str | None = None, **extra: Any) -> Reply:
    """GitHub's error body: ``message`` + ``documentation_url``."""
    body: JSON = {"message": message or HTTPStatus(status).phrase, **extra}
    body["documentation_url"] = DOCS_URL
    return Reply(status, body)


def not_found() -> Reply:
    return error(404, "Not Found")


def validation_failed(field_name: str, value: str | None) -> Reply:
    return error(
        422,
        "Validation Failed",
        errors=[{"resource": "Issue", "field": field_name, "code": "invalid", "value": value}],
    )


# ---------------------------------------------------------------------- helpers
def _repo(state: GitHubState, match: re.Match[str]) -> RepoRecord | None:
    """Resolve either ``/repos/{owner}/{repo}`` or ``/repositories/{id}`` (used in Links)."""
    if match.group("repo_id"):
        return state.find_repo(repo_id=int(match.group("repo_id")))
    return state.find_repo(full_name=f"{match.group('owner')}/{match.group('name')}")


def _int_arg(call: Call, name: str, default: int) -> int:
    try:
        return int(call.arg(name) or default)
    except ValueError:
        return default  # GitHub silently falls back to defaults for junk page params


def paginate(
    state: GitHubState, items: list[Any], call: Call, link_path: str
) -> tuple[list[Any], dict[str, str]]:
    """Slice one page and build GitHub's ``Link`` header (rel order: prev, next, last, first).

    Link targets are absolute URLs on the fake (PyGithub refuses other hosts/ports) and, as
    on GitHub, use the ``/repositories/{id}/...`` form while keeping every other query
    parameter in its original order.
    """
    per_page = min(max(_int_arg(call, "per_page", DEFAULT_PER_PAGE), 1), MAX_PER_PAGE)
    page = max(_int_arg(call, "page", 1), 1)
    last = max(math.ceil(len(items) / per_page), 1)
    chunk = items[(page - 1) * per_page : page * per_page]
    kept = [(k, v) for k, v in call.query if k != "page"]

    def url(number: int) -> str:
        return f"{state.base_url}{link_path}?{urlencode([*kept, ('page', str(number))])}"

    links: list[str] = []
    if page > 1:
        links.append(f'<{url(min(page - 1, last))}>; rel="prev"')
    if page < last:
        links.append(f'<{url(page + 1)}>; rel="next"')
        links.append(f'<{url(last)}>; rel="last"')
    if page > 1:
        links.append(f'<{url(1)}>; rel="first"')
    return chunk, ({"Link": ", ".join(links)} if links else {})


# ---------------------------------------------------------------------- routes
def get_rate_limit(state: GitHubState, match: re.Match[str], call: Call) -> Reply:
    # GitHub: "Accessing this endpoint does not count against your REST API rate limit."
    return Reply(200, state.rate_limit_json(), counted=False)


def get_authenticated_user(state: GitHubState, match: re.Match[str], call: Call) -> Reply:
    return Reply(
        200,
        state.authenticated_user_json(),
        last_modified=state.started_at,
        honour_if_modified_since=True,
    )


def get_user(state: GitHubState, match: re.Match[str], call: Call) -> Reply:
    return Reply(200, state.user_json(match.group("login")))


def get_repo(state: GitHubState, match: re.Match[str], call: Call) -> Reply:
    repo = _repo(state, match)
    if repo is None:
        return not_found()
    data = state.repo_json(repo)
    return Reply(
        200, data, last_modified=parse_iso(data["updated_at"]), honour_if_modified_since=True
    )


def list_issues(state: GitHubState, match: re.Match[str], call: Call) -> Reply:
    repo = _repo(state, match)
    if repo is None:
        return not_found()
    wanted_state = call.arg("state", "open")
    sort = call.arg("sort", "created")
    direction = call.arg("direction", "desc")
    if wanted_state not in ("open", "closed", "all"):
        return validation_failed("state", wanted_state)
    if sort not in ("created", "updated", "comments"):
        return validation_failed("sort", sort)
    if direction not in ("asc", "desc"):
        return validation_failed("direction", direction)
    since_text = call.arg("since")
    try:
        since = parse_iso(since_text) if since_text else None
    except ValueError:
        return validation_failed("since", since_text)
    labels = {n.strip().lower() for n in (call.arg("labels") or "").split(",") if n.strip()}
    creator = call.arg("creator")

    with state.lock:
        issues = [
            issue
            for issue in repo.issues.values()
            if (wanted_state == "all" or issue.state == wanted_state)
            and (since is None or issue.updated_at >= since)  # inclusive, like GitHub
            and labels <= {name.lower() for name in issue.labels}
            and (creator is None or issue.author.lower() == creator.lower())
        ]
        key = {"created": "created_at", "updated": "updated_at", "comments": "comments"}[sort]
        issues.sort(key=lambda i: (getattr(i, key), i.number), reverse=direction == "desc")
        page, headers = paginate(state, issues, call, f"/repositories/{repo.id}/issues")
        data = [state.issue_json(repo, issue) for issue in page]
        newest = max((i.updated_at for i in page), default=repo.created_at)
    return Reply(200, data, headers, last_modified=newest)


def get_issue(state: GitHubState, match: re.Match[str], call: Call) -> Reply:
    repo = _repo(state, match)
    issue = repo.issues.get(int(match.group("number"))) if repo else None
    if repo is None or issue is None:
        return not_found()
    return Reply(
        200,
        state.issue_json(repo, issue, single=True),
        last_modified=issue.updated_at,
        honour_if_modified_since=True,
    )


def list_comments(state: GitHubState, match: re.Match[str], call: Call) -> Reply:
    repo = _repo(state, match)
    number = int(match.group("number"))
    if repo is None or number not in repo.issues:
        return not_found()
    since_text = call.arg("since")
    try:
        since = parse_iso(since_text) if since_text else None
    except ValueError:
        return validation_failed("since", since_text)
    with state.lock:
        comments = [
            c
            for c in repo.comments
            if c.issue_number == number and (since is None or c.updated_at >= since)
        ]
        link_path = f"/repositories/{repo.id}/issues/{number}/comments"
        page, headers = paginate(state, comments, call, link_path)
        data = [state.comment_json(repo, c) for c in page]
        newest = max((c.updated_at for c in page), default=repo.created_at)
    return Reply(200, data, headers, last_modified=newest)


def create_comment(state: GitHubState, match: re.Match[str], call: Call) -> Reply:
    repo = _repo(state, match)
    issue = repo.issues.get(int(match.group("number"))) if repo else None
    if repo is None or issue is None:
        return not_found()
    body = call.json.get("body") if isinstance(call.json, dict) else None
    if not isinstance(body, str):
        return error(422, 'Invalid request.\n\n"body" wasn\'t supplied.')
    comment = state.add_comment(repo, issue, body)
    data = state.comment_json(repo, comment)
    return Reply(201, data, {"Location": data["url"]})


_REPO = r"(?:/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)|/repositories/(?P<repo_id>\d+))"
ROUTES: list[tuple[str, re.Pattern[str], Route]] = [
    ("GET", re.compile(r"/rate_limit"), get_rate_limit),
    ("GET", re.compile(r"/user"), get_authenticated_user),
    ("GET", re.compile(r"/users/(?P<login>[^/]+)"), get_user),
    ("GET", re.compile(_REPO), get_repo),
    ("GET", re.compile(_REPO + r"/issues"), list_issues),
    ("GET", re.compile(_REPO + r"/issues/(?P<number>\d+)"), get_issue),
    ("GET", re.compile(_REPO + r"/issues/(?P<number>\d+)/comments"), list_comments),
    ("POST", re.compile(_REPO + r"/issues/(?P<number>\d+)/comments"), create_comment),
]


def _route_filing() -> None:
    """``POST .../issues`` lives in ``github_filing`` (imported here, after the
    helpers it uses exist)."""
    from .github_filing import create_issue

    ROUTES.append(("POST", re.compile(_REPO + r"/issues"), create_issue))


_route_filing()


# ---------------------------------------------------------------------- pipeline
def _open_to_anyone(request: web.Request) -> bool:
    """What GitHub serves without a token: reading public repositories (every repo of
    the fake is public). Writing, and anything about "the authenticated user", is not."""
    reading = request.method in ("GET", "HEAD")
    return reading and request.path != "/user" and not request.path.startswith("/user/")


def _authorised(request: web.Request, token: str) -> bool:
    """Accept ``token X`` (PyGithub's Auth.Token) and ``Bearer X``."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() in ("token", "bearer") and value.strip() == token


def fault_reply(state: GitHubState, fault: Fault, request_id: str) -> Reply:
    """Build the injected failure the way GitHub shapes each kind.

    ``Retry-After`` is always whole seconds (GitHub never sends fractions, and urllib3
    raises ``InvalidHeader`` on them), so ``retry_after=0`` is the "retry now" value.
    """
    headers: dict[str, str] = {}
    if fault.retry_after is not None:
        headers["Retry-After"] = str(max(0, math.ceil(fault.retry_after)))
    if fault.rate_limit_reset_in is not None:
        reset = time.time() + fault.rate_limit_reset_in
        headers.update(state.rate_headers(remaining=0, reset=reset))
    if fault.status in (403, 429):
        primary = fault.status == 403 and fault.rate_limit_reset_in is not None
        template = PRIMARY_LIMIT_MESSAGE if primary else SECONDARY_LIMIT_MESSAGE
        reply = error(fault.status, template.format(request_id=request_id))
    elif fault.status == 401:
        reply = error(401, "Bad credentials")
    elif fault.status == 404:
        reply = not_found()
    else:
        reply = error(fault.status)
    reply.headers.update(headers)
    return reply


def _etag_matches(header: str, etag: str) -> bool:
    """RFC 9110 weak comparison, which is what If-None-Match uses."""
    candidates = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in candidates or etag in candidates


def _conditional(request: web.Request, reply: Reply, etag: str) -> bool:
    """True when a GET should become ``304 Not Modified``.

    If-None-Match wins over If-Modified-Since (RFC 9110). Lists do not honour
    If-Modified-Since: their newest ``updated_at`` can move backwards when an issue drops
    out of the filter, which would yield a false 304 – the ETag is the reliable validator.
    """
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since and reply.honour_if_modified_since and reply.last_modified:
        try:
            return reply.last_modified <= parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
    return False


def finish(
    state: GitHubState, request: web.Request, record: RecordedRequest, reply: Reply, request_id: str
) -> web.Response:
    """Serialise, apply conditional-GET and rate-limit accounting, add GitHub's headers."""
    body = b"" if reply.data is None else json.dumps(reply.data).encode()
    headers = {
        "X-GitHub-Media-Type": "github.v3; format=json",
        "X-GitHub-Request-Id": request_id,
        "X-OAuth-Scopes": "repo",
        "X-Accepted-OAuth-Scopes": "repo",
        "Vary": "Accept, Authorization, Cookie, X-GitHub-OTP",
    }
    status = reply.status
    if request.method == "GET" and status == 200:
        etag = f'"{hashlib.sha256(body).hexdigest()}"'
        headers["ETag"] = etag
        headers["Cache-Control"] = "private, max-age=60, s-maxage=60"
        if reply.last_modified is not None:
            modified = reply.last_modified.astimezone(UTC)
            headers["Last-Modified"] = format_datetime(modified, usegmt=True)
        if _conditional(request, reply, etag):
            status, body = 304, b""
    # A 304 is free on GitHub; so are 401s and the /rate_limit endpoint.
    record.counted = reply.counted and status != 304 and status != 401
    anonymous = "Authorization" not in request.headers
    if record.counted:
        state.consume_rate_limit(anonymous=anonymous)
    headers.update(state.rate_headers(anonymous=anonymous))
    headers.update(reply.headers)  # faults may override the rate-limit headers
    record.status = status
    if status == 304:
        return web.Response(status=304, headers=headers)
    headers["Content-Type"] = "application/json; charset=utf-8"
    return web.Response(status=status, body=body, headers=headers)


async def dispatch(request: web.Request) -> web.StreamResponse:
    """The single entry point: record → fault → auth → rate limit → route → finish."""
    state = request.app[STATE_KEY]
    raw = await request.read()
    record = RecordedRequest(
        method=request.method,
        path=request.path,
        query=dict(request.query),
        headers=dict(request.headers),
    )
    with state.lock:
        state.requests.append(record)
    request_id = state.next_request_id()
    fault = state.take_fault(request.path, request.method)
    if fault is not None and fault.hang_seconds:
        await asyncio.sleep(fault.hang_seconds)
    state.refresh_rate_window()
    anonymous = "Authorization" not in request.headers
    if fault is not None and fault.status >= 400:
        reply = fault_reply(state, fault, request_id)
    elif anonymous and not _open_to_anyone(request):
        reply = error(401, "Requires authentication")
    elif not anonymous and not _authorised(request, state.token):
        reply = error(401, "Bad credentials")
    elif state.rate_left(anonymous=anonymous) <= 0 and request.path != "/rate_limit":
        reply = error(403, PRIMARY_LIMIT_MESSAGE.format(request_id=request_id))
        reply.counted = False
    else:
        reply = _route(state, request, raw)
    if fault is not None and fault.answer_after_seconds:
        await asyncio.sleep(fault.answer_after_seconds)
    return finish(state, request, record, reply, request_id)


def _route(state: GitHubState, request: web.Request, raw: bytes) -> Reply:
    try:
        payload = json.loads(raw) if raw else None
    except ValueError:
        return error(400, "Problems parsing JSON")
    call = Call(query=list(request.query.items()), json=payload)
    path = request.path.rstrip("/") or "/"
    for method, pattern, route in ROUTES:
        match = pattern.fullmatch(path)
        if match and method == request.method:
            return route(state, match, call)
    return not_found()  # GitHub answers unknown routes *and* wrong methods with 404


def build_app(state: GitHubState) -> web.Application:
    app = web.Application()
    app[STATE_KEY] = state
    app.router.add_route("*", "/{tail:.*}", dispatch)
    return app
