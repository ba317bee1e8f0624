"""The summariser's ledger in the database: calls, the day's tokens, cached answers.

Each method is its own unit of work (a call is recorded even when the digest that
asked for it fails later).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from triagebot.llm.ledger import Call
from triagebot.store import llm
from triagebot.store.engine import SessionFactory


class StoredLedger:
    def __init__(self, sessions: SessionFactory) -> None:
        self.sessions = sessions

    def cached(self, packet_hash: str, model: str) -> dict[str, str] | None:
        with self.sessions() as session:
            return llm.cached(session, packet_hash, model)

    def tokens_used_on(self, day: date) -> int:
        with self.sessions() as session:
            return llm.tokens_used_on(session, day)

    def record(self, call: Call) -> None:
        with self.sessions.begin() as session:
            llm.record_call(
                session,
                at=call.at,
                model=call.model,
                input_tokens=call.input_tokens,
                output_tokens=call.output_tokens,
                cost=call.cost,
                packet_hash=call.packet_hash,
                outcome=call.outcome,
            )

    def remember(
        self, packet_hash: str, model: str, summaries: Mapping[str, str], at: datetime
    ) -> None:
        with self.sessions.begin() as session:
            llm.remember(session, packet_hash, model, summaries, at)
