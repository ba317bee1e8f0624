"""An issue is created once: found by its marker before the POST, and again after a
POST whose answer was lost; a POST that failed and did not land raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from github import GithubException

from triagebot.core.filing import final_body
from triagebot.tracker.filing import SEARCHED, create_once, find_filed

SINCE = datetime(2026, 12, 1, tzinfo=UTC)


@dataclass
class Issue:
    number: int
    body: str

    @property
    def raw_data(self) -> dict[str, Any]:
        return {"number": self.number, "body": self.body}


@dataclass
class Repo:
    issues: list[Issue] = field(default_factory=list)
    fail_after_creating: bool = False
    refuse: bool = False
    asked: list[dict[str, Any]] = field(default_factory=list)

    def get_issues(self, **query: Any) -> list[Issue]:
        self.asked.append(query)
        return sorted(self.issues, key=lambda i: -i.number)

    def create_issue(self, *, title: str, body: str, labels: list[str]) -> Issue:
        if self.refuse:
            raise GithubException(403, {"message": "Forbidden"}, None)
        issue = Issue(len(self.issues) + 1, body)
        self.issues.append(issue)
        if self.fail_after_creating:
            raise TimeoutError("read timed out")
        return issue


class GitHub:
    def __init__(self, repo: Repo) -> None:
        self.repo = repo

    def get_repo(self, _name: str) -> Repo:
        return self.repo


def create(repo: Repo, marker: str = "abcdef12") -> dict[str, Any]:
    body = final_body("it crashes", marker)
    return create_once(
        GitHub(repo), "o/r", title="t", body=body, marker=marker, labels=["x"], since=SINCE
    )


def test_the_search_asks_for_the_newest_issues_since_the_intent() -> None:
    repo = Repo([Issue(1, "unrelated")])
    assert find_filed(GitHub(repo), "o/r", "abcdef12", SINCE) is None
    assert repo.asked == [{"state": "all", "sort": "created", "direction": "desc", "since": SINCE}]


def test_an_issue_already_there_is_returned_not_created() -> None:
    repo = Repo([Issue(1, final_body("x", "abcdef12")), Issue(2, "someone quoting abcdef12")])
    assert create(repo)["number"] == 1 and len(repo.issues) == 2


def test_a_create_that_failed_after_landing_is_found_not_repeated() -> None:
    repo = Repo(fail_after_creating=True)
    assert create(repo)["number"] == 1 and len(repo.issues) == 1


def test_a_create_that_failed_and_did_not_land_raises() -> None:
    with pytest.raises(GithubException):
        create(Repo(refuse=True))


def test_the_search_is_bounded() -> None:
    old = [Issue(n, "x") for n in range(1, SEARCHED + 5)]
    repo = Repo([Issue(0, final_body("x", "abcdef12")), *old])
    assert find_filed(GitHub(repo), "o/r", "abcdef12", SINCE - timedelta(days=1)) is None
