"""The webhook signature and the judging of one request, without a server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from triagebot.core.webhook_deliveries import DeliveryPulse, RecentDeliveries
from triagebot.core.webhook_delivery import Delivery, Refusal, read_delivery
from triagebot.core.webhook_signature import signature, signed_by

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
SECRET = "It's a Secret to Everybody"


def test_the_signature_is_the_one_github_documents() -> None:
    # The example in GitHub's "Validating webhook deliveries".
    expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert signature(SECRET, b"Hello, World!") == expected
    assert signed_by(SECRET, b"Hello, World!", expected)


def test_anything_but_the_exact_signature_is_refused() -> None:
    good = signature(SECRET, b"{}")
    assert not signed_by(SECRET, b"{} ", good)  # one byte more
    assert not signed_by("another secret", b"{}", good)
    assert not signed_by(SECRET, b"{}", None)
    assert not signed_by(SECRET, b"{}", good.removeprefix("sha256="))
    assert not signed_by(SECRET, b"{}", "sha256=é" + good[8:])  # not ASCII: no crash
    assert not signed_by("", b"{}", signature("", b"{}"))  # no secret accepts nothing


def headers(body: bytes, delivery: str = "d-1", event: str = "issues") -> dict[str, str]:
    return {
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": signature(SECRET, body),
    }


def test_a_request_is_judged_signature_first_then_json_then_repeat() -> None:
    seen = RecentDeliveries()
    body = json.dumps({"action": "closed"}).encode()
    unsigned = {k: v for k, v in headers(body).items() if k != "X-Hub-Signature-256"}
    assert read_delivery(SECRET, unsigned, body, seen, NOW) == Refusal(
        401, "missing or wrong X-Hub-Signature-256"
    )
    assert len(seen) == 0  # a refused request is not remembered
    assert read_delivery(SECRET, headers(b"{nope"), b"{nope", seen, NOW).status == 400
    assert read_delivery(SECRET, headers(b"[1]"), b"[1]", seen, NOW).status == 400
    first = read_delivery(SECRET, headers(body), body, seen, NOW)
    assert first == Delivery("issues", "d-1", {"action": "closed"})
    again = read_delivery(SECRET, headers(body), body, seen, NOW)
    assert isinstance(again, Refusal) and again.status == 200


def test_the_memory_of_deliveries_is_bounded_by_count_and_age() -> None:
    seen = RecentDeliveries(size=3, ttl=timedelta(hours=1))
    for n in range(5):
        assert seen.first_time(f"d{n}", NOW)
    assert len(seen) == 3 and seen.first_time("d0", NOW)  # the oldest were dropped
    assert not seen.first_time("d4", NOW)
    assert seen.first_time("d4", NOW + timedelta(hours=2))  # expired
    assert len(seen) == 1
    seen.forget("d4")
    assert seen.first_time("d4", NOW + timedelta(hours=2))


def test_the_poll_interval_is_longer_only_while_deliveries_are_recent() -> None:
    pulse = DeliveryPulse(healthy_for=timedelta(hours=1), backoff=6)
    usual = timedelta(minutes=10)
    assert pulse.poll_every(usual, NOW) == usual  # nothing delivered yet
    pulse.beat(NOW)
    assert pulse.poll_every(usual, NOW + timedelta(minutes=59)) == timedelta(minutes=60)
    assert pulse.poll_every(usual, NOW + timedelta(minutes=61)) == usual
