"""What the summariser needs to remember: every call it made, and answers worth reusing.

The summariser keeps no books itself; it is handed a ``Ledger`` (the application
gives it one over the database). The budget counts the ledger's calls, so a call
that failed but may have cost is recorded like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class Call:
    """One request to the model, whatever came of it."""

    at: datetime
    model: str
    input_tokens: int
    output_tokens: int
    cost: float
    packet_hash: str
    outcome: str


class Ledger(Protocol):
    def cached(self, packet_hash: str, model: str) -> dict[str, str] | None:
        """The summaries stored for this packet and model, or None."""
        ...

    def tokens_used_on(self, day: date) -> int:
        """Input plus output tokens of every call on ``day`` (UTC)."""
        ...

    def record(self, call: Call) -> None: ...

    def remember(
        self, packet_hash: str, model: str, summaries: Mapping[str, str], at: datetime
    ) -> None:
        """Keep the summaries of a packet for the next identical one."""
        ...
