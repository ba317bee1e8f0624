"""What the bot tells moderators when its own health changes: one warning, one all-clear.

Error texts come from the database driver or GitHub, not from the community, but
they still pass through ``neutralise`` and are clipped: a message the bot posts must
be harmless whatever it quotes, and short enough to read on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence

from triagebot.core.health import Check, Heartbeat, Level, Recovery
from triagebot.core.neutral import clip, neutralise

ERROR_CHARS = 300
HINT = "Run `triagebot status` for the whole picture; I will say so here when it clears."


def warning(problems: Sequence[Check], beat: Heartbeat, database_error: str | None) -> str:
    worst = max(c.level for c in problems)
    icon = "\N{NO ENTRY}" if worst is Level.FAIL else "\N{WARNING SIGN}\N{VARIATION SELECTOR-16}"
    lines = [f"{icon} **triagebot health: {worst.label}** on `{_safe(beat.process, 128)}`"]
    for check in problems:
        lines.append(f"- **{check.name}**: {check.reason}")
        cause = _cause(check, beat, database_error)
        if cause:
            lines.append(f"  last error: `{cause}`")
    lines.append(HINT)
    return "\n".join(lines)


def recovered(recoveries: Sequence[Recovery], beat: Heartbeat) -> str:
    icon = "\N{WHITE HEAVY CHECK MARK}"
    lines = [f"{icon} **triagebot health: recovered** on `{_safe(beat.process, 128)}`"]
    for recovery in recoveries:
        now = f": {recovery.now.reason}" if recovery.now is not None else ""
        lines.append(f"- **{recovery.problem.name}** is fine again{now}")
    return "\n".join(lines)


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
