"""Settings for reading Discord and storing what it says."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from triagebot.config.base import IdList, Section, parse_ids
from triagebot.errors import ConfigError


class DiscordSettings(Section):
    """How to reach Discord and which channels to listen to."""

    model_config = SettingsConfigDict(env_prefix="DISCORD_")

    token: SecretStr | None = None
    guild_ids: IdList = frozenset()
    channel_allow: IdList = frozenset()
    channel_deny: IdList = frozenset()
    backfill_days: int = Field(default=7, ge=0, le=3650)
    # On catch-up, re-read this many recent hours of each channel (edits and deletions
    # made while the bot was down); 0: only what came after the cursor.
    reconcile_hours: float = Field(default=24.0, ge=0, le=24 * 14)
    triage_role_ids: IdList = frozenset()
    api_base: str | None = None
    gateway_url: str | None = None
    # Declared before shard_ids: its validator reads the count.
    shard_count: int | None = Field(default=None, ge=1, le=10_000)
    shard_ids: Annotated[tuple[int, ...], NoDecode] = ()

    _split_ids = field_validator(
        "guild_ids", "channel_allow", "channel_deny", "triage_role_ids", mode="before"
    )(parse_ids)

    @field_validator("shard_count", mode="before")
    @classmethod
    def _blank_count(cls, value: Any) -> Any:
        """``DISCORD_SHARD_COUNT=`` (as in .env.example) means unset."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_shards(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        parts = [p for p in value.replace(",", " ").split() if p]
        bad = [p for p in parts if not p.isdigit()]
        if bad:
            raise ValueError(f"expected shard numbers separated by commas, got {bad[0]!r}")
        return tuple(int(p) for p in parts)

    @field_validator("shard_ids")
    @classmethod
    def _shards_in_range(cls, value: tuple[int, ...], info: ValidationInfo) -> tuple[int, ...]:
        """Shard ids only mean something against a count (Discord routes a guild to
        shard ``(guild_id >> 22) % count``), and every process must agree on it."""
        if not value:
            return ()
        count = info.data.get("shard_count")
        if count is None:
            raise ValueError("needs DISCORD_SHARD_COUNT, the total across all processes")
        outside = [n for n in value if n >= count]
        if outside:
            raise ValueError(f"shard {outside[0]} is outside 0..{count - 1}")
        return tuple(sorted(set(value)))

    @property
    def registers_commands(self) -> bool:
        """Whether this process tells Discord about the slash commands.

        The command list is global, so one process does it: the one running shard 0
        (every process that names no shard ids runs all of them, shard 0 included).
        """
        return not self.shard_ids or 0 in self.shard_ids

    def describe_shards(self) -> str:
        """For logs and status: ``"0,1 of 4"``, ``"all of 4"`` or ``"all"``."""
        if self.shard_count is None:
            return "all"
        ids = ",".join(map(str, self.shard_ids)) if self.shard_ids else "all"
        return f"{ids} of {self.shard_count}"

    def require_token(self) -> str:
        if self.token is None or not self.token.get_secret_value().strip():
            raise ConfigError(
                "DISCORD_TOKEN is not set: create a bot at the Discord developer portal "
                "and put its token in the environment or .env"
            )
        return self.token.get_secret_value().strip()

    def guild_allowed(self, guild_id: int) -> bool:
        return not self.guild_ids or guild_id in self.guild_ids

    def channel_allowed(self, channel_id: int, parent_id: int | None = None) -> bool:
        """A thread follows its parent channel's allow/deny entry unless named itself."""
        ids = {channel_id} | ({parent_id} if parent_id else set())
        if ids & self.channel_deny:
            return False
        return not self.channel_allow or bool(ids & self.channel_allow)


class DatabaseSettings(Section):
    """Where messages are stored: a SQLite file by default, PostgreSQL for scale."""

    model_config = SettingsConfigDict(env_prefix="DATABASE_")

    url: str = "sqlite:///triagebot.db"
    echo: bool = False
    auto_migrate: bool = True
    retention_days: int = Field(default=0, ge=0, le=36_500)
    # Several processes on one database: how long a scheduled job (issue sync, digest)
    # stays with a process that stopped renewing it before another takes it over.
    lease_seconds: float = Field(default=60.0, ge=1, le=3600)

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        scheme = value.split(":", 1)[0].split("+", 1)[0]
        if scheme not in ("sqlite", "postgresql", "postgres"):
            raise ValueError(
                "expected a sqlite:/// or postgresql:// URL, got scheme " + repr(scheme)
            )
        if scheme == "postgres":  # the Heroku-style alias SQLAlchemy does not accept
            value = "postgresql" + value[len("postgres") :]
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://") :]
        return value


class PipelineSettings(Section):
    """How messages are batched on their way to storage."""

    model_config = SettingsConfigDict(env_prefix="PIPELINE_")

    batch_size: int = Field(default=1024, ge=1, le=10_000)
    flush_ms: int = Field(default=0, ge=0, le=60_000)
    queue_max: int = Field(default=50_000, ge=100)
    retry_max_seconds: float = Field(default=300.0, gt=0)


class EmbeddingSettings(Section):
    """The local sentence-embedding model."""

    model_config = SettingsConfigDict(env_prefix="EMBED_", protected_namespaces=())

    model: str = "sentence-transformers/all-MiniLM-L6-v2"
    backend: Literal["auto", "fp32", "bf16", "ov-fp32", "ov-bf16"] = "auto"
    batch_size: int = Field(default=32, ge=1, le=4096)
    threads: int = Field(default=0, ge=0, le=512)
    cache_dir: Path | None = None
    enabled: bool = True
