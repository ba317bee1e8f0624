"""Whether GitHub's webhook deliveries get through, across the running processes.

A secret that does not match the repository's (or a proxy that changes the body)
refuses every delivery with 401 while the scheduled sync quietly carries on, so
nothing looks wrong; only the endpoint knows. Refusals with no delivery accepted
since the process started are the sign: a warning that says what to check.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from triagebot.core.health.model import Check, Heartbeat, Level, WebhookState, duration


def webhook_check(running: Sequence[Heartbeat], now: datetime) -> Check | None:
    """None when no running process has the endpoint."""
    states = [b.webhook for b in running if b.webhook is not None]
    if not states:
        return None
    accepted = sum(s.accepted for s in states)
    refused = sum(s.refused for s in states)
    if refused and not accepted:
        why = _latest_refusal(states)
        return Check(
            "webhook",
            Level.WARN,
            f"{refused} GitHub deliveries refused ({why}) and none accepted: does "
            "GITHUB_WEBHOOK_SECRET match the secret of the repository's webhook?",
        )
    last = max((s.last_accepted_at for s in states if s.last_accepted_at), default=None)
    if last is None:
        return Check("webhook", Level.OK, "no GitHub delivery yet")
    note = f"; {refused} refused" if refused else ""
    return Check("webhook", Level.OK, f"last GitHub delivery {duration(now - last)} ago{note}")


def _latest_refusal(states: Sequence[WebhookState]) -> str:
    return next((s.last_refusal for s in states if s.last_refusal), "refused")
