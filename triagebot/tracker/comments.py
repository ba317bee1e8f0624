"""Comments the bot writes on GitHub issues (one per ``/link``).

PyGithub is synchronous: call these from a worker thread. The client is built lazy
(``github_client``), so ``get_repo(...).get_issue(n)`` makes no request: the comment
is exactly one ``POST /repos/{owner}/{repo}/issues/{n}/comments``.
"""

from __future__ import annotations

from typing import Any


def thread_url(guild_id: int, thread_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{thread_id}"


def link_comment_body(guild_id: int, thread_id: int) -> str:
    """No thread title or user names: GitHub would turn an ``@name`` in them into a
    ping, and who talks on Discord is not GitHub's business."""
    return (
        "This issue is being discussed in a Discord thread: "
        f"{thread_url(guild_id, thread_id)}\n\n<sub>Linked with triagebot.</sub>"
    )


def post_comment(github: Any, repo: str, number: int, body: str) -> str:
    """Post ``body`` on ``repo#number``; returns the comment's URL."""
    comment = github.get_repo(repo).get_issue(number).create_comment(body)
    return str(comment.html_url)
