"""Health of the GitHub webhook: a mistyped secret refuses every delivery while the
scheduled sync quietly carries on, so refusals with nothing accepted are a warning
that says what to check; otherwise the check says when the last delivery came."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from triagebot.core.health import (
    GatewayState,
    Heartbeat,
    Level,
    Limits,
    Observation,
    WebhookState,
    assess,
    status_json,
)

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
WRONG = "missing or wrong X-Hub-Signature-256"


def running(process: str, webhook: WebhookState | None) -> Heartbeat:
    return Heartbeat(
        process=process,
        started_at=NOW - timedelta(hours=1),
        beat_at=NOW - timedelta(seconds=10),
        beat_seconds=30.0,
        gateway=GatewayState(True, NOW - timedelta(hours=1)),
        webhook=webhook,
    )


def webhook_check(*beats: Heartbeat) -> tuple[Level, str] | None:
    status = assess(Observation(now=NOW, heartbeats=beats), Limits())
    found = [c for c in status.checks if c.name == "webhook"]
    return (found[0].level, found[0].reason) if found else None


def test_without_an_endpoint_there_is_no_webhook_check() -> None:
    assert webhook_check(running("a:1", None)) is None


def test_refusals_with_nothing_accepted_warn_and_name_the_secret() -> None:
    found = webhook_check(running("a:1", WebhookState(refused=3, last_refusal=WRONG)))
    assert found is not None
    level, reason = found
    assert level is Level.WARN
    assert "3 GitHub deliveries refused (missing or wrong X-Hub-Signature-256)" in reason
    assert "GITHUB_WEBHOOK_SECRET" in reason


def test_a_delivery_accepted_anywhere_means_the_secret_is_right() -> None:
    first = running("a:1", WebhookState(refused=2, last_refusal=WRONG))
    second = running("b:2", WebhookState(accepted=5, last_accepted_at=NOW - timedelta(minutes=4)))
    assert webhook_check(first, second) == (Level.OK, "last GitHub delivery 4 min ago; 2 refused")


def test_an_endpoint_that_heard_nothing_yet_is_fine() -> None:
    assert webhook_check(running("a:1", WebhookState())) == (Level.OK, "no GitHub delivery yet")


def test_the_check_travels_in_the_status_json_and_makes_status_warn() -> None:
    beats = (running("a:1", WebhookState(refused=1, last_refusal=WRONG)),)
    status = assess(Observation(now=NOW, heartbeats=beats), Limits())
    data = status_json(status, errors=False)
    assert data["level"] == "warn"
    assert {"name": "webhook", "level": "warn"}.items() <= next(
        c for c in data["checks"] if c["name"] == "webhook"
    ).items()
