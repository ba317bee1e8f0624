"""Comments the bot writes on GitHub issues (one per linked thread), never twice.

PyGithub is synchronous: call these from a worker thread. The client is built lazy
(``github_client``), so ``get_repo(...).get_issue(n)`` makes no request.

A POST is not idempotent: a comment GitHub created whose answer a timeout lost, or
a thread unlinked and linked again, would be commented twice. So every comment
carries a hidden marker naming the thread, and before posting — and again after a
failed post, which may have landed — the issue's comments are searched for it.
"""

from __future__ import annotations

import logging
from typing import Any

from github import GithubException

log = logging.getLogger(__name__)

FOOTER = "<sub>Linked with triagebot.</sub>"


def thread_url(guild_id: int, thread_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{thread_id}"


def link_marker(guild_id: int, thread_id: int) -> str:
    """An HTML comment: GitHub shows nothing of it; it names the thread for the bot."""
    return f"<!-- triagebot:link {guild_id}/{thread_id} -->"


def link_comment_body(guild_id: int, thread_id: int) -> str:
    """No thread title or user names: GitHub would turn an ``@name`` in them into a
    ping, and who talks on Discord is not GitHub's business."""
    return (
        "This issue is being discussed in a Discord thread: "
        f"{thread_url(guild_id, thread_id)}\n\n{FOOTER}\n{link_marker(guild_id, thread_id)}"
    )


def _earlier_body(guild_id: int, thread_id: int) -> str:
    """The body comments had before they carried a marker (found all the same)."""
    return (
        "This issue is being discussed in a Discord thread: "
        f"{thread_url(guild_id, thread_id)}\n\n{FOOTER}"
    )


def find_link_comment(
    github: Any, repo: str, number: int, guild_id: int, thread_id: int
) -> str | None:
    """The URL of the bot's comment linking this thread on ``repo#number``, if any."""
    marker, earlier = link_marker(guild_id, thread_id), _earlier_body(guild_id, thread_id)
    for comment in github.get_repo(repo).get_issue(number).get_comments():
        body = str(comment.body or "")
        if marker in body or body.strip() == earlier:
            return str(comment.html_url)
    return None


def comment_link_once(github: Any, repo: str, number: int, guild_id: int, thread_id: int) -> str:
    """Comment the thread's link on ``repo#number`` unless a comment of ours already
    does; returns the comment's URL. Raises ``GithubException``/``OSError`` when it
    could not be posted and is not there either."""
    found = find_link_comment(github, repo, number, guild_id, thread_id)
    if found is not None:
        log.info("%s#%d already has the link to thread %d", repo, number, thread_id)
        return found
    body = link_comment_body(guild_id, thread_id)
    try:
        return str(github.get_repo(repo).get_issue(number).create_comment(body).html_url)
    except (GithubException, OSError):
        found = find_link_comment(github, repo, number, guild_id, thread_id)
        if found is None:
            raise
        log.info("the comment on %s#%d landed although its answer was lost", repo, number)
        return found
