"""Settings for the index of recent message vectors (nearest earlier discussions)."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from triagebot.config.base import Section


class IndexSettings(Section):
    """The persisted approximate-nearest-neighbour index of recent messages.

    ``path`` None: derived from DATABASE_URL (next to a SQLite file, else in the data
    directory). ``search_width`` is HNSW's ``ef``: the default was tuned on real
    embeddings for recall@10 ≥ 0.95 at a million vectors (bench/recent_neighbours.py).
    """

    model_config = SettingsConfigDict(env_prefix="INDEX_")

    enabled: bool = True
    path: str | None = None
    recent_days: int = Field(default=30, ge=1, le=3650)
    max_vectors: int = Field(default=1_000_000, ge=1_000, le=100_000_000)
    search_width: int = Field(default=128, ge=8, le=4096)
    save_minutes: float = Field(default=60.0, gt=0, le=1440)
    discussion_floor: float = Field(default=0.6, ge=0.0, le=1.0)

    @field_validator("path", mode="before")
    @classmethod
    def _blank_is_derived(cls, value: object) -> object:
        """``INDEX_PATH=`` (as in .env.example) means "derive it"."""
        return None if isinstance(value, str) and not value.strip() else value
