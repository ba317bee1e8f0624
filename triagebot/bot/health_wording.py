"""What the bot tells moderators when its own health changes: one warning, one all-clear.

Error texts come from the database driver or GitHub, not from the community, but
they still pass through ``neutralise`` and are clipped: a message the bot posts must
be harmless whatever it quotes, and short enough to read on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence

from triagebot.bot.fitting import Section, fit
from triagebot.core.health import Check, Heartbeat, Level, Recovery
from triagebot.core.neutral import clip, neutralise

ERROR_CHARS = 300
REASON_CHARS = 300
HINT = "Run `triagebot status` for the whole picture; I will say so here when it clears."


def warning(problems: Sequence[Check], beat: Heartbeat, database_error: str | None) -> str:
    """The problems, each with its last error where known, in one message: should they
    ever outgrow it, the last problems give way whole ("… and 1 more"), the hint stays."""
    worst = max(c.level for c in problems)
    icon = "\N{NO ENTRY}" if worst is Level.FAIL else "\N{WARNING SIGN}\N{VARIATION SELECTOR-16}"
    head = f"{icon} **triagebot health: {worst.label}** on `{_safe(beat.process, 128)}`"
    entries = []
    for check in problems:
        cause = _cause(check, beat, database_error)
        entry = f"- **{check.name}**: {_reason(check.reason)}"
        entries.append(f"{entry}\n  last error: `{cause}`" if cause else entry)
    return fit([Section(head, entries, HINT)])


def recovered(recoveries: Sequence[Recovery], beat: Heartbeat) -> str:
    icon = "\N{WHITE HEAVY CHECK MARK}"
    head = f"{icon} **triagebot health: recovered** on `{_safe(beat.process, 128)}`"
    entries = []
    for recovery in recoveries:
        now = f": {_reason(recovery.now.reason)}" if recovery.now is not None else ""
        entries.append(f"- **{recovery.problem.name}** is fine again{now}")
    return fit([Section(head, entries)])


def _reason(text: str) -> str:
    """A check's own words (its numbers, a setting name), clipped to a line's worth."""
    return clip(text, REASON_CHARS)


def _cause(check: Check, beat: Heartbeat, database_error: str | None) -> str | None:
    """The error behind a problem, where one is known."""
    if check.name == "ingestion":
        error = database_error or beat.last_error
    elif check.name == "sync" and beat.sync is not None:
        error = beat.sync.last_error
    else:
        error = None
    return _safe(error, ERROR_CHARS) if error else None


def _safe(text: str, limit: int) -> str:
    """Inside inline code: no backticks to break out of it, nothing that pings."""
    return neutralise(clip(text.replace("`", "'"), limit))
