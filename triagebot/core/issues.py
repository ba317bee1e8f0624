"""GitHub issues as plain values, and the text of an issue that gets embedded."""

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

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def issue_text(title: str, body: str, body_chars: int) -> str:
    """Title first (it carries most of the meaning), then the start of the body."""
    start = (body or "")[:body_chars]
    return embedding_text(f"{title}\n{start}" if start else title)
