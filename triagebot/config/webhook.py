"""Settings for the GitHub webhook endpoint: off until a secret is set."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from triagebot.config.base import Section

# GitHub caps a webhook payload at 25 MB: a larger body cannot be from GitHub.
GITHUB_PAYLOAD_CAP = 25 * 1024 * 1024


class WebhookSettings(Section):
    """``GITHUB_WEBHOOK_*``: GitHub tells the bot about issue changes as they happen.

    Without ``secret`` no endpoint is started: an endpoint that cannot check who sent
    a delivery must not exist. ``port`` 0 picks a free port (for tests). While
    deliveries arrived within ``healthy_minutes``, the scheduled sync (still the
    safety net) runs every ``sync_backoff`` × ``GITHUB_SYNC_MINUTES``.
    """

    model_config = SettingsConfigDict(env_prefix="GITHUB_WEBHOOK_")

    secret: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8787, ge=0, le=65535)
    path: str = "/github/webhook"
    max_bytes: int = Field(default=GITHUB_PAYLOAD_CAP, ge=1024, le=GITHUB_PAYLOAD_CAP)
    healthy_minutes: float = Field(default=60.0, gt=0)
    sync_backoff: float = Field(default=6.0, ge=1.0, le=1000.0)

    @field_validator("path")
    @classmethod
    def _absolute(cls, value: str) -> str:
        if not value.startswith("/") or any(c.isspace() for c in value):
            raise ValueError(f"expected a URL path starting with /, got {value!r}")
        return value

    def secret_value(self) -> str | None:
        return self.secret.get_secret_value().strip() or None if self.secret else None
