"""Filing a GitHub issue from Discord: the unit of work behind the form's submit.

The intent is stored before GitHub is asked, with the marker the body will carry;
one request at a time may ask (a claim, stale after ``STALE``); the tracker searches
for the marker before and after its POST. The new issue is stored at once, the
thread linked to it and the filed reports counted for it, so the digest and
``issues demand`` name it before the next sync.

Synchronous (SQL and PyGithub): the bot calls ``file`` in a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from github import GithubException
from sqlalchemy.exc import IntegrityError

from triagebot.core.filing import final_body
from triagebot.core.issues import Issue, IssueInfo
from triagebot.embeddings.model import Embedder
from triagebot.store.engine import SessionFactory
from triagebot.store.filed import (
    Intent,
    claim_attempt,
    finish_intent,
    intent_of,
    record_intent,
    release_attempt,
)
from triagebot.store.links import add_link, finish_comment
from triagebot.tracker.filing import create_once
from triagebot.tracker.rest_shape import parse_issue
from triagebot.triage.filing_drafts import Draft
from triagebot.triage.issues import store_and_embed

log = logging.getLogger(__name__)

STALE = timedelta(minutes=5)  # a claim older than this died with its request
SKEW = timedelta(minutes=5)  # GitHub's clock against ours, when searching "since"
BODY_CHARS = 600  # as MATCH_ISSUE_BODY_CHARS by default; the next sync re-stores it

Result = Literal["filed", "already", "busy", "failed"]


@dataclass(frozen=True)
class Outcome:
    """``filed``: created now; ``already``: filed before (nothing new);
    ``busy``: another request for it is on its way; ``failed``: GitHub refused."""

    result: Result
    repo: str = ""
    number: int = 0
    url: str = ""


@dataclass(frozen=True)
class Form:
    """What the triager submitted (already checked against the configured repos)."""

    title: str
    body: str
    repo: str
    user_id: int


class Filer:
    def __init__(
        self,
        sessions: SessionFactory,
        github: Any,
        *,
        repos: Sequence[str],
        label: str = "",
        embedder: Embedder | None = None,
    ) -> None:
        self._sessions = sessions
        self._github = github
        self._embedder = embedder
        self.repos = tuple(repos)
        self._labels = [label] if label else []

    def repo_named(self, text: str) -> str | None:
        """The configured repository ``text`` names (case as configured), if any."""
        wanted = text.strip().lower()
        return next((r for r in self.repos if r.lower() == wanted), None)

    def filed(self, intent: str) -> Outcome | None:
        """The issue this was filed as already, if it was."""
        with self._sessions() as session:
            found = intent_of(session, intent)
        return _already(found) if found is not None and found.filed else None

    def file(self, draft: Draft, form: Form) -> Outcome:
        """File ``draft`` as ``form`` says, once: a second call returns the first issue."""
        intent = self._record(draft, form)
        if intent.filed:
            return _already(intent)
        now = datetime.now(UTC)
        with self._sessions() as session, session.begin():
            claimed = claim_attempt(session, draft.intent, form.repo, now, STALE)
        if not claimed:
            return self.filed(draft.intent) or Outcome("busy")
        try:
            raw = create_once(
                self._github,
                form.repo,
                title=form.title,
                body=final_body(form.body, intent.marker),
                marker=intent.marker,
                labels=self._labels,
                since=intent.requested_at - SKEW,
            )
        except (GithubException, OSError) as exc:
            log.warning("could not file an issue on %s: %s", form.repo, exc)
            with self._sessions() as session, session.begin():
                release_attempt(session, draft.intent)
            return Outcome("failed", form.repo)
        return self._store(draft, form, raw)

    def _record(self, draft: Draft, form: Form) -> Intent:
        """The stored intent (written now, before anything is asked of GitHub)."""
        for _ in range(2):  # a second submit at the same moment wrote it first
            try:
                with self._sessions() as session, session.begin():
                    return record_intent(
                        session,
                        draft.intent,
                        repo=form.repo,
                        guild_id=draft.guild_id,
                        thread_id=draft.thread_id,
                        message_ids=draft.message_ids,
                        user_id=form.user_id,
                        now=datetime.now(UTC),
                    )
            except IntegrityError:
                continue
        raise RuntimeError(f"could not record the filing {draft.intent}")

    def _store(self, draft: Draft, form: Form, raw: dict[str, Any]) -> Outcome:
        """The issue stored, the filing finished, the thread linked, in one go."""
        issue = parse_issue(raw, form.repo)
        if issue is None:  # a pull request cannot carry the marker of an issue we file
            raise ValueError("GitHub answered a filing with a pull request")
        with self._sessions() as session, session.begin():
            # Embedded now, as the sync would: /link and /similar rank it at once.
            store_and_embed(session, [issue], self._embedder, BODY_CHARS)
            finish_intent(
                session,
                draft.intent,
                repo=issue.repo,
                issue_id=issue.id,
                number=issue.number,
                url=issue.html_url,
            )
            if draft.thread_id is not None:
                self._link(session, draft, form, issue)
        return Outcome("filed", issue.repo, issue.number, issue.html_url)

    @staticmethod
    def _link(session: Any, draft: Draft, form: Form, issue: Issue) -> None:
        """Link the thread as ``/link`` does; the issue's body already links back, so
        no comment is owed (a later ``/link`` finds the link made)."""
        thread_id = draft.thread_id or 0
        info = IssueInfo(
            issue.id, issue.repo, issue.number, issue.title, issue.state, issue.html_url
        )
        add_link(
            session, thread_id=thread_id, guild_id=draft.guild_id, issue=info, user_id=form.user_id
        )
        finish_comment(session, thread_id, issue.id, issue.html_url)


def _already(intent: Intent) -> Outcome:
    return Outcome("already", intent.repo, intent.issue_number or 0, intent.issue_url or "")
