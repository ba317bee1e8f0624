"""Linking threads to issues: the unit of work behind ``/link`` and ``/unlink``.

Synchronous (SQL and PyGithub): the bot calls each method in a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from github import GithubException

from triagebot.core.issues import IssueInfo
from triagebot.store.engine import SessionFactory
from triagebot.store.links import (
    add_link,
    claim_comment,
    find_issue,
    finish_comment,
    issue_infos,
    linked_issues,
    remove_links,
)
from triagebot.tracker.comments import comment_link_once

log = logging.getLogger(__name__)


class Linker:
    def __init__(
        self, sessions: SessionFactory, github: Any | None, *, repos: Sequence[str] = ()
    ) -> None:
        """``github``: the PyGithub client that comments on linked issues, or None
        when ``GITHUB_COMMENT_ON_LINK`` is off."""
        self._sessions = sessions
        self._github = github
        self._repos = tuple(repos)

    def resolve(self, text: str) -> IssueInfo | None:
        with self._sessions() as session:
            return find_issue(session, text, self._repos)

    def infos(self, ids: Sequence[int]) -> dict[int, IssueInfo]:
        with self._sessions() as session:
            return issue_infos(session, ids)

    def linked(self, thread_id: int) -> list[IssueInfo]:
        with self._sessions() as session:
            return linked_issues(session, thread_id)

    def link(self, *, thread_id: int, guild_id: int, user_id: int, issue: IssueInfo) -> bool:
        """Store the link; False when the thread was already linked to the issue."""
        with self._sessions() as session, session.begin():
            return add_link(
                session, thread_id=thread_id, guild_id=guild_id, issue=issue, user_id=user_id
            )

    def unlink(self, thread_id: int, text: str | None) -> list[IssueInfo]:
        """Remove one link (``text`` names the issue) or all; returns what was removed."""
        with self._sessions() as session, session.begin():
            current = linked_issues(session, thread_id)
            if text:
                issue = find_issue(session, text, self._repos)
                current = [i for i in current if issue is not None and i.id == issue.id]
                if not current:
                    return []
                remove_links(session, thread_id, current[0].id)
            else:
                remove_links(session, thread_id)
            return current

    def comment_once(self, *, guild_id: int, thread_id: int, issue: IssueInfo) -> str | None:
        """Comment on the issue with a link back to the thread, once per link.

        The claim is taken before posting, so two ``/link`` at the same moment cannot
        both comment; a failed post releases it for the next ``/link`` to retry. The
        issue's own comments are the last word: a thread linked again after ``/unlink``,
        or a post whose answer was lost, finds the comment already there.
        """
        if self._github is None:
            return None
        with self._sessions() as session, session.begin():
            if not claim_comment(session, thread_id, issue.id):
                return None
        url: str | None = None
        try:
            url = comment_link_once(self._github, issue.repo, issue.number, guild_id, thread_id)
        except (GithubException, OSError) as exc:
            log.warning("could not comment on %s#%d: %s", issue.repo, issue.number, exc)
        with self._sessions() as session, session.begin():
            finish_comment(session, thread_id, issue.id, url)
        return url
