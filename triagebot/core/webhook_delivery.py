"""One webhook request judged: a delivery to handle, or the answer that refuses it.

The order is what makes refusing safe: the signature first, over the raw bytes (no
parsing of an unsigned body), then the body as JSON, then the delivery id (a repeat
is answered 200, since GitHub did nothing wrong, and changes nothing). Nothing here
reads the secret back out: a refusal's reason names what was wrong, never a value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from triagebot.core.webhook_deliveries import RecentDeliveries
from triagebot.core.webhook_signature import signed_by

EVENT = "X-GitHub-Event"
DELIVERY = "X-GitHub-Delivery"
SIGNATURE = "X-Hub-Signature-256"


@dataclass(frozen=True)
class Delivery:
    event: str
    id: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class Refusal:
    """``status`` 2xx: refused politely (nothing wrong with the request, nothing to do)."""

    status: int
    reason: str


def read_delivery(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    seen: RecentDeliveries,
    now: datetime,
) -> Delivery | Refusal:
    """``headers`` must look names up case-insensitively (as HTTP servers' do)."""
    if not signed_by(secret, body, headers.get(SIGNATURE)):
        return Refusal(401, "missing or wrong X-Hub-Signature-256")
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return Refusal(400, "the body is not JSON (content type must be application/json)")
    if not isinstance(payload, dict):
        return Refusal(400, "the body is not a JSON object")
    delivery = str(headers.get(DELIVERY) or "").strip()[:100]
    if not seen.first_time(delivery, now):
        return Refusal(200, "delivery already received")
    return Delivery(event=str(headers.get(EVENT) or "").strip(), id=delivery, payload=payload)
