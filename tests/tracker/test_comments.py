"""The link comment is found before it is posted: by its hidden marker, or, for
comments written before they carried one, by their exact body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from github import GithubException

from triagebot.tracker.comments import comment_link_once, find_link_comment, link_comment_body

GUILD, THREAD = 10, 20


@dataclass
class Comment:
    body: str
    html_url: str


@dataclass
class Issue:
    comments: list[Comment] = field(default_factory=list)
    fail_after_creating: bool = False

    def get_comments(self) -> list[Comment]:
        return list(self.comments)

    def create_comment(self, body: str) -> Comment:
        comment = Comment(body, f"https://github.test/c/{len(self.comments) + 1}")
        self.comments.append(comment)
        if self.fail_after_creating:
            raise GithubException(502, {"message": "Bad Gateway"}, None)
        return comment


class GitHub:
    def __init__(self, issue: Issue) -> None:
        self.issue = issue

    def get_repo(self, _name: str) -> Any:
        return self

    def get_issue(self, _number: int) -> Issue:
        return self.issue


def test_the_body_names_the_thread_in_a_marker_github_does_not_show() -> None:
    body = link_comment_body(GUILD, THREAD)
    assert "<!-- triagebot:link 10/20 -->" in body and "@" not in body


def test_a_comment_of_the_earlier_shape_counts_as_there() -> None:
    earlier = (
        "This issue is being discussed in a Discord thread: "
        "https://discord.com/channels/10/20\n\n<sub>Linked with triagebot.</sub>"
    )
    issue = Issue([Comment("unrelated", "u1"), Comment(earlier, "u2")])
    assert find_link_comment(GitHub(issue), "o/r", 1, GUILD, THREAD) == "u2"
    assert find_link_comment(GitHub(issue), "o/r", 1, GUILD, THREAD + 1) is None


def test_a_person_quoting_the_thread_link_is_not_the_bot_comment() -> None:
    issue = Issue([Comment("see https://discord.com/channels/10/20", "u1")])
    assert comment_link_once(GitHub(issue), "o/r", 1, GUILD, THREAD).endswith("/c/2")
    assert len(issue.comments) == 2


def test_a_post_that_failed_after_landing_is_found_not_repeated() -> None:
    issue = Issue(fail_after_creating=True)
    assert comment_link_once(GitHub(issue), "o/r", 1, GUILD, THREAD) == issue.comments[0].html_url
    assert len(issue.comments) == 1


def test_a_post_that_failed_and_did_not_land_raises() -> None:
    class Refusing(Issue):
        def create_comment(self, body: str) -> Comment:
            raise GithubException(403, {"message": "Forbidden"}, None)

    with pytest.raises(GithubException):
        comment_link_once(GitHub(Refusing()), "o/r", 1, GUILD, THREAD)
