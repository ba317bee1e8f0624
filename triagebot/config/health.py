"""Settings for the heartbeat: how often the bot reports itself and when to worry."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from triagebot.config.base import Section


class HealthSettings(Section):
    """The heartbeat, the checks behind ``triagebot status`` and the stall warning.

    ``http_port`` None: no HTTP endpoint. Port 0 picks a free port (for tests).
    """

    model_config = SettingsConfigDict(env_prefix="HEALTH_")

    beat_seconds: float = Field(default=30.0, gt=0, le=3600)
    stall_seconds: float = Field(default=120.0, gt=0)
    sync_failures: int = Field(default=3, ge=1, le=1000)
    digest_grace_minutes: float = Field(default=60.0, ge=0)
    http_port: int | None = Field(default=None, ge=0, le=65535)
    http_host: str = "127.0.0.1"

    @field_validator("http_port", mode="before")
    @classmethod
    def _blank_port(cls, value: Any) -> Any:
        """``HEALTH_HTTP_PORT=`` (as in .env.example) means off."""
        return None if isinstance(value, str) and not value.strip() else value
