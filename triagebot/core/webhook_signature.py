"""GitHub's webhook signature: ``sha256=`` and the HMAC-SHA256 hex digest of the body.

GitHub signs the exact bytes it sends with the webhook's secret and puts the result
in ``X-Hub-Signature-256``. The check runs on the raw body as received, before any
parsing, so no JSON parser ever sees a body nobody vouched for. The comparison takes
constant time (``hmac.compare_digest``): how long a refusal takes says nothing about
how much of a forged signature was right.
"""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def signature(secret: str, body: bytes) -> str:
    """The header value GitHub sends for ``body`` under ``secret``."""
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signed_by(secret: str, body: bytes, header: str | None) -> bool:
    """Whether ``header`` is the signature of ``body`` under ``secret``.

    A missing header, or no secret at all, is never a match: an endpoint without a
    secret must refuse everything rather than accept everything."""
    if not secret or not header:
        return False
    expected = signature(secret, body).encode()
    # Bytes on both sides: compare_digest refuses non-ASCII text, and a header is
    # whatever the sender chose to put there.
    return hmac.compare_digest(expected, header.strip().encode("utf-8", "replace"))
