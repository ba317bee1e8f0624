"""The language model's token ledger and its summary cache.

Every call is a row in ``llm_calls`` so the daily budget can be enforced and the cost
reported; ``llm_cache`` keeps the summaries of a packet so an unchanged digest (a
re-run, a restart) costs nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from triagebot.store.models.base import Base
from triagebot.store.types import UTCDateTime


class LLMCallRow(Base):
    """One request to the model: its tokens, estimated cost and outcome ("ok", "error: …")."""

    __tablename__ = "llm_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    model: Mapped[str] = mapped_column(String(200))
    input_tokens: Mapped[int] = mapped_column(Integer)
    output_tokens: Mapped[int] = mapped_column(Integer)
    cost: Mapped[float] = mapped_column(Float)
    packet_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(200))


class LLMCacheRow(Base):
    """The summaries a model wrote for one evidence packet (keyed by its hash)."""

    __tablename__ = "llm_cache"

    packet_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(200), primary_key=True)
    summaries: Mapped[str] = mapped_column(Text)  # JSON object: ref -> summary
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
