"""What is worth telling moderators: a problem once when it starts, once when it clears.

The checks run on every beat; a channel that repeated them every 30 seconds would be
muted within the hour. :class:`Alerts` remembers which problems were announced, so
each beat yields only what changed. A problem is recorded as announced only once the
caller confirms it was told (``told``): a post that failed is tried again next beat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from triagebot.core.health.model import Check, Level

Key = tuple[str, str | None]


@dataclass(frozen=True)
class Recovery:
    """A problem that cleared, and what its check says now (None: no longer checked)."""

    problem: Check
    now: Check | None


@dataclass
class Alerts:
    announced: dict[Key, Check] = field(default_factory=dict)

    def news(self, checks: Sequence[Check]) -> tuple[list[Check], list[Recovery]]:
        """Problems not announced yet (or worse than announced), and announced
        problems that are gone."""
        current = {c.key: c for c in checks}
        started = [
            c
            for c in checks
            if c.level is not Level.OK
            and (c.key not in self.announced or c.level > self.announced[c.key].level)
        ]
        cleared = [
            Recovery(problem, current.get(key))
            for key, problem in self.announced.items()
            if key not in current or current[key].level is Level.OK
        ]
        return started, cleared

    def told(self, started: Sequence[Check] = (), cleared: Sequence[Recovery] = ()) -> None:
        for check in started:
            self.announced[check.key] = check
        for recovery in cleared:
            self.announced.pop(recovery.problem.key, None)
