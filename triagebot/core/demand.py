"""Demand: how many people hit each open issue, and the first match of each thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Demand:
    issue_id: int
    repo: str
    number: int
    title: str
    state: str
    url: str
    messages: int = 0
    people: int = 0
    threads: int = 0
    channels: int = 0
    per_day: dict[date, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Hint:
    """The first match in a thread: what a hint there would say."""

    place: str
    message_id: int
    excerpt: str
    number: int
    title: str
    score: float
