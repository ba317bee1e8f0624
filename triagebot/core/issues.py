"""GitHub issues as plain values: the issue, what the bot says about one, how one
changed, and the text of an issue that gets embedded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from triagebot.core.text import embedding_text


@dataclass(frozen=True, slots=True)
class Issue:
    id: int
    repo: str
    number: int
    title: str
    body: str
    state: str  # "open" or "closed"
    labels: tuple[str, ...] = ()
    author: str = ""
    comments: int = 0
    reactions: int = 0
    html_url: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    closed_at: datetime | None = None
    state_reason: str = ""  # why it was closed: "completed", "not_planned", "duplicate"
    milestone: str = ""  # the milestone's title, which often names the fixing release

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def issue_text(title: str, body: str, body_chars: int) -> str:
    """Title first (it carries most of the meaning), then the start of the body."""
    start = (body or "")[:body_chars]
    return embedding_text(f"{title}\n{start}" if start else title)


@dataclass(frozen=True, slots=True)
class IssueInfo:
    """What the bot says about an issue: enough to name and link it."""

    id: int
    repo: str
    number: int
    title: str
    state: str
    url: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A linked thread that has not been told the issue's current state yet."""

    thread_id: int
    guild_id: int
    issue: IssueInfo
    told: str  # the state the thread was last told about
    reason: str = ""  # why it is closed ("deleted", "transferred", "completed"...), if known


@dataclass(frozen=True)
class StateChange:
    """An issue that changed state in this write (closed or reopened)."""

    issue_id: int
    repo: str
    number: int
    title: str
    before: str
    after: str
