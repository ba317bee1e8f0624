"""In-memory state and JSON rendering for the fake GitHub REST server.

Why a separate module: the HTTP layer (``github_routes``) should only parse requests and
apply HTTP semantics (auth, ETags, rate-limit headers, faults), while *what* GitHub would
answer lives here, so the payload shapes can be checked against the recorded fixtures in
``/work/shared/data/api_github_fixtures`` independently of aiohttp.

Everything here is guarded by one re-entrant lock because the test thread mutates the
state (``add_issue``/``update_issue``) while the server's event-loop thread reads it.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

JSON = dict[str, Any]

DOCS_URL = "https://docs.github.com/rest"
HTML_ROOT = "https://github.com"
REACTION_KEYS = ("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes")
DEFAULT_RATE_LIMIT = 5000
ANONYMOUS_RATE_LIMIT = 60
RATE_WINDOW_SECONDS = 3600.0
# The exact wording matters: PyGithub's Requester.isPrimaryRateLimitError /
# isSecondaryRateLimitError (and therefore GithubRetry) classify 403s by message prefix.
PRIMARY_LIMIT_MESSAGE = (
    "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, "
    "please include the request ID {request_id}."
)
SECONDARY_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID {request_id}."
)
UPDATABLE_ISSUE_FIELDS = frozenset(
    {
        "title",
        "body",
        "state",
        "state_reason",
        "labels",
        "locked",
        "assignees",
        "comments",
        "reactions",
        "author",
        "milestone",
    }
)


def iso(moment: datetime) -> str:
    """GitHub's timestamp format: UTC, second precision, literal ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """Parse an ISO 8601 ``since`` value; naive values are taken as UTC (as GitHub does)."""
    moment = datetime.fromisoformat(text.strip().replace(" ", "+"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _utc(moment: datetime) -> datetime:
    """Normalise caller-supplied datetimes to aware UTC at GitHub's 1 s resolution."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def legacy_node_id(kind: str, ident: int) -> str:
    """Legacy global node id (``base64("05:Issue1")``) – the format the fixtures use."""
    return base64.b64encode(f"0{len(kind)}:{kind}{ident}".encode()).decode()


@dataclass
class RecordedRequest:
    """One request as the server saw it, so tests can assert on what PyGithub really sent."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int = 0  # 0 = no response was sent (e.g. the client timed out during a hang)
    counted: bool = False  # whether it consumed one unit of the core rate limit

    def header(self, name: str) -> str | None:
        """Case-insensitive header lookup (requests may send any casing)."""
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)


@dataclass
class Fault:
    """A queued failure injected by ``FakeGitHub.fail_next``."""

    status: int
    remaining: int
    path_regex: re.Pattern[str]
    retry_after: float | None = None
    rate_limit_reset_in: float | None = None
    hang_seconds: float | None = None
    method: str | None = None  # None: any
    answer_after_seconds: float | None = None


@dataclass
class Bucket:
    """One rate-limit window: its size, what is left, and when it refills."""

    limit: int
    remaining: int
    reset: float


@dataclass
class IssueRecord:
    """Canonical issue/PR data; URLs are derived at render time from the server's base URL."""

    id: int
    number: int
    title: str
    body: str
    state: str
    state_reason: str | None
    labels: list[str]
    author: str
    comments: int
    reactions: int
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    pull_request: bool
    locked: bool = False
    assignees: list[str] = field(default_factory=list)
    closed_by: str | None = None
    milestone: str | None = None  # the milestone's title


@dataclass
class CommentRecord:
    """An issue comment created through ``POST .../comments``."""

    id: int
    issue_number: int
    body: str
    author: str
    created_at: datetime
    updated_at: datetime


@dataclass
class RepoRecord:
    """A repository and its issues, keyed by number."""

    id: int
    full_name: str
    created_at: datetime
    issues: dict[int, IssueRecord] = field(default_factory=dict)
    comments: list[CommentRecord] = field(default_factory=list)

    @property
    def owner(self) -> str:
        return self.full_name.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.full_name.split("/", 1)[1]


class GitHubState:
    """All mutable server state plus the renderers that turn it into GitHub-shaped JSON."""

    def __init__(self, *, base_url: str, token: str, login: str) -> None:
        self.base_url = base_url
        self.token = token
        self.login = login
        self.lock = threading.RLock()
        self.repos: dict[str, RepoRecord] = {}
        self.requests: list[RecordedRequest] = []
        self.comments_posted: list[JSON] = []
        self.issues_created: list[JSON] = []  # by POST .../issues (github_filing)
        self.faults: list[Fault] = []
        self._ids: dict[str, int] = {}
        self._user_ids: dict[str, int] = {}
        self._label_ids: dict[tuple[str, str], int] = {}
        self._milestone_numbers: dict[tuple[str, str], int] = {}
        self._last_tick: datetime | None = None
        self._request_counter = 0
        self.rate_limit = DEFAULT_RATE_LIMIT
        self.rate_remaining = DEFAULT_RATE_LIMIT
        self.rate_reset = time.time() + RATE_WINDOW_SECONDS
        # Requests without a token: GitHub allows 60 an hour (per address).
        self.anonymous = Bucket(ANONYMOUS_RATE_LIMIT, ANONYMOUS_RATE_LIMIT, self.rate_reset)
        self.started_at = self.tick()

    # ------------------------------------------------------------------ clocks and ids
    def next_id(self, kind: str) -> int:
        """Per-kind id sequence starting at 1000, mirroring the normalised fixtures."""
        with self.lock:
            value = self._ids.get(kind, 999) + 1
            self._ids[kind] = value
            return value

    def tick(self, at_least: datetime | None = None) -> datetime:
        """A fresh timestamp, strictly after every one handed out before.

        GitHub timestamps have 1 s resolution and ``since`` is inclusive, so two updates in
        the same wall-clock second would be indistinguishable to a sync cursor; the fake
        therefore runs its own clock ahead of wall time when needed.
        """
        with self.lock:
            candidate = _utc(at_least or datetime.now(UTC))
            if self._last_tick is not None and candidate <= self._last_tick:
                candidate = self._last_tick + timedelta(seconds=1)
            self._last_tick = candidate
            return candidate

    def observe(self, moment: datetime) -> None:
        """Keep the clock ahead of explicitly supplied timestamps."""
        with self.lock:
            if self._last_tick is None or moment > self._last_tick:
                self._last_tick = moment

    def next_request_id(self) -> str:
        with self.lock:
            self._request_counter += 1
            return f"FAKE:{self._request_counter:05d}:{self._request_counter:07X}"

    # ------------------------------------------------------------------ rate limit
    def refresh_rate_window(self) -> None:
        """Refill the bucket once the reset time has passed, like GitHub's hourly window."""
        with self.lock:
            now = time.time()
            if now >= self.rate_reset:
                self.rate_remaining = self.rate_limit
                self.rate_reset = now + RATE_WINDOW_SECONDS
            if now >= self.anonymous.reset:
                self.anonymous.remaining = self.anonymous.limit
                self.anonymous.reset = now + RATE_WINDOW_SECONDS

    def rate_left(self, *, anonymous: bool = False) -> int:
        with self.lock:
            return self.anonymous.remaining if anonymous else self.rate_remaining

    def consume_rate_limit(self, *, anonymous: bool = False) -> None:
        with self.lock:
            if anonymous:
                self.anonymous.remaining = max(0, self.anonymous.remaining - 1)
            else:
                self.rate_remaining = max(0, self.rate_remaining - 1)

    def rate_headers(
        self, *, remaining: int | None = None, reset: float | None = None, anonymous: bool = False
    ) -> dict[str, str]:
        """X-RateLimit-* as GitHub sends them: integers, reset in epoch seconds."""
        with self.lock:
            limit = self.anonymous.limit if anonymous else self.rate_limit
            left = self.anonymous.remaining if anonymous else self.rate_remaining
            left = left if remaining is None else remaining
            ends = self.anonymous.reset if anonymous else self.rate_reset
            return {
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": str(left),
                "X-RateLimit-Reset": str(math.ceil(ends if reset is None else reset)),
                "X-RateLimit-Used": str(limit - left),
                "X-RateLimit-Resource": "core",
            }

    def rate_limit_json(self) -> JSON:
        with self.lock:
            core = {
                "limit": self.rate_limit,
                "used": self.rate_limit - self.rate_remaining,
                "remaining": self.rate_remaining,
                "reset": math.ceil(self.rate_reset),
            }
        reset = math.ceil(time.time() + 60)
        search = {"limit": 30, "used": 0, "remaining": 30, "reset": reset}
        graphql = {"limit": 5000, "used": 0, "remaining": 5000, "reset": reset}
        return {"resources": {"core": core, "search": search, "graphql": graphql}, "rate": core}

    # ------------------------------------------------------------------ faults
    def take_fault(self, path: str, method: str = "GET") -> Fault | None:
        """Pop one use of the oldest queued fault whose regex (and method) match."""
        with self.lock:
            for fault in self.faults:
                if fault.method not in (None, method):
                    continue
                if fault.remaining > 0 and fault.path_regex.search(path):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self.faults.remove(fault)
                    return fault
            return None

    # ------------------------------------------------------------------ mutations
    def add_repo(self, full_name: str) -> RepoRecord:
        if full_name.count("/") != 1:
            raise ValueError(f"expected 'owner/name', got {full_name!r}")
        with self.lock:
            if full_name not in self.repos:
                self.repos[full_name] = RepoRecord(
                    id=self.next_id("repo"), full_name=full_name, created_at=self.started_at
                )
            return self.repos[full_name]

    def find_repo(
        self, *, full_name: str | None = None, repo_id: int | None = None
    ) -> RepoRecord | None:
        with self.lock:
            if full_name is not None:
                lowered = full_name.lower()  # GitHub repo names are case-insensitive
                return next((r for n, r in self.repos.items() if n.lower() == lowered), None)
            return next((r for r in self.repos.values() if r.id == repo_id), None)

    def add_issue(
        self,
        full_name: str,
        number: int,
        title: str,
        body: str,
        *,
        state: str,
        labels: Iterable[str],
        author: str,
        comments: int,
        created_at: datetime | None,
        updated_at: datetime | None,
        pull_request: bool,
        reactions: int,
    ) -> IssueRecord:
        if state not in ("open", "closed"):
            raise ValueError(f"state must be 'open' or 'closed', got {state!r}")
        with self.lock:
            repo = self.add_repo(full_name)
            if number in repo.issues:
                raise ValueError(f"{full_name}#{number} already exists")
            # Seeded issues may share a second (GitHub allows ties); only *changes* tick.
            created = _utc(created_at or datetime.now(UTC))
            updated = _utc(updated_at) if updated_at else created
            if updated < created:
                raise ValueError("updated_at must not be before created_at")
            self.observe(updated)
            record = IssueRecord(
                id=self.next_id("issue"),
                number=number,
                title=title,
                body=body,
                state=state,
                state_reason="completed" if state == "closed" and not pull_request else None,
                labels=list(labels),
                author=author,
                comments=comments,
                reactions=reactions,
                created_at=created,
                updated_at=updated,
                closed_at=updated if state == "closed" else None,
                pull_request=pull_request,
                closed_by=author if state == "closed" else None,
            )
            repo.issues[number] = record
            return record

    def update_issue(self, full_name: str, number: int, changes: dict[str, Any]) -> IssueRecord:
        unknown = set(changes) - UPDATABLE_ISSUE_FIELDS
        if unknown:
            allowed = sorted(UPDATABLE_ISSUE_FIELDS)
            raise TypeError(f"cannot update {sorted(unknown)}; allowed: {allowed}")
        with self.lock:
            record = self.get_issue_record(full_name, number)
            previous_state = record.state
            for key, value in changes.items():
                setattr(record, key, list(value) if key in ("labels", "assignees") else value)
            record.updated_at = self.tick()
            if record.state == "closed" and previous_state != "closed":
                record.closed_at = record.updated_at
                record.closed_by = self.login
                if "state_reason" not in changes and not record.pull_request:
                    record.state_reason = "completed"
            elif record.state == "open" and previous_state == "closed":
                record.closed_at = None
                if "state_reason" not in changes:
                    record.state_reason = "reopened"
            return record

    def get_issue_record(self, full_name: str, number: int) -> IssueRecord:
        with self.lock:
            repo = self.repos.get(full_name)
            if repo is None or number not in repo.issues:
                raise KeyError(f"{full_name}#{number} does not exist")
            return repo.issues[number]

    def add_comment(self, repo: RepoRecord, issue: IssueRecord, body: str) -> CommentRecord:
        """What a comment POST does on GitHub: new comment, count +1, issue updated_at bumped."""
        with self.lock:
            now = self.tick()
            comment = CommentRecord(
                id=self.next_id("comment"),
                issue_number=issue.number,
                body=body,
                author=self.login,
                created_at=now,
                updated_at=now,
            )
            repo.comments.append(comment)
            issue.comments += 1
            issue.updated_at = now
            self.comments_posted.append(
                {"repo": repo.full_name, "number": issue.number, "body": body, "id": comment.id}
            )
            return comment

    # ------------------------------------------------------------------ rendering
    def api(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def user_json(self, login: str, *, kind: str = "User") -> JSON:
        """Simple-user object; API URLs point at the fake so lazy completion stays local."""
        with self.lock:
            user_id = self._user_ids.setdefault(login, 1000 + len(self._user_ids))
        api = self.api(f"/users/{login}")
        return {
            "login": login,
            "id": user_id,
            "node_id": legacy_node_id(kind, user_id),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{user_id}?v=4",
            "gravatar_id": "",
            "url": api,
            "html_url": f"{HTML_ROOT}/{login}",
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": kind,
            "site_admin": False,
        }

    def authenticated_user_json(self) -> JSON:
        user = self.user_json(self.login)
        user.update(
            name="Triagebot Test",
            company=None,
            blog="",
            location=None,
            email=None,
            hireable=None,
            bio=None,
            twitter_username=None,
            public_repos=1,
            public_gists=0,
            followers=0,
            following=0,
            created_at=iso(self.started_at),
            updated_at=iso(self.started_at),
        )
        return user

    def _milestone_json(self, repo: RepoRecord, title: str | None) -> JSON | None:
        """A milestone object as the issues API embeds it (one per distinct title)."""
        if title is None:
            return None
        with self.lock:
            number = self._milestone_numbers.setdefault((repo.full_name, title), 0)
            if number == 0:
                number = len(self._milestone_numbers)
                self._milestone_numbers[(repo.full_name, title)] = number
        api = self.api(f"/repos/{repo.full_name}/milestones/{number}")
        return {
            "url": api,
            "html_url": f"{HTML_ROOT}/{repo.full_name}/milestone/{number}",
            "labels_url": f"{api}/labels",
            "id": 5000 + number,
            "node_id": legacy_node_id("Milestone", 5000 + number),
            "number": number,
            "title": title,
            "description": None,
            "creator": None,
            "open_issues": 0,
            "closed_issues": 0,
            "state": "open",
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
            "due_on": None,
            "closed_at": None,
        }

    def label_json(self, repo: RepoRecord, name: str) -> JSON:
        with self.lock:
            key = (repo.full_name, name)
            label_id = self._label_ids.setdefault(key, 1000 + len(self._label_ids))
        return {
            "id": label_id,
            "node_id": legacy_node_id("Label", label_id),
            "url": self.api(f"/repos/{repo.full_name}/labels/{quote(name, safe='')}"),
            "name": name,
            "color": hashlib.sha1(name.encode()).hexdigest()[:6],
            "default": False,
            "description": None,
        }

    @staticmethod
    def reactions_json(url: str, count: int) -> JSON:
        reactions: JSON = {"url": url, "total_count": count}
        reactions.update({key: 0 for key in REACTION_KEYS})
        reactions["+1"] = count
        return reactions

    def _association(self, repo: RepoRecord, login: str) -> str:
        return "OWNER" if login.lower() == repo.owner.lower() else "NONE"

    def issue_json(self, repo: RepoRecord, issue: IssueRecord, *, single: bool = False) -> JSON:
        """Issue (or PR-as-issue) in the key order of the recorded paginate-issues fixture.

        ``closed_by`` is only present on the single-issue endpoint, as on GitHub; an empty
        body is rendered as ``null`` like GitHub does.
        """
        api = self.api(f"/repos/{repo.full_name}/issues/{issue.number}")
        kind = "pull" if issue.pull_request else "issues"
        html = f"{HTML_ROOT}/{repo.full_name}/{kind}/{issue.number}"
        assignees = [self.user_json(login) for login in issue.assignees]
        data: JSON = {
            "url": api,
            "repository_url": self.api(f"/repos/{repo.full_name}"),
            "labels_url": f"{api}/labels{{/name}}",
            "comments_url": f"{api}/comments",
            "events_url": f"{api}/events",
            "html_url": html,
            "id": issue.id,
            "node_id": legacy_node_id("PullRequest" if issue.pull_request else "Issue", issue.id),
            "number": issue.number,
            "title": issue.title,
            "user": self.user_json(issue.author),
            "labels": [self.label_json(repo, name) for name in issue.labels],
            "state": issue.state,
            "locked": issue.locked,
            "assignee": assignees[0] if assignees else None,
            "assignees": assignees,
            "milestone": self._milestone_json(repo, issue.milestone),
            "comments": issue.comments,
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_at": iso(issue.closed_at) if issue.closed_at else None,
            "author_association": self._association(repo, issue.author),
            "active_lock_reason": None,
        }
        if issue.pull_request:
            pulls = self.api(f"/repos/{repo.full_name}/pulls/{issue.number}")
            data["draft"] = False
            data["pull_request"] = {
                "url": pulls,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": None,
            }
        data["body"] = issue.body or None
        if single:
            data["closed_by"] = self.user_json(issue.closed_by) if issue.closed_by else None
        data["reactions"] = self.reactions_json(f"{api}/reactions", issue.reactions)
        data["timeline_url"] = f"{api}/timeline"
        data["performed_via_github_app"] = None
        data["state_reason"] = issue.state_reason
        return data

    def comment_json(self, repo: RepoRecord, comment: CommentRecord) -> JSON:
        """Issue comment shaped like the ``issue_comment`` webhook fixture's ``comment``."""
        api = self.api(f"/repos/{repo.full_name}/issues/comments/{comment.id}")
        return {
            "url": api,
            "html_url": (
                f"{HTML_ROOT}/{repo.full_name}/issues/{comment.issue_number}"
                f"#issuecomment-{comment.id}"
            ),
            "issue_url": self.api(f"/repos/{repo.full_name}/issues/{comment.issue_number}"),
            "id": comment.id,
            "node_id": legacy_node_id("IssueComment", comment.id),
            "user": self.user_json(comment.author),
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.updated_at),
            "author_association": self._association(repo, comment.author),
            "body": comment.body,
            "reactions": self.reactions_json(f"{api}/reactions", 0),
            "performed_via_github_app": None,
        }

    def repo_json(self, repo: RepoRecord) -> JSON:
        """Repository object with the fields of the recorded get-repository fixture."""
        api = self.api(f"/repos/{repo.full_name}")
        html = f"{HTML_ROOT}/{repo.full_name}"
        with self.lock:
            open_count = sum(1 for i in repo.issues.values() if i.state == "open")
            updated = max([repo.created_at, *(i.updated_at for i in repo.issues.values())])
        owner = self.user_json(repo.owner)
        data: JSON = {
            "id": repo.id,
            "node_id": legacy_node_id("Repository", repo.id),
            "name": repo.name,
            "full_name": repo.full_name,
            "private": False,
            "owner": owner,
            "html_url": html,
            "description": None,
            "fork": False,
            "url": api,
        }
        templated = {
            "forks_url": "/forks",
            "keys_url": "/keys{/key_id}",
            "collaborators_url": "/collaborators{/collaborator}",
            "teams_url": "/teams",
            "hooks_url": "/hooks",
            "issue_events_url": "/issues/events{/number}",
            "events_url": "/events",
            "assignees_url": "/assignees{/user}",
            "branches_url": "/branches{/branch}",
            "tags_url": "/tags",
            "blobs_url": "/git/blobs{/sha}",
            "git_tags_url": "/git/tags{/sha}",
            "git_refs_url": "/git/refs{/sha}",
            "trees_url": "/git/trees{/sha}",
            "statuses_url": "/statuses/{sha}",
            "languages_url": "/languages",
            "stargazers_url": "/stargazers",
            "contributors_url": "/contributors",
            "subscribers_url": "/subscribers",
            "subscription_url": "/subscription",
            "commits_url": "/commits{/sha}",
            "git_commits_url": "/git/commits{/sha}",
            "comments_url": "/comments{/number}",
            "issue_comment_url": "/issues/comments{/number}",
            "contents_url": "/contents/{+path}",
            "compare_url": "/compare/{base}...{head}",
            "merges_url": "/merges",
            "archive_url": "/{archive_format}{/ref}",
            "downloads_url": "/downloads",
            "issues_url": "/issues{/number}",
            "pulls_url": "/pulls{/number}",
            "milestones_url": "/milestones{/number}",
            "notifications_url": "/notifications{?since,all,participating}",
            "labels_url": "/labels{/name}",
            "releases_url": "/releases{/id}",
            "deployments_url": "/deployments",
        }
        data.update({key: api + suffix for key, suffix in templated.items()})
        data.update(
            created_at=iso(repo.created_at),
            updated_at=iso(updated),
            pushed_at=iso(updated),
            git_url=f"git://github.com/{repo.full_name}.git",
            ssh_url=f"git@github.com:{repo.full_name}.git",
            clone_url=f"{html}.git",
            svn_url=html,
            homepage=None,
            size=0,
            stargazers_count=0,
            watchers_count=0,
            language=None,
            has_issues=True,
            has_projects=True,
            has_downloads=True,
            has_wiki=True,
            has_pages=False,
            has_discussions=False,
            forks_count=0,
            mirror_url=None,
            archived=False,
            disabled=False,
            open_issues_count=open_count,
            license=None,
            allow_forking=True,
            is_template=False,
            web_commit_signoff_required=False,
            topics=[],
            visibility="public",
            forks=0,
            open_issues=open_count,
            watchers=0,
            default_branch="main",
            permissions={
                "admin": True,
                "maintain": True,
                "push": True,
                "triage": True,
                "pull": True,
            },
            temp_clone_token="",
            allow_squash_merge=True,
            allow_merge_commit=True,
            allow_rebase_merge=True,
            allow_auto_merge=False,
            delete_branch_on_merge=False,
            allow_update_branch=False,
            use_squash_pr_title_as_default=False,
            network_count=0,
            subscribers_count=0,
        )
        return data
